// The close flow as the window shows it: a run's progress, which rows are closing, what the orders cost, what a
// "close what is still open" may target, and the history's wording. Pure (no DOM, no React), so it is unit-tested.
import type {
  AuditEntry,
  CloseOutcome,
  CloseProgressEvent,
  CostReport,
  EverythingOutcome,
  HoldSide,
  OrderCost,
  Position,
} from '../shared/bitget.ts';
import { matchesTarget, type CloseTarget } from '../shared/target.ts';
import { shownStatus } from './everything.ts';
import { productTypeName, sideName } from './format.ts';

/** The identity of one row of positions: symbol and side (the table marks closing rows by it). */
export function rowKey(position: { symbol: string; holdSide: HoldSide }): string {
  return `${position.symbol}|${position.holdSide}`;
}

/** "0.4 s", "12.3 s", "1 min 05 s": elapsed time that visibly moves every tenth of a second for the first minute. */
export function elapsedText(ms: number): string {
  const safe = Math.max(0, ms);
  if (safe < 60_000) return `${(Math.floor(safe / 100) / 10).toFixed(1)} s`;
  const seconds = Math.floor(safe / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/** A close in flight, as the window tracks it: from its own button (before any event) or from progress events. */
export interface RunningClose {
  runId?: string;
  profile: string;
  target: CloseTarget;
  /** Epoch ms the run started (event time minus its elapsed time), for a clock that ticks between events. */
  startedAt: number;
  attempt: number;
  waitingFor: string;
  stillOpen?: Position[];
  stillOpenReadAt?: string;
  trigger?: string;
  done?: boolean;
}

/** Folds one progress event into what the window knows of the run (a new run replaces an older one). */
export function applyProgress(previous: RunningClose | undefined, event: CloseProgressEvent, receivedAt: number): RunningClose {
  const sameRun = previous?.runId === event.runId;
  return {
    runId: event.runId,
    profile: event.profile.name,
    target: event.target,
    startedAt: sameRun && previous ? Math.min(previous.startedAt, receivedAt - event.elapsedMs) : receivedAt - event.elapsedMs,
    attempt: event.attempt,
    waitingFor: event.waitingFor,
    trigger: event.trigger,
    ...(event.stillOpen ? { stillOpen: event.stillOpen, stillOpenReadAt: event.stillOpenReadAt } : sameRun && previous?.stillOpen ? { stillOpen: previous.stillOpen, stillOpenReadAt: previous.stillOpenReadAt } : {}),
    ...(event.done ? { done: true } : {}),
  };
}

/** "attempt 2 · waiting for the exchange's answer to close request 2". */
export function attemptText(run: Pick<RunningClose, 'attempt'>): string {
  return run.attempt === 0 ? 'no close request sent yet' : `close request ${run.attempt} sent`;
}

/**
 * The live table while a close runs: rows of the target are "closing"; once a re-read after a close request says what
 * is still open, the target's rows that are gone are dropped. Rows outside the target are untouched.
 */
export function duringClose(
  positions: readonly Position[],
  run: Pick<RunningClose, 'target' | 'stillOpen'> | undefined,
): { rows: Position[]; closing: Set<string> } {
  if (!run) return { rows: [...positions], closing: new Set() };
  const stillOpen = run.stillOpen ? new Set(run.stillOpen.map(rowKey)) : undefined;
  const rows = positions.filter((position) => !matchesTarget(position, run.target) || !stillOpen || stillOpen.has(rowKey(position)));
  const closing = new Set(rows.filter((position) => matchesTarget(position, run.target)).map(rowKey));
  return { rows, closing };
}

const RETRY_STATUSES: ReadonlySet<string> = new Set(['partial', 'failed', 'unknown']);

/** What "close what is still open" may target after a single close: exactly its own target, and only when the result was
 * PARTIAL / FAILED / UNKNOWN (a FLAT that was not verified counts as UNKNOWN). Never wider. */
export function retryTargetOf(outcome: CloseOutcome): CloseTarget | null {
  if (!RETRY_STATUSES.has(shownStatus(outcome))) return null;
  const { productType, symbol, holdSide } = outcome.target;
  return { productType, ...(symbol ? { symbol } : {}), ...(holdSide ? { holdSide } : {}) };
}

export interface PartTarget {
  profile: string;
  target: CloseTarget;
}

/** After "flatten everything": each part (profile + product type) that did not end verified flat or nothing-to-close,
 * and each product type that was refused. A whole profile refused (no product type) is not guessed at. */
export function everythingRetryTargets(result: EverythingOutcome): PartTarget[] {
  const parts: PartTarget[] = [];
  for (const outcome of result.outcomes) {
    const target = retryTargetOf(outcome);
    if (target) parts.push({ profile: outcome.profile.name, target });
  }
  for (const refused of result.refused) {
    if (refused.productType && !parts.some((part) => part.profile === refused.profile && part.target.productType === refused.productType)) {
      parts.push({ profile: refused.profile, target: { productType: refused.productType } });
    }
  }
  return parts;
}

/** "SELL to close LONG": the direction of a close follows from the position it closed. Bitget's own `side` names the
 * position's direction in hedge mode (buy + close = closing a long), so it is shown as is only when the position side is unknown. */
export function orderSideText(cost: Pick<OrderCost, 'side' | 'holdSide'>): string {
  if (cost.holdSide) return `${cost.holdSide === 'long' ? 'SELL' : 'BUY'} to close ${cost.holdSide.toUpperCase()}`;
  return cost.side ? `side “${cost.side}” as the exchange reports it` : 'side not reported';
}

/** The fee as paid: Bitget reports a fee paid as a negative number; the window says "paid 0.03 USDT". */
export function feeText(cost: Pick<OrderCost, 'fee' | 'feeCoin'>): string {
  const coin = cost.feeCoin ? ` ${cost.feeCoin}` : '';
  const number = Number(cost.fee);
  if (cost.fee === '' || !Number.isFinite(number)) return 'not reported';
  if (number < 0) return `paid ${cost.fee.replace(/^-/, '')}${coin}`;
  if (number === 0) return `0${coin}`;
  return `received ${cost.fee}${coin}`;
}

/** Sum of decimal strings, exact to the largest number of decimals among them; undefined when any is missing or unreadable. */
export function decimalSum(values: readonly (string | undefined)[]): string | undefined {
  if (values.length === 0) return undefined;
  let scale = 0;
  for (const value of values) {
    if (value === undefined || value === '' || !/^[+-]?\d+(\.\d+)?$/.test(value)) return undefined;
    scale = Math.max(scale, value.split('.')[1]?.length ?? 0);
  }
  const total = values.reduce((sum, value) => {
    const [whole = '0', fraction = ''] = value!.replace(/^\+/, '').split('.');
    const negative = whole.startsWith('-');
    const digits = BigInt(`${whole.replace('-', '')}${fraction.padEnd(scale, '0')}`);
    return sum + (negative ? -digits : digits);
  }, 0n);
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return `${negative ? '-' : ''}${text}`;
}

/** One line for the history: realized PnL and fees of the run's orders, and how many could not be read. */
export function costSummary(report: CostReport): string {
  const parts: string[] = [];
  const pnl = decimalSum(report.orders.map((order) => order.realizedPnl));
  const fees = decimalSum(report.orders.map((order) => order.fee));
  const coins = [...new Set(report.orders.map((order) => order.feeCoin).filter(Boolean))];
  const coin = coins.length === 1 ? ` ${coins[0]}` : '';
  if (report.orders.length > 0) {
    parts.push(`realized PnL ${pnl === undefined ? 'not reported' : `${pnl}${coin}`}`);
    parts.push(`fees ${fees === undefined ? 'not reported' : feeText({ fee: fees, ...(coins.length === 1 ? { feeCoin: coins[0]! } : {}) })}`);
  }
  if (report.unread.length > 0) parts.push(`${report.unread.length} order${report.unread.length === 1 ? '' : 's'} could not be read`);
  if (!report.complete) parts.push('order details incomplete');
  return parts.length > 0 ? parts.join(' · ') : 'no close order';
}

/** Each run's final cost report from the history, by runId (the last one written wins). */
export function costsByRun(entries: readonly AuditEntry[]): Map<string, CostReport> {
  const byRun = new Map<string, CostReport>();
  for (const entry of [...entries].reverse()) {
    const runId = entry.costs?.runId ?? entry.runId;
    if (entry.type === 'costs' && entry.costs && runId) byRun.set(runId, entry.costs);
  }
  return byRun;
}

/** What a close acted on, said once: "BTCUSDT LONG · USDT-margined futures", "every USDT-margined futures position". */
export function targetWords(target: CloseTarget): string {
  if (target.symbol) return `${target.symbol} ${sideName(target.holdSide)} · ${productTypeName(target.productType)}`;
  const side = target.holdSide ? `, ${target.holdSide.toUpperCase()} only` : '';
  return `every ${productTypeName(target.productType)} position${side}`;
}

/** A count the history may not know: null (positions could not be re-read) reads "unknown", never 0. */
export function countWord(count: number | null | undefined): string {
  return typeof count === 'number' ? String(count) : 'unknown';
}
