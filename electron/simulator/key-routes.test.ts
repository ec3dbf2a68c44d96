// The routes "Test connection" uses: spot account info (UID, permissions) and cancel of one order by id, V2 and V3.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startExchange, type Exchange } from './index.ts';
import { call, type CallOptions, type Keys } from './test-client.ts';

const ACCOUNT_INFO = '/api/v2/spot/account/info';
const V2_CANCEL = '/api/v2/mix/order/cancel-order';
const V3_CANCEL = '/api/v3/trade/cancel-order';
const USDT = 'USDT-FUTURES';

let exchange: Exchange;
const api = (keys: Keys, options: CallOptions) => call(exchange.url, keys, options);

beforeEach(async () => {
  exchange = await startExchange();
});
afterEach(async () => {
  await exchange.close();
});

describe('GET /api/v2/spot/account/info', () => {
  it('answers the UID and the futures read-write codes to a trading key, classic or unified', async () => {
    for (const kind of ['classic', 'unified'] as const) {
      const keys = exchange.addAccount({ kind });
      const answer = await api(keys, { path: ACCOUNT_INFO });
      expect(answer.status).toBe(200);
      expect(answer.json?.code).toBe('00000');
      const data = answer.json?.data as Record<string, unknown>;
      expect(data['userId']).toBe(exchange.account(keys.apiKey).uid);
      expect(data['authorities']).toEqual(['coow', 'cpow']);
      expect(Object.keys(data).sort()).toEqual(['authorities', 'channel', 'channelCode', 'inviterId', 'ips', 'parentId', 'regisTime', 'traderType', 'userId']);
    }
  });

  it('answers a read-only key normally, with the read-only codes; an account can be given its own', async () => {
    const keys = exchange.addAccount({ permissions: 'read-only' });
    const answer = await api(keys, { path: ACCOUNT_INFO });
    expect(answer.json?.code).toBe('00000');
    expect((answer.json?.data as { authorities: string[] }).authorities).toEqual(['coor', 'cpor']);
    const holdingsReadOnly = exchange.addAccount({ authorities: ['coow', 'cpor'] });
    expect(((await api(holdingsReadOnly, { path: ACCOUNT_INFO })).json?.data as { authorities: string[] }).authorities).toEqual(['coow', 'cpor']);
  });

  it('checks the signature and keeps 1 request per second', async () => {
    const keys = exchange.addAccount({});
    expect((await api(keys, { path: ACCOUNT_INFO, signedQuery: 'x=1' })).json?.code).toBe('40009');
    expect((await api(keys, { path: ACCOUNT_INFO })).json?.code).toBe('00000');
    const second = await api(keys, { path: ACCOUNT_INFO });
    expect(second.status).toBe(429);
  });
});

describe('GET /api/v3/account/info', () => {
  it('answers a unified key its UID, permType and permissions (uta_trade unless read-only); a classic key 40084', async () => {
    const path = '/api/v3/account/info';
    const trading = exchange.addAccount({ kind: 'unified' });
    expect((await api(trading, { path })).json?.data).toMatchObject({ uid: exchange.account(trading.apiKey).uid, permType: 'read-and-write', permissions: ['uta_mgt', 'uta_trade'] });
    const readOnly = exchange.addAccount({ kind: 'unified', permissions: 'read-only' });
    expect((await api(readOnly, { path })).json?.data).toMatchObject({ permType: 'read-only', permissions: ['uta_mgt'] });
    expect((await api(exchange.addAccount({}), { path })).json?.code).toBe('40084');
  });
});

describe('cancel one order by id', () => {
  it('V2: an order that does not exist is 40768; an open one is cancelled', async () => {
    const keys = exchange.addAccount({ openOrders: [{ productType: USDT, symbol: 'BTCUSDT', orderId: '1234567890123456789' }] });
    const missing = await api(keys, { path: V2_CANCEL, body: { symbol: 'BTCUSDT', productType: USDT, orderId: '1' } });
    expect([missing.status, missing.json?.code, missing.json?.msg]).toEqual([400, '40768', 'Order does not exist']);
    expect(exchange.account(keys.apiKey).openOrders).toHaveLength(1);
    const cancelled = await api(keys, { path: V2_CANCEL, body: { symbol: 'BTCUSDT', productType: USDT, orderId: '1234567890123456789' } });
    expect(cancelled.json?.code).toBe('00000');
    expect(cancelled.json?.data).toMatchObject({ orderId: '1234567890123456789' });
    expect(exchange.account(keys.apiKey).openOrders).toHaveLength(0);
  });

  it('V2: symbol, productType and an id are required; a unified key gets 40085', async () => {
    const keys = exchange.addAccount({});
    expect((await api(keys, { path: V2_CANCEL, body: { productType: USDT, orderId: '1' } })).json?.code).toBe('40019');
    expect((await api(keys, { path: V2_CANCEL, body: { symbol: 'BTCUSDT', orderId: '1' } })).json?.code).toBe('40019');
    expect((await api(keys, { path: V2_CANCEL, body: { symbol: 'BTCUSDT', productType: USDT } })).json?.code).toBe('40924');
    const unified = exchange.addAccount({ kind: 'unified' });
    expect((await api(unified, { path: V2_CANCEL, body: { symbol: 'BTCUSDT', productType: USDT, orderId: '1' } })).json?.code).toBe('40085');
  });

  it('V3: an order that does not exist is 25204; a classic key gets 40084', async () => {
    const keys = exchange.addAccount({ kind: 'unified' });
    const missing = await api(keys, { path: V3_CANCEL, body: { category: USDT, orderId: '1' } });
    expect([missing.status, missing.json?.code]).toEqual([400, '25204']);
    expect((await api(keys, { path: V3_CANCEL, body: { orderId: '1' } })).json?.code).toBe('40019');
    const classic = exchange.addAccount({});
    expect((await api(classic, { path: V3_CANCEL, body: { category: USDT, orderId: '1' } })).json?.code).toBe('40084');
  });

  it('a read-only key gets 40014 on both, before the order is looked up', async () => {
    const classic = exchange.addAccount({ permissions: 'read-only' });
    expect((await api(classic, { path: V2_CANCEL, body: { symbol: 'BTCUSDT', productType: USDT, orderId: '1' } })).json?.code).toBe('40014');
    const unified = exchange.addAccount({ kind: 'unified', permissions: 'read-only' });
    expect((await api(unified, { path: V3_CANCEL, body: { category: USDT, orderId: '1' } })).json?.code).toBe('40014');
  });
});
