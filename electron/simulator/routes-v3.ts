// Unified (V3) routes: positions, close, cancel open orders (all, or one by id), list and cancel strategy (TP/SL, trigger) orders.
import { refusedByFault } from './cancelling.ts';
import { closePositions } from './closing.ts';
import { optionalSide, optionalSymbol, optionalText } from './params.ts';
import { v3Position } from './position-fields.ts';
import { apiError, parameterError } from './responses.ts';
import type { RouteContext, RouteDefinition } from './route.ts';
import type { PlanOrder, PlanType } from './types.ts';

export const V3_CLOSE_PATH = '/api/v3/trade/close-positions';

const TRIGGER_PLAN_TYPES: readonly PlanType[] = ['normal_plan', 'track_plan'];
/** The docs' V3 list items always carry `code` and `msg`; an accepted item says success. */
const SUCCESS = { code: '00000', msg: 'success' } as const;
/** The docs' own example of a refused item. */
const DOCS_FAILURE = { code: '24056', msg: 'notExisted' } as const;

function listItem(order: { orderId: string; clientOid: string }, result: { code: string; msg: string }) {
  return { orderId: order.orderId, clientOid: order.clientOid, code: result.code, msg: result.msg };
}

function strategyTypeOf(order: PlanOrder): 'tpsl' | 'trigger' {
  return TRIGGER_PLAN_TYPES.includes(order.planType) ? 'trigger' : 'tpsl';
}

function categoryOf(context: RouteContext) {
  if (!context.productType) throw new Error('route without a category');
  return context.productType;
}

function currentPositions(context: RouteContext): unknown {
  const category = categoryOf(context);
  const symbol = optionalSymbol(context);
  const side = optionalSide(context.params, 'posSide');
  context.admit();
  const list = context.account.positions
    .filter((p) => p.productType === category && (symbol === undefined || p.symbol === symbol) && (side === undefined || p.holdSide === side))
    .map(v3Position);
  // The live exchange says "nothing open" with `list: null` (bitget-live/v3_current_position.flat_list_null.live.json).
  return { list: list.length === 0 && context.shapes === 'live' ? null : list };
}

function close(context: RouteContext): unknown {
  if (context.params['holdSide'] !== undefined) throw apiError(400, '25236');
  const productType = categoryOf(context);
  const symbol = optionalSymbol(context);
  const side = optionalSide(context.params, 'posSide');
  context.admit();
  const fault = context.faults.takeClose(context.method, context.path);
  const result = closePositions(context.account, { productType, symbol, side }, fault, context.scheduler, context.now);
  if (!result) throw apiError(400, '25227');
  return {
    list: [
      ...result.closed.map((c) => listItem(c, SUCCESS)),
      ...result.failed.map((f) => listItem(f, { code: f.errorCode, msg: f.errorMsg })),
    ],
  };
}

function cancelSymbolOrders(context: RouteContext): unknown {
  const category = categoryOf(context);
  const symbol = optionalSymbol(context);
  context.admit();
  const account = context.account;
  const matches = (o: (typeof account.openOrders)[number]) => o.productType === category && (symbol === undefined || o.symbol === symbol);
  const matched = account.openOrders.filter(matches);
  if (matched.length === 0) throw apiError(400, '22001');
  const { fault, refused } = refusedByFault(context, matched);
  const removed = matched.filter((o) => !refused.has(o));
  account.openOrders = account.openOrders.filter((o) => !removed.includes(o));
  const failure = { code: fault?.errorCode ?? DOCS_FAILURE.code, msg: fault?.errorMsg ?? DOCS_FAILURE.msg };
  return { list: [...removed.map((o) => listItem(o, SUCCESS)), ...[...refused].map((o) => listItem(o, failure))] };
}

function unfilledStrategyOrders(context: RouteContext): unknown {
  const category = categoryOf(context);
  const symbol = optionalSymbol(context);
  const type = optionalText(context.params, 'type');
  if (type !== undefined && type !== 'tpsl' && type !== 'trigger') throw parameterError('type');
  context.admit();
  // A bare list, `[]` when there is none: the real exchange does not wrap it in {list} as its other V3 answers do.
  return context.account.planOrders
    .filter((o) => o.productType === category && (symbol === undefined || o.symbol === symbol) && (type === undefined || strategyTypeOf(o) === type))
    .map((o) => ({
      orderId: o.orderId,
      clientOid: o.clientOid,
      category: o.productType,
      symbol: o.symbol,
      qty: o.size,
      posSide: o.holdSide,
      tpTriggerBy: 'mark',
      slTriggerBy: 'mark',
      takeProfit: o.takeProfit,
      stopLoss: o.stopLoss,
      tpOrderType: 'market',
      slOrderType: 'market',
      tpLimitPrice: '',
      slLimitPrice: '',
      createdTime: String(o.createdAt),
      updatedTime: String(o.createdAt),
    }));
}

function cancelStrategyOrder(context: RouteContext): unknown {
  const orderId = optionalText(context.params, 'orderId');
  const clientOid = optionalText(context.params, 'clientOid');
  if (orderId === undefined && clientOid === undefined) throw apiError(400, '40924');
  context.admit();
  const account = context.account;
  const target = account.planOrders.find((o) => (orderId !== undefined ? o.orderId === orderId : o.clientOid === clientOid));
  if (!target) throw apiError(400, '25204');
  account.planOrders = account.planOrders.filter((o) => o !== target);
  return { clientOid: target.clientOid, orderId: target.orderId };
}

function cancelOrder(context: RouteContext): unknown {
  const category = categoryOf(context);
  const orderId = optionalText(context.params, 'orderId');
  const clientOid = optionalText(context.params, 'clientOid');
  if (orderId === undefined && clientOid === undefined) throw apiError(400, '40924');
  context.admit();
  const account = context.account;
  const target = account.openOrders.find((o) => o.productType === category && (orderId !== undefined ? o.orderId === orderId : o.clientOid === clientOid));
  if (!target) throw apiError(400, '25204');
  account.openOrders = account.openOrders.filter((o) => o !== target);
  return { orderId: target.orderId, clientOid: target.clientOid };
}

/** GET /api/v3/account/info (docs: no permission required): the UID, `permType` and the key's `permissions`. */
function accountInfo(context: RouteContext): unknown {
  context.admit();
  const account = context.account;
  return {
    uid: account.credentials.uid,
    inviterId: '',
    parentId: '',
    channelCode: '',
    channel: '',
    ips: (account.ipWhitelist ?? []).join(','),
    permType: account.readOnly ? 'read-only' : 'read-and-write',
    permissions: account.utaPermissions,
    regisTime: String(context.now),
  };
}

export const V3_ROUTES: readonly RouteDefinition[] = [
  { method: 'GET', path: '/api/v3/account/info', family: 'unified', perSecond: 5, handle: accountInfo },
  { method: 'GET', path: '/api/v3/position/current-position', family: 'unified', perSecond: 20, productTypeParam: 'category', handle: currentPositions },
  { method: 'POST', path: V3_CLOSE_PATH, family: 'unified', perSecond: 5, productTypeParam: 'category', handle: close },
  { method: 'POST', path: '/api/v3/trade/cancel-symbol-order', family: 'unified', perSecond: 5, productTypeParam: 'category', handle: cancelSymbolOrders },
  { method: 'GET', path: '/api/v3/trade/unfilled-strategy-orders', family: 'unified', perSecond: 20, productTypeParam: 'category', handle: unfilledStrategyOrders },
  { method: 'POST', path: '/api/v3/trade/cancel-strategy-order', family: 'unified', perSecond: 10, handle: cancelStrategyOrder },
  { method: 'POST', path: '/api/v3/trade/cancel-order', family: 'unified', perSecond: 10, productTypeParam: 'category', handle: cancelOrder },
];
