// The simulator answers in the exchange's own shapes: for every file in ../shared/bitget-responses and
// ../shared/bitget-live, the same request to the simulator gets an answer with the same skeleton (field names, JSON
// types, array vs object, `data: null` vs no `data` key) and the same HTTP status. The live captures are answered by
// the simulator's default, live shapes; the docs' files by the same simulator (where the two differ, `shapes: 'docs'`).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveFiles, readLive, readResponse, responseFiles, shapeOf, shapeProblems, type Shape } from './bitget-responses.ts';
import { startExchange } from './index.ts';
import type { Exchange } from './index.ts';
import { call, type CallResult } from './test-client.ts';
import type { Credentials, PositionSpec } from './types.ts';
import { connect, event, loginFrame, push } from './ws/test-socket.ts';

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

/** A file nobody mapped to a request (or a mapping without its file) fails: new captures must be looked at. */
function knowsEveryRequest(files: readonly string[], requestOf: Record<string, unknown>): void {
  it('knows the request behind every file', () => {
    expect(files.filter((file) => !(file in requestOf)), 'files without a request here').toEqual([]);
    expect(Object.keys(requestOf).filter((file) => !files.includes(file)), 'requests here without a file').toEqual([]);
  });
}

describe('the simulator answers in the shapes of the real exchange', () => {
  knowsEveryRequest(files, REQUEST_OF);

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

describe('order details, against docs-shaped answers (docs/exchange-facts.md), with the simulator in its docs shapes', () => {
  beforeAll(() => exchange.setShapes('docs'));
  afterAll(() => exchange.setShapes('live'));

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

/** What the simulator sent for one live capture's request: the JSON to compare and, for REST, the HTTP status. */
interface Observed {
  status?: number;
  json: unknown;
}

const rest = (answer: CallResult): Observed => ({ status: answer.status, json: answer.json });

/** Logs a key in on a private socket and returns the first frame matching `match` after subscribing to `args`. */
async function socketFrame(path: string, keys: Credentials, args: object[], match: (frame: unknown) => boolean): Promise<unknown> {
  const client = await connect(`${exchange.wsUrl}${path}`);
  try {
    client.send(loginFrame(keys));
    await client.received.next(event('login'));
    client.send(JSON.stringify({ op: 'subscribe', args }));
    return await client.received.next(match);
  } finally {
    client.socket.close();
  }
}

const V2_POSITIONS_ARG = { instType: USDT, channel: 'positions', instId: 'default' };

/** The request behind each live capture, made to the simulator in its default (live) shapes. */
const LIVE_REQUESTS = {
  v3PositionsFlat: () => call(exchange.url, exchange.addAccount({ kind: 'unified' }), { path: '/api/v3/position/current-position', query: 'category=USDT-FUTURES' }).then(rest),
  async v3Fills() {
    const keys = exchange.addAccount({ kind: 'unified', positions: [{ productType: USDT, symbol: 'BTCUSDT', holdSide: 'short', size: '0.002' }] });
    await call(exchange.url, keys, { path: '/api/v3/trade/close-positions', body: { category: USDT, symbol: 'BTCUSDT' } });
    return rest(await call(exchange.url, keys, { path: '/api/v3/trade/fills', query: 'category=USDT-FUTURES' }));
  },
  v3CancelUnknownOrder: () => call(exchange.url, exchange.addAccount({ kind: 'unified' }), { path: '/api/v3/trade/cancel-order', body: { category: USDT, orderId: '1' } }).then(rest),
  async v2AccountItem(): Promise<Observed> {
    const keys = exchange.addAccount({ positions: [{ productType: USDT, symbol: 'BTCUSDT', holdSide: 'long', size: '0.01' }] });
    const answer = await call(exchange.url, keys, { path: '/api/v2/mix/account/accounts', query: 'productType=USDT-FUTURES' });
    return { json: (answer.json?.data as unknown[])[0] };
  },
  async v2OrderDetail() {
    const keys = exchange.addAccount({ posMode: 'one_way_mode', positions: [{ productType: USDT, symbol: 'ETHUSDT', holdSide: 'short', size: '0.02' }] });
    const closed = await call(exchange.url, keys, { path: '/api/v2/mix/order/close-positions', body: { productType: USDT, symbol: 'ETHUSDT' } });
    const orderId = (closed.json?.data as { successList: { orderId: string }[] }).successList[0]!.orderId;
    return rest(await call(exchange.url, keys, { path: '/api/v2/mix/order/detail', query: `symbol=ETHUSDT&productType=USDT-FUTURES&orderId=${orderId}` }));
  },
  spotAccountInfo: () => call(exchange.url, exchange.addAccount({}), { path: '/api/v2/spot/account/info' }).then(rest),
  spotCancelUnknownOrder: () =>
    call(exchange.url, exchange.addAccount({}), { path: '/api/v2/spot/trade/cancel-order', body: { symbol: 'BTCUSDT', orderId: '1' }, headers: { locale: undefined } }).then(rest),
  async wsLogin(): Promise<Observed> {
    const client = await connect(`${exchange.wsUrl}/v2/ws/private`);
    client.send(loginFrame(exchange.addAccount({})));
    const frame = await client.received.next(event('login'));
    client.socket.close();
    return { json: frame };
  },
  async wsLoginBadSign(): Promise<Observed> {
    const client = await connect(`${exchange.wsUrl}/v2/ws/private`);
    client.send(loginFrame(exchange.addAccount({}), { sign: 'bm90IGEgc2lnbmF0dXJl' }));
    const frame = await client.received.next(event('error'));
    client.socket.close();
    return { json: frame };
  },
  wsV2Account: async (): Promise<Observed> => ({
    json: await socketFrame('/v2/ws/private', exchange.addAccount({ balances: { USDT: '26' } }), [{ instType: USDT, channel: 'account', coin: 'default' }], push('account')),
  }),
  wsV2PositionsOpen: async (): Promise<Observed> => ({
    json: await socketFrame('/v2/ws/private', exchange.addAccount({ posMode: 'one_way_mode', positions: [{ productType: USDT, symbol: 'XRPUSDT', holdSide: 'long', size: '3' }] }), [V2_POSITIONS_ARG], push('positions')),
  }),
  wsV2PositionsFlat: async (): Promise<Observed> => ({ json: await socketFrame('/v2/ws/private', exchange.addAccount({}), [V2_POSITIONS_ARG], push('positions')) }),
  wsV3PositionOpen: async (): Promise<Observed> => ({
    json: await socketFrame(
      '/v3/ws/private',
      exchange.addAccount({ kind: 'unified', positions: [{ productType: USDT, symbol: 'BTCUSDT', holdSide: 'short', size: '0.0002' }] }),
      [{ instType: 'UTA', topic: 'position' }],
      push('position'),
    ),
  }),
} satisfies Record<string, () => Promise<Observed>>;

/** Which request each live capture answers (bitget-live/README.md). A capture missing here fails the test. */
const LIVE_REQUEST_OF: Record<string, { request: keyof typeof LIVE_REQUESTS; status?: number }> = {
  'v3_current_position.flat_list_null.live.json': { request: 'v3PositionsFlat', status: 200 },
  'v3_fills.live.json': { request: 'v3Fills', status: 200 },
  'v3_cancel_order.err25204.live.json': { request: 'v3CancelUnknownOrder', status: 400 },
  'v2_accounts_item.null_unrealized.live.json': { request: 'v2AccountItem' },
  'v2_order_detail.oneway_filled.live.json': { request: 'v2OrderDetail', status: 200 },
  'v2_order_detail.docs_blank_fee.json': { request: 'v2OrderDetail', status: 200 },
  'v2_spot_account_info.docs.json': { request: 'spotAccountInfo', status: 200 },
  'spot_cancel_order.err43001_zh.live.json': { request: 'spotCancelUnknownOrder', status: 400 },
  'ws_login.ok_numeric_code.live.json': { request: 'wsLogin' },
  'ws_login.err30015.live.json': { request: 'wsLoginBadSign' },
  'ws_v2_account.no_unrealizedPL.live.json': { request: 'wsV2Account' },
  'ws_v2_positions.oneway_long.live.json': { request: 'wsV2PositionsOpen' },
  'ws_v2_positions.flat_snapshot.live.json': { request: 'wsV2PositionsFlat' },
  'ws_v3_position.opening.live.json': { request: 'wsV3PositionOpen' },
};

const captures = liveFiles();
const captured = (file: string): Record<string, unknown> => JSON.parse(readLive(file)) as Record<string, unknown>;

describe('the simulator answers as the live exchange does (../shared/bitget-live)', () => {
  knowsEveryRequest(captures, LIVE_REQUEST_OF);

  it.each(captures)('%s', async (file) => {
    const mapped = LIVE_REQUEST_OF[file];
    if (!mapped) throw new Error(`No request known for ${file}: add it to LIVE_REQUEST_OF.`);
    // Captures of the same request are revisions of one answer: the simulator's answer has the union of their fields.
    const documents = Object.entries(LIVE_REQUEST_OF)
      .filter(([, other]) => other.request === mapped.request)
      .map(([other]) => shapeOf(captured(other)));
    const observed = await LIVE_REQUESTS[mapped.request]();
    expect(observed.json, 'the simulator answered something that is not JSON').toBeDefined();
    if (mapped.status !== undefined) expect(observed.status).toBe(mapped.status);
    expect(shapeProblems(shapeOf(observed.json), documents)).toEqual([]);
    const expected = captured(file);
    if ('code' in expected) expect((observed.json as { code?: unknown }).code).toBe(expected.code);
    if ('msg' in expected && typeof expected.code === 'string' && expected.code !== '00000') expect((observed.json as { msg?: unknown }).msg).toBe(expected.msg);
  });

  it('answers the values the live captures show: positionStatus "opening", no mark in a V2 positions push, null unrealized in the account list', async () => {
    const v3 = (await LIVE_REQUESTS.wsV3PositionOpen()).json as { data: { positionStatus: string }[] };
    expect(v3.data.map((item) => item.positionStatus)).toEqual(['opening']);
    const v2 = (await LIVE_REQUESTS.wsV2PositionsOpen()).json as { data: object[] };
    expect(v2.data[0]).not.toHaveProperty('markPrice');
    expect((await LIVE_REQUESTS.v2AccountItem()).json).toMatchObject({ crossedUnrealizedPL: null, isolatedUnrealizedPL: null });
  });

  it('V3 fills with none answer {"list":null,"cursor":null}, as live does', async () => {
    const none = await call(exchange.url, exchange.addAccount({ kind: 'unified' }), { path: '/api/v3/trade/fills', query: 'category=USDT-FUTURES' });
    expect(none.json?.data).toEqual({ list: null, cursor: null });
  });

  it('answers 40085 to a unified key on V2 before it checks the signature', async () => {
    const keys = exchange.addAccount({ kind: 'unified' });
    const unsigned = await call(exchange.url, keys, { path: '/api/v2/mix/position/all-position', query: 'productType=USDT-FUTURES', headers: { 'ACCESS-SIGN': 'bm90IGEgc2lnbmF0dXJl' } });
    expect(unsigned.json?.code).toBe('40085');
    const classic = await call(exchange.url, exchange.addAccount({}), { path: '/api/v2/mix/position/all-position', query: 'productType=USDT-FUTURES', headers: { 'ACCESS-SIGN': 'bm90IGEgc2lnbmF0dXJl' } });
    expect(classic.json?.code).toBe('40009');
  });

  it('answers the docs shapes when asked to: list [] when flat, codes as strings', async () => {
    exchange.setShapes('docs');
    try {
      const flat = await call(exchange.url, exchange.addAccount({ kind: 'unified' }), { path: '/api/v3/position/current-position', query: 'category=USDT-FUTURES' });
      expect(flat.json?.data).toEqual({ list: [] });
      expect((await LIVE_REQUESTS.wsLogin()).json).toEqual({ event: 'login', code: '0', msg: '' });
    } finally {
      exchange.setShapes('live');
    }
  });

  it('a zero-byte 200 is a fault a test switches on, never the normal answer', async () => {
    const keys = exchange.addAccount({ kind: 'unified' });
    exchange.faults.add({ kind: 'empty-body', path: '/api/v3/position/current-position' });
    const empty = await call(exchange.url, keys, { path: '/api/v3/position/current-position', query: 'category=USDT-FUTURES' });
    expect([empty.status, empty.text]).toEqual([200, '']);
    const next = await call(exchange.url, keys, { path: '/api/v3/position/current-position', query: 'category=USDT-FUTURES' });
    expect(next.json?.data).toEqual({ list: null });
  });
});
