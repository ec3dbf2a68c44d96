// One preset: a named close target that the tray lists and a hotkey can run; or "everything" on one profile.
import { useId, useState, type FormEvent } from 'react';
import { PRODUCT_TYPES, type ProductType, type ProfileSummary } from '../../shared/bitget.ts';
import type { Preset } from '../../shared/schema.ts';
import { modeWord } from '../account.ts';
import { EVERYTHING_PRODUCT_TYPES } from '../../shared/target.ts';
import { newId, normaliseSymbol, productTypeName, symbolProblem } from '../format.ts';
import { AccountName, ProfileOptions } from './ModeBadge.tsx';
import type { SideChoice } from './CloseForm.tsx';

/** What the disabled target fields show while "everything" is ticked, instead of a target that does not apply (the
 * values typed before are kept, and come back if the box is unticked). */
const NOT_USED = 'not-used';
const NOT_USED_WORDS = '— not used: everything is closed —';

interface Props {
  existing?: Preset;
  profiles: readonly ProfileSummary[];
  onSave: (preset: Preset) => void;
  onCancel: () => void;
}

export function PresetForm({ existing, profiles, onSave, onCancel }: Props) {
  const id = useId();
  const [name, setName] = useState(existing?.name ?? '');
  const [profile, setProfile] = useState(existing?.profile ?? profiles[0]?.name ?? '');
  const [productType, setProductType] = useState<ProductType>(existing?.productType ?? 'USDT-FUTURES');
  const [symbol, setSymbol] = useState(existing?.symbol ?? '');
  const [side, setSide] = useState<SideChoice>(existing?.holdSide ?? 'both');
  const [everything, setEverything] = useState(existing?.everything ?? false);
  const [cancelOrders, setCancelOrders] = useState(existing?.cancelOrders ?? false);
  const [hotkey, setHotkey] = useState(existing?.hotkey ?? '');
  const [hotkeyEnabled, setHotkeyEnabled] = useState(existing?.hotkeyEnabled ?? true);
  const [confirmByDoublePress, setConfirmByDoublePress] = useState(existing?.confirmByDoublePress ?? true);
  const [problem, setProblem] = useState<string | null>(null);
  const chosen = profiles.find((item) => item.name === profile);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const issue = !name.trim() ? 'The preset needs a name.' : !profile ? 'Choose a profile.' : everything ? null : symbolProblem(symbol);
    if (issue) {
      setProblem(issue);
      return;
    }
    const preset: Preset = {
      id: existing?.id ?? newId(),
      name: name.trim(),
      profile,
      productType,
      // Everything ignores symbol and side: none is stored, so that nothing in the file suggests a narrower target.
      symbol: everything ? undefined : normaliseSymbol(symbol) || undefined,
      cancelOrders,
      everything,
      hotkeyEnabled,
      confirmByDoublePress,
      ...(everything || side === 'both' ? {} : { holdSide: side }),
      ...(hotkey.trim() ? { hotkey: hotkey.trim() } : {}),
    };
    onSave(preset);
  };

  return (
    <form className="preset-form" onSubmit={submit} aria-label={existing ? `Edit preset ${existing.name}` : 'New preset'}>
      <div className="field">
        <label htmlFor={`${id}-name`}>Preset name</label>
        <input id={`${id}-name`} value={name} maxLength={60} autoComplete="off" onChange={(event) => setName(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-profile`}>Profile</label>
        <select id={`${id}-profile`} value={profile} onChange={(event) => setProfile(event.target.value)}>
          <ProfileOptions profiles={profiles} />
        </select>
      </div>
      <label className="choice field everything-choice">
        <input type="checkbox" checked={everything} onChange={(event) => setEverything(event.target.checked)} />
        Flatten EVERYTHING on this profile (all of USDT-, COIN-, USDC-FUTURES)
      </label>
      {everything ? (
        <p className="everything-preset-note" data-testid="everything-preset-note">
          Running it closes EVERY position on {chosen ? <AccountName profile={chosen} /> : `“${profile}”`} in{' '}
          {EVERYTHING_PRODUCT_TYPES.join(', ')}. Product type, symbol and side below are not used.
        </p>
      ) : null}
      <fieldset className={`preset-target${everything ? ' not-applicable' : ''}`} disabled={everything}>
        <legend>{everything ? 'Close target — NOT USED (everything is closed)' : 'Close target'}</legend>
        <div className="field">
          <label htmlFor={`${id}-product`}>Product type</label>
          <select id={`${id}-product`} value={everything ? NOT_USED : productType} onChange={(event) => setProductType(event.target.value as ProductType)}>
            {everything ? <option value={NOT_USED}>{NOT_USED_WORDS}</option> : null}
            {PRODUCT_TYPES.map((item) => (
              <option key={item} value={item}>
                {productTypeName(item)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-symbol`}>Symbol</label>
          <input
            id={`${id}-symbol`}
            value={everything ? '' : symbol}
            placeholder={everything ? NOT_USED_WORDS : 'blank = every symbol'}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => setSymbol(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-side`}>Side</label>
          <select id={`${id}-side`} value={everything ? NOT_USED : side} onChange={(event) => setSide(event.target.value as SideChoice)}>
            {everything ? <option value={NOT_USED}>{NOT_USED_WORDS}</option> : null}
            <option value="both">Both sides</option>
            <option value="long">Long only</option>
            <option value="short">Short only</option>
          </select>
        </div>
      </fieldset>
      <label className="choice field">
        <input type="checkbox" checked={cancelOrders} onChange={(event) => setCancelOrders(event.target.checked)} />
        Also cancel open and trigger (TP/SL) orders
      </label>
      <div className="field">
        <label htmlFor={`${id}-hotkey`}>Global hotkey</label>
        <input
          id={`${id}-hotkey`}
          value={hotkey}
          placeholder="e.g. CommandOrControl+Alt+P"
          autoComplete="off"
          spellCheck={false}
          aria-describedby={`${id}-hotkey-note`}
          onChange={(event) => setHotkey(event.target.value)}
        />
        <p id={`${id}-hotkey-note`} className="field-note">
          Electron accelerator: modifiers and a key joined by “+”. Leave blank for no hotkey.
        </p>
      </div>
      <label className="choice field">
        <input type="checkbox" checked={hotkeyEnabled} onChange={(event) => setHotkeyEnabled(event.target.checked)} />
        Hotkey on
      </label>
      <label className="choice field">
        <input type="checkbox" checked={confirmByDoublePress} onChange={(event) => setConfirmByDoublePress(event.target.checked)} />
        Confirm by pressing the hotkey twice
      </label>
      {!confirmByDoublePress && hotkey.trim() ? (
        <p className="warning-text">
          {everything
            ? `A single press of this hotkey will close EVERY position on ${chosen ? modeWord(chosen) : 'LIVE'} “${profile}” with no confirmation.`
            : 'A single press of this hotkey will close positions with no confirmation.'}
        </p>
      ) : null}
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary">
          Save preset
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
