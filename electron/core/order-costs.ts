// What a close run's orders cost, read from the exchange's order details after the run's outcome is decided (never
// delaying it): a report as each order's details arrive, a complete one at the end, and that one in the history.
// The close path comes first: no detail is asked for while a close runs on the same account.
import { setTimeout as sleep } from 'node:timers/promises';
import type { CloseOutcome, CostReport, ExplainedError, OrderCost } from '../../shared/bitget.ts';
import type { AuditLog } from './audit-log.ts';
import type { Account } from './bitget/account.ts';
import { TRANSIENT_KINDS } from './bitget/errors.ts';

export interface CostTiming {
  /** Between two reads of one account: over the strictest order-detail limit's spacing (10 a second, with margin). */
  spacingMs: number;
  /** Waits before each further read of an order not yet final (live, partly filled) or not readable. */
  retryDelaysMs: readonly number[];
  requestTimeoutMs: number;
}

export const DEFAULT_COST_TIMING: CostTiming = { spacingMs: 120, retryDelaysMs: [400, 800, 1_200, 1_600], requestTimeoutMs: 3_000 };

export interface CostReadDeps {
  account: Account;
  audit: AuditLog;
  /**
   * Runs one read in the account's turn: reads go one at a time, each only once no close runs on the account, spaced so
   * the exchange's limits never make one wait in line (where a close could start meanwhile).
   */
  turn<T>(read: () => Promise<T>): Promise<T>;
  /** Each report as it is made (complete last). */
  report(report: CostReport): void;
  timing: CostTiming;
  /** Aborted when the app closes: what is not read by then is unread, and the report is still written. */
  signal: AbortSignal;
}

type Settled = { ok: true; cost: OrderCost } | { ok: false; orderId: string; symbol?: string; error: ExplainedError };

/** Reads every closed order of the outcome; resolves with the complete report once it is written to the history. */
export async function readCloseCosts(outcome: CloseOutcome, deps: CostReadDeps): Promise<CostReport | undefined> {
  const orders = outcome.closed.filter((order) => order.orderId !== '');
  if (orders.length === 0) return undefined;
  const report: CostReport = { runId: outcome.runId, profile: outcome.profile, orders: [], unread: [], complete: false };
  const snapshot = (): CostReport => ({ ...report, orders: [...report.orders], unread: [...report.unread] });

  await Promise.all(
    orders.map(async (order) => {
      const settled = await readOne({ orderId: order.orderId, ...(order.symbol ? { symbol: order.symbol } : {}), productType: outcome.target.productType }, deps);
      if (settled.ok) report.orders.push(settled.cost);
      else report.unread.push({ orderId: settled.orderId, ...(settled.symbol ? { symbol: settled.symbol } : {}), error: settled.error });
      if (report.orders.length + report.unread.length < orders.length) deps.report(snapshot());
    }),
  );
  report.complete = true;
  const complete = snapshot();
  // In the history before it is shown as complete: whoever sees the complete report finds it there.
  const { profile } = outcome;
  await deps.audit.append({ type: 'costs', runId: outcome.runId, profile: profile.name, demo: profile.demo, ...(profile.practice ? { practice: true } : {}), costs: complete }).catch(() => undefined);
  deps.report(complete);
  return complete;
}

async function readOne(order: { orderId: string; symbol?: string; productType: CloseOutcome['target']['productType'] }, deps: CostReadDeps): Promise<Settled> {
  const unread = (error: ExplainedError): Settled => ({ ok: false, orderId: order.orderId, ...(order.symbol ? { symbol: order.symbol } : {}), error: explainUnread(order, error) });
  let latest: OrderCost | undefined;
  let lastError: ExplainedError | undefined;
  for (let attempt = 0; attempt <= deps.timing.retryDelaysMs.length; attempt += 1) {
    if (attempt > 0) {
      const waited = await sleep(deps.timing.retryDelaysMs[attempt - 1]!, true, { signal: deps.signal }).catch(() => false);
      if (!waited) break;
    }
    if (deps.signal.aborted) break;
    const read = await deps.turn(() => deps.account.orderCost(order, deps.timing.requestTimeoutMs));
    if (!read.ok) {
      lastError = read.error;
      // A refusal that will not change (an unknown order, a key without permission) is not asked again.
      if (!RETRY_KINDS.has(read.error.kind)) break;
      continue;
    }
    latest = read.cost;
    if (read.final) return { ok: true, cost: read.cost };
  }
  // Still live or partly filled after the reads allowed: shown as the exchange last said, state included.
  if (latest) return { ok: true, cost: latest };
  return unread(lastError ?? { kind: 'unknown', message: 'The app was closing before the details were read.', hint: '' });
}

/** Faults that pass, and an answer that could not be read. */
const RETRY_KINDS: ReadonlySet<string> = new Set([...TRANSIENT_KINDS, 'unknown']);

function explainUnread(order: { orderId: string; symbol?: string }, error: ExplainedError): ExplainedError {
  return {
    ...error,
    message: `What close order ${order.orderId}${order.symbol ? ` (${order.symbol})` : ''} cost could not be read: ${error.message}`,
    hint: 'The close outcome above stands; only its cost is missing. The order history on the exchange shows the fill, fee and realized PnL.',
  };
}
