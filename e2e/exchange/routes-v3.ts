// Unified (V3) routes: positions, close, cancel open orders, list and cancel strategy (TP/SL, trigger) orders.
import { closePositions } from './closing.ts';
import { optionalSide, optionalSymbol, optionalText } from './params.ts';
import { v3Position } from './position-fields.ts';
import { apiError, parameterError } from './responses.ts';
import type { RouteContext, RouteDefinition } from './route.ts';
import type { PlanOrder, PlanType } from './types.ts';

export const V3_CLOSE_PATH = '/api/v3/trade/close-positions';

const TRIGGER_PLAN_TYPES: readonly PlanType[] = ['normal_plan', 'track_plan'];

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
  return { list };
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
      ...result.closed.map((c) => ({ orderId: c.orderId, clientOid: c.clientOid })),
      ...result.failed.map((f) => ({ orderId: f.orderId, clientOid: f.clientOid, code: f.errorCode, msg: f.errorMsg })),
    ],
  };
}

function cancelSymbolOrders(context: RouteContext): unknown {
  const category = categoryOf(context);
  const symbol = optionalSymbol(context);
  context.admit();
  const account = context.account;
  const matches = (o: (typeof account.openOrders)[number]) => o.productType === category && (symbol === undefined || o.symbol === symbol);
  const removed = account.openOrders.filter(matches);
  if (removed.length === 0) throw apiError(400, '22001');
  account.openOrders = account.openOrders.filter((o) => !matches(o));
  return { list: removed.map((o) => ({ orderId: o.orderId, clientOid: o.clientOid })) };
}

function unfilledStrategyOrders(context: RouteContext): unknown {
  const category = categoryOf(context);
  const symbol = optionalSymbol(context);
  const type = optionalText(context.params, 'type');
  if (type !== undefined && type !== 'tpsl' && type !== 'trigger') throw parameterError('type');
  context.admit();
  const list = context.account.planOrders
    .filter((o) => o.productType === category && (symbol === undefined || o.symbol === symbol) && (type === undefined || strategyTypeOf(o) === type))
    .map((o) => ({
      orderId: o.orderId,
      clientOid: o.clientOid,
      category: o.productType,
      symbol: o.symbol,
      type: strategyTypeOf(o),
      planType: o.planType,
      status: 'live',
      createdTime: String(o.createdAt),
      updatedTime: String(o.createdAt),
    }));
  return { list };
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
  return null;
}

export const V3_ROUTES: readonly RouteDefinition[] = [
  { method: 'GET', path: '/api/v3/position/current-position', family: 'unified', perSecond: 20, productTypeParam: 'category', handle: currentPositions },
  { method: 'POST', path: V3_CLOSE_PATH, family: 'unified', perSecond: 5, productTypeParam: 'category', handle: close },
  { method: 'POST', path: '/api/v3/trade/cancel-symbol-order', family: 'unified', perSecond: 5, productTypeParam: 'category', handle: cancelSymbolOrders },
  { method: 'GET', path: '/api/v3/trade/unfilled-strategy-orders', family: 'unified', perSecond: 20, productTypeParam: 'category', handle: unfilledStrategyOrders },
  { method: 'POST', path: '/api/v3/trade/cancel-strategy-order', family: 'unified', perSecond: 10, handle: cancelStrategyOrder },
];
