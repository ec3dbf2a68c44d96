// Classic (V2) and unified (V3) endpoints behind one interface: positions, close, cancel open and trigger orders.
import {
  UNIFIED_CATEGORIES,
  isLegacyDemoProductType,
  type AccountKind,
  type ClosedOrder,
  type ExplainedError,
  type FailedClose,
  type Position,
  type ProductType,
} from '../../../shared/bitget.ts';
import {
  v2BatchResultSchema,
  v2PendingPlanOrdersSchema,
  v2PositionsSchema,
  v3BatchResultSchema,
  v3CancelStrategyOrderSchema,
  v3PositionsSchema,
  v3StrategyOrdersSchema,
  type ExchangePosition,
  type V2PendingPlanOrder,
} from '../../../shared/exchange-schema.ts';
import { everySideOf, matchesTarget, type CloseTarget } from '../../../shared/target.ts';
import type { z } from 'zod';
import { SUCCESS_CODE, type BitgetClient, type CallOptions, type CallResult, type RequestBody } from './client.ts';
import { parseData, send, type Failure, type Logged } from './answer.ts';
import { classicOrderCost, unifiedOrderCost, type OrderCostResult, type OrderRef } from './order-details.ts';
import { NOTHING_TO_CANCEL_CODES, NOTHING_TO_CLOSE_CODES, ORDER_GONE_CODES } from './errors.ts';

export type PositionsResult = { ok: true; positions: Position[] } | Failure;
/** Nothing to close (22002/25227) is an empty success: the re-read of positions decides what it means. */
export type CloseResult = { ok: true; closed: ClosedOrder[]; failed: FailedClose[] } | Failure;
export type CancelResult = { ok: true; cancelled: number; failed: FailedClose[] } | Failure;

export interface AccountEndpoints {
  readonly kind: AccountKind;
  positions(productType: ProductType, timeoutMs: number, log?: Logged): Promise<PositionsResult>;
  close(target: CloseTarget, timeoutMs: number, log?: Logged): Promise<CloseResult>;
  cancelOpenOrders(target: CloseTarget, timeoutMs: number, log?: Logged): Promise<CancelResult>;
  cancelTriggerOrders(target: CloseTarget, timeoutMs: number, log?: Logged): Promise<CancelResult>;
  /**
   * Cancels an order id that cannot exist, to learn whether the key may trade without trading: the exchange's raw
   * answer (see connection-test.ts for what it means). Never a close, never an order.
   */
  cancelImpossibleOrder(timeoutMs: number, log?: Logged): Promise<ProbeResult>;
  /** What a close order did (fill, realized PnL, fee), from the exchange's order details. */
  orderCost(order: OrderRef, timeoutMs: number, log?: Logged): Promise<OrderCostResult>;
}

/** The exchange's answer to a probe: success (which should not happen) or its error, code included. */
export type ProbeResult = { ok: true } | Failure;

/** An order id no account can have: Bitget's ids are snowflakes, and this one would predate the exchange. */
export const IMPOSSIBLE_ORDER_ID = '1';
/** V2 cancel-order requires a symbol; the probe names one every USDT-FUTURES account can trade. */
const PROBE_SYMBOL = 'BTCUSDT';
const PROBE_PRODUCT_TYPE: ProductType = 'USDT-FUTURES';

export const V2_PATHS = {
  positions: '/api/v2/mix/position/all-position',
  close: '/api/v2/mix/order/close-positions',
  cancelOrders: '/api/v2/mix/order/cancel-all-orders',
  cancelPlanOrders: '/api/v2/mix/order/cancel-plan-order',
  cancelOrder: '/api/v2/mix/order/cancel-order',
  pendingPlanOrders: '/api/v2/mix/order/orders-plan-pending',
} as const;

/** The account behind a key (UID, permissions); a spot path, asked of classic and unified keys alike. */
export const ACCOUNT_INFO_PATH = '/api/v2/spot/account/info';
/** A unified key's UID and permissions (`uta_trade`…); the docs say it needs no permission. */
export const V3_ACCOUNT_INFO_PATH = '/api/v3/account/info';

export const V3_PATHS = {
  positions: '/api/v3/position/current-position',
  close: '/api/v3/trade/close-positions',
  cancelOrders: '/api/v3/trade/cancel-symbol-order',
  strategyOrders: '/api/v3/trade/unfilled-strategy-orders',
  cancelStrategyOrder: '/api/v3/trade/cancel-strategy-order',
  cancelOrder: '/api/v3/trade/cancel-order',
} as const;

/** orders-plan-pending's filters (trigger orders, trailing stops, every TP/SL kind), in plain words for messages. */
export const V2_PLAN_LISTINGS = { normal_plan: 'trigger orders', track_plan: 'trailing stop orders', profit_loss: 'TP/SL orders' } as const;
/** Each plan type in plain words, to name an order that stays resting. */
const V2_PLAN_TYPE_WORDS: Record<string, string> = {
  normal_plan: 'trigger order',
  profit_plan: 'take-profit order',
  loss_plan: 'stop-loss order',
  pos_profit: 'position take-profit order',
  pos_loss: 'position stop-loss order',
  moving_plan: 'trailing TP/SL order',
  track_plan: 'trailing stop order',
};
/**
 * cancel-plan-order's documented planTypes: a listed order of one of these is cancelled by id with its planType. A
 * trailing stop (`track_plan`, which those docs do not list) is cancelled by id alone.
 */
const V2_CANCEL_PLAN_TYPES: ReadonlySet<string> = new Set(['normal_plan', 'profit_plan', 'loss_plan', 'pos_profit', 'pos_loss', 'moving_plan']);
/** The kinds unfilled-strategy-orders lists, in plain words. */
export const V3_STRATEGY_TYPES = { tpsl: 'TP/SL orders', trigger: 'trigger orders' } as const;

/**
 * In one-way mode the exchange ignores the side and closes the symbol's position whatever its direction. A request
 * for one side would then close the other: these are the positions it would close against the person's choice.
 */
export function closedAgainstChosenSide(positions: readonly Position[], target: CloseTarget): Position[] {
  if (!target.holdSide) return [];
  const everySide = everySideOf(target);
  return positions.filter((position) => matchesTarget(position, everySide) && position.posMode === 'one_way_mode' && position.holdSide !== target.holdSide);
}

const isNothingToCancel = (result: CallResult) => !result.ok && result.error.code !== undefined && NOTHING_TO_CANCEL_CODES.has(result.error.code);

/**
 * Cancels run kind by kind (plan types, strategy types, single orders): one that fails never stops the others.
 * Failures are gathered and reported together once every kind has been tried.
 */
function cancelTally() {
  let cancelled = 0;
  const failed: FailedClose[] = [];
  const problems: { what: string; error: ExplainedError }[] = [];
  return {
    add(what: string, result: CancelResult): void {
      if (!result.ok) {
        problems.push({ what, error: result.error });
        return;
      }
      cancelled += result.cancelled;
      failed.push(...result.failed);
    },
    result(): CancelResult {
      const first = problems[0];
      if (!first) return { ok: true, cancelled, failed };
      const others = problems.slice(1).map((problem) => problem.what);
      const alsoFailed = others.length > 0 ? ` Not cancelled either: ${others.join(', ')}.` : '';
      const done = cancelled > 0 ? ` ${cancelled} other order${cancelled === 1 ? ' was' : 's were'} cancelled.` : '';
      const refused = failed.length > 0 ? ` The exchange refused to cancel ${failed.length} more.` : '';
      return {
        ok: false,
        error: { ...first.error, message: `Could not cancel ${first.what}: ${first.error.message}${alsoFailed}${done}${refused}` },
      };
    },
  };
}

function failureOf(code: string | undefined, message: string | null | undefined, ids: { orderId?: string; symbol?: string }): FailedClose {
  const resolved = code ?? 'unknown';
  return {
    ...(ids.symbol ? { symbol: ids.symbol } : {}),
    ...(ids.orderId ? { orderId: ids.orderId } : {}),
    code: resolved,
    message: message?.trim() ?? '',
  };
}

function openPositions(positions: ExchangePosition[], productType: ProductType): Position[] {
  return positions.filter((position) => Number(position.size) > 0).map((position) => ({ ...position, productType }));
}

function closedOrder(item: { orderId?: string; clientOid?: string; symbol?: string }): ClosedOrder {
  return { orderId: item.orderId ?? '', ...(item.clientOid ? { clientOid: item.clientOid } : {}), ...(item.symbol ? { symbol: item.symbol } : {}) };
}

export function classicEndpoints(client: BitgetClient, demo: boolean): AccountEndpoints {
  const paptrading = (productType: ProductType) => demo && !isLegacyDemoProductType(productType);

  async function cancelBatch(path: string, body: RequestBody, productType: ProductType, timeoutMs: number, log?: Logged): Promise<CancelResult> {
    const result = await send(client, { method: 'POST', path, body, paptrading: paptrading(productType), timeoutMs }, log);
    if (isNothingToCancel(result)) return { ok: true, cancelled: 0, failed: [] };
    if (!result.ok) return result;
    const parsed = parseData(v2BatchResultSchema, result);
    if (!parsed.ok) return parsed;
    return {
      ok: true,
      cancelled: parsed.value.successList.length,
      failed: parsed.value.failureList.map((item) => failureOf(item.errorCode, item.errorMsg, item)),
    };
  }

  async function listPlanOrders(target: CloseTarget, timeoutMs: number, log?: Logged) {
    const orders: V2PendingPlanOrder[] = [];
    const problems: { what: string; failure: Failure }[] = [];
    for (const [planType, words] of Object.entries(V2_PLAN_LISTINGS)) {
      const query = { productType: target.productType, planType, ...(target.symbol ? { symbol: target.symbol } : {}) };
      const result = await send(client, { method: 'GET', path: V2_PATHS.pendingPlanOrders, query, paptrading: paptrading(target.productType), timeoutMs }, log);
      // The key belongs to the other kind of account: every listing would say the same.
      if (!result.ok && result.error.kind === 'account-kind') return { otherKind: result, orders, problems };
      const parsed = result.ok ? parseData(v2PendingPlanOrdersSchema, result) : result;
      if (parsed.ok) orders.push(...parsed.value);
      else problems.push({ what: `the ${words} (they could not be listed)`, failure: parsed });
    }
    return { orders, problems };
  }

  return {
    kind: 'classic',
    async positions(productType, timeoutMs, log) {
      const result = await send(client, { method: 'GET', path: V2_PATHS.positions, query: { productType }, paptrading: paptrading(productType), timeoutMs }, log);
      if (!result.ok) return result;
      const parsed = parseData(v2PositionsSchema, result);
      if (!parsed.ok) return parsed;
      return { ok: true, positions: openPositions(parsed.value, productType) };
    },
    async close(target, timeoutMs, log) {
      const body = { symbol: target.symbol, productType: target.productType, holdSide: target.holdSide };
      const result = await send(client, { method: 'POST', path: V2_PATHS.close, body, paptrading: paptrading(target.productType), timeoutMs }, log);
      if (!result.ok) {
        if (result.error.code && NOTHING_TO_CLOSE_CODES.has(result.error.code)) return { ok: true, closed: [], failed: [] };
        return result;
      }
      const parsed = parseData(v2BatchResultSchema, result);
      if (!parsed.ok) return parsed;
      return {
        ok: true,
        closed: parsed.value.successList.map(closedOrder),
        failed: parsed.value.failureList.map((item) => failureOf(item.errorCode, item.errorMsg, item)),
      };
    },
    cancelOpenOrders(target, timeoutMs, log) {
      return cancelBatch(V2_PATHS.cancelOrders, { symbol: target.symbol, productType: target.productType }, target.productType, timeoutMs, log);
    },
    // Listed, cancelled by id, listed again: the outcome names every order still resting afterwards.
    async cancelTriggerOrders(target, timeoutMs, log) {
      const tally = cancelTally();
      const listed = await listPlanOrders(target, timeoutMs, log);
      if (listed.otherKind) return listed.otherKind;
      for (const problem of listed.problems) tally.add(problem.what, problem.failure);
      for (const group of groupForCancel(listed.orders)) {
        const body = { symbol: group.symbol, productType: target.productType, marginCoin: group.marginCoin, planType: group.planType, orderIdList: group.ids };
        const result = await cancelBatch(V2_PATHS.cancelPlanOrders, body, target.productType, timeoutMs, log);
        tally.add(`the ${group.symbol} ${group.words}s`, result.ok ? { ...result, failed: result.failed.filter((item) => !ORDER_GONE_CODES.has(item.code)) } : result);
      }
      if (listed.orders.length === 0) return tally.result();
      const again = await listPlanOrders(target, timeoutMs, log);
      for (const problem of again.problems) tally.add(`${problem.what}, when checking the cancel`, problem.failure);
      if (again.orders.length > 0) tally.add(...stillResting(again.orders.map((order) => `${order.symbol} ${planWords(order.planType)} ${order.orderId}`)));
      return tally.result();
    },
    async cancelImpossibleOrder(timeoutMs, log) {
      const body = { symbol: PROBE_SYMBOL, productType: PROBE_PRODUCT_TYPE, orderId: IMPOSSIBLE_ORDER_ID };
      const result = await send(client, { method: 'POST', path: V2_PATHS.cancelOrder, body, paptrading: paptrading(PROBE_PRODUCT_TYPE), timeoutMs }, log);
      return result.ok ? { ok: true } : { ok: false, error: result.error };
    },
    orderCost: (order, timeoutMs, log) => classicOrderCost(client, paptrading(order.productType), order, timeoutMs, log),
  };
}

const planWords = (planType: string) => V2_PLAN_TYPE_WORDS[planType] ?? `${planType} order`;

/** Listed orders by symbol and plan type: one cancel-plan-order by id per group. */
function groupForCancel(orders: readonly V2PendingPlanOrder[]) {
  const groups = new Map<string, { symbol: string; marginCoin?: string; planType?: string; words: string; ids: { orderId: string }[] }>();
  for (const order of orders) {
    const key = `${order.symbol}|${order.planType}`;
    const group = groups.get(key) ?? {
      symbol: order.symbol,
      ...(order.marginCoin ? { marginCoin: order.marginCoin } : {}),
      ...(V2_CANCEL_PLAN_TYPES.has(order.planType) ? { planType: order.planType } : {}),
      words: planWords(order.planType),
      ids: [],
    };
    group.ids.push({ orderId: order.orderId });
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** Orders a second listing still shows after their cancel, each named: what the outcome reports as not cancelled. */
function stillResting(named: readonly string[]): [string, Failure] {
  const what = `${named.join(', ')} (still resting after the cancel)`;
  const error: ExplainedError = {
    kind: 'exchange',
    message: `The exchange still lists ${named.length === 1 ? 'it' : 'them'} after the cancel.`,
    hint: 'Cancel them on Bitget now: a trigger or trailing stop left resting can open a new position.',
  };
  return [what, { ok: false, error }];
}

export function unifiedEndpoints(client: BitgetClient, demo: boolean): AccountEndpoints {
  const notAUnifiedCategory = (productType: ProductType): Failure | undefined =>
    UNIFIED_CATEGORIES.includes(productType)
      ? undefined
      : {
          ok: false,
          error: {
            kind: 'environment',
            message: `Unified accounts have no ${productType} product type.`,
            hint: `Use ${UNIFIED_CATEGORIES.join(', ')}; for demo trading mark the profile as demo instead of using S-prefixed types.`,
          },
        };
  const call = (options: Omit<CallOptions, 'paptrading'>, log?: Logged) => send(client, { ...options, paptrading: demo }, log);

  function listOutcome(items: z.infer<typeof v3BatchResultSchema>) {
    const isFailure = (item: (typeof items)[number]) => item.code !== undefined && item.code !== SUCCESS_CODE && item.code !== '';
    return {
      succeeded: items.filter((item) => !isFailure(item)),
      failed: items.filter(isFailure).map((item) => failureOf(item.code, item.msg, item)),
    };
  }

  async function cancelStrategyOrder(order: z.infer<typeof v3StrategyOrdersSchema>[number], timeoutMs: number, log?: Logged): Promise<CancelResult> {
    const body = order.orderId ? { orderId: order.orderId } : { clientOid: order.clientOid };
    const result = await call({ method: 'POST', path: V3_PATHS.cancelStrategyOrder, body, timeoutMs }, log);
    if (!result.ok) return result.error.code && ORDER_GONE_CODES.has(result.error.code) ? { ok: true, cancelled: 0, failed: [] } : result;
    const parsed = parseData(v3CancelStrategyOrderSchema, result);
    return parsed.ok ? { ok: true, cancelled: 1, failed: [] } : parsed;
  }

  async function listStrategyOrders(target: CloseTarget, type: string, timeoutMs: number, log?: Logged) {
    const listed = await call({ method: 'GET', path: V3_PATHS.strategyOrders, query: { category: target.productType, type }, timeoutMs }, log);
    const parsed = listed.ok ? parseData(v3StrategyOrdersSchema, listed) : listed;
    if (!parsed.ok) return parsed;
    return { ok: true as const, value: parsed.value.filter((order) => !target.symbol || order.symbol === target.symbol) };
  }

  return {
    kind: 'unified',
    async positions(productType, timeoutMs, log) {
      const refused = notAUnifiedCategory(productType);
      if (refused) return refused;
      const result = await call({ method: 'GET', path: V3_PATHS.positions, query: { category: productType }, timeoutMs }, log);
      if (!result.ok) return result;
      const parsed = parseData(v3PositionsSchema, result);
      if (!parsed.ok) return parsed;
      return { ok: true, positions: openPositions(parsed.value, productType) };
    },
    async close(target, timeoutMs, log) {
      const refused = notAUnifiedCategory(target.productType);
      if (refused) return refused;
      const body = { category: target.productType, symbol: target.symbol, posSide: target.holdSide };
      const result = await call({ method: 'POST', path: V3_PATHS.close, body, timeoutMs }, log);
      if (!result.ok) {
        if (result.error.code && NOTHING_TO_CLOSE_CODES.has(result.error.code)) return { ok: true, closed: [], failed: [] };
        return result;
      }
      const parsed = parseData(v3BatchResultSchema, result);
      if (!parsed.ok) return parsed;
      const { succeeded, failed } = listOutcome(parsed.value);
      return {
        ok: true,
        closed: succeeded.map(closedOrder),
        failed,
      };
    },
    async cancelOpenOrders(target, timeoutMs, log) {
      const refused = notAUnifiedCategory(target.productType);
      if (refused) return refused;
      const result = await call({ method: 'POST', path: V3_PATHS.cancelOrders, body: { category: target.productType, symbol: target.symbol }, timeoutMs }, log);
      if (isNothingToCancel(result)) return { ok: true, cancelled: 0, failed: [] };
      if (!result.ok) return result;
      const parsed = parseData(v3BatchResultSchema, result);
      if (!parsed.ok) return parsed;
      const { succeeded, failed } = listOutcome(parsed.value);
      return { ok: true, cancelled: succeeded.length, failed };
    },
    // Each kind listed and its orders cancelled one by one; then listed again: the outcome names what still rests.
    async cancelTriggerOrders(target, timeoutMs, log) {
      const refused = notAUnifiedCategory(target.productType);
      if (refused) return refused;
      const tally = cancelTally();
      let listedAny = false;
      for (const [type, words] of Object.entries(V3_STRATEGY_TYPES)) {
        const listed = await listStrategyOrders(target, type, timeoutMs, log);
        if (!listed.ok && listed.error.kind === 'account-kind') return listed;
        if (!listed.ok) {
          tally.add(`the ${words} (they could not be listed)`, listed);
          continue;
        }
        listedAny ||= listed.value.length > 0;
        for (const order of listed.value) {
          tally.add(`${order.symbol} order ${order.orderId ?? order.clientOid ?? ''}`.trim(), await cancelStrategyOrder(order, timeoutMs, log));
        }
      }
      if (!listedAny) return tally.result();
      const resting: string[] = [];
      for (const [type, words] of Object.entries(V3_STRATEGY_TYPES)) {
        const again = await listStrategyOrders(target, type, timeoutMs, log);
        if (!again.ok) tally.add(`the ${words} (they could not be listed when checking the cancel)`, again);
        else resting.push(...again.value.map((order) => `${order.symbol} ${words.replace(/s$/, '')} ${order.orderId ?? order.clientOid ?? ''}`.trim()));
      }
      if (resting.length > 0) tally.add(...stillResting(resting));
      return tally.result();
    },
    async cancelImpossibleOrder(timeoutMs, log) {
      const result = await call({ method: 'POST', path: V3_PATHS.cancelOrder, body: { category: PROBE_PRODUCT_TYPE, orderId: IMPOSSIBLE_ORDER_ID }, timeoutMs }, log);
      return result.ok ? { ok: true } : { ok: false, error: result.error };
    },
    orderCost: (order, timeoutMs, log) => unifiedOrderCost(client, demo, order, timeoutMs, log),
  };
}
