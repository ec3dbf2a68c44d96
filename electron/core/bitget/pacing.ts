// The exchange's per-endpoint limits (requests per second per account), kept by spacing each account's calls to an
// endpoint. Closes are not paced here: the close path's own guard keeps 1 per second and lets callers join.
import { createRateGuard, type RateGuard } from '../rate-guard.ts';
import type { Pace } from './client.ts';
import { ACCOUNT_INFO_PATH, V2_PATHS, V3_PATHS } from './endpoints.ts';
import { V2_ORDER_DETAIL_PATH, V3_FILLS_PATH, V3_ORDER_INFO_PATH } from './order-details.ts';

/** Documented limit per second, with a margin: the exchange counts arrivals, not departures. */
const PER_SECOND: Record<string, number> = {
  [V2_PATHS.positions]: 5,
  [V2_PATHS.cancelOrders]: 10,
  [V2_PATHS.cancelPlanOrders]: 10,
  [V2_PATHS.cancelOrder]: 10,
  [ACCOUNT_INFO_PATH]: 1,
  [V3_PATHS.positions]: 20,
  [V3_PATHS.cancelOrders]: 5,
  [V3_PATHS.strategyOrders]: 20,
  [V3_PATHS.cancelStrategyOrder]: 10,
  [V3_PATHS.cancelOrder]: 10,
  [V2_ORDER_DETAIL_PATH]: 10,
  [V3_ORDER_INFO_PATH]: 20,
  [V3_FILLS_PATH]: 10,
};
const MARGIN = 1.1;

/** Spacing per account key and endpoint, shared by every profile that uses the same key. */
export function createRequestPacer(): (accountKey: string) => Pace {
  const guards = new Map<string, RateGuard>();
  const guardFor = (path: string): RateGuard | undefined => {
    const perSecond = PER_SECOND[path];
    if (perSecond === undefined) return undefined;
    let guard = guards.get(path);
    if (!guard) {
      guard = createRateGuard(Math.ceil((1_000 / perSecond) * MARGIN));
      guards.set(path, guard);
    }
    return guard;
  };
  return (accountKey) => async (path) => {
    await guardFor(path)?.slot(accountKey);
  };
}
