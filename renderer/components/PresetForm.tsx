// One preset: a named close target that the tray lists and a hotkey can run.
import { useId, useState, type FormEvent } from 'react';
import { PRODUCT_TYPES, type ProductType, type ProfileSummary } from '../../shared/bitget.ts';
import type { Preset } from '../../shared/schema.ts';
import { newId, normaliseSymbol, productTypeName, symbolProblem } from '../format.ts';
import type { SideChoice } from './CloseForm.tsx';

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
  const [cancelOrders, setCancelOrders] = useState(existing?.cancelOrders ?? false);
  const [hotkey, setHotkey] = useState(existing?.hotkey ?? '');
  const [hotkeyEnabled, setHotkeyEnabled] = useState(existing?.hotkeyEnabled ?? true);
  const [confirmByDoublePress, setConfirmByDoublePress] = useState(existing?.confirmByDoublePress ?? true);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const issue = !name.trim() ? 'The preset needs a name.' : !profile ? 'Choose a profile.' : symbolProblem(symbol);
    if (issue) {
      setProblem(issue);
      return;
    }
    const preset: Preset = {
      id: existing?.id ?? newId(),
      name: name.trim(),
      profile,
      productType,
      symbol: normaliseSymbol(symbol) || undefined,
      cancelOrders,
      hotkeyEnabled,
      confirmByDoublePress,
      ...(side === 'both' ? {} : { holdSide: side }),
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
          {profiles.map((item) => (
            <option key={item.name} value={item.name}>
              {item.name} — {item.demo ? 'DEMO' : 'LIVE'}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-product`}>Product type</label>
        <select id={`${id}-product`} value={productType} onChange={(event) => setProductType(event.target.value as ProductType)}>
          {PRODUCT_TYPES.map((item) => (
            <option key={item} value={item}>
              {productTypeName(item)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-symbol`}>Symbol</label>
        <input id={`${id}-symbol`} value={symbol} placeholder="blank = every symbol" autoComplete="off" spellCheck={false} onChange={(event) => setSymbol(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-side`}>Side</label>
        <select id={`${id}-side`} value={side} onChange={(event) => setSide(event.target.value as SideChoice)}>
          <option value="both">Both sides</option>
          <option value="long">Long only</option>
          <option value="short">Short only</option>
        </select>
      </div>
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
        <p className="warning-text">A single press of this hotkey will close positions with no confirmation.</p>
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
