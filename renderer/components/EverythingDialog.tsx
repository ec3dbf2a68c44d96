// The deliberate step before "flatten everything": every profile it acts on (LIVE/DEMO/PRACTICE, REAL MONEY for live ones) and,
// per product type, every open position it will close — read live the moment the dialog opens.
// Enter confirms (not a held, auto-repeating Enter, and not before the reads have landed), Escape cancels.
import { useEffect, useState } from 'react';
import { accountModeOf, type ProductType } from '../../shared/bitget.ts';
import { EVERYTHING_PRODUCT_TYPES } from '../../shared/target.ts';
import { strongestMode } from '../account.ts';
import { call } from '../api.ts';
import {
  confirmLabel,
  planOf,
  type EverythingPlan,
  type EverythingScope,
  type ProductRead,
  type ReadsByProfile,
} from '../everything.ts';
import { clockTime, productTypeName } from '../format.ts';
import { ExplainedErrorView } from './ExplainedErrorView.tsx';
import { AccountName, ModeWarning } from './ModeBadge.tsx';
import { useConfirmDialog } from './useConfirmDialog.ts';

interface Props {
  scope: EverythingScope;
  cancelOrders: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

export function EverythingDialog({ scope, cancelOrders, onConfirm, onCancel }: Props) {
  const [reads, setReads] = useState<ReadsByProfile>({});
  const [readAt, setReadAt] = useState<Date | null>(null);

  // The positions are read now, not taken from the screen: the screen shows one product type of one profile.
  useEffect(() => {
    let stopped = false;
    const store = (profile: string, productType: ProductType, read: ProductRead) => {
      if (stopped) return;
      setReads((previous) => ({ ...previous, [profile]: { ...previous[profile], [productType]: read } }));
    };
    const all = scope.profiles.flatMap((profile) =>
      EVERYTHING_PRODUCT_TYPES.map(async (productType) => {
        const result = await call((panic) => panic.listPositions({ profile: profile.name, productType }));
        store(profile.name, productType, result.ok ? { state: 'read', positions: result.value } : { state: 'failed', error: result.error });
      }),
    );
    void Promise.all(all).then(() => {
      if (!stopped) setReadAt(new Date());
    });
    return () => {
      stopped = true;
    };
  }, [scope]);

  const plan = planOf(scope, reads);
  const ready = plan.reading === 0;

  const confirm = () => {
    if (ready) onConfirm();
  };
  const { dialogRef, confirmRef, cancelRef, onKeyDown, onDialogCancel } = useConfirmDialog(confirm, onCancel);

  return (
    <dialog
      ref={dialogRef}
      className={`confirm confirm-everything confirm-${strongestMode(scope.profiles)}`}
      aria-labelledby="everything-title"
      onKeyDown={onKeyDown}
      onCancel={onDialogCancel}
    >
      <h2 id="everything-title">
        Flatten EVERYTHING on{' '}
        {scope.all ? (
          <span className="everything-scope">EVERY profile ({scope.profiles.length})</span>
        ) : (
          <AccountName profile={scope.profiles[0]!} size="large" />
        )}
      </h2>
      <p className="everything-what">
        Every position of {EVERYTHING_PRODUCT_TYPES.join(', ')}
        {scope.all ? ', on every profile below' : ''}.
      </p>
      <div className="everything-profiles" tabIndex={0} role="group" aria-label="What each profile has open (scrolls)">
        {scope.profiles.map((profile) => (
          <section key={profile.name} className={`everything-profile everything-profile-${accountModeOf(profile)}`} aria-label={`Profile ${profile.name}`}>
            <h3>
              <AccountName profile={profile} size="large" />
            </h3>
            <ModeWarning profile={profile} />
            {EVERYTHING_PRODUCT_TYPES.map((productType) => (
              <ProductTypeRead key={productType} profile={profile.name} productType={productType} read={reads[profile.name]?.[productType]} />
            ))}
          </section>
        ))}
      </div>
      <ul className="everything-plan" aria-label="Will close">
        {scope.profiles.map((profile) => (
          <li key={profile.name}>
            <AccountName profile={profile} />: {profileWords(planOf({ all: false, profiles: [profile] }, reads))}
          </li>
        ))}
      </ul>
      <p className="confirm-note">
        {ready && readAt ? `Checked at ${clockTime(readAt)}. ` : ''}
        When you confirm, every product type is read again; a close is sent where something is open then, or where positions
        cannot be read.
      </p>
      <p className="confirm-note">
        {cancelOrders
          ? 'Open and trigger (TP/SL) orders of these product types will also be cancelled where a close is sent.'
          : 'Open and trigger orders are left in place.'}
      </p>
      <div className="confirm-actions">
        <button
          ref={confirmRef}
          type="button"
          className="danger big"
          aria-disabled={ready ? undefined : true}
          onClick={confirm}
        >
          {confirmLabel(plan)} {ready ? <kbd>Enter</kbd> : null}
        </button>
        <button ref={cancelRef} type="button" className="secondary big" onClick={onCancel}>
          Cancel <kbd>Esc</kbd>
        </button>
      </div>
    </dialog>
  );
}

function profileWords(plan: EverythingPlan): string {
  if (plan.reading > 0) return 'reading…';
  const positions = `${plan.positions} position${plan.positions === 1 ? '' : 's'}`;
  if (plan.unread === 0) return plan.positions === 0 ? 'nothing open' : positions;
  // Never "nothing open" when part of the account could not be read.
  return `${positions} where read + ${plan.unread} product type${plan.unread === 1 ? '' : 's'} NOT READ (closed anyway)`;
}

function ProductTypeRead({ profile, productType, read }: { profile: string; productType: ProductType; read: ProductRead | undefined }) {
  const heading = (
    <>
      {productTypeName(productType)} <span className="product-code">{productType}</span>
    </>
  );
  if (!read || read.state === 'reading') {
    return (
      <div className="everything-type" data-product-type={productType}>
        <h4>{heading}</h4>
        <p className="confirm-note">Reading positions…</p>
      </div>
    );
  }
  if (read.state === 'failed') {
    return (
      <div className="everything-type everything-type-unread" data-product-type={productType}>
        <h4>
          {heading} · <span className="warning-text">COULD NOT BE READ</span>
        </h4>
        <ExplainedErrorView error={read.error} live={false} />
        <p className="warning-text">A close is still sent for {productType}: whatever is open there will be closed.</p>
      </div>
    );
  }
  const count = read.positions.length;
  return (
    <div className={`everything-type${count === 0 ? ' everything-type-empty' : ''}`} data-product-type={productType}>
      <h4>
        {heading} · {count === 0 ? <span className="muted">nothing open — nothing will be sent</span> : <strong>{count} open</strong>}
      </h4>
      {count > 0 ? (
        <ul className="confirm-list" aria-label={`Positions that will be closed: ${profile}, ${productType}`}>
          {read.positions.map((position) => (
            <li key={`${position.symbol}:${position.holdSide}`}>
              <strong>{position.symbol}</strong>{' '}
              <span className={`side side-${position.holdSide}`}>{position.holdSide.toUpperCase()}</span> size{' '}
              <strong>{position.size}</strong>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
