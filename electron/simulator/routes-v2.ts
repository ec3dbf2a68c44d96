// Classic (V2) routes: mix positions, flash close, cancel open orders (all, or one by id), cancel plan
// (trigger/TP/SL) orders; and spot account info (the UID and the key's permissions), which both account kinds answer.
import { contractDefaults, displaySymbol } from './contracts.ts';
import { closePositions } from './closing.ts';
import { optionalSide, optionalSymbol, optionalUpper, optionalText } from './params.ts';
import { v2Position } from './position-fields.ts';
import { ApiError, apiError, parameterEmpty, parameterError } from './responses.ts';
import type { RouteContext, RouteDefinition } from './route.ts';
import { refusedByFault } from './cancelling.ts';
import type { CancelFault } from './faults.ts';
import type { OpenOrder, PlanOrder, PlanType } from './types.ts';

export const V2_CLOSE_PATH = '/api/v2/mix/order/close-positions';

/** "profit_loss" names every TP/SL kind at once. */
const PROFIT_LOSS: readonly PlanType[] = ['profit_plan', 'loss_plan', 'pos_profit', 'pos_loss', 'moving_plan'];

/** productType and requestedType are both set by the pipeline on routes that declare productTypeParam. */
function typesOf(context: RouteContext) {
  const { productType, requestedType } = context;
  if (!productType || !requestedType) throw new Error('route without a product type');
  return { productType, requestedType };
}

function allPositions(context: RouteContext): unknown {
  const { productType, requestedType } = typesOf(context);
  const marginCoin = optionalUpper(context.params, 'marginCoin');
  context.admit();
  return context.account.positions
    .filter((p) => p.productType === productType && (marginCoin === undefined || p.marginCoin === marginCoin))
    .map((p) => v2Position(p, requestedType));
}

function closeAll(context: RouteContext): unknown {
  const { productType, requestedType } = typesOf(context);
  const symbol = optionalSymbol(context);
  const side = optionalSide(context.params, 'holdSide');
  context.admit();
  const fault = context.faults.takeClose(context.method, context.path);
  const result = closePositions(context.account, { productType, symbol, side }, fault, context.scheduler, context.now);
  if (!result) throw apiError(400, '22002');
  return {
    successList: result.closed.map((c) => ({ orderId: c.orderId, clientOid: c.clientOid, symbol: displaySymbol(c.symbol, requestedType) })),
    failureList: result.failed.map((f) => ({
      orderId: f.orderId,
      clientOid: f.clientOid,
      symbol: displaySymbol(f.symbol, requestedType),
      errorCode: f.errorCode,
      errorMsg: f.errorMsg,
    })),
  };
}

function cancelAnswer(removed: readonly OpenOrder[], refused: ReadonlySet<OpenOrder>, fault: CancelFault | undefined): unknown {
  return {
    successList: removed.map((o) => ({ orderId: o.orderId, clientOid: o.clientOid })),
    failureList: [...refused].map((o) => ({
      orderId: o.orderId,
      clientOid: o.clientOid,
      errorMsg: fault?.errorMsg ?? 'refused by the simulator',
      ...(fault?.errorCode === undefined ? {} : { errorCode: fault.errorCode }),
    })),
  };
}

function marginCoinMatches(context: RouteContext, order: OpenOrder): boolean {
  const marginCoin = optionalUpper(context.params, 'marginCoin');
  return marginCoin === undefined || contractDefaults(order.productType, order.symbol).marginCoin === marginCoin;
}

function cancelAllOrders(context: RouteContext): unknown {
  const { productType } = typesOf(context);
  const symbol = optionalSymbol(context);
  context.admit();
  const matches = (o: OpenOrder) => o.productType === productType && (symbol === undefined || o.symbol === symbol) && marginCoinMatches(context, o);
  const matched = context.account.openOrders.filter(matches);
  if (matched.length === 0) throw apiError(400, '22001');
  const { fault, refused } = refusedByFault(context, matched);
  const removed = matched.filter((o) => !refused.has(o));
  context.account.openOrders = context.account.openOrders.filter((o) => !removed.includes(o));
  return cancelAnswer(removed, refused, fault);
}

/** cancel-plan-order's documented planTypes; `track_plan` is not one of them (it is a filter of the listing only). */
const CANCEL_PLAN_TYPES: readonly PlanType[] = ['normal_plan', 'profit_plan', 'loss_plan', 'pos_profit', 'pos_loss', 'moving_plan'];
/** What orders-plan-pending's planType filter names: each listing filter and the plan types it lists. */
const LISTING_FILTERS: Record<string, readonly PlanType[]> = { normal_plan: ['normal_plan'], track_plan: ['track_plan'], profit_loss: PROFIT_LOSS };

function cancelPlanTypeOf(context: RouteContext): PlanType | undefined {
  const planType = optionalText(context.params, 'planType');
  if (planType === undefined) return undefined;
  const known = CANCEL_PLAN_TYPES.find((t) => t === planType);
  if (!known) throw parameterError('planType');
  return known;
}

/** `orderIdList` items as the docs show them: orderId and/or clientOid, blank strings allowed; anything else is a parameter error. */
function orderIdListOf(context: RouteContext): { orderId?: string; clientOid?: string }[] | undefined {
  const list = context.params['orderIdList'];
  if (list === undefined || list === null) return undefined;
  if (!Array.isArray(list)) throw parameterError('orderIdList');
  return list.map((item: unknown) => {
    if (typeof item !== 'object' || item === null) throw parameterError('orderIdList');
    const ids = { orderId: optionalText(item as Record<string, unknown>, 'orderId'), clientOid: optionalText(item as Record<string, unknown>, 'clientOid') };
    if (ids.orderId === undefined && ids.clientOid === undefined) throw parameterError('orderIdList');
    return ids;
  });
}

/**
 * Bulk by product type (and symbol), one documented planType at a time (default normal_plan); or by id with
 * `orderIdList`, which needs a symbol and cancels the listed orders of that symbol whatever their kind unless a planType
 * narrows it (whether the live exchange cancels a trailing stop by id without a planType is unconfirmed).
 */
function cancelPlanOrders(context: RouteContext): unknown {
  const { productType } = typesOf(context);
  const symbol = optionalSymbol(context);
  const planType = cancelPlanTypeOf(context);
  const ids = orderIdListOf(context);
  if (ids !== undefined && symbol === undefined) throw parameterEmpty('symbol');
  context.admit();
  const account = context.account;
  const inScope = (o: PlanOrder) => o.productType === productType && (symbol === undefined || o.symbol === symbol) && marginCoinMatches(context, o);
  if (ids !== undefined) return cancelPlanOrdersById(context, ids, (o) => inScope(o) && (planType === undefined || o.planType === planType));
  const matched = account.planOrders.filter((o) => inScope(o) && o.planType === (planType ?? 'normal_plan'));
  if (matched.length === 0) throw apiError(400, '22001');
  const { fault, refused } = refusedByFault(context, matched);
  const removed = matched.filter((o) => !refused.has(o));
  account.planOrders = account.planOrders.filter((o) => !removed.includes(o));
  return cancelAnswer(removed, refused, fault);
}

function cancelPlanOrdersById(context: RouteContext, ids: { orderId?: string; clientOid?: string }[], eligible: (o: PlanOrder) => boolean): unknown {
  const account = context.account;
  const found = ids.map((id) => ({
    id,
    order: account.planOrders.find((o) => eligible(o) && (id.orderId !== undefined ? o.orderId === id.orderId : o.clientOid === id.clientOid)),
  }));
  const matched = found.flatMap((entry) => (entry.order ? [entry.order] : []));
  const { fault, refused } = refusedByFault(context, matched);
  const removed = matched.filter((o) => !refused.has(o));
  account.planOrders = account.planOrders.filter((o) => !removed.includes(o));
  const answer = cancelAnswer(removed, refused, fault) as { successList: unknown[]; failureList: unknown[] };
  const unknown = found.filter((entry) => !entry.order).map(({ id }) => ({ orderId: id.orderId ?? '', clientOid: id.clientOid ?? '', errorCode: '40768', errorMsg: 'Order does not exist' }));
  return { successList: answer.successList, failureList: [...answer.failureList, ...unknown] };
}

/** GET orders-plan-pending: planType is required (normal_plan, track_plan, profit_loss); `entrustedList` and `endId`. */
function pendingPlanOrders(context: RouteContext): unknown {
  const { productType, requestedType } = typesOf(context);
  const symbol = optionalSymbol(context);
  const filter = optionalText(context.params, 'planType');
  if (filter === undefined) throw parameterEmpty('planType');
  const planTypes = LISTING_FILTERS[filter];
  if (!planTypes) throw parameterError('planType');
  context.admit();
  const listed = context.account.planOrders
    .filter((o) => o.productType === productType && planTypes.includes(o.planType) && (symbol === undefined || o.symbol === symbol))
    .map((o) => ({
      planType: o.planType,
      symbol: displaySymbol(o.symbol, requestedType),
      size: o.size,
      orderId: o.orderId,
      clientOid: o.clientOid,
      price: '',
      callbackRatio: o.planType === 'track_plan' ? '1' : '',
      triggerPrice: o.takeProfit || o.stopLoss,
      triggerType: 'mark_price',
      planStatus: 'live',
      side: o.holdSide === 'long' ? 'sell' : 'buy',
      posSide: o.holdSide,
      marginCoin: contractDefaults(o.productType, o.symbol).marginCoin,
      marginMode: 'crossed',
      tradeSide: 'close',
      orderType: 'market',
      cTime: String(o.createdAt),
      uTime: String(o.createdAt),
    }));
  return { entrustedList: listed, endId: listed.at(-1)?.orderId ?? null };
}

function cancelOrder(context: RouteContext): unknown {
  const { productType } = typesOf(context);
  const symbol = optionalSymbol(context);
  if (symbol === undefined) throw parameterEmpty('symbol');
  const orderId = optionalText(context.params, 'orderId');
  const clientOid = optionalText(context.params, 'clientOid');
  if (orderId === undefined && clientOid === undefined) throw apiError(400, '40924');
  context.admit();
  const account = context.account;
  const target = account.openOrders.find(
    (o) => o.productType === productType && o.symbol === symbol && (orderId !== undefined ? o.orderId === orderId : o.clientOid === clientOid),
  );
  if (!target) throw apiError(400, '40768');
  account.openOrders = account.openOrders.filter((o) => o !== target);
  return { orderId: target.orderId, clientOid: target.clientOid };
}

/**
 * The docs' fields. `authorities` in the codes the docs' table lists (coow/cpow for futures orders/holdings
 * read-write, coor/cpor read only); the docs' example shows `["trade","readonly"]`, and which the live exchange sends is
 * unconfirmed. Per account (AccountSpec.authorities).
 */
function accountInfo(context: RouteContext): unknown {
  context.admit();
  const account = context.account;
  return {
    userId: account.credentials.uid,
    inviterId: '',
    ips: (account.ipWhitelist ?? []).join(','),
    authorities: account.authorities,
    parentId: Number(account.credentials.uid),
    traderType: 'trader',
    channelCode: '',
    channel: '',
    regisTime: String(context.now),
  };
}

export const ACCOUNT_INFO_PATH = '/api/v2/spot/account/info';
export const SPOT_CANCEL_ORDER_PATH = '/api/v2/spot/trade/cancel-order';

/**
 * Spot cancel-order, for the one answer the app may meet there: the simulator holds no spot orders, so every cancel is
 * 43001, in Chinese without a `locale` header, as live answers it (bitget-live/spot_cancel_order.err43001_zh.live.json).
 */
function spotCancelOrder(context: RouteContext): unknown {
  if (optionalText(context.params, 'symbol') === undefined) throw parameterEmpty('symbol');
  if (optionalText(context.params, 'orderId') === undefined && optionalText(context.params, 'clientOid') === undefined) throw apiError(400, '40924');
  context.admit();
  throw new ApiError(400, '43001', context.locale === 'en-US' ? 'Order does not exist' : '订单不存在');
}

export const V2_ROUTES: readonly RouteDefinition[] = [
  { method: 'GET', path: '/api/v2/mix/position/all-position', family: 'classic', perSecond: 5, productTypeParam: 'productType', handle: allPositions },
  { method: 'POST', path: V2_CLOSE_PATH, family: 'classic', perSecond: 1, productTypeParam: 'productType', handle: closeAll },
  { method: 'POST', path: '/api/v2/mix/order/cancel-all-orders', family: 'classic', perSecond: 10, productTypeParam: 'productType', handle: cancelAllOrders },
  { method: 'POST', path: '/api/v2/mix/order/cancel-plan-order', family: 'classic', perSecond: 10, productTypeParam: 'productType', handle: cancelPlanOrders },
  { method: 'GET', path: '/api/v2/mix/order/orders-plan-pending', family: 'classic', perSecond: 10, productTypeParam: 'productType', handle: pendingPlanOrders },
  { method: 'POST', path: '/api/v2/mix/order/cancel-order', family: 'classic', perSecond: 10, productTypeParam: 'productType', handle: cancelOrder },
  { method: 'GET', path: ACCOUNT_INFO_PATH, family: 'any', perSecond: 1, handle: accountInfo },
  { method: 'POST', path: SPOT_CANCEL_ORDER_PATH, family: 'any', perSecond: 10, handle: spotCancelOrder },
];
