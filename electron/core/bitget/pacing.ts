// The exchange's per-endpoint limits (requests per second per account), kept by a sliding window per account and
// endpoint: a read goes at once while the window has room, and waits only when the budget is really spent.
// Closes are not paced here: the machine-wide close gate keeps 1 per second and lets callers join.
import type { Pace } from './client.ts';
import { V2_ACCOUNTS_PATH, V2_SYMBOL_PRICE_PATH, V3_ASSETS_PATH, V3_TICKERS_PATH } from './balances-and-marks.ts';
import { ACCOUNT_INFO_PATH, V2_PATHS, V3_ACCOUNT_INFO_PATH, V3_PATHS } from './endpoints.ts';
import { V2_ORDER_DETAIL_PATH, V3_FILLS_PATH, V3_ORDER_INFO_PATH } from './order-details.ts';

/** Documented limit per second. */
const PER_SECOND: Record<string, number> = {
  [V2_PATHS.positions]: 5,
  [V2_PATHS.cancelOrders]: 10,
  [V2_PATHS.cancelPlanOrders]: 10,
  [V2_PATHS.pendingPlanOrders]: 10,
  [V2_PATHS.cancelOrder]: 10,
  [ACCOUNT_INFO_PATH]: 1,
  [V3_ACCOUNT_INFO_PATH]: 5,
  [V3_PATHS.positions]: 20,
  [V3_PATHS.cancelOrders]: 5,
  [V3_PATHS.strategyOrders]: 20,
  [V3_PATHS.cancelStrategyOrder]: 10,
  [V3_PATHS.cancelOrder]: 10,
  [V2_ORDER_DETAIL_PATH]: 10,
  [V3_ORDER_INFO_PATH]: 20,
  [V3_FILLS_PATH]: 10,
  [V2_ACCOUNTS_PATH]: 10,
  [V3_ASSETS_PATH]: 20,
  // Public market reads: the exchange counts them per address; kept here per account key, so several profiles polling at
  // once from one machine can still meet a 429.
  [V2_SYMBOL_PRICE_PATH]: 20,
  [V3_TICKERS_PATH]: 20,
};
/**
 * The documented count is kept over a window 10% longer than a second: the exchange counts arrivals, not departures,
 * so requests that leave inside one window may arrive up to this much closer together and still keep the limit.
 */
export const PACING_WINDOW_MS = 1_100;

export interface SlidingWindow {
  /** Reserves the next departure for this key, first come first served: the epoch ms at which the caller may send. */
  reserve(key: string): number;
}

/** At most `limit` departures per key in any `windowMs`; a reservation is never earlier than `now()`. */
export function createSlidingWindow(limit: number, windowMs: number, now: () => number = Date.now): SlidingWindow {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`a sliding window needs a whole limit of at least 1, not ${limit}`);
  /** Per key, the last `limit` departures reserved, oldest first. */
  const departures = new Map<string, number[]>();
  return {
    reserve(key) {
      const recent = departures.get(key) ?? [];
      const current = now();
      // FIFO: never before the reservation made ahead of this one; and the one `limit` back must be a window ago.
      const last = recent.at(-1) ?? Number.NEGATIVE_INFINITY;
      const windowOpensAt = recent.length < limit ? Number.NEGATIVE_INFINITY : recent[recent.length - limit]! + windowMs;
      const at = Math.max(current, last, windowOpensAt);
      recent.push(at);
      if (recent.length > limit) recent.splice(0, recent.length - limit);
      departures.set(key, recent);
      return at;
    },
  };
}

/** Pacing per account key and endpoint, shared by every profile that uses the same key. */
export function createRequestPacer(now: () => number = Date.now): (accountKey: string) => Pace {
  const windows = new Map<string, SlidingWindow>();
  const windowFor = (path: string): SlidingWindow | undefined => {
    const perSecond = PER_SECOND[path];
    if (perSecond === undefined) return undefined;
    let window = windows.get(path);
    if (!window) {
      window = createSlidingWindow(perSecond, PACING_WINDOW_MS, now);
      windows.set(path, window);
    }
    return window;
  };
  return (accountKey) => async (path) => {
    const window = windowFor(path);
    if (!window) return;
    const wait = window.reserve(accountKey) - now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  };
}
