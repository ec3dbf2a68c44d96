// The simulator's own strictness, over real HTTP.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Agent, Pool, request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startExchange } from './index.ts';
import type { AccountSpec, Credentials, Exchange } from './index.ts';
import { call } from './test-client.ts';
import type { CallOptions } from './test-client.ts';

const USDT = 'USDT-FUTURES';
const ALL_POSITIONS = '/api/v2/mix/position/all-position';
const CLOSE = '/api/v2/mix/order/close-positions';
const V3_CLOSE = '/api/v3/trade/close-positions';
const V3_POSITIONS = '/api/v3/position/current-position';

const HEDGE_BOOK: AccountSpec = {
  positions: [
    { productType: USDT, symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' },
    { productType: USDT, symbol: 'BTCUSDT', holdSide: 'short', size: '0.2' },
    { productType: USDT, symbol: 'ETHUSDT', holdSide: 'long', size: '3' },
    { productType: 'COIN-FUTURES', symbol: 'BTCUSD', holdSide: 'long', size: '100' },
  ],
};

let exchange: Exchange;
let keys: Credentials;

function api(options: CallOptions, credentials: Credentials = keys) {
  return call(exchange.url, credentials, options);
}

function sides() {
  return exchange
    .account(keys.apiKey)
    .positions.map((p) => `${p.productType} ${p.symbol} ${p.holdSide} ${p.size}`)
    .sort();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeEach(async () => {
  exchange = await startExchange();
  keys = exchange.addAccount(HEDGE_BOOK);
});

afterEach(async () => {
  await exchange.close();
});

describe('server time', () => {
  it('answers without a key, serverTime as a string on the skewed clock', async () => {
    exchange.clock.skewMs = 120_000;
    const response = await request(`${exchange.url}/api/v2/public/time`);
    const body = (await response.body.json()) as { code: string; msg: string; requestTime: number; data: { serverTime: string } };
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(body.code).toBe('00000');
    expect(body.msg).toBe('success');
    expect(typeof body.data.serverTime).toBe('string');
    expect(Number(body.data.serverTime) - Date.now()).toBeGreaterThan(110_000);
  });
});

describe('signature', () => {
  it('accepts a signature computed by the openssl command line over the exact bytes', async () => {
    const timestamp = String(Date.now());
    const body = '{"productType":"usdt-futures","symbol":"BTCUSDT","holdSide":"long"}';
    const prehash = `${timestamp}POST${CLOSE}${body}`;
    const signature = execFileSync('sh', ['-c', `openssl dgst -sha256 -hmac "$SECRET" -binary | base64`], {
      input: prehash,
      env: { ...process.env, SECRET: keys.secretKey },
    })
      .toString()
      .trim();
    const response = await request(`${exchange.url}${CLOSE}`, {
      method: 'POST',
      body,
      headers: {
        'ACCESS-KEY': keys.apiKey,
        'ACCESS-SIGN': signature,
        'ACCESS-TIMESTAMP': timestamp,
        'ACCESS-PASSPHRASE': keys.passphrase,
        'Content-Type': 'application/json',
        locale: 'zh-CN',
      },
    });
    const json = (await response.body.json()) as { code: string };
    expect(response.statusCode).toBe(200);
    expect(json.code).toBe('00000');
    const logged = exchange.account(keys.apiKey).requests[0];
    expect(logged?.body).toBe(body);
    expect(logged?.headers['access-sign']).toBe(signature);
    expect(logged?.headers['access-passphrase']).toBeUndefined();
  });

  it('signs the query string as sent: the same parameters in another order fail', async () => {
    const ok = await api({ path: ALL_POSITIONS, query: 'marginCoin=USDT&productType=USDT-FUTURES' });
    expect(ok.json?.code).toBe('00000');
    const reordered = await api({
      path: ALL_POSITIONS,
      query: 'marginCoin=USDT&productType=USDT-FUTURES',
      signedQuery: 'productType=USDT-FUTURES&marginCoin=USDT',
    });
    expect(reordered.status).toBe(400);
    expect(reordered.json).toMatchObject({ code: '40009', msg: 'sign signature error', data: null });
    expect(typeof reordered.json?.requestTime).toBe('number');
  });

  it('rejects a body re-serialised after signing (one space differs)', async () => {
    const result = await api({ path: CLOSE, body: '{"productType": "USDT-FUTURES"}', signedBody: '{"productType":"USDT-FUTURES"}' });
    expect(result.status).toBe(400);
    expect(result.json?.code).toBe('40009');
    expect(sides()).toHaveLength(4);
  });

  it('rejects a signature made with another secret', async () => {
    const result = await api({ path: ALL_POSITIONS, query: 'productType=USDT-FUTURES' }, { ...keys, secretKey: 'f'.repeat(64) });
    expect(result.json?.code).toBe('40009');
  });
});

describe('headers and timestamp', () => {
  const missing: Array<[string, string]> = [
    ['ACCESS-KEY', '40001'],
    ['ACCESS-SIGN', '40002'],
    ['ACCESS-TIMESTAMP', '40003'],
    ['ACCESS-PASSPHRASE', '40011'],
  ];
  it.each(missing)('missing %s answers HTTP 400 code %s', async (header, code) => {
    const result = await api({ path: ALL_POSITIONS, query: 'productType=USDT-FUTURES', headers: { [header]: undefined } });
    expect(result.status).toBe(400);
    expect(result.json?.code).toBe(code);
    expect(result.headers['content-type']).toBe('application/json');
  });

  it('a timestamp that is not all digits is 40005', async () => {
    for (const timestamp of ['2024-01-01T00:00:00Z', `${Date.now()}.5`, `-${Date.now()}`]) {
      const result = await api({ path: ALL_POSITIONS, query: 'productType=USDT-FUTURES', timestamp });
      expect(result.json?.code).toBe('40005');
    }
  });

  it('a timestamp more than 30 s from the server clock either way is 40008; within is fine', async () => {
    const at = (offset: number) => api({ path: ALL_POSITIONS, query: 'productType=USDT-FUTURES', timestamp: String(Date.now() + offset) });
    expect((await at(-31_000)).json?.code).toBe('40008');
    expect((await at(31_000)).json?.code).toBe('40008');
    expect((await at(-29_000)).json?.code).toBe('00000');
    expect((await at(29_000)).json?.code).toBe('00000');
  });

  it('the window follows the server clock, skew included', async () => {
    exchange.clock.skewMs = -45_000;
    const local = await api({ path: ALL_POSITIONS, query: 'productType=USDT-FUTURES' });
    expect(local.json?.code).toBe('40008');
    const synced = await api({ path: ALL_POSITIONS, query: 'productType=USDT-FUTURES', timestamp: String(exchange.clock.now()) });
    expect(synced.json?.code).toBe('00000');
  });

  it('unknown key is 40006, wrong passphrase is 40012', async () => {
    expect((await api({ path: ALL_POSITIONS, query: 'productType=USDT-FUTURES' }, { ...keys, apiKey: 'bg_unknown' })).json?.code).toBe('40006');
    expect((await api({ path: ALL_POSITIONS, query: 'productType=USDT-FUTURES' }, { ...keys, passphrase: 'wrong' })).json?.code).toBe('40012');
  });

  it('a POST without Content-Type application/json is 40007 (charset parameter allowed)', async () => {
    const plain = await api({ path: CLOSE, body: { productType: USDT }, headers: { 'Content-Type': 'text/plain' } });
    expect(plain.status).toBe(400);
    expect(plain.json?.code).toBe('40007');
    expect(sides()).toHaveLength(4);
    const charset = await api({ path: CLOSE, body: { productType: USDT }, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
    expect(charset.json?.code).toBe('00000');
  });

  it('locale is optional but must be en-US or zh-CN', async () => {
    expect((await api({ path: ALL_POSITIONS, query: 'productType=USDT-FUTURES', headers: { locale: undefined } })).json?.code).toBe('00000');
    expect((await api({ path: ALL_POSITIONS, query: 'productType=USDT-FUTURES', headers: { locale: 'fr-FR' } })).json?.code).toBe('40020');
  });

  it('a body that is not JSON is a parameter error 40017', async () => {
    const result = await api({ path: CLOSE, body: '{"productType":"USDT-FUTURES"' });
    expect(result.status).toBe(400);
    expect(result.json?.code).toBe('40017');
  });

  it('an unknown route is 404 with a JSON body', async () => {
    const result = await api({ path: '/api/v2/mix/order/close-everything', body: {} });
    expect(result.status).toBe(404);
    expect(result.json?.code).toBe('40404');
  });
});

describe('key restrictions', () => {
  it('a request from an address outside the whitelist is 40018', async () => {
    const elsewhere = exchange.addAccount({ ipWhitelist: ['10.1.2.3'] });
    const here = exchange.addAccount({ ipWhitelist: ['127.0.0.1'] });
    expect((await api({ path: ALL_POSITIONS, query: 'productType=USDT-FUTURES' }, elsewhere)).json?.code).toBe('40018');
    expect((await api({ path: ALL_POSITIONS, query: 'productType=USDT-FUTURES' }, here)).json?.code).toBe('00000');
  });

  it('a frozen account is 40024', async () => {
    const frozen = exchange.addAccount({ frozen: true });
    expect((await api({ path: ALL_POSITIONS, query: 'productType=USDT-FUTURES' }, frozen)).json?.code).toBe('40024');
  });

  it('a read-only key may read but every write is 40014', async () => {
    const reader = exchange.addAccount({ permissions: 'read-only', positions: [{ productType: USDT, symbol: 'BTCUSDT', holdSide: 'long', size: '1' }] });
    expect((await api({ path: ALL_POSITIONS, query: 'productType=USDT-FUTURES' }, reader)).json?.code).toBe('00000');
    const close = await api({ path: CLOSE, body: { productType: USDT } }, reader);
    expect(close.json?.code).toBe('40014');
    expect(exchange.account(reader.apiKey).positions).toHaveLength(1);
  });
});

describe('parameters', () => {
  it('productType is required (40019), must be one of the six (40020), any case', async () => {
    expect((await api({ path: ALL_POSITIONS })).json?.code).toBe('40019');
    expect((await api({ path: ALL_POSITIONS, query: 'productType=SPOT' })).json?.code).toBe('40020');
    expect((await api({ path: CLOSE, body: { symbol: 'BTCUSDT' } })).json?.code).toBe('40019');
    const lower = await api({ path: ALL_POSITIONS, query: 'productType=usdt-futures' });
    expect(lower.json?.code).toBe('00000');
    expect(lower.json?.data).toHaveLength(3);
  });

  it('an unknown or lower-case symbol is 40034; a bad holdSide is 40020', async () => {
    expect((await api({ path: CLOSE, body: { productType: USDT, symbol: 'DOGEUSDT' } })).json?.code).toBe('40034');
    expect((await api({ path: CLOSE, body: { productType: USDT, symbol: 'btcusdt' } })).json?.code).toBe('40034');
    expect((await api({ path: CLOSE, body: { productType: USDT, symbol: 'BTCUSD' } })).json?.code).toBe('40034');
    expect((await api({ path: CLOSE, body: { productType: USDT, symbol: 'BTCUSDT', holdSide: 'Long' } })).json?.code).toBe('40020');
    expect(sides()).toHaveLength(4);
  });
});

describe('V2 positions', () => {
  it('lists the product type with V2 field names, numbers as strings, filtered by marginCoin', async () => {
    const result = await api({ path: ALL_POSITIONS, query: 'productType=USDT-FUTURES&marginCoin=USDT' });
    const list = result.json?.data as Array<Record<string, unknown>>;
    expect(list.map((p) => `${p['symbol']} ${p['holdSide']} ${p['total']}`).sort()).toEqual(['BTCUSDT long 0.5', 'BTCUSDT short 0.2', 'ETHUSDT long 3']);
    for (const field of ['marginCoin', 'available', 'locked', 'leverage', 'openPriceAvg', 'marginMode', 'posMode', 'unrealizedPL', 'liquidationPrice', 'markPrice', 'marginRatio', 'achievedProfits', 'cTime']) {
      expect(typeof list[0]?.[field], field).toBe('string');
    }
    const none = await api({ path: ALL_POSITIONS, query: 'productType=USDT-FUTURES&marginCoin=USDC' });
    expect(none.json?.data).toEqual([]);
  });
});

describe('V2 flash close', () => {
  it('hedge mode with holdSide blank closes both sides of the symbol only', async () => {
    const result = await api({ path: CLOSE, body: { productType: USDT, symbol: 'BTCUSDT' } });
    expect(result.status).toBe(200);
    const data = result.json?.data as { successList: Array<{ orderId: string; clientOid: string; symbol: string }>; failureList: unknown[] };
    expect(data.successList).toHaveLength(2);
    expect(data.successList.every((s) => /^\d+$/.test(s.orderId) && s.symbol === 'BTCUSDT' && s.clientOid.length > 0)).toBe(true);
    expect(data.failureList).toEqual([]);
    expect(sides()).toEqual(['COIN-FUTURES BTCUSD long 100', 'USDT-FUTURES ETHUSDT long 3']);
  });

  it('hedge mode with holdSide closes only that side', async () => {
    await api({ path: CLOSE, body: { productType: USDT, symbol: 'BTCUSDT', holdSide: 'short' } });
    expect(sides()).toContain('USDT-FUTURES BTCUSDT long 0.5');
    expect(sides()).not.toContain('USDT-FUTURES BTCUSDT short 0.2');
  });

  it('one-way mode ignores holdSide', async () => {
    const oneWay = exchange.addAccount({ posMode: 'one_way_mode', positions: [{ productType: USDT, symbol: 'SOLUSDT', holdSide: 'long', size: '10' }] });
    const result = await api({ path: CLOSE, body: { productType: USDT, symbol: 'SOLUSDT', holdSide: 'short' } }, oneWay);
    expect(result.json?.code).toBe('00000');
    expect(exchange.account(oneWay.apiKey).positions).toEqual([]);
  });

  it('blank symbol closes every position of the product type and nothing else', async () => {
    const result = await api({ path: CLOSE, body: { productType: USDT, symbol: '', holdSide: '' } });
    expect((result.json?.data as { successList: unknown[] }).successList).toHaveLength(3);
    expect(sides()).toEqual(['COIN-FUTURES BTCUSD long 100']);
  });

  it('nothing to close is HTTP 400 code 22002', async () => {
    const result = await api({ path: CLOSE, body: { productType: 'USDC-FUTURES' } });
    expect(result.status).toBe(400);
    expect(result.json).toMatchObject({ code: '22002', msg: 'No position to close' });
  });

  it('allows one close per second per account (sliding from the last accepted), 429 otherwise', async () => {
    const first = await api({ path: CLOSE, body: { productType: USDT, symbol: 'BTCUSDT', holdSide: 'long' } });
    expect(first.json?.code).toBe('00000');
    const second = await api({ path: CLOSE, body: { productType: USDT, symbol: 'BTCUSDT', holdSide: 'short' } });
    expect(second.status).toBe(429);
    expect(second.json).toMatchObject({ code: '429', msg: 'Too Many Requests' });
    expect(sides()).toContain('USDT-FUTURES BTCUSDT short 0.2');
    const other = exchange.addAccount({ positions: [{ productType: USDT, symbol: 'BTCUSDT', holdSide: 'long', size: '1' }] });
    expect((await api({ path: CLOSE, body: { productType: USDT } }, other)).json?.code).toBe('00000');
    await sleep(1_010);
    const third = await api({ path: CLOSE, body: { productType: USDT, symbol: 'BTCUSDT', holdSide: 'short' } });
    expect(third.json?.code).toBe('00000');
    const view = exchange.account(keys.apiKey);
    expect(view.closeRequests.count).toBe(3);
    expect(view.closeRequests.times).toHaveLength(3);
  });

  it('limits all-position to 5 requests a second', async () => {
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push((await api({ path: ALL_POSITIONS, query: 'productType=USDT-FUTURES' })).json?.code);
    expect(codes).toEqual(['00000', '00000', '00000', '00000', '00000', '429']);
  });
});

describe('V2 order cancels', () => {
  it('cancel-all-orders removes the open orders of the product type (symbol filter), 22001 when none', async () => {
    const trader = exchange.addAccount({
      openOrders: [
        { productType: USDT, symbol: 'BTCUSDT', orderId: '1' },
        { productType: USDT, symbol: 'ETHUSDT', orderId: '2' },
        { productType: 'COIN-FUTURES', symbol: 'BTCUSD', orderId: '3' },
      ],
      planOrders: [{ productType: USDT, symbol: 'BTCUSDT', planType: 'normal_plan', orderId: '9' }],
    });
    const btc = await api({ path: '/api/v2/mix/order/cancel-all-orders', body: { productType: USDT, symbol: 'BTCUSDT' } }, trader);
    expect((btc.json?.data as { successList: Array<{ orderId: string }> }).successList.map((o) => o.orderId)).toEqual(['1']);
    const rest = await api({ path: '/api/v2/mix/order/cancel-all-orders', body: { productType: USDT, marginCoin: 'USDT' } }, trader);
    expect((rest.json?.data as { successList: Array<{ orderId: string }> }).successList.map((o) => o.orderId)).toEqual(['2']);
    const none = await api({ path: '/api/v2/mix/order/cancel-all-orders', body: { productType: USDT } }, trader);
    expect(none.json?.code).toBe('22001');
    const view = exchange.account(trader.apiKey);
    expect(view.openOrders.map((o) => o.orderId)).toEqual(['3']);
    expect(view.planOrders).toHaveLength(1);
  });

  it('cancel-plan-order removes plan orders of the planType (normal_plan by default)', async () => {
    const trader = exchange.addAccount({
      planOrders: [
        { productType: USDT, symbol: 'BTCUSDT', planType: 'normal_plan', orderId: '1' },
        { productType: USDT, symbol: 'BTCUSDT', planType: 'profit_plan', orderId: '2' },
        { productType: USDT, symbol: 'BTCUSDT', planType: 'loss_plan', orderId: '3' },
      ],
    });
    const path = '/api/v2/mix/order/cancel-plan-order';
    const plain = await api({ path, body: { productType: USDT } }, trader);
    expect((plain.json?.data as { successList: Array<{ orderId: string }> }).successList.map((o) => o.orderId)).toEqual(['1']);
    expect((await api({ path, body: { productType: USDT, planType: 'profit_plan' } }, trader)).json?.code).toBe('00000');
    expect((await api({ path, body: { productType: USDT, planType: 'bogus' } }, trader)).json?.code).toBe('40020');
    expect(exchange.account(trader.apiKey).planOrders.map((o) => o.orderId)).toEqual(['3']);
  });
});

describe('demo environment', () => {
  let demo: Credentials;
  beforeEach(() => {
    demo = exchange.addAccount({ demo: true, positions: [{ productType: USDT, symbol: 'BTCUSDT', holdSide: 'long', size: '1' }] });
  });

  it('a demo key with paptrading: 1 and a normal product type works', async () => {
    const result = await api({ path: ALL_POSITIONS, query: 'productType=USDT-FUTURES', headers: { paptrading: '1' } }, demo);
    expect(result.json?.code).toBe('00000');
  });

  it('a demo key with an S-type and no header sees the same positions under the old names', async () => {
    const result = await api({ path: ALL_POSITIONS, query: 'productType=SUSDT-FUTURES' }, demo);
    expect((result.json?.data as Array<{ symbol: string }>).map((p) => p.symbol)).toEqual(['SBTCSUSDT']);
    const closed = await api({ path: CLOSE, body: { productType: 'SUSDT-FUTURES', symbol: 'SBTCSUSDT' } }, demo);
    expect(closed.json?.code).toBe('00000');
    expect(exchange.account(demo.apiKey).positions).toEqual([]);
  });

  it.each([
    ['demo key, no header, normal type', true, undefined, 'USDT-FUTURES'],
    ['demo key, header and S-type', true, '1', 'SUSDT-FUTURES'],
    ['live key with paptrading: 1', false, '1', 'USDT-FUTURES'],
    ['live key with an S-type', false, undefined, 'SUSDT-FUTURES'],
  ])('%s is 40099', async (_label, isDemo, header, productType) => {
    const result = await api({ path: CLOSE, body: { productType }, headers: { paptrading: header } }, isDemo ? demo : keys);
    expect(result.status).toBe(400);
    expect(result.json).toMatchObject({ code: '40099', msg: 'exchange environment is incorrect' });
    expect(exchange.account(demo.apiKey).positions).toHaveLength(1);
    expect(sides()).toHaveLength(4);
  });
});

describe('account kinds', () => {
  it('a unified account on V2 is HTTP 400 code 40085; a classic one on V3 is 40084', async () => {
    const v3 = await api({ path: V3_POSITIONS, query: 'category=USDT-FUTURES' });
    expect(v3.status).toBe(400);
    expect(v3.json).toMatchObject({ code: '40084', msg: 'You are in Classic Account mode, and the Unified Account API is not supported at this time' });
    exchange.setKind(keys.apiKey, 'unified');
    const v2 = await api({ path: CLOSE, body: { productType: USDT } });
    expect(v2.status).toBe(400);
    expect(v2.json).toMatchObject({ code: '40085', msg: 'You are in Unified Account mode, and the Classic Account API is not supported at this time' });
    expect(sides()).toHaveLength(4);
    expect((await api({ path: V3_POSITIONS, query: 'category=USDT-FUTURES' })).json?.code).toBe('00000');
  });
});

describe('V3 unified routes', () => {
  let unified: Credentials;
  beforeEach(() => {
    unified = exchange.addAccount({
      kind: 'unified',
      positions: [
        { productType: USDT, symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' },
        { productType: USDT, symbol: 'BTCUSDT', holdSide: 'short', size: '0.2' },
        { productType: USDT, symbol: 'ETHUSDT', holdSide: 'long', size: '3' },
      ],
      openOrders: [{ productType: USDT, symbol: 'BTCUSDT', orderId: '11' }],
      planOrders: [
        { productType: USDT, symbol: 'BTCUSDT', planType: 'pos_loss', orderId: '21' },
        { productType: USDT, symbol: 'BTCUSDT', planType: 'normal_plan', orderId: '22' },
      ],
    });
  });

  it('current-position lists V3 field names, filtered by symbol and posSide', async () => {
    const result = await api({ path: V3_POSITIONS, query: 'category=USDT-FUTURES&symbol=BTCUSDT&posSide=short' }, unified);
    const list = (result.json?.data as { list: Array<Record<string, string>> }).list;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ category: USDT, symbol: 'BTCUSDT', posSide: 'short', holdMode: 'hedge_mode', total: '0.2', avgPrice: '65000' });
    for (const field of ['marginCoin', 'marginMode', 'available', 'frozen', 'markPrice', 'unrealisedPnl', 'liquidationPrice', 'leverage', 'breakEvenPrice', 'createdTime', 'updatedTime']) {
      expect(typeof list[0]?.[field], field).toBe('string');
    }
    expect((await api({ path: V3_POSITIONS, query: 'category=SUSDT-FUTURES' }, unified)).json?.code).toBe('40020');
  });

  it('close takes posSide, refuses holdSide (25236), answers 25227 when nothing is left', async () => {
    expect((await api({ path: V3_CLOSE, body: { category: USDT, symbol: 'BTCUSDT', holdSide: 'long' } }, unified)).json?.code).toBe('25236');
    const result = await api({ path: V3_CLOSE, body: { category: USDT, symbol: 'BTCUSDT', posSide: 'long' } }, unified);
    const list = (result.json?.data as { list: Array<Record<string, string>> }).list;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ code: '00000', msg: 'success' });
    expect(Object.keys(list[0] ?? {}).sort()).toEqual(['clientOid', 'code', 'msg', 'orderId']);
    expect(exchange.account(unified.apiKey).positions.map((p) => `${p.symbol} ${p.holdSide}`)).toEqual(['BTCUSDT short', 'ETHUSDT long']);
    expect((await api({ path: V3_CLOSE, body: { category: USDT } }, unified)).json?.code).toBe('00000');
    const nothing = await api({ path: V3_CLOSE, body: { category: USDT } }, unified);
    expect(nothing.status).toBe(400);
    expect(nothing.json?.code).toBe('25227');
  });

  it('cancel-symbol-order cancels the open orders, then 22001', async () => {
    const path = '/api/v3/trade/cancel-symbol-order';
    const first = await api({ path, body: { category: USDT } }, unified);
    expect((first.json?.data as { list: Array<{ orderId: string }> }).list.map((o) => o.orderId)).toEqual(['11']);
    expect((await api({ path, body: { category: USDT } }, unified)).json?.code).toBe('22001');
  });

  it('lists strategy orders by type as a bare array, and cancels them one by one ({orderId, clientOid}, then 25204)', async () => {
    const listPath = '/api/v3/trade/unfilled-strategy-orders';
    const tpsl = await api({ path: listPath, query: 'category=USDT-FUTURES&type=tpsl' }, unified);
    const tpslOrders = tpsl.json?.data as Array<Record<string, string>>;
    expect(Array.isArray(tpslOrders)).toBe(true);
    expect(tpslOrders.map((o) => o['orderId'])).toEqual(['21']);
    expect(tpslOrders[0]).toMatchObject({ category: USDT, symbol: 'BTCUSDT', qty: '1', posSide: 'long', takeProfit: '', stopLoss: '58500' });
    const trigger = await api({ path: listPath, query: 'category=USDT-FUTURES&type=trigger' }, unified);
    expect((trigger.json?.data as Array<{ orderId: string }>).map((o) => o.orderId)).toEqual(['22']);
    const cancelPath = '/api/v3/trade/cancel-strategy-order';
    const cancelled = await api({ path: cancelPath, body: { orderId: '21' } }, unified);
    expect(cancelled.json).toMatchObject({ code: '00000', data: { orderId: '21', clientOid: tpslOrders[0]?.['clientOid'] } });
    expect((await api({ path: cancelPath, body: { orderId: '21' } }, unified)).json?.code).toBe('25204');
    expect((await api({ path: cancelPath, body: {} }, unified)).json?.code).toBe('40924');
    expect(exchange.account(unified.apiKey).planOrders.map((o) => o.orderId)).toEqual(['22']);
    const none = await api({ path: listPath, query: 'category=COIN-FUTURES&type=tpsl' }, unified);
    expect(none.json).toMatchObject({ code: '00000', data: [] });
  });

  it('V3 close reports failureList items with a code', async () => {
    exchange.faults.add({ kind: 'failure-list', errorCode: '40931', errorMsg: 'risk control', symbol: 'ETHUSDT' });
    const result = await api({ path: V3_CLOSE, body: { category: USDT } }, unified);
    const list = (result.json?.data as { list: Array<Record<string, string>> }).list;
    expect(list.filter((item) => item['code'] === '40931')).toHaveLength(1);
    expect(list.filter((item) => item['code'] === '00000')).toHaveLength(2);
    expect(exchange.account(unified.apiKey).positions.map((p) => p.symbol)).toEqual(['ETHUSDT']);
  });
});

describe('transport faults', () => {
  const read = (extra: Partial<CallOptions> = {}) => api({ path: ALL_POSITIONS, query: 'productType=USDT-FUTURES', ...extra });

  it('delay answers normally after the delay', async () => {
    exchange.faults.add({ kind: 'delay', ms: 300 });
    const started = Date.now();
    const result = await read();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(result.json?.code).toBe('00000');
  });

  it('drop destroys the socket without an answer', async () => {
    exchange.faults.add({ kind: 'drop', path: ALL_POSITIONS });
    await expect(read()).rejects.toThrow();
    expect((await read()).json?.code).toBe('00000');
  });

  it('hang never answers, and close() still finishes', async () => {
    exchange.faults.add({ kind: 'hang', times: 2 });
    await expect(read({ headersTimeout: 300 })).rejects.toThrow();
    const pending = read();
    await sleep(50);
    const started = Date.now();
    await exchange.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    await expect(pending).rejects.toThrow();
  });

  it('http-status answers the status the given number of times, then normally', async () => {
    const handle = exchange.faults.add({ kind: 'http-status', status: 503, times: 2 });
    expect((await read()).status).toBe(503);
    expect((await read()).status).toBe(503);
    expect(handle.hits).toBe(2);
    expect((await read()).status).toBe(200);
  });

  it('rate-limit is HTTP 429 with code "429"', async () => {
    exchange.faults.add({ kind: 'rate-limit' });
    const result = await read();
    expect(result.status).toBe(429);
    expect(result.json?.code).toBe('429');
  });

  it('malformed is 200 with a truncated JSON body', async () => {
    exchange.faults.add({ kind: 'malformed' });
    const result = await read();
    expect(result.status).toBe(200);
    expect(result.json).toBeUndefined();
    expect(result.text.startsWith('{"code":"00000"')).toBe(true);
  });

  it('html is a 502 HTML page', async () => {
    exchange.faults.add({ kind: 'html' });
    const result = await read();
    expect(result.status).toBe(502);
    expect(String(result.headers['content-type'])).toContain('text/html');
    expect(result.text).toContain('<html>');
  });

  it('error-code answers the code given, on the path given only, and Infinity lasts until removed', async () => {
    const handle = exchange.faults.add({ kind: 'error-code', code: '40015', path: CLOSE, method: 'POST', times: Infinity });
    expect((await read()).json?.code).toBe('00000');
    for (let i = 0; i < 3; i++) {
      const result = await api({ path: CLOSE, body: { productType: USDT } });
      expect(result.status).toBe(400);
      expect(result.json?.code).toBe('40015');
    }
    expect(sides()).toHaveLength(4);
    handle.remove();
    expect((await api({ path: CLOSE, body: { productType: USDT } })).json?.code).toBe('00000');
  });
});

describe('close faults', () => {
  it('failure-list: code 00000 but the position stays open', async () => {
    exchange.faults.add({ kind: 'failure-list', errorCode: '40888', errorMsg: 'max flash close size', symbol: 'BTCUSDT' });
    const result = await api({ path: CLOSE, body: { productType: USDT } });
    expect(result.json?.code).toBe('00000');
    const data = result.json?.data as { successList: Array<{ symbol: string }>; failureList: Array<Record<string, string>> };
    expect(data.successList.map((s) => s.symbol)).toEqual(['ETHUSDT']);
    expect(data.failureList).toHaveLength(2);
    expect(data.failureList[0]).toMatchObject({ symbol: 'BTCUSDT', errorCode: '40888', errorMsg: 'max flash close size' });
    expect(sides()).toEqual(['COIN-FUTURES BTCUSD long 100', 'USDT-FUTURES BTCUSDT long 0.5', 'USDT-FUTURES BTCUSDT short 0.2']);
  });

  it('close-partial leaves a fraction open', async () => {
    exchange.faults.add({ kind: 'close-partial', remainingFraction: 0.25 });
    await api({ path: CLOSE, body: { productType: USDT, symbol: 'ETHUSDT' } });
    expect(sides()).toContain('USDT-FUTURES ETHUSDT long 0.75');
  });

  it('close-delayed: the position disappears only after the delay', async () => {
    exchange.faults.add({ kind: 'close-delayed', ms: 300 });
    expect((await api({ path: CLOSE, body: { productType: USDT, symbol: 'ETHUSDT' } })).json?.code).toBe('00000');
    expect(sides()).toContain('USDT-FUTURES ETHUSDT long 3');
    await sleep(400);
    expect(sides()).not.toContain('USDT-FUTURES ETHUSDT long 3');
  });

  it('reopen: a resting order re-opens the position after the close', async () => {
    exchange.faults.add({ kind: 'reopen', size: '0.1' });
    expect((await api({ path: CLOSE, body: { productType: USDT, symbol: 'ETHUSDT' } })).json?.code).toBe('00000');
    expect(sides()).toContain('USDT-FUTURES ETHUSDT long 0.1');
  });

  it('a close fault waits for a close: reads do not consume it', async () => {
    exchange.faults.add({ kind: 'failure-list', errorCode: '22044', errorMsg: 'ADL' });
    await api({ path: ALL_POSITIONS, query: 'productType=USDT-FUTURES' });
    const result = await api({ path: CLOSE, body: { productType: USDT } });
    expect((result.json?.data as { failureList: unknown[] }).failureList).toHaveLength(3);
  });
});

describe('cancel faults', () => {
  it('cancel-failure keeps the named order open and lists it (V2: errorMsg, errorCode only when given)', async () => {
    const trader = exchange.addAccount({
      openOrders: [
        { productType: USDT, symbol: 'BTCUSDT', orderId: '1' },
        { productType: USDT, symbol: 'BTCUSDT', orderId: '2' },
      ],
    });
    exchange.faults.add({ kind: 'cancel-failure', orderId: '2', errorMsg: 'notExistend' });
    const result = await api({ path: '/api/v2/mix/order/cancel-all-orders', body: { productType: USDT } }, trader);
    expect(result.json?.data).toMatchObject({ successList: [{ orderId: '1' }], failureList: [{ orderId: '2', errorMsg: 'notExistend' }] });
    expect((result.json?.data as { failureList: object[] }).failureList[0]).not.toHaveProperty('errorCode');
    expect(exchange.account(trader.apiKey).openOrders.map((o) => o.orderId)).toEqual(['2']);
  });

  it('cancel-failure on V3 cancel-symbol-order lists the order with a code; a cancel with nothing to cancel leaves the fault', async () => {
    const trader = exchange.addAccount({ kind: 'unified', openOrders: [{ productType: USDT, symbol: 'BTCUSDT', orderId: '1' }] });
    const handle = exchange.faults.add({ kind: 'cancel-failure', path: '/api/v3/trade/cancel-symbol-order' });
    expect((await api({ path: '/api/v3/trade/cancel-symbol-order', body: { category: 'COIN-FUTURES' } }, trader)).json?.code).toBe('22001');
    expect(handle.remaining).toBe(1);
    const result = await api({ path: '/api/v3/trade/cancel-symbol-order', body: { category: USDT } }, trader);
    expect(result.json?.data).toEqual({ list: [{ orderId: '1', clientOid: expect.any(String) as string, code: '24056', msg: 'notExisted' }] });
    expect(exchange.account(trader.apiKey).openOrders).toHaveLength(1);
  });

  it('cancel-plan-order refuses track_plan (not one of its documented types) and cancels a trailing stop by id; a plan type with no orders answers 22001', async () => {
    const trader = exchange.addAccount({ planOrders: [{ productType: USDT, symbol: 'BTCUSDT', planType: 'track_plan', orderId: '7' }] });
    const path = '/api/v2/mix/order/cancel-plan-order';
    expect((await api({ path, body: { productType: USDT, planType: 'moving_plan' } }, trader)).json).toMatchObject({ code: '22001', data: null });
    expect((await api({ path, body: { productType: USDT, planType: 'track_plan' } }, trader)).json).toMatchObject({ code: '40020' });
    expect((await api({ path, body: { productType: USDT, orderIdList: [{ orderId: '7' }] } }, trader)).json).toMatchObject({ code: '40019' });
    expect(exchange.account(trader.apiKey).planOrders).toHaveLength(1);
    const result = await api({ path, body: { productType: USDT, symbol: 'BTCUSDT', orderIdList: [{ orderId: '7' }, { orderId: '8' }] } }, trader);
    expect(result.json?.data).toEqual({
      successList: [{ orderId: '7', clientOid: expect.any(String) as string }],
      failureList: [{ orderId: '8', clientOid: '', errorCode: '40768', errorMsg: 'Order does not exist' }],
    });
    expect(exchange.account(trader.apiKey).planOrders).toEqual([]);
  });

  it('orders-plan-pending lists by filter (normal_plan, track_plan, profit_loss), planType required', async () => {
    const trader = exchange.addAccount({
      planOrders: [
        { productType: USDT, symbol: 'BTCUSDT', planType: 'track_plan', orderId: '7' },
        { productType: USDT, symbol: 'BTCUSDT', planType: 'pos_loss', orderId: '8' },
        { productType: USDT, symbol: 'ETHUSDT', planType: 'normal_plan', orderId: '9' },
      ],
    });
    const list = async (query: string) => (await api({ method: 'GET', path: '/api/v2/mix/order/orders-plan-pending', query }, trader)).json;
    const ids = async (query: string) => ((await list(query))?.data as { entrustedList: { orderId: string; planType: string }[] }).entrustedList.map((o) => `${o.planType} ${o.orderId}`);
    expect(await ids('productType=USDT-FUTURES&planType=track_plan')).toEqual(['track_plan 7']);
    expect(await ids('productType=USDT-FUTURES&planType=profit_loss')).toEqual(['pos_loss 8']);
    expect(await ids('productType=USDT-FUTURES&planType=normal_plan&symbol=BTCUSDT')).toEqual([]);
    expect(await list('productType=USDT-FUTURES')).toMatchObject({ code: '40019' });
    expect(await list('productType=USDT-FUTURES&planType=loss_plan')).toMatchObject({ code: '40020' });
  });
});

describe('answer faults and error bodies as the exchange sends them', () => {
  const read = () => api({ path: ALL_POSITIONS, query: 'productType=USDT-FUTURES' });

  it('replace-data rewrites data after the request was handled; errors do not consume it', async () => {
    const handle = exchange.faults.add({ kind: 'replace-data', data: null, path: CLOSE });
    expect((await api({ path: CLOSE, body: { productType: USDT, symbol: 'NOPEUSDT' } })).json?.code).toBe('40034');
    expect(handle.remaining).toBe(1);
    const result = await api({ path: CLOSE, body: { productType: USDT, symbol: 'ETHUSDT' } });
    expect(result.status).toBe(200);
    expect(result.json).toMatchObject({ code: '00000', msg: 'success', data: null });
    expect(sides()).not.toContain('USDT-FUTURES ETHUSDT long 3');
  });

  it('omit-data answers without a data key', async () => {
    exchange.faults.add({ kind: 'omit-data' });
    const result = await read();
    expect(result.json).toEqual({ code: '00000', msg: 'success', requestTime: expect.any(Number) as number });
  });

  it('item-field sets a field on every item of data[] or data.list[]', async () => {
    exchange.faults.add({ kind: 'item-field', field: 'total', value: 'abc' });
    expect((await read()).json?.data).toEqual(expect.arrayContaining([expect.objectContaining({ total: 'abc' })]) as unknown);
    expect(((await read()).json?.data as Array<{ total: string }>).every((p) => p.total !== 'abc')).toBe(true);
    const unified = exchange.addAccount({ kind: 'unified', positions: [{ productType: USDT, symbol: 'BTCUSDT', holdSide: 'long', size: '1' }] });
    exchange.faults.add({ kind: 'item-field', field: 'total', value: '' });
    const v3 = await api({ path: V3_POSITIONS, query: 'category=USDT-FUTURES' }, unified);
    expect((v3.json?.data as { list: Array<{ total: string }> }).list[0]?.total).toBe('');
  });

  it('40084 is {"code","msg"} only: no requestTime, no data key', async () => {
    const result = await api({ path: V3_POSITIONS, query: 'category=USDT-FUTURES' });
    expect(result.status).toBe(400);
    expect(result.json).toEqual({ code: '40084', msg: 'You are in Classic Account mode, and the Unified Account API is not supported at this time' });
  });

  it('error-code can send busy codes with Retry-After, and a body without data', async () => {
    exchange.faults.add({ kind: 'error-code', code: '1001', retryAfter: '2' });
    const busy = await read();
    expect(busy.json).toMatchObject({ code: '1001', data: null });
    expect(busy.headers['retry-after']).toBe('2');
    exchange.faults.add({ kind: 'error-code', code: '40604', noData: true });
    const bare = await read();
    expect(bare.json).toEqual({ code: '40604', msg: 'Server is busy, please try again later' });
    expect(bare.headers['retry-after']).toBeUndefined();
  });

  it('a rate-limit fault sends Retry-After: 1 unless told otherwise', async () => {
    exchange.faults.add({ kind: 'rate-limit' });
    expect((await read()).headers['retry-after']).toBe('1');
    const date = new Date(Date.now() + 3_000).toUTCString();
    exchange.faults.add({ kind: 'rate-limit', retryAfter: date });
    const limited = await read();
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe(date);
  });
});

describe('connections', () => {
  it('keeps connections alive: sequential requests reuse one socket, Keep-Alive timeout 65 s', async () => {
    const pool = new Pool(exchange.url, { connections: 1 });
    try {
      const first = await api({ path: ALL_POSITIONS, query: 'productType=USDT-FUTURES', dispatcher: pool });
      await api({ path: ALL_POSITIONS, query: 'productType=USDT-FUTURES', dispatcher: pool });
      expect(String(first.headers['keep-alive'])).toContain('timeout=65');
      const [a, b] = exchange.account(keys.apiKey).requests;
      expect(a?.connection).toBe(b?.connection);
      expect(a?.query).toBe('productType=USDT-FUTURES');
    } finally {
      await pool.close();
    }
  });

  it('serves https with a self-signed certificate when asked', async () => {
    const secure = await startExchange({ tls: true });
    const agent = new Agent({ connect: { ca: secure.certificatePem } });
    try {
      expect(secure.url.startsWith('https://127.0.0.1:')).toBe(true);
      const response = await request(`${secure.url}/api/v2/public/time`, { dispatcher: agent });
      expect(((await response.body.json()) as { code: string }).code).toBe('00000');
    } finally {
      await agent.close();
      await secure.close();
    }
  });
});

describe('command', () => {
  it('prints the credentials as its first stdout line and serves them', async () => {
    const child = spawn(process.execPath, ['--experimental-strip-types', 'electron/simulator/cli.ts', '--port', '0'], {
      cwd: new URL('../..', import.meta.url).pathname,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const lines = createInterface({ input: child.stdout });
      const [firstLine] = (await once(lines, 'line')) as [string];
      const printed = JSON.parse(firstLine) as { url: string; apiKey: string; secretKey: string; passphrase: string };
      expect(Object.keys(printed).sort()).toEqual(['apiKey', 'passphrase', 'secretKey', 'url']);
      const result = await call(printed.url, printed, { path: ALL_POSITIONS, query: 'productType=USDT-FUTURES' });
      const list = result.json?.data as Array<{ symbol: string; holdSide: string; posMode: string }>;
      expect(list.map((p) => `${p.symbol} ${p.holdSide}`).sort()).toEqual([
        'BTCUSDT long',
        'BTCUSDT short',
        'ETHUSDT long',
        'ETHUSDT short',
        'SOLUSDT long',
      ]);
      expect(list.find((p) => p.symbol === 'SOLUSDT')?.posMode).toBe('one_way_mode');
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  it('writes the same credentials to --json-file, whatever else is printed on stdout', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'sim-json-'));
    const file = join(folder, 'exchange.json');
    const child = spawn(process.execPath, ['--experimental-strip-types', 'electron/simulator/cli.ts', '--port', '0', '--json-file', file], {
      cwd: new URL('../..', import.meta.url).pathname,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const [firstLine] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      expect(readFileSync(file, 'utf8')).toBe(`${firstLine}\n`);
      const written = JSON.parse(readFileSync(file, 'utf8')) as { url: string; apiKey: string; secretKey: string; passphrase: string };
      const result = await call(written.url, written, { path: ALL_POSITIONS, query: 'productType=USDT-FUTURES' });
      expect(result.json?.code).toBe('00000');
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
