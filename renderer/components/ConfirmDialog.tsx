// The one deliberate step before a close: names the account, LIVE/DEMO/PRACTICE, and exactly which positions will be closed.
// Enter confirms (a held, auto-repeating Enter does not), Escape cancels, focus starts on the confirm button.
import { accountModeOf, type HoldSide, type Position, type ProductType } from '../../shared/bitget.ts';
import type { AccountRef } from '../account.ts';
import { clockTime, productTypeName, sideName } from '../format.ts';
import { AccountName, ModeWarning } from './ModeBadge.tsx';
import { useConfirmDialog } from './useConfirmDialog.ts';

export interface CloseTarget {
  profile: AccountRef;
  productType: ProductType;
  symbol?: string;
  holdSide?: HoldSide;
  cancelOrders: boolean;
}

interface Props {
  target: CloseTarget;
  /** Positions from the last read that match the target; null when positions could not be read. */
  matching: Position[] | null;
  asOf: Date | null;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog({ target, matching, asOf, onConfirm, onCancel }: Props) {
  const { dialogRef, confirmRef, cancelRef, onKeyDown, onDialogCancel } = useConfirmDialog(onConfirm, onCancel);

  const what = target.symbol ? target.symbol : `EVERY ${productTypeName(target.productType)} symbol`;
  const count = matching?.length ?? 0;
  const confirmLabel =
    matching === null || count === 0 ? 'Send close anyway' : `Close ${count} position${count === 1 ? '' : 's'}`;

  return (
    <dialog
      ref={dialogRef}
      className={`confirm confirm-${accountModeOf(target.profile)}`}
      aria-labelledby="confirm-title"
      aria-describedby="confirm-what"
      onKeyDown={onKeyDown}
      onCancel={onDialogCancel}
    >
      <h2 id="confirm-title">
        Close on <AccountName profile={target.profile} size="large" />
      </h2>
      <ModeWarning profile={target.profile} />
      <p id="confirm-what" className="confirm-what">
        {what} · {sideName(target.holdSide)} · {productTypeName(target.productType)}
      </p>
      {matching === null ? (
        <p className="confirm-note">
          Open positions could not be read just now. The exchange will be asked to close whatever matches.
        </p>
      ) : count === 0 ? (
        <p className="confirm-note">
          No open position matches this target{asOf ? ` (as of ${clockTime(asOf)})` : ''}. The exchange will be asked anyway.
        </p>
      ) : (
        <ul className="confirm-list" aria-label="Positions that will be closed">
          {matching.map((position) => (
            <li key={`${position.symbol}:${position.holdSide}`}>
              <strong>{position.symbol}</strong>{' '}
              <span className={`side side-${position.holdSide}`}>{position.holdSide.toUpperCase()}</span> size{' '}
              <strong>{position.size}</strong>
            </li>
          ))}
        </ul>
      )}
      <p className="confirm-note">
        {target.cancelOrders
          ? 'Open and trigger (TP/SL) orders of this target will also be cancelled.'
          : 'Open and trigger orders are left in place.'}
      </p>
      <div className="confirm-actions">
        <button ref={confirmRef} type="button" className="danger big" onClick={onConfirm}>
          {confirmLabel} <kbd>Enter</kbd>
        </button>
        <button ref={cancelRef} type="button" className="secondary big" onClick={onCancel}>
          Cancel <kbd>Esc</kbd>
        </button>
      </div>
    </dialog>
  );
}
