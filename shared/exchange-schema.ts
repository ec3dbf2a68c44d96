// zod schemas for what the exchange sends back. Anything that does not fit is an unreadable answer, never a guess.
import { z } from 'zod';
import type { Position } from './bitget.ts';

/** A position as both APIs describe it, in the app's names; the caller adds the product type it asked for. */
export type ExchangePosition = Omit<Position, 'productType'>;
const positiveOrBlank = (value: string) => (Number(value) > 0 ? value : '');

const text = z.union([z.string(), z.number()]).transform(String);
const optionalText = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((value) => (value === null || value === undefined ? undefined : String(value)));

/** Every answer, whatever the HTTP status. */
export const envelopeSchema = z.object({
  code: text,
  msg: z.string().nullish(),
  requestTime: z.union([z.number(), z.string()]).nullish(),
  data: z.unknown(),
});
export type Envelope = z.infer<typeof envelopeSchema>;

export const serverTimeSchema = z.object({ serverTime: text });

export const v2PositionSchema = z.object({
  symbol: z.string(),
  marginCoin: z.string().default(''),
  holdSide: z.enum(['long', 'short']),
  total: text,
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
export const v2PositionsSchema = z.array(v2PositionSchema).nullable().transform((list) => list ?? []);

const v2OrderItem = z.object({ orderId: optionalText, clientOid: optionalText, symbol: z.string().optional() });
const v2FailureItem = v2OrderItem.extend({ errorCode: optionalText, errorMsg: z.string().nullish() });
/** close-positions, cancel-all-orders and cancel-plan-order all answer with these two lists. */
export const v2BatchResultSchema = z
  .object({
    successList: z.array(v2OrderItem).nullish().transform((list) => list ?? []),
    failureList: z.array(v2FailureItem).nullish().transform((list) => list ?? []),
  })
  .nullable()
  .transform((data) => data ?? { successList: [], failureList: [] });

export const v3PositionSchema = z.object({
  category: z.string().optional(),
  symbol: z.string(),
  marginCoin: z.string().default(''),
  holdMode: z.string().default(''),
  posSide: z.enum(['long', 'short']),
  total: text,
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
export const v3PositionsSchema = z
  .object({ list: z.array(v3PositionSchema).nullish().transform((list) => list ?? []) })
  .nullable()
  .transform((data) => data?.list ?? []);

const v3ListItem = z.object({
  orderId: optionalText,
  clientOid: optionalText,
  symbol: z.string().optional(),
  code: optionalText,
  msg: z.string().nullish(),
});
/** V3 close-positions and cancel-symbol-order: an item with a non-success `code` is a failure. */
export const v3BatchResultSchema = z
  .object({ list: z.array(v3ListItem).nullish().transform((list) => list ?? []) })
  .nullable()
  .transform((data) => data?.list ?? []);

export const v3StrategyOrdersSchema = z
  .object({
    list: z
      .array(z.object({ orderId: optionalText, clientOid: optionalText, symbol: z.string().optional() }))
      .nullish()
      .transform((list) => list ?? []),
  })
  .nullable()
  .transform((data) => data?.list ?? []);
