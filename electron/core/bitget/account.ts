// One profile's account: the remembered kind (classic V2 or unified V3) is tried first; a 40085 (on V2) or
// 40084/40019 (on V3) answer switches kinds, is remembered, and the same action runs again on the other API.
import type { AccountKind, ProductType } from '../../../shared/bitget.ts';
import { readAccountInfo, readUnifiedAccountInfo, type AccountInfoResult } from './account-info.ts';
import { classicFeedReads, unifiedFeedReads, type FeedReadEndpoints } from './balances-and-marks.ts';
import type { BitgetClient } from './client.ts';
import type { Failure, Logged } from './answer.ts';
import { classicEndpoints, unifiedEndpoints, type AccountEndpoints } from './endpoints.ts';
import { CLASSIC_ACCOUNT_CODES, UNIFIED_ACCOUNT_CODES } from './errors.ts';

export interface AccountOptions {
  client: BitgetClient;
  demo: boolean;
  kind: AccountKind;
  onKindDetected?: (kind: AccountKind) => void;
  now?: () => number;
}

/**
 * How long a position mode seen in a read is trusted by the one-side close check. The mode can only change while
 * nothing is open, but that can happen on the website between two of our reads; after this long the check reads again.
 */
export const POSITION_MODE_TRUST_MS = 60_000;

export interface Account extends AccountEndpoints, FeedReadEndpoints {
  /** The position mode a read showed for a product type ('hedge_mode' / 'one_way_mode') within POSITION_MODE_TRUST_MS; else undefined. */
  knownPositionMode(productType: ProductType): string | undefined;
  /** The account's UID and the key's permission names: V2 spot account info, or V3 account info for a unified account. */
  accountInfo(timeoutMs: number, log?: Logged): Promise<AccountInfoResult>;
}

export function createAccount(options: AccountOptions): Account {
  const endpoints: Record<AccountKind, AccountEndpoints & FeedReadEndpoints> = {
    classic: { ...classicEndpoints(options.client, options.demo), ...classicFeedReads(options.client, options.demo) },
    unified: { ...unifiedEndpoints(options.client, options.demo), ...unifiedFeedReads(options.client, options.demo) },
  };
  let kind = options.kind;
  const now = options.now ?? Date.now;
  const positionModes = new Map<ProductType, { mode: string; seenAt: number }>();

  /** The kind the exchange said this account is, when it refused a call made as `usedKind`. */
  function otherKindSignalled(usedKind: AccountKind, result: { ok: boolean } | Failure): AccountKind | undefined {
    if (result.ok) return undefined;
    const code = (result as Failure).error.code;
    if (code === undefined) return undefined;
    if (usedKind === 'classic' && UNIFIED_ACCOUNT_CODES.has(code)) return 'unified';
    if (usedKind === 'unified' && CLASSIC_ACCOUNT_CODES.has(code)) return 'classic';
    return undefined;
  }

  // Calls run concurrently (close, cancels, reads): each judges the answer by the kind it used.
  async function run<R extends { ok: boolean }>(action: (api: AccountEndpoints & FeedReadEndpoints) => Promise<R>): Promise<R> {
    const usedKind = kind;
    const first = await action(endpoints[usedKind]);
    const detected = otherKindSignalled(usedKind, first);
    if (!detected) return first;
    if (kind !== detected) {
      kind = detected;
      options.onKindDetected?.(detected);
    }
    return action(endpoints[detected]);
  }

  return {
    get kind() {
      return kind;
    },
    knownPositionMode: (productType) => {
      const known = positionModes.get(productType);
      return known && now() - known.seenAt <= POSITION_MODE_TRUST_MS ? known.mode : undefined;
    },
    positions: async (productType, timeoutMs, log) => {
      // Trusted from when the read was sent: what it shows may be that old.
      const sentAt = now();
      const result = await run((api) => api.positions(productType, timeoutMs, log));
      if (!result.ok) return result;
      // The mode can only be changed while nothing is open: a flat read forgets it, so the next one-side close looks again.
      const seen = result.positions.find((position) => position.posMode)?.posMode;
      if (seen) positionModes.set(productType, { mode: seen, seenAt: sentAt });
      else if (result.positions.length === 0) positionModes.delete(productType);
      return result;
    },
    close: (target, timeoutMs, log) => run((api) => api.close(target, timeoutMs, log)),
    cancelOpenOrders: (target, timeoutMs, log) => run((api) => api.cancelOpenOrders(target, timeoutMs, log)),
    cancelTriggerOrders: (target, timeoutMs, log) => run((api) => api.cancelTriggerOrders(target, timeoutMs, log)),
    cancelImpossibleOrder: (timeoutMs, log) => run((api) => api.cancelImpossibleOrder(timeoutMs, log)),
    orderCost: (order, timeoutMs, log) => run((api) => api.orderCost(order, timeoutMs, log)),
    balances: (productType, timeoutMs, log) => run((api) => api.balances(productType, timeoutMs, log)),
    markPrices: (productType, symbols, timeoutMs, log) => run((api) => api.markPrices(productType, symbols, timeoutMs, log)),
    accountInfo: (timeoutMs, log) =>
      (kind === 'unified' ? readUnifiedAccountInfo : readAccountInfo)(options.client, options.demo, timeoutMs, log),
  };
}
