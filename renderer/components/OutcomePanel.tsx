// The result of a close, whatever triggered it: the status in big words, then closed, failed, still open, latency.
import type { Ref } from 'react';
import type { CloseOutcome, CostReport } from '../../shared/bitget.ts';
import type { CloseTarget } from '../../shared/target.ts';
import { retryTargetOf, targetWords } from '../close-flow.ts';
import type { ShownOutcome } from '../everything.ts';
import { STATUS_LINES, STATUS_WORDS, clockTime, ms, productTypeName, sideName, verificationLine } from '../format.ts';
import { ExplainedErrorView } from './ExplainedErrorView.tsx';
import { AccountName } from './ModeBadge.tsx';
import { CloseOrdersTable } from './CloseOrdersTable.tsx';
import { PositionsTable } from './PositionsTable.tsx';
import '../close-flow.css';

/** Where a pushed result came from when the result itself does not say (nothing was closed, or the request failed). */
export const PUSHED_SOURCE = 'a hotkey, the tray or the command line';

export const TRIGGER_NAMES: Record<string, string> = {
  window: 'this window',
  hotkey: 'a global hotkey',
  tray: 'the tray menu',
  cli: 'the command line',
  'app-cli': 'the command line',
  guard: 'the account guard',
};

/** Opens the confirmation for exactly this target on this profile (from a PARTIAL / FAILED / UNKNOWN result). */
export type CloseStillOpen = (profile: CloseOutcome['profile'], target: CloseTarget) => void;

interface PanelProps {
  shown: ShownOutcome;
  ref?: Ref<HTMLElement>;
  /** The cost reports pushed so far, by runId. */
  costs?: Readonly<Record<string, CostReport>>;
  onCloseStillOpen?: CloseStillOpen;
}

export function OutcomePanel({ shown, ref, costs, onCloseStillOpen }: PanelProps) {
  const { outcome, error, presetName, everything } = shown;
  const status = outcome?.status ?? 'failed';
  const trigger = shown.trigger ?? outcome?.trigger;
  const source = trigger ? TRIGGER_NAMES[trigger] ?? trigger : shown.pushed ? PUSHED_SOURCE : 'the app';
  return (
    <section ref={ref} tabIndex={-1} className={`outcome outcome-${status}`} aria-labelledby="outcome-status" data-testid="outcome">
      <p className="outcome-source">
        Result at {clockTime(shown.receivedAt)} from {source}
        {presetName ? ` (preset “${presetName}”)` : ''}
        {everything ? ' · Flatten EVERYTHING' : ''}
      </p>
      <h2 id="outcome-status" className="outcome-status" role="status">
        {STATUS_WORDS[status]}
      </h2>
      {outcome ? <OutcomeDetails outcome={outcome} costs={costs?.[outcome.runId]} onCloseStillOpen={onCloseStillOpen} /> : null}
      {error && !outcome ? <ExplainedErrorView error={error} /> : null}
    </section>
  );
}

/** `compact`: inside a "flatten everything" result, where the account and the status are already named above it. */
export function OutcomeDetails({
  outcome,
  compact = false,
  costs,
  onCloseStillOpen,
}: {
  outcome: CloseOutcome;
  compact?: boolean;
  costs?: CostReport | undefined;
  onCloseStillOpen?: CloseStillOpen | undefined;
}) {
  const { target } = outcome;
  const retry = onCloseStillOpen ? retryTargetOf(outcome) : null;
  return (
    <>
      {compact ? null : (
        <>
          <p className="outcome-target">
            <AccountName profile={outcome.profile} /> · {target.symbol ?? `every ${productTypeName(target.productType)} symbol`} ·{' '}
            {sideName(target.holdSide)} · {outcome.accountKind} account
          </p>
          <p className="outcome-line">{STATUS_LINES[outcome.status]}</p>
        </>
      )}
      <p className={outcome.verified && outcome.stillOpen.length === 0 ? 'outcome-verified' : 'outcome-warning'}>
        {verificationLine(outcome)}
      </p>
      {outcome.error ? <ExplainedErrorView error={outcome.error} /> : null}
      {outcome.notRecorded?.length ? (
        <div className="outcome-not-recorded" data-testid="not-recorded">
          <h3>Not recorded on this computer</h3>
          <ul>
            {outcome.notRecorded.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {retry && onCloseStillOpen ? (
        <p className="still-open-action">
          <button type="button" className="danger" onClick={() => onCloseStillOpen(outcome.profile, retry)}>
            Close what is still open…
          </button>{' '}
          <span className="muted">
            {targetWords(retry)} on “{outcome.profile.name}”, with a fresh read and the same confirmation
          </span>
        </p>
      ) : null}
      {outcome.stillOpen.length > 0 ? (
        <PositionsTable positions={outcome.stillOpen} caption={`STILL OPEN at the last re-read (${outcome.stillOpen.length})`} />
      ) : null}
      {outcome.failed.length > 0 ? (
        <div className="outcome-failed">
          <h3>Refused by the exchange ({outcome.failed.length})</h3>
          <ul>
            {outcome.failed.map((item, index) => (
              <li key={`${item.symbol ?? ''}:${item.orderId ?? ''}:${index}`}>
                <strong>{item.symbol ?? 'order'}</strong> — {item.message} <span className="error-code">code {item.code}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <CloseOrdersTable outcome={outcome} costs={costs} />
      <dl className="outcome-facts">
        <div>
          <dt>Still open</dt>
          <dd>{outcome.verified ? outcome.stillOpen.length : 'unknown'}</dd>
        </div>
        <div>
          <dt>First response</dt>
          <dd>{ms(outcome.firstResponseMs)}</dd>
        </div>
        <div>
          <dt>Total</dt>
          <dd>{ms(outcome.totalMs)}</dd>
        </div>
        <div>
          <dt>Close attempts</dt>
          <dd>{outcome.closeAttempts}</dd>
        </div>
        {outcome.cancel ? (
          <div>
            <dt>Orders</dt>
            <dd>
              open: {outcome.cancel.openOrders}, trigger: {outcome.cancel.triggerOrders}
            </dd>
          </div>
        ) : null}
      </dl>
      {outcome.cancel?.errors.map((cancelError, index) => (
        <ExplainedErrorView key={index} error={cancelError} title="Cancelling orders" />
      ))}
    </>
  );
}
