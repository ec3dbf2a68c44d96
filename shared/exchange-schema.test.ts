import { describe, expect, it } from 'vitest';
import {
  envelopeSchema,
  v2AccountListSchema,
  v2BatchResultSchema,
  v2PositionsSchema,
  v3BatchResultSchema,
  v3CancelStrategyOrderSchema,
  v3FillsSchema,
  v3PositionsSchema,
  v3StrategyOrdersSchema,
} from './exchange-schema.ts';

const v2Position = (total: unknown) => ({ symbol: 'BTCUSDT', holdSide: 'long', total });
const v3Position = (total: unknown) => ({ symbol: 'BTCUSDT', posSide: 'long', total });

describe('exchange response parsing', () => {
  it('reads the mission page example, failureList included', () => {
    const raw = JSON.parse(`{"code":"00000","data":{"successList":[{"orderId":"123","clientOid":"xxxxx"}],
      "failureList":[{"orderId":"1234","clientOid":"321","errorMsg":"clientOrderId duplicate ","errorCode":"43118"}]},
      "msg":"success","requestTime":"1627293504612"}`);
    const envelope = envelopeSchema.parse(raw);
    expect(envelope.code).toBe('00000');
    const data = v2BatchResultSchema.parse(envelope.data);
    expect(data.successList).toEqual([{ orderId: '123', clientOid: 'xxxxx' }]);
    expect(data.failureList[0]).toMatchObject({ errorCode: '43118', orderId: '1234' });
  });

  it('reads numeric ids as text', () => {
    expect(v2BatchResultSchema.parse({ successList: [], failureList: [{ orderId: 5, errorCode: 40888 }] })).toEqual({
      successList: [],
      failureList: [{ orderId: '5', errorCode: '40888', clientOid: undefined }],
    });
  });

  it('refuses a V2 batch answer that is null, or misses or nulls one of its two documented lists', () => {
    for (const data of [null, undefined, {}, { successList: [] }, { failureList: [] }, { successList: null, failureList: [] }, { successList: [], failureList: 'none' }]) {
      expect(v2BatchResultSchema.safeParse(data).success, JSON.stringify(data)).toBe(false);
    }
  });

  it('reads V2 positions with strings for numbers and refuses an unknown side', () => {
    const positions = v2PositionsSchema.parse([{ symbol: 'BTCUSDT', holdSide: 'long', total: '0.5', marginCoin: 'USDT', openPriceAvg: '60000', unrealizedPL: '-3', liquidationPrice: '-1' }]);
    expect(positions[0]).toMatchObject({ symbol: 'BTCUSDT', holdSide: 'long', size: '0.5', entryPrice: '60000', unrealizedPnl: '-3', liquidationPrice: '' });
    expect(v2PositionsSchema.safeParse([{ symbol: 'BTCUSDT', holdSide: 'net', total: '1' }]).success).toBe(false);
    expect(v2PositionsSchema.parse([])).toEqual([]);
  });

  it('refuses a V2 positions answer that is not a list: null or missing is unreadable, not "nothing open"', () => {
    for (const data of [null, undefined, {}, { list: [] }, 'none', 0]) {
      expect(v2PositionsSchema.safeParse(data).success, JSON.stringify(data)).toBe(false);
    }
  });

  it.each([['abc'], [''], ['-1'], ['NaN'], ['Infinity'], [' 1'], ['1,5'], [null], [true], [-2], [undefined]])(
    'refuses a position size of %j (V2 and V3)',
    (total) => {
      expect(v2PositionsSchema.safeParse([v2Position(total)]).success).toBe(false);
      expect(v3PositionsSchema.safeParse({ list: [v3Position(total)] }).success).toBe(false);
    },
  );

  it.each([['0'], ['0.01'], ['119.2068'], [3], ['1e-8']])('reads a position size of %j', (total) => {
    expect(v2PositionsSchema.parse([v2Position(total)])[0]?.size).toBe(String(total));
    expect(v3PositionsSchema.parse({ list: [v3Position(total)] })[0]?.size).toBe(String(total));
  });

  it('reads V3 positions and close lists with failure items', () => {
    expect(v3PositionsSchema.parse({ list: [{ symbol: 'ETHUSDT', posSide: 'short', total: '2', avgPrice: '3000', unrealisedPnl: '5', liquidationPrice: '3500', holdMode: 'hedge_mode' }] })[0]).toMatchObject({
      holdSide: 'short', size: '2', entryPrice: '3000', unrealizedPnl: '5', liquidationPrice: '3500', posMode: 'hedge_mode',
    });
    expect(v3BatchResultSchema.parse({ list: [{ orderId: '1' }, { code: '24056', msg: 'notExisted' }] })).toEqual([
      { orderId: '1', clientOid: undefined, code: undefined },
      { orderId: undefined, clientOid: undefined, code: '24056', msg: 'notExisted' },
    ]);
  });

  it('refuses V3 answers whose data.list is not a list (or null)', () => {
    for (const data of [null, undefined, {}, { list: undefined }, { list: {} }, { list: 'null' }, []]) {
      expect(v3PositionsSchema.safeParse(data).success, JSON.stringify(data)).toBe(false);
      expect(v3BatchResultSchema.safeParse(data).success, JSON.stringify(data)).toBe(false);
      expect(v3FillsSchema.safeParse(data).success, JSON.stringify(data)).toBe(false);
    }
  });

  it('reads the live V3 `list: null` as none (a flat unified account, no fills: bitget-live)', () => {
    expect(v3PositionsSchema.parse({ list: null })).toEqual([]);
    expect(v3BatchResultSchema.parse({ list: null })).toEqual([]);
    expect(v3FillsSchema.parse({ list: null, cursor: null })).toEqual({ list: [] });
  });

  it('reads the live V2 account item with null cross/isolated unrealized PnL, and still needs one unrealized figure', () => {
    const item = { marginCoin: 'USDT', accountEquity: '48.07', unrealizedPL: '0.0792', crossedUnrealizedPL: null, isolatedUnrealizedPL: null };
    expect(v2AccountListSchema.parse([item])).toEqual([{ marginCoin: 'USDT', equity: '48.07', unrealizedPnl: '0.0792' }]);
    expect(v2AccountListSchema.safeParse([{ ...item, unrealizedPL: null }]).success).toBe(false);
  });

  it('reads unfilled strategy orders as the bare array the exchange sends, and refuses {list}', () => {
    const order = { orderId: '1', clientOid: 'c1', category: 'USDT-FUTURES', symbol: 'BTCUSDT', qty: '0.01', posSide: 'long', takeProfit: '110000', stopLoss: '90000' };
    expect(v3StrategyOrdersSchema.parse([order])).toEqual([{ orderId: '1', clientOid: 'c1', category: 'USDT-FUTURES', symbol: 'BTCUSDT' }]);
    expect(v3StrategyOrdersSchema.parse([])).toEqual([]);
    for (const data of [{ list: [order] }, { list: [] }, null, undefined, [{ symbol: 'BTCUSDT' }], [{ orderId: '1' }]]) {
      expect(v3StrategyOrdersSchema.safeParse(data).success, JSON.stringify(data)).toBe(false);
    }
  });

  it('accepts both documented answers of cancel-strategy-order, and nothing else', () => {
    expect(v3CancelStrategyOrderSchema.parse(null)).toBeNull();
    expect(v3CancelStrategyOrderSchema.parse({ orderId: '111', clientOid: 'c' })).toEqual({ orderId: '111', clientOid: 'c' });
    for (const data of [undefined, 'ok', [], 1]) expect(v3CancelStrategyOrderSchema.safeParse(data).success, JSON.stringify(data)).toBe(false);
  });

  it('reads the code of any JSON object, with or without data, msg or requestTime', () => {
    expect(envelopeSchema.parse({ code: '40084', msg: 'Classic Account mode' })).toEqual({ code: '40084', msg: 'Classic Account mode' });
    expect('data' in envelopeSchema.parse({ code: '40084', msg: 'x' })).toBe(false);
    expect(envelopeSchema.parse({ code: '22002', msg: 'No position to close', requestTime: 1, data: null })).toMatchObject({ code: '22002', data: null });
    expect(envelopeSchema.parse({ code: 429 }).code).toBe('429');
    const odd = envelopeSchema.parse({ code: '1001', msg: 42, requestTime: 'soon' });
    expect([odd.code, odd.msg]).toEqual(['1001', undefined]);
  });

  it('refuses an envelope without a code', () => {
    expect(envelopeSchema.safeParse({ msg: 'ok', data: {} }).success).toBe(false);
    expect(envelopeSchema.safeParse({ code: '', msg: 'ok' }).success).toBe(false);
    expect(envelopeSchema.safeParse('<html>').success).toBe(false);
    expect(envelopeSchema.safeParse([{ code: '00000' }]).success).toBe(false);
  });
});
