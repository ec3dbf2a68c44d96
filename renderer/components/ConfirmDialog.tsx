// The one deliberate step before a close: names the account, LIVE/DEMO/PRACTICE, and exactly which positions will be closed,
// read afresh when the dialog opens (with the time of that read). If the read fails it says so and what the close does anyway.
// Enter confirms (a held, auto-repeating Enter does not), Escape cancels, focus starts on the confirm button.
// The confirm button never waits for the read: a close must not depend on a read succeeding.
import { useEffect, useState } from 'react';
import { accountModeOf, type ExplainedError, type Position } from '../../shared/bitget.ts';
import { matchesTarget, type CloseTarget } from '../../shared/target.ts';
import type { AccountRef } from '../account.ts';
import { call } from '../api.ts';
import { targetWords } from '../close-flow.ts';
import { clockTime, productTypeName, sideName } from '../format.ts';
import { ExplainedErrorView } from './ExplainedErrorView.tsx';
import { AccountName, ModeWarning } from './ModeBadge.tsx';
import { useConfirmDialog } from './useConfirmDialog.ts';
import '../close-flow.css';

/** A close the window asks to confirm: its target, on which account, and whether orders are cancelled too. */
export interface ConfirmTarget extends CloseTarget {
  profile: AccountRef;
  cancelOrders: boolean;
}

type FreshRead = { state: 'reading' } | { state: 'read'; positions: Position[]; at: Date } | { state: 'failed'; error: ExplainedError };

interface Props {
  target: ConfirmTarget;
  /** Shown above the target when the dialog was opened from a result ("Close what is still open"). */
  reason?: string;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog({ target, reason, onConfirm, onCancel }: Props) {
  const { dialogRef, confirmRef, cancelRef, onKeyDown, onDialogCancel } = useConfirmDialog(onConfirm, onCancel);
  const [read, setRead] = useState<FreshRead>({ state: 'reading' });

  useEffect(() => {
    let stopped = false;
    void call((panic) => panic.listPositions({ profile: target.profile.name, productType: target.productType })).then((result) => {
      if (stopped) return;
      setRead(
        result.ok
          ? { state: 'read', positions: result.value.filter((position) => matchesTarget(position, target)), at: new Date() }
          : { state: 'failed', error: result.error },
      );
    });
    return () => {
      stopped = true;
    };
  }, [target]);

  // The product type is named once: "EVERY USDT-margined futures position · LONG and SHORT", "BTCUSDT · LONG · USDT-margined futures".
  const what = target.symbol
    ? `${target.symbol} · ${sideName(target.holdSide)} · ${productTypeName(target.productType)}`
    : `EVERY ${productTypeName(target.productType)} position · ${sideName(target.holdSide)}`;
  const whole = targetWords(target);
  const count = read.state === 'read' ? read.positions.length : 0;
  const confirmLabel =
    read.state === 'reading'
      ? 'Send close now'
      : read.state === 'failed'
        ? 'Send close anyway'
        : count === 0
          ? 'Send close anyway'
          : `Close ${count} position${count === 1 ? '' : 's'}`;

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
      {reason ? <p className="confirm-reason">{reason}</p> : null}
      <p id="confirm-what" className="confirm-what">
        {what}
      </p>
      <div className="confirm-read" data-testid="confirm-read" aria-live="polite">
        {read.state === 'reading' ? (
          <p className="confirm-note">Reading open positions now… You can send the close without waiting: the exchange closes whatever is open for {whole}.</p>
        ) : read.state === 'failed' ? (
          <>
            <p className="warning-text confirm-read-failed">
              Open positions could not be read just now, so nothing is listed here. If you confirm, the close is sent anyway: the
              exchange closes whatever is open for {whole}.
            </p>
            <ExplainedErrorView error={read.error} live={false} />
          </>
        ) : count === 0 ? (
          <p className="confirm-note">
            Read {clockTime(read.at)}: no open position matches this target. The exchange will be asked anyway and closes whatever
            is open for {whole} by then.
          </p>
        ) : (
          <>
            <p className="confirm-note confirm-read-time">Read {clockTime(read.at)}: open now and will be closed:</p>
            <ul className="confirm-list" aria-label="Positions that will be closed" tabIndex={0}>
              {read.positions.map((position) => (
                <li key={`${position.symbol}:${position.holdSide}`}>
                  <strong>{position.symbol}</strong>{' '}
                  <span className={`side side-${position.holdSide}`}>{position.holdSide.toUpperCase()}</span> size{' '}
                  <strong>{position.size}</strong>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
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
