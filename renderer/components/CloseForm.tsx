// What to close: profile, product type, symbol (blank = all), side, cancel orders; and the big button.
import { useId, useState, type FormEvent } from 'react';
import { PRODUCT_TYPES, accountModeOf, type HoldSide, type ProductType, type ProfileSummary } from '../../shared/bitget.ts';
import { modeWord } from '../account.ts';
import { productTypeName, symbolProblem } from '../format.ts';
import { ProfileOptions } from './ModeBadge.tsx';

export type SideChoice = HoldSide | 'both';

export interface CloseFormValues {
  symbol: string;
  side: SideChoice;
  cancelOrders: boolean;
}

interface Props {
  profiles: readonly ProfileSummary[];
  profile: ProfileSummary;
  productType: ProductType;
  values: CloseFormValues;
  symbolSuggestions: readonly string[];
  busy: boolean;
  onProfile: (name: string) => void;
  onProductType: (productType: ProductType) => void;
  onValues: (values: CloseFormValues) => void;
  onSubmit: () => void;
}

const SIDES: { value: SideChoice; label: string }[] = [
  { value: 'both', label: 'Both sides' },
  { value: 'long', label: 'Long only' },
  { value: 'short', label: 'Short only' },
];

export function CloseForm(props: Props) {
  const { profiles, profile, productType, values, symbolSuggestions, busy } = props;
  const id = useId();
  const [touched, setTouched] = useState(false);
  const problem = symbolProblem(values.symbol);
  const symbol = values.symbol.trim().toUpperCase();
  const unifiedLegacy = profile.accountKind === 'unified' && productType.startsWith('S');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!problem && !busy) props.onSubmit();
  };

  const buttonWhat = `${symbol || 'ALL'} ${values.side === 'both' ? '' : values.side.toUpperCase() + ' '}`;

  return (
    <form className="close-form" onSubmit={submit} aria-label="What to close">
      <div className="field">
        <label htmlFor={`${id}-profile`}>Account profile</label>
        <select id={`${id}-profile`} value={profile.name} onChange={(event) => props.onProfile(event.target.value)}>
          <ProfileOptions profiles={profiles} />
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-product`}>Product type</label>
        <select
          id={`${id}-product`}
          value={productType}
          onChange={(event) => props.onProductType(event.target.value as ProductType)}
        >
          {PRODUCT_TYPES.map((item) => (
            <option key={item} value={item}>
              {productTypeName(item)}
            </option>
          ))}
        </select>
        {unifiedLegacy ? (
          <p className="field-note">This profile is a unified account: it has no S-prefixed (old demo) product types.</p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={`${id}-symbol`}>Symbol</label>
        <input
          id={`${id}-symbol`}
          list={`${id}-symbols`}
          value={values.symbol}
          placeholder="blank = every symbol"
          autoComplete="off"
          spellCheck={false}
          aria-invalid={touched && problem ? true : undefined}
          aria-describedby={`${id}-symbol-note`}
          onChange={(event) => props.onValues({ ...values, symbol: event.target.value })}
        />
        <datalist id={`${id}-symbols`}>
          {symbolSuggestions.map((item) => (
            <option key={item} value={item} />
          ))}
        </datalist>
        <p id={`${id}-symbol-note`} className={touched && problem ? 'field-error' : 'field-note'}>
          {touched && problem ? problem : 'Blank = every symbol of this product type.'}
        </p>
      </div>
      <fieldset className="field sides">
        <legend>Side</legend>
        {SIDES.map((item) => (
          <label key={item.value} className="choice">
            <input
              type="radio"
              name={`${id}-side`}
              value={item.value}
              checked={values.side === item.value}
              onChange={() => props.onValues({ ...values, side: item.value })}
            />
            {item.label}
          </label>
        ))}
      </fieldset>
      <label className="choice field">
        <input
          type="checkbox"
          checked={values.cancelOrders}
          onChange={(event) => props.onValues({ ...values, cancelOrders: event.target.checked })}
        />
        Also cancel open and trigger (TP/SL) orders
      </label>
      <button type="submit" className={`close-button close-${accountModeOf(profile)}`} disabled={busy}>
        {busy ? 'CLOSING…' : `CLOSE ${buttonWhat}POSITIONS`}
        <span className="close-button-sub">
          {modeWord(profile)} “{profile.name}” · {productTypeName(productType)}
        </span>
      </button>
    </form>
  );
}
