// zod schemas for what the exchange sends back, in the documented shapes (../shared/bitget-responses) and the shapes the
// live exchange sends where they differ (../shared/bitget-live). Anything that fits neither is an unreadable answer,
// never a guess: a missing list is not an empty one, and a size that is not a number is not zero. One exception, from
// the live exchange: a V3 `{"list": null}` is its way of saying "none" (a flat unified account, no fills).
import { z } from 'zod';
import type { Position } from './bitget.ts';
import { saneFigure } from './figure-number.ts';

/** A position as both APIs describe it, in the app's names; the caller adds the product type it asked for. */
export type ExchangePosition = Omit<Position, 'productType'>;
const positiveOrBlank = (value: string) => (Number(value) > 0 ? value : '');

const text = z.union([z.string(), z.number()]).transform(String);
const optionalText = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((value) => (value === null || value === undefined ? undefined : String(value)));

/** A plain decimal as the exchange writes sizes ("0.01", "119.2068"); "", "abc", "-1", "NaN" and "Infinity" are not. */
const DECIMAL = /^\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/;
/** A size: a finite, non-negative number, sent as a string (or, leniently, as a JSON number). */
const size = z
  .union([z.string().regex(DECIMAL, 'a size that is not a non-negative number'), z.number().nonnegative()])
  .transform(String)
  .pipe(saneFigure('non-negative'));

/**
 * Every answer, whatever the HTTP status: `code` decides. Error bodies may carry no `data` at all
 * (`{"code":"40084","msg":"…"}`), and `msg`/`requestTime` are informational, so only `code` is required.
 */
export const envelopeSchema = z.object({
  code: z.union([z.string().min(1), z.number()]).transform(String),
  msg: z.unknown().optional().transform((value) => (typeof value === 'string' ? value : undefined)),
  /** Absent when the body has no `data` key; null when it says `"data": null`. */
  data: z.unknown().optional(),
});
export type Envelope = z.infer<typeof envelopeSchema>;

export const serverTimeSchema = z.object({ serverTime: text });

export const v2PositionSchema = z.object({
  symbol: z.string(),
  marginCoin: z.string().default(''),
  holdSide: z.enum(['long', 'short']),
  total: size,
  available: text.default('0'),
  openPriceAvg: text.default(''),
  markPrice: text.default(''),
  unrealizedPL: text.default(''),
  liquidationPrice: text.default(''),
  leverage: text.default(''),
  marginMode: z.string().default(''),
  posMode: z.string().default(''),
}).transform((item): ExchangePosition => ({
  symbol: item.symbol,
  marginCoin: item.marginCoin,
  holdSide: item.holdSide,
  size: item.total,
  available: item.available,
  entryPrice: item.openPriceAvg,
  markPrice: item.markPrice,
  unrealizedPnl: item.unrealizedPL,
  liquidationPrice: positiveOrBlank(item.liquidationPrice),
  leverage: item.leverage,
  marginMode: item.marginMode,
  posMode: item.posMode,
}));
/** all-position: `data` is the list itself. `null` or a missing `data` is unreadable, not "nothing open". */
export const v2PositionsSchema = z.array(v2PositionSchema);

const v2OrderItem = z.object({ orderId: optionalText, clientOid: optionalText, symbol: z.string().optional() });
const v2FailureItem = v2OrderItem.extend({ errorCode: optionalText, errorMsg: z.string().nullish() });
/** close-positions, cancel-all-orders and cancel-plan-order all answer with these two lists; both are documented. */
export const v2BatchResultSchema = z.object({
  successList: z.array(v2OrderItem),
  failureList: z.array(v2FailureItem),
});

export const v3PositionSchema = z.object({
  category: z.string().optional(),
  symbol: z.string(),
  marginCoin: z.string().default(''),
  holdMode: z.string().default(''),
  posSide: z.enum(['long', 'short']),
  total: size,
  available: text.default('0'),
  avgPrice: text.default(''),
  markPrice: text.default(''),
  unrealisedPnl: text.default(''),
  liquidationPrice: text.default(''),
  leverage: text.default(''),
  marginMode: z.string().default(''),
}).transform((item): ExchangePosition => ({
  symbol: item.symbol,
  marginCoin: item.marginCoin,
  holdSide: item.posSide,
  size: item.total,
  available: item.available,
  entryPrice: item.avgPrice,
  markPrice: item.markPrice,
  unrealizedPnl: item.unrealisedPnl,
  liquidationPrice: positiveOrBlank(item.liquidationPrice),
  leverage: item.leverage,
  marginMode: item.marginMode,
  posMode: item.holdMode,
}));
/**
 * A V3 `{list}` answer's list: the live exchange answers `list: null` where there is none (a flat unified account,
 * no fills); a missing `list` key, or anything else, is still unreadable.
 */
const v3List = <T extends z.ZodType>(item: T) => z.union([z.array(item), z.null().transform((): z.infer<T>[] => [])]);

/** current-position: `data.list` is a list, or null when nothing is open (live). */
export const v3PositionsSchema = z.object({ list: v3List(v3PositionSchema) }).transform((data) => data.list);

const v3ListItem = z.object({
  orderId: optionalText,
  clientOid: optionalText,
  symbol: z.string().optional(),
  code: optionalText,
  msg: z.string().nullish(),
});
/** V3 close-positions and cancel-symbol-order: `data.list`; an item with a non-success `code` is a failure. */
export const v3BatchResultSchema = z.object({ list: v3List(v3ListItem) }).transform((data) => data.list);

/** One TP/SL or trigger order of unfilled-strategy-orders: it must name itself, or it cannot be cancelled. */
const v3StrategyOrder = z
  .object({ orderId: optionalText, clientOid: optionalText, symbol: z.string(), category: z.string().optional() })
  .refine((order) => Boolean(order.orderId || order.clientOid), 'a strategy order without orderId or clientOid');
/** unfilled-strategy-orders answers `data` as a bare list (`[]` when there is none), not `{list}`. */
export const v3StrategyOrdersSchema = z.array(v3StrategyOrder);

/** cancel-strategy-order answers `data: null` (one revision) or `{orderId, clientOid}` (the docs). */
export const v3CancelStrategyOrderSchema = z.union([z.null(), z.object({ orderId: optionalText, clientOid: optionalText })]);

// ---- Order details (what a close order did). From Bitget's API docs and the bitget-api SDK's types; not yet checked
// against a live answer (docs/exchange-facts.md). A detail that does not fit is an unread order, never a zero cost.

/** A signed decimal (a fee paid is negative, a PnL either sign): "-0.3156", "12.5", "0". Blank is not a number. */
const SIGNED_DECIMAL = /^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/;
const signedNumber = z
  .union([z.string().regex(SIGNED_DECIMAL, 'a number that is not a number'), z.number()])
  .transform(String)
  .pipe(saneFigure('signed'));
/** A price that may be blank while nothing filled. */
const priceOrBlank = z.union([z.literal(''), signedNumber]).transform(String);
/**
 * A fee as an order detail reports it: blank (`fee: ""`, the docs' example), null, absent or unreadable is "not
 * reported" (`""`): one figure the app cannot read never costs the size, price and PnL read beside it.
 */
const feeOrBlank = z.unknown().transform((value) => {
  const read = signedNumber.safeParse(value);
  return read.success ? read.data : '';
});

/** V2 GET /api/v2/mix/order/detail: `data` is one order. A blank or unreadable `fee` is "not reported". */
export const v2OrderDetailSchema = z.object({
  orderId: text,
  symbol: z.string().min(1),
  side: z.enum(['buy', 'sell']),
  state: z.enum(['live', 'partially_filled', 'filled', 'canceled']),
  baseVolume: size,
  priceAvg: priceOrBlank,
  fee: feeOrBlank,
  totalProfits: signedNumber,
  marginCoin: z.string().default(''),
  posSide: z.string().default(''),
  tradeSide: z.string().default(''),
});
export type V2OrderDetail = z.infer<typeof v2OrderDetailSchema>;

const v3FeeDetail = z.array(z.object({ feeCoin: z.string().default(''), fee: feeOrBlank }));

/**
 * V3 GET /api/v3/trade/order-info: `data` is one order; it has no realized PnL (that is in the fills). `new` is a
 * status the live exchange uses beside the docs' `live`: accepted, nothing filled yet.
 */
export const v3OrderInfoSchema = z.object({
  orderId: text,
  symbol: z.string().min(1),
  side: z.enum(['buy', 'sell']),
  orderStatus: z.enum(['new', 'live', 'partially_filled', 'filled', 'cancelled']),
  cumExecQty: size,
  avgPrice: priceOrBlank,
  feeDetail: v3FeeDetail,
  posSide: z.string().default(''),
});
export type V3OrderInfo = z.infer<typeof v3OrderInfoSchema>;

/** V3 GET /api/v3/trade/fills: `data.list` of fills (null when there is none, live) and a cursor for the next page. */
export const v3FillsSchema = z.object({
  list: v3List(
    z.object({
      execId: text,
      orderId: text,
      execQty: size,
      execPnl: signedNumber,
      feeDetail: v3FeeDetail,
    }),
  ),
  cursor: optionalText,
});
export type V3Fills = z.infer<typeof v3FillsSchema>;

// ---- Balances and mark prices, as the feed polls them while its socket is down (docs/exchange-facts.md). An equity or
// a mark that is blank or not a number is an unread balance or mark, never zero.

/** Two signed decimals added without binary noise (scaled to the longer fraction). */
function addDecimals(a: string, b: string): string {
  const decimals = Math.min(12, Math.max(...[a, b].map((value) => (value.includes('.') ? value.length - value.indexOf('.') - 1 : 0))));
  const fixed = (Number(a) + Number(b)).toFixed(decimals);
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

/** A figure the exchange may leave blank (`""`) or null (live): undefined then, so the caller decides what that means. */
const signedOrBlank = z
  .union([z.literal(''), z.null(), signedNumber])
  .optional()
  .transform((value) => (value === '' || value === null ? undefined : value));

/** One margin coin's figures in the app's names: equity includes the unrealized PnL, both in the coin. */
export interface ExchangeCoinBalance {
  marginCoin: string;
  equity: string;
  unrealizedPnl: string;
}

/**
 * V2 GET /api/v2/mix/account/accounts: `data` is a list, one item per margin coin. `accountEquity` includes the
 * unrealized PnL at the mark. `unrealizedPL` may be blank (the docs' own example): then cross + isolated is the total,
 * and only when both are numbers (live answers may carry them as null beside a `unrealizedPL`).
 */
export const v2AccountListSchema = z.array(
  z
    .object({
      marginCoin: z.string().min(1),
      accountEquity: signedNumber,
      unrealizedPL: signedOrBlank,
      crossedUnrealizedPL: signedOrBlank,
      isolatedUnrealizedPL: signedOrBlank,
    })
    .transform((item, context): ExchangeCoinBalance => {
      const { unrealizedPL, crossedUnrealizedPL, isolatedUnrealizedPL } = item;
      const total =
        unrealizedPL ?? (crossedUnrealizedPL !== undefined && isolatedUnrealizedPL !== undefined ? addDecimals(crossedUnrealizedPL, isolatedUnrealizedPL) : undefined);
      if (total === undefined) {
        context.addIssue({ code: 'custom', message: `no unrealized PnL for ${item.marginCoin}`, path: ['unrealizedPL'] });
        return z.NEVER;
      }
      return { marginCoin: item.marginCoin, equity: item.accountEquity, unrealizedPnl: total };
    }),
);

/**
 * V3 GET /api/v3/account/assets: account-wide figures in USD, and `assets[]` per coin ("only non-zero balances"). A
 * coin's `equity` is in the coin; the answer has no unrealized PnL per coin (the positions have it).
 */
export const v3AccountAssetsSchema = z
  .object({ assets: z.array(z.object({ coin: z.string().min(1), equity: signedNumber })) })
  .transform((data) => data.assets.map((asset) => ({ coin: asset.coin, equity: asset.equity })));

/** A mark price: a positive decimal. */
const markPrice = z
  .union([z.string().regex(DECIMAL, 'a mark price that is not a number'), z.number()])
  .transform(String)
  .pipe(saneFigure('positive'));

/** A contract's mark price, in the app's names. */
export interface ExchangeMark {
  symbol: string;
  markPrice: string;
}

/** V2 GET /api/v2/mix/market/symbol-price: `data` is a list (one item for the symbol asked). */
export const v2SymbolPriceSchema = z.array(z.object({ symbol: z.string().min(1), markPrice }).transform((item): ExchangeMark => item));

/** V3 GET /api/v3/market/tickers (a futures category): `data` is a list of tickers, each with its `markPrice`. */
export const v3TickersSchema = z.array(z.object({ symbol: z.string().min(1), markPrice }).transform((item): ExchangeMark => item));

/** One resting plan order of GET /api/v2/mix/order/orders-plan-pending: enough to cancel it by id and name it. */
const v2PendingPlanOrder = z.object({
  orderId: text,
  clientOid: optionalText,
  symbol: z.string(),
  planType: z.string(),
  marginCoin: optionalText,
});
/** orders-plan-pending: `{entrustedList, endId}`; a null list (as other V2 listings answer when empty) is none. */
export const v2PendingPlanOrdersSchema = z
  .object({ entrustedList: z.array(v2PendingPlanOrder).nullable() })
  .transform((data) => data.entrustedList ?? []);
export type V2PendingPlanOrder = z.infer<typeof v2PendingPlanOrder>;
