// What one close order did, from the exchange's order details: V2 order detail (one answer), V3 order info plus its
// fills (V3 order info has no realized PnL). A detail that cannot be read is a failure with why, never a zero cost.
import type { HoldSide, OrderCost, ProductType } from '../../../shared/bitget.ts';
import { v2OrderDetailSchema, v3FillsSchema, v3OrderInfoSchema } from '../../../shared/exchange-schema.ts';
import type { BitgetClient, CallOptions } from './client.ts';
import { parseData, send, type Failure, type Logged } from './answer.ts';

export const V2_ORDER_DETAIL_PATH = '/api/v2/mix/order/detail';
export const V3_ORDER_INFO_PATH = '/api/v3/trade/order-info';
export const V3_FILLS_PATH = '/api/v3/trade/fills';

export interface OrderRef {
  orderId: string;
  symbol?: string;
  productType: ProductType;
}

/** `final`: the order will not fill further (filled or cancelled); a live or partly filled order is worth reading again. */
export type OrderCostResult = { ok: true; cost: OrderCost; final: boolean } | Failure;

const holdSideOf = (posSide: string): HoldSide | undefined => (posSide === 'long' || posSide === 'short' ? posSide : undefined);

/** Decimal strings summed without binary noise: scaled to the most decimals any of them has. */
export function sumDecimals(values: readonly string[]): string {
  const decimals = Math.max(0, ...values.map((value) => (value.includes('.') ? value.length - value.indexOf('.') - 1 : 0)));
  const total = values.reduce((sum, value) => sum + Number(value), 0);
  const fixed = total.toFixed(Math.min(decimals, 12));
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

export async function classicOrderCost(client: BitgetClient, paptrading: boolean, order: OrderRef, timeoutMs: number, log?: Logged): Promise<OrderCostResult> {
  if (!order.symbol) return noSymbol(order.orderId);
  const options: CallOptions = {
    method: 'GET',
    path: V2_ORDER_DETAIL_PATH,
    query: { symbol: order.symbol, productType: order.productType, orderId: order.orderId },
    paptrading,
    timeoutMs,
  };
  const result = await send(client, options, log);
  if (!result.ok) return result;
  const parsed = parseData(v2OrderDetailSchema, result);
  if (!parsed.ok) return parsed;
  const detail = parsed.value;
  const holdSide = holdSideOf(detail.posSide);
  return {
    ok: true,
    final: detail.state === 'filled' || detail.state === 'canceled',
    cost: {
      orderId: detail.orderId,
      symbol: detail.symbol,
      ...(holdSide ? { holdSide } : {}),
      side: detail.side,
      filledSize: detail.baseVolume,
      avgPrice: detail.priceAvg,
      realizedPnl: detail.totalProfits,
      fee: detail.fee,
      ...(detail.marginCoin ? { feeCoin: detail.marginCoin } : {}),
      state: detail.state,
    },
  };
}

export async function unifiedOrderCost(client: BitgetClient, paptrading: boolean, order: OrderRef, timeoutMs: number, log?: Logged): Promise<OrderCostResult> {
  const info = await send(client, { method: 'GET', path: V3_ORDER_INFO_PATH, query: { orderId: order.orderId }, paptrading, timeoutMs }, log);
  if (!info.ok) return info;
  const parsed = parseData(v3OrderInfoSchema, info);
  if (!parsed.ok) return parsed;
  const detail = parsed.value;
  const feeCoins = [...new Set(detail.feeDetail.map((item) => item.feeCoin).filter(Boolean))];
  const holdSide = holdSideOf(detail.posSide);
  const cost: OrderCost = {
    orderId: detail.orderId,
    symbol: detail.symbol,
    ...(holdSide ? { holdSide } : {}),
    side: detail.side,
    filledSize: detail.cumExecQty,
    avgPrice: detail.avgPrice,
    // One fee not reported leaves the order's fee not reported, never a partial sum.
    fee: detail.feeDetail.some((item) => item.fee === '') ? '' : sumDecimals(detail.feeDetail.map((item) => item.fee)),
    ...(feeCoins.length === 1 ? { feeCoin: feeCoins[0]! } : {}),
    state: detail.orderStatus,
  };
  const final = detail.orderStatus === 'filled' || detail.orderStatus === 'cancelled';
  if (Number(detail.cumExecQty) === 0) return { ok: true, final, cost: { ...cost, realizedPnl: '0' } };

  const fills = await send(client, { method: 'GET', path: V3_FILLS_PATH, query: { orderId: order.orderId }, paptrading, timeoutMs }, log);
  if (!fills.ok) return fills;
  const parsedFills = parseData(v3FillsSchema, fills);
  if (!parsedFills.ok) return parsedFills;
  const own = parsedFills.value.list.filter((fill) => fill.orderId === detail.orderId);
  // Only fills that add up to the filled size give the order's PnL; fewer (not all listed yet) leave it unknown, not partial.
  const complete = sumDecimals(own.map((fill) => fill.execQty)) === sumDecimals([detail.cumExecQty]);
  return { ok: true, final: final && complete, cost: complete ? { ...cost, realizedPnl: sumDecimals(own.map((fill) => fill.execPnl)) } : cost };
}

function noSymbol(orderId: string): Failure {
  return {
    ok: false,
    error: {
      kind: 'unknown',
      message: `The exchange did not say which symbol close order ${orderId} was for, and its details cannot be asked for without one.`,
      hint: 'What it cost is in the order history on the Bitget website or app.',
    },
  };
}
