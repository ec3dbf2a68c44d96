// The simulator answers in the exchange's own shapes: for every file in ../shared/bitget-responses, the same request
// to the simulator gets an answer with the same skeleton (field names, JSON types, array vs object, `data: null` vs no
// `data` key) and the same HTTP status.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResponse, responseFiles, shapeOf, shapeProblems, type Shape } from './bitget-responses.ts';
import { startExchange } from './index.ts';
import type { Exchange } from './index.ts';
import { call, type CallResult } from './test-client.ts';
import type { PositionSpec } from './types.ts';

const USDT = 'USDT-FUTURES';

let exchange: Exchange;
beforeAll(async () => {
  exchange = await startExchange();
});
afterAll(async () => {
  await exchange.close();
});

interface Request {
  /** HTTP status the exchange answers this with (bitget-responses/README.md). */
  status: number;
  ask(): Promise<CallResult>;
}

/** The request behind each kind of answer, made to a fresh simulator account set up so the answer shows every field. */
const REQUESTS = {
  v2Positions: {
    status: 200,
    async ask() {
      const keys = exchange.addAccount({ positions: [{ productType: USDT, symbol: 'BTCUSDT', holdSide: 'long', size: '0.01' }] });
      return call(exchange.url, keys, { path: '/api/v2/mix/position/all-position', query: 'productType=USDT-FUTURES' });
    },
  },
  v2CloseOneRefused: {
    status: 200,
    async ask() {
      const keys = exchange.addAccount({
        positions: [
          { productType: USDT, symbol: 'BTCUSDT', holdSide: 'long', size: '1' },
          { productType: USDT, symbol: 'ETHUSDT', holdSide: 'long', size: '1' },
        ],
      });
      exchange.faults.add({ kind: 'failure-list', errorCode: '43118', errorMsg: 'clientOrderId duplicate', symbol: 'ETHUSDT' });
      return call(exchange.url, keys, { path: '/api/v2/mix/order/close-positions', body: { productType: USDT } });
    },
  },
  v2CloseNothingOpen: {
    status: 400,
    ask: () => call(exchange.url, exchange.addAccount({}), { path: '/api/v2/mix/order/close-positions', body: { productType: USDT } }),
  },
  v2CancelAllOneRefused: {
    status: 200,
    async ask() {
      const keys = exchange.addAccount({
        openOrders: [
          { productType: USDT, symbol: 'BTCUSDT', orderId: '121211212122' },
          { productType: USDT, symbol: 'BTCUSDT', orderId: '232' },
        ],
      });
      exchange.faults.add({ kind: 'cancel-failure', orderId: '232', errorMsg: 'notExistend' });
      return call(exchange.url, keys, { path: '/api/v2/mix/order/cancel-all-orders', body: { productType: USDT } });
    },
  },
  v3Positions: {
    status: 200,
    async ask() {
      const keys = exchange.addAccount({ kind: 'unified', positions: [{ productType: USDT, symbol: 'BTCUSDT', holdSide: 'long', size: '119.2068' }] });
      return call(exchange.url, keys, { path: '/api/v3/position/current-position', query: 'category=USDT-FUTURES' });
    },
  },
  v3CloseOneRefused: {
    status: 200,
    async ask() {
      const keys = exchange.addAccount({ kind: 'unified', positions: [{ productType: USDT, symbol: 'BTCUSDT', holdSide: 'long', size: '1' }] });
      exchange.faults.add({ kind: 'failure-list', errorCode: '24056', errorMsg: 'notExisted' });
      return call(exchange.url, keys, { path: '/api/v3/trade/close-positions', body: { category: USDT } });
    },
  },
  v3CloseNothingOpen: {
    status: 400,
    ask: () => call(exchange.url, exchange.addAccount({ kind: 'unified' }), { path: '/api/v3/trade/close-positions', body: { category: USDT } }),
  },
  v3CancelSymbolOneRefused: {
    status: 200,
    async ask() {
      const keys = exchange.addAccount({ kind: 'unified', openOrders: [{ productType: USDT, symbol: 'BTCUSDT', orderId: '111111111111111111' }] });
      exchange.faults.add({ kind: 'cancel-failure', errorCode: '24056', errorMsg: 'notExisted' });
      return call(exchange.url, keys, { path: '/api/v3/trade/cancel-symbol-order', body: { category: USDT } });
    },
  },
  v3CancelStrategyOrder: {
    status: 200,
    async ask() {
      const keys = exchange.addAccount({ kind: 'unified', planOrders: [{ productType: USDT, symbol: 'BTCUSDT', planType: 'pos_loss', orderId: '111111111111111111' }] });
      return call(exchange.url, keys, { path: '/api/v3/trade/cancel-strategy-order', body: { orderId: '111111111111111111' } });
    },
  },
  v2WithUnifiedKey: {
    status: 400,
    ask: () => call(exchange.url, exchange.addAccount({ kind: 'unified' }), { path: '/api/v2/mix/position/all-position', query: 'productType=USDT-FUTURES' }),
  },
  v3WithClassicKey: {
    status: 400,
    ask: () => call(exchange.url, exchange.addAccount({ kind: 'classic' }), { path: '/api/v3/position/current-position', query: 'category=USDT-FUTURES' }),
  },
} satisfies Record<string, Request>;

/** Which request each answer file answers (see bitget-responses/README.md). A file missing here fails the test. */
const REQUEST_OF: Record<string, keyof typeof REQUESTS> = {
  'v2_all_position.docs_live.json': 'v2Positions',
  'v2_all_position.docs_vn.json': 'v2Positions',
  'v2_close_positions.docs_en.json': 'v2CloseOneRefused',
  'v2_close_positions.docs_zh.json': 'v2CloseOneRefused',
  'v2_close_positions.err22002.json': 'v2CloseNothingOpen',
  'v2_cancel_all_orders.docs.json': 'v2CancelAllOneRefused',
  'v3_current_position.docs.json': 'v3Positions',
  'v3_close_positions.docs.json': 'v3CloseOneRefused',
  'v3_close_positions.err25227.json': 'v3CloseNothingOpen',
  'v3_cancel_symbol_order.docs.json': 'v3CancelSymbolOneRefused',
  'v3_cancel_strategy_order.docs.json': 'v3CancelStrategyOrder',
  'err40085.v2_on_uta.json': 'v2WithUnifiedKey',
  'err40084.v3_on_classic.json': 'v3WithClassicKey',
};

const files = responseFiles();
const documentShape = (file: string): Shape => shapeOf(JSON.parse(readResponse(file)) as unknown);

describe('the simulator answers in the shapes of the real exchange', () => {
  it('knows the request behind every answer file', () => {
    expect(files.filter((file) => !(file in REQUEST_OF)), 'answer files without a request here').toEqual([]);
    expect(Object.keys(REQUEST_OF).filter((file) => !files.includes(file)), 'requests here without an answer file').toEqual([]);
  });

  it.each(files)('%s', async (file) => {
    const requestName = REQUEST_OF[file];
    if (!requestName) throw new Error(`No request known for ${file}: add it to REQUEST_OF.`);
    const request: Request = REQUESTS[requestName];
    const documents = Object.entries(REQUEST_OF)
      .filter(([, name]) => name === requestName)
      .map(([other]) => documentShape(other));
    const answer = await request.ask();
    expect(answer.json, `the simulator's answer is not JSON: ${answer.text}`).toBeDefined();
    expect(answer.status).toBe(request.status);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(shapeProblems(shapeOf(answer.json), documents)).toEqual([]);
    expect(answer.json?.code).toBe((JSON.parse(readResponse(file)) as { code: string }).code);
  });
});

describe('shape comparison', () => {
  const docs = [shapeOf({ code: '00000', requestTime: 1, data: [{ a: '1', b: '' }] }), shapeOf({ code: '00000', requestTime: '1', data: [{ a: '2', c: '' }] })];

  it('accepts the union of the documented revisions, with any type one of them uses', () => {
    expect(shapeProblems(shapeOf({ code: '00000', requestTime: 5, data: [{ a: '3', b: 'x', c: 'y' }] }), docs)).toEqual([]);
  });

  it('reports a missing field, an extra field, a number sent as a number where the docs use a string, and an empty list', () => {
    expect(shapeProblems(shapeOf({ code: '00000', requestTime: 5, data: [{ a: 3, c: '', d: '' }] }), docs)).toEqual([
      '$.data[].a: number where the docs have string',
      '$.data[].d: not in the documented answer',
      '$.data[].b: missing (the docs show it)',
    ]);
    expect(shapeProblems(shapeOf({ code: '00000', requestTime: 5, data: [] }), docs)).toContain('$.data[].a: missing (the docs show it)');
  });

  it('tells data: null from a missing data key, and an array from an object', () => {
    const bare = [shapeOf({ code: '40084', msg: 'x' })];
    expect(shapeProblems(shapeOf({ code: '40084', msg: 'x', requestTime: 1, data: null }), bare)).toEqual([
      '$.requestTime: not in the documented answer',
      '$.data: not in the documented answer',
    ]);
    expect(shapeProblems(shapeOf({ data: { list: [] } }), [shapeOf({ data: [] })])).toEqual([
      '$.data: object where the docs have array',
      '$.data.list: not in the documented answer',
    ]);
  });
});

describe('facts without a body in bitget-responses', () => {
  it('unfilled-strategy-orders answers a bare array with the documented order fields, [] when there is none', async () => {
    const keys = exchange.addAccount({ kind: 'unified', planOrders: [{ productType: USDT, symbol: 'BTCUSDT', planType: 'profit_plan', orderId: '7' }] });
    const listed = await call(exchange.url, keys, { path: '/api/v3/trade/unfilled-strategy-orders', query: 'category=USDT-FUTURES&type=tpsl' });
    const orders = listed.json?.data as Array<Record<string, unknown>>;
    expect(Array.isArray(orders)).toBe(true);
    expect(Object.keys(orders[0] ?? {}).sort()).toEqual(
      ['orderId', 'clientOid', 'category', 'symbol', 'qty', 'posSide', 'tpTriggerBy', 'slTriggerBy', 'takeProfit', 'stopLoss', 'tpOrderType', 'slOrderType', 'tpLimitPrice', 'slLimitPrice', 'createdTime', 'updatedTime'].sort(),
    );
    expect(Object.values(orders[0] ?? {}).every((value) => typeof value === 'string')).toBe(true);
    const empty = await call(exchange.url, keys, { path: '/api/v3/trade/unfilled-strategy-orders', query: 'category=USDT-FUTURES&type=trigger' });
    expect(empty.json?.data).toEqual([]);
  });

  it('a 429 carries Retry-After, as a real server sends it', async () => {
    const keys = exchange.addAccount({});
    const read = () => call(exchange.url, keys, { path: '/api/v2/mix/position/all-position', query: 'productType=USDT-FUTURES' });
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await read());
    const limited = answers.at(-1)!;
    expect(limited.status).toBe(429);
    expect(limited.json).toMatchObject({ code: '429', msg: 'Too Many Requests', data: null });
    expect(limited.headers['retry-after']).toBe('1');
  });
});

describe('order details, against docs-shaped answers (docs/exchange-facts.md; no real capture yet)', () => {
  const docsShaped = (name: string) => shapeOf(JSON.parse(readFileSync(new URL(`./docs-shaped/${name}`, import.meta.url), 'utf8')));
  const seeded: PositionSpec = { productType: USDT, symbol: 'BTCUSDT', holdSide: 'long', size: '0.01', entryPrice: '50000', markPrice: '52600' };

  it('V2 order detail of a filled close order has the documented fields and types', async () => {
    const keys = exchange.addAccount({ positions: [seeded] });
    const closed = await call(exchange.url, keys, { method: 'POST', path: '/api/v2/mix/order/close-positions', body: JSON.stringify({ productType: USDT, symbol: 'BTCUSDT' }) });
    const orderId = (closed.json?.data as { successList: { orderId: string }[] }).successList[0]!.orderId;
    const detail = await call(exchange.url, keys, { path: '/api/v2/mix/order/detail', query: `symbol=BTCUSDT&productType=USDT-FUTURES&orderId=${orderId}` });
    expect(detail.status).toBe(200);
    expect(shapeProblems(shapeOf(detail.json), [docsShaped('v2-order-detail.json')])).toEqual([]);
  });

  it('V3 order info and fills of a filled close order have the documented fields and types', async () => {
    const keys = exchange.addAccount({ kind: 'unified', positions: [seeded] });
    const closed = await call(exchange.url, keys, { method: 'POST', path: '/api/v3/trade/close-positions', body: JSON.stringify({ category: USDT, symbol: 'BTCUSDT' }) });
    const orderId = (closed.json?.data as { list: { orderId: string }[] }).list[0]!.orderId;
    const info = await call(exchange.url, keys, { path: '/api/v3/trade/order-info', query: `orderId=${orderId}` });
    expect(shapeProblems(shapeOf(info.json), [docsShaped('v3-order-info.json')])).toEqual([]);
    const fills = await call(exchange.url, keys, { path: '/api/v3/trade/fills', query: `orderId=${orderId}` });
    expect(shapeProblems(shapeOf(fills.json), [docsShaped('v3-fills.json')])).toEqual([]);
  });
});
