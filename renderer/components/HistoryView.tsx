// The audit log, newest first: every close result, and on request every exchange call behind it. It comes a page at a
// time from the end of the log; "Show older entries" adds the next page, into the older (rotated) files too.
import { useEffect, useId, useRef, useState } from 'react';
import type { AuditEntry, CostReport, ExplainedError } from '../../shared/bitget.ts';
import type { HistoryPage } from '../../shared/contract.ts';
import { HISTORY_PAGE_ENTRIES } from '../../shared/schema.ts';
import { call } from '../api.ts';
import { costSummary, costsByRun, countWord, feeText, orderSideText, targetWords } from '../close-flow.ts';
import { STATUS_WORDS, dateTime, ms } from '../format.ts';
import { GUARD_RULE_TITLES, type GuardAuditDetail } from '../../shared/guard.ts';
import { ruleLines } from '../guard.ts';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { ExplainedErrorView } from './ExplainedErrorView.tsx';
import { ModeBadge } from './ModeBadge.tsx';

const EVENT_NAMES: Record<AuditEntry['type'], string> = {
  outcome: 'Close result',
  attempt: 'Exchange request',
  cancel: 'Cancel orders',
  positions: 'Positions read',
  profile: 'Profile change',
  costs: 'What it cost',
  guard: 'Account guard',
};

export function HistoryView() {
  const id = useId();
  /** Every page shown so far, joined: the entries newest first, the unreadable lines they spanned, where older ones start. */
  const [page, setPage] = useState<HistoryPage | null>(null);
  /** Counts answers: each new answer gets a fresh error boundary, so a good answer after a bad one is drawn. */
  const [answers, setAnswers] = useState(0);
  const [error, setError] = useState<ExplainedError | null>(null);
  const [everything, setEverything] = useState(false);
  const [token, setToken] = useState(0);
  const [loadingOlder, setLoadingOlder] = useState(false);
  /** The Refresh an older page was asked under: one that answers after a Refresh is dropped. */
  const current = useRef(0);

  useEffect(() => {
    let stopped = false;
    current.current = token;
    void call((panic) => panic.listHistory({ limit: HISTORY_PAGE_ENTRIES })).then((result) => {
      if (stopped) return;
      setLoadingOlder(false);
      if (result.ok) {
        setPage(result.value);
        setAnswers((count) => count + 1);
        setError(null);
      } else setError(result.error);
    });
    return () => {
      stopped = true;
    };
  }, [token]);

  const showOlder = () => {
    const before = page?.older;
    if (!before || loadingOlder) return;
    const asked = current.current;
    setLoadingOlder(true);
    void call((panic) => panic.listHistory({ limit: HISTORY_PAGE_ENTRIES, before })).then((result) => {
      if (asked !== current.current) return;
      setLoadingOlder(false);
      if (result.ok) {
        setPage((shown) => (shown ? joinPages(shown, result.value) : result.value));
        setAnswers((count) => count + 1);
        setError(null);
      } else setError(result.error);
    });
  };

  const entries = page?.entries ?? null;
  const costs = costsByRun(entries ?? []);
  const shown = (entries ?? []).filter((entry) => everything || entry.type === 'outcome' || entry.type === 'profile' || entry.type === 'guard');

  return (
    <section className="screen history" aria-labelledby={`${id}-title`}>
      <div className="screen-head">
        <h2 id={`${id}-title`}>History</h2>
        <label className="choice">
          <input type="checkbox" checked={everything} onChange={(event) => setEverything(event.target.checked)} />
          Show every exchange request too
        </label>
        <button type="button" onClick={() => setToken((count) => count + 1)}>
          Refresh
        </button>
      </div>
      {error ? <ExplainedErrorView error={error} title="The history could not be read" /> : null}
      {page && page.skipped > 0 ? (
        <p className="warning-text" data-testid="history-skipped">
          {skippedLine(page.skipped)}
        </p>
      ) : null}
      {entries && shown.length === 0 ? <p className="no-positions">{page?.older ? 'Only exchange requests among the newest entries.' : 'Nothing recorded yet.'}</p> : null}
      <ErrorBoundary key={answers} area="The history">
        {shown.length > 0 ? (
          <table className="history-table">
            <caption>Newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Event</th>
                <th scope="col">Account</th>
                <th scope="col">Result</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((entry, index) => (
                <HistoryRow key={`${entry.time}:${index}`} entry={entry} costs={outcomeCosts(entry, costs)} />
              ))}
            </tbody>
          </table>
        ) : null}
      </ErrorBoundary>
      {page?.older ? (
        <p className="history-more">
          <button type="button" onClick={showOlder} disabled={loadingOlder} data-testid="history-older">
            {loadingOlder ? 'Reading older entries…' : 'Show older entries'}
          </button>
        </p>
      ) : null}
      {page && !page.older && page.entries.length > 0 ? (
        <p className="muted" data-testid="history-end">
          That is the oldest entry kept.
        </p>
      ) : null}
    </section>
  );
}

/** The shown pages with the next older one after them. */
function joinPages(shown: HistoryPage, older: HistoryPage): HistoryPage {
  return { entries: [...shown.entries, ...older.entries], skipped: shown.skipped + older.skipped, ...(older.older ? { older: older.older } : {}) };
}

function skippedLine(skipped: number): string {
  const lines = skipped === 1 ? '1 history line could not be read and is' : `${skipped} history lines could not be read and are`;
  return `${lines} left out (damaged, or not written by this app). Everything else is shown; the file itself is unchanged.`;
}

function outcomeCosts(entry: AuditEntry, costs: Map<string, CostReport>): CostReport | undefined {
  const runId = entry.outcome?.runId ?? entry.runId;
  return entry.type === 'outcome' && runId ? costs.get(runId) : undefined;
}

function HistoryRow({ entry, costs }: { entry: AuditEntry; costs: CostReport | undefined }) {
  const status = entry.status ?? entry.outcome?.status;
  const outcome = entry.outcome;
  const demo = entry.demo ?? outcome?.profile.demo;
  const practice = entry.practice ?? outcome?.profile.practice;
  return (
    <tr className={`history-${entry.type}`} data-testid="history-row">
      <td className="nowrap">{dateTime(entry.time)}</td>
      <td>
        {EVENT_NAMES[entry.type] ?? entry.type}
        {entry.trigger ? <span className="muted"> · {entry.trigger}</span> : null}
      </td>
      <td className="nowrap">
        {entry.profile ? (
          <>
            {demo === undefined && !practice ? null : <ModeBadge profile={{ demo: demo ?? false, practice }} />} {entry.profile}
          </>
        ) : (
          '—'
        )}
      </td>
      <td>
        {entry.type === 'guard' && entry.guard ? <strong className={`guard-event guard-event-${entry.guard.event}`}>{GUARD_EVENT_WORDS[entry.guard.event]}</strong> : null}
        {status ? <strong className={`status-word status-${status}`}>{STATUS_WORDS[status]}</strong> : null}
        {!status && entry.code ? (entry.code === '00000' ? 'accepted' : `code ${entry.code}`) : null}
        {!status && !entry.code && entry.httpStatus ? `HTTP ${entry.httpStatus}` : null}
      </td>
      <td>
        {outcome ? (
          <>
            <p className="history-what">{targetWords(outcome.target)}</p>
            <p>
              {outcome.closed.length} close order{outcome.closed.length === 1 ? '' : 's'} accepted, {outcome.failed.length} refused · still open{' '}
              {outcome.stillOpen === null ? 'unknown (positions could not be re-read)' : countWord(outcome.stillOpen)} · took {ms(outcome.totalMs)}
            </p>
            <HistoryCosts costs={costs} closedOrders={outcome.closed.length} />
          </>
        ) : null}
        {entry.type === 'costs' && entry.costs ? <p>{costSummary(entry.costs)}</p> : null}
        {entry.type === 'guard' && entry.guard ? <GuardDetails detail={entry.guard} /> : null}
        {entry.request ? (
          <p className="mono">
            {entry.request.method} {entry.request.path}
            {entry.latencyMs !== undefined ? ` · ${ms(entry.latencyMs)}` : ''}
          </p>
        ) : null}
        {entry.message && !entry.error && entry.message !== 'success' ? <p>{entry.message}</p> : null}
        {entry.error ? <ExplainedErrorView error={entry.error} live={false} /> : null}
      </td>
    </tr>
  );
}

const GUARD_EVENT_WORDS: Record<GuardAuditDetail['event'], string> = {
  armed: 'armed',
  disarmed: 'disarmed',
  warning: 'WARNING',
  tripped: 'TRIPPED',
  reflatten: 'closed a re-opened position',
  blind: 'cannot see the account',
  rearmed: 're-armed',
  disagreement: 'did not flatten: a fresh read disagreed',
  'clock-jump': 'noticed a clock jump',
  repaired: 'repaired its saved figures',
};

function GuardDetails({ detail }: { detail: GuardAuditDetail }) {
  const figures = Object.entries(detail.figures ?? {});
  return (
    <div data-testid="history-guard">
      {detail.rule ? <p className="history-what">{GUARD_RULE_TITLES[detail.rule]}</p> : null}
      {detail.reason ? <p>{detail.reason}</p> : null}
      {figures.length ? <p className="mono">{figures.map(([name, value]) => `${name} ${value}`).join(' · ')}</p> : null}
      {detail.rules ? (
        <ul className="guard-rule-lines">
          {ruleLines(detail.rules).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function HistoryCosts({ costs, closedOrders }: { costs: CostReport | undefined; closedOrders: number }) {
  if (!costs) {
    return closedOrders > 0 ? <p className="muted" data-testid="history-costs">What it cost: order details not recorded.</p> : null;
  }
  return (
    <div data-testid="history-costs">
      <p>
        <strong>What it cost:</strong> {costSummary(costs)}
      </p>
      <ul className="history-costs">
        {costs.orders.map((order) => (
          <li key={order.orderId}>
            {order.symbol} {orderSideText(order)} · filled {order.filledSize} @ {order.avgPrice || '—'} · realized PnL{' '}
            {order.realizedPnl ?? 'not reported'} · fee {feeText(order)}
          </li>
        ))}
        {costs.unread.map((item) => (
          <li key={item.orderId} className="warning-text">
            {item.error.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
