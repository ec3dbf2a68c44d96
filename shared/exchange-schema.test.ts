import { describe, expect, it } from 'vitest';
import { envelopeSchema, v2BatchResultSchema, v2PositionsSchema, v3BatchResultSchema, v3PositionsSchema } from './exchange-schema.ts';

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

  it('accepts null lists and numeric ids', () => {
    expect(v2BatchResultSchema.parse({ successList: null, failureList: [{ orderId: 5, errorCode: 40888 }] })).toEqual({
      successList: [],
      failureList: [{ orderId: '5', errorCode: '40888', clientOid: undefined }],
    });
    expect(v2BatchResultSchema.parse(null)).toEqual({ successList: [], failureList: [] });
  });

  it('reads V2 positions with strings for numbers and refuses an unknown side', () => {
    const positions = v2PositionsSchema.parse([{ symbol: 'BTCUSDT', holdSide: 'long', total: '0.5', marginCoin: 'USDT', openPriceAvg: '60000', unrealizedPL: '-3', liquidationPrice: '-1' }]);
    expect(positions[0]).toMatchObject({ symbol: 'BTCUSDT', holdSide: 'long', size: '0.5', entryPrice: '60000', unrealizedPnl: '-3', liquidationPrice: '' });
    expect(v2PositionsSchema.safeParse([{ symbol: 'BTCUSDT', holdSide: 'net', total: '1' }]).success).toBe(false);
    expect(v2PositionsSchema.parse(null)).toEqual([]);
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

  it('refuses an envelope without a code', () => {
    expect(envelopeSchema.safeParse({ msg: 'ok', data: {} }).success).toBe(false);
    expect(envelopeSchema.safeParse('<html>').success).toBe(false);
  });
});
