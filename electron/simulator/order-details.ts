// What the exchange says about a close order once it is sent: V2 order detail, V3 order info and V3 fills. Shapes from
// Bitget's API docs and the bitget-api SDK's types (docs/exchange-facts.md), not yet checked against a live answer.
import { displaySymbol } from './contracts.ts';
import { optionalSymbol, optionalText } from './params.ts';
import { ApiError, apiError, parameterEmpty } from './responses.ts';
import type { RouteContext, RouteDefinition } from './route.ts';
import type { CloseOrder, ProductTypeName } from './types.ts';

export const V2_ORDER_DETAIL_PATH = '/api/v2/mix/order/detail';
export const V3_ORDER_INFO_PATH = '/api/v3/trade/order-info';
export const V3_FILLS_PATH = '/api/v3/trade/fills';

type State = 'live' | 'filled' | 'cancelled';

/** Live until its fill time; then filled, or cancelled for the rest when only part of it filled. */
function stateOf(order: CloseOrder, now: number): State {
  if (now < order.filledAt) return 'live';
  return order.filledSize === order.size ? 'filled' : 'cancelled';
}

const filledNow = (order: CloseOrder, now: number) => stateOf(order, now) !== 'live';
/** Closing a long sells, closing a short buys. */
const tradeDirection = (order: CloseOrder) => (order.holdSide === 'long' ? 'sell' : 'buy');

function orderByIds(context: RouteContext, match: (order: CloseOrder) => boolean): CloseOrder | undefined {
  const orderId = optionalText(context.params, 'orderId');
  const clientOid = optionalText(context.params, 'clientOid');
  if (orderId === undefined && clientOid === undefined) throw apiError(400, '40924');
  return context.account.closeOrders.find((order) => match(order) && (orderId !== undefined ? order.orderId === orderId : order.clientOid === clientOid));
}

function v2Detail(order: CloseOrder, requestedType: ProductTypeName, now: number): Record<string, string> {
  const state = stateOf(order, now);
  const filled = state !== 'live';
  const hedge = order.posMode === 'hedge_mode';
  return {
    symbol: displaySymbol(order.symbol, requestedType),
    size: order.size,
    orderId: order.orderId,
    clientOid: order.clientOid,
    baseVolume: filled ? order.filledSize : '0',
    priceAvg: filled ? order.price : '',
    fee: filled ? order.fee : '0',
    price: '',
    state: state === 'cancelled' ? 'canceled' : state,
    // Hedge mode names the position's direction with tradeSide close; one-way mode names the trade itself.
    side: hedge ? (order.holdSide === 'long' ? 'buy' : 'sell') : tradeDirection(order),
    force: 'gtc',
    totalProfits: filled ? order.realizedPnl : '0',
    posSide: hedge ? order.holdSide : 'net',
    marginCoin: order.marginCoin,
    // A flash close carries no preset TP/SL (the docs' and the live details list the fields, blank or absent).
    presetStopSurplusPrice: '',
    presetStopSurplusType: '',
    presetStopSurplusExecutePrice: '',
    presetStopLossPrice: '',
    presetStopLossType: '',
    presetStopLossExecutePrice: '',
    enterPointSource: 'API',
    quoteVolume: filled ? String(Number(order.filledSize) * Number(order.price)) : '0',
    orderType: 'market',
    leverage: order.leverage,
    marginMode: 'crossed',
    reduceOnly: hedge ? 'NO' : 'YES',
    tradeSide: hedge ? 'close' : order.holdSide === 'long' ? 'sell_single' : 'buy_single',
    posMode: order.posMode,
    orderSource: 'market',
    cancelReason: state === 'cancelled' ? 'partial fill' : '',
    cTime: String(order.createdAt),
    uTime: String(filled ? order.filledAt : order.createdAt),
  };
}

function orderDetail(context: RouteContext): unknown {
  const { productType, requestedType } = context;
  if (!productType || !requestedType) throw new Error('route without a product type');
  const symbol = optionalSymbol(context);
  if (symbol === undefined) throw parameterEmpty('symbol');
  const order = orderByIds(context, (candidate) => candidate.productType === productType && candidate.symbol === symbol);
  context.admit();
  if (!order) throw new ApiError(400, '40109', 'The data of the order cannot be found, please confirm the order number');
  return v2Detail(order, requestedType, context.now);
}

function v3FeeDetail(order: CloseOrder, now: number) {
  return [{ feeCoin: order.marginCoin, fee: filledNow(order, now) ? order.fee : '0' }];
}

function orderInfo(context: RouteContext): unknown {
  const order = orderByIds(context, () => true);
  context.admit();
  if (!order) throw apiError(400, '25204');
  const state = stateOf(order, context.now);
  const filled = state !== 'live';
  return {
    orderId: order.orderId,
    clientOid: order.clientOid,
    category: order.productType,
    symbol: order.symbol,
    orderType: 'market',
    side: tradeDirection(order),
    price: '',
    qty: order.size,
    amount: '',
    cumExecQty: filled ? order.filledSize : '0',
    cumExecValue: filled ? String(Number(order.filledSize) * Number(order.price)) : '0',
    avgPrice: filled ? order.price : '',
    timeInForce: 'gtc',
    orderStatus: state,
    posSide: order.posMode === 'hedge_mode' ? order.holdSide : '',
    holdMode: order.posMode === 'hedge_mode' ? 'hedge_mode' : 'one_way_mode',
    reduceOnly: 'yes',
    feeDetail: v3FeeDetail(order, context.now),
    cancelReason: state === 'cancelled' ? 'partial fill' : '',
    execType: 'taker',
    createdTime: String(order.createdAt),
    updatedTime: String(filled ? order.filledAt : order.createdAt),
  };
}

/** One fill per filled close order (a market close fills at once in the simulator). */
function fills(context: RouteContext): unknown {
  const orderId = optionalText(context.params, 'orderId');
  const limit = optionalText(context.params, 'limit');
  if (limit !== undefined && !/^\d+$/.test(limit)) throw new ApiError(400, '40020', 'Parameter limit error');
  context.admit();
  const list = context.account.closeOrders
    .filter((order) => filledNow(order, context.now) && (orderId === undefined || order.orderId === orderId))
    .reverse()
    .slice(0, Math.min(Number(limit ?? 100), 100))
    .map((order) => ({
      execId: `${order.orderId}1`,
      orderId: order.orderId,
      ...(context.shapes === 'live' ? { clientOid: order.clientOid, execLinkId: `${order.orderId}1` } : {}),
      category: order.productType,
      symbol: order.symbol,
      orderType: 'market',
      side: tradeDirection(order),
      execPrice: order.price,
      execQty: order.filledSize,
      execValue: String(Number(order.filledSize) * Number(order.price)),
      tradeScope: 'taker',
      feeDetail: v3FeeDetail(order, context.now),
      execPnl: order.realizedPnl,
      tradeSide: context.shapes === 'live' ? `close_${order.holdSide}` : 'close',
      createdTime: String(order.filledAt),
      updatedTime: String(order.filledAt),
    }));
  // Live: `{"list":null,"cursor":null}` when there is none, else the cursor is the last fill's id (bitget-live/v3_fills).
  if (context.shapes === 'live') return list.length === 0 ? { list: null, cursor: null } : { list, cursor: list.at(-1)!.execId };
  return { list, cursor: '' };
}

export const ORDER_DETAIL_ROUTES: readonly RouteDefinition[] = [
  { method: 'GET', path: V2_ORDER_DETAIL_PATH, family: 'classic', perSecond: 10, productTypeParam: 'productType', handle: orderDetail },
  { method: 'GET', path: V3_ORDER_INFO_PATH, family: 'unified', perSecond: 20, handle: orderInfo },
  { method: 'GET', path: V3_FILLS_PATH, family: 'unified', perSecond: 10, handle: fills },
];
