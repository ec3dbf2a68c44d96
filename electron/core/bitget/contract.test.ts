// The client reads the exchange's own answers (../shared/bitget-responses) and the live exchange's
// (../shared/bitget-live) the way they are meant. Every REST file is served byte for byte from a loopback HTTP server
// and read through the real pool, client, endpoints and account; every WebSocket frame through the feed's parser.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { liveFiles, readLive, readResponse, responseFiles } from '../../simulator/bitget-responses.ts';
import { explainRefusal, isSuccessCode, parseFrame, readPush } from '../feed/protocol.ts';
import type { AccountKind } from '../../../shared/bitget.ts';
import { createAccount, type Account } from './account.ts';
import { createBitgetClient, type BitgetClient } from './client.ts';
import { createExchangeClock } from './clock.ts';
import { V2_PATHS, V3_PATHS } from './endpoints.ts';
import { createHttpPool, type HttpPool } from './http.ts';

interface Served {
  status: number;
  body: string;
  headers?: Record<string, string>;
}
interface Arrived {
  method: string;
  path: string;
  query: string;
  body: string;
}
/** "METHOD /path" → one answer, a list answered in turn (the last one repeats), or a function of the request. */
type Routes = Record<string, Served | Served[] | ((request: Arrived) => Served)>;

const TIMEOUT_MS = 2_000;
const USDT = 'USDT-FUTURES';
const ok = (data: unknown): Served => ({ status: 200, body: JSON.stringify({ code: '00000', msg: 'success', requestTime: Date.now(), data }) });
const error = (code: string, msg = 'error', status = 400): Served => ({ status, body: JSON.stringify({ code, msg, requestTime: Date.now(), data: null }) });
const file = (name: string, status: number): Served => ({ status, body: readResponse(name) });
/** A strategy order as unfilled-strategy-orders lists it (bitget-api.md "Checked against real answers"). */
const strategyOrder = (orderId: string, symbol = 'BTCUSDT') => ({
  orderId, clientOid: `c${orderId}`, category: USDT, symbol, qty: '0.01', posSide: 'long', tpTriggerBy: 'market', slTriggerBy: 'market',
  takeProfit: '110000', stopLoss: '90000', tpOrderType: 'market', slOrderType: 'market', tpLimitPrice: '', slLimitPrice: '',
  createdTime: '1730186725663', updatedTime: '1730186725691',
});

/** A plan order as orders-plan-pending lists it (the docs' fields the client reads). */
const planOrder = (orderId: string, planType: string, symbol = 'BTCUSDT') => ({ planType, symbol, size: '0.01', orderId, clientOid: `c${orderId}`, marginCoin: 'USDT', planStatus: 'live' });
const PLAN_LISTINGS: Record<string, string[]> = { normal_plan: ['normal_plan'], track_plan: ['track_plan'], profit_loss: ['profit_plan', 'loss_plan', 'pos_profit', 'pos_loss', 'moving_plan'] };
const listings = (symbol: string) =>
  Object.keys(PLAN_LISTINGS).map((planType) => `GET ${V2_PATHS.pendingPlanOrders}?planType=${planType}&productType=USDT-FUTURES&symbol=${symbol}`);

/** A V2 exchange holding `resting` plan orders: lists them by filter, cancels by id (unless `refuse` answers instead). */
function planOrderRoutes(resting: ReturnType<typeof planOrder>[], refuse: (body: string) => Served | undefined = () => undefined): Routes {
  return {
    [`GET ${V2_PATHS.pendingPlanOrders}`]: (request) => {
      const query = new URLSearchParams(request.query);
      const types = PLAN_LISTINGS[query.get('planType') ?? ''] ?? [];
      const symbol = query.get('symbol');
      return ok({ entrustedList: resting.filter((order) => types.includes(order.planType) && (!symbol || order.symbol === symbol)), endId: null });
    },
    [`POST ${V2_PATHS.cancelPlanOrders}`]: (request) => {
      const refused = refuse(request.body);
      if (refused) return refused;
      const ids = (JSON.parse(request.body) as { orderIdList: { orderId: string }[] }).orderIdList.map((item) => item.orderId);
      const cancelled = resting.filter((order) => ids.includes(order.orderId));
      for (const order of cancelled) resting.splice(resting.indexOf(order), 1);
      return ok({ successList: cancelled.map((order) => ({ orderId: order.orderId, clientOid: order.clientOid })), failureList: [] });
    },
  };
}

type StrategyOrder = ReturnType<typeof strategyOrder>;
/**
 * A V3 exchange holding strategy orders by type: lists them as a bare array, cancels by id. `answer` may answer a cancel
 * otherwise (`keep`: the order stays listed); `listing` may answer a listing otherwise.
 */
function strategyRoutes(
  resting: Record<'tpsl' | 'trigger', StrategyOrder[]>,
  answer: (body: string) => { served: Served; keep?: boolean } | undefined = () => undefined,
  listing: (type: string) => Served | undefined = () => undefined,
): Routes {
  return {
    [V3_STRATEGY]: (request) => {
      const type = new URLSearchParams(request.query).get('type') === 'trigger' ? 'trigger' : 'tpsl';
      return listing(type) ?? ok(resting[type]);
    },
    [V3_CANCEL_STRATEGY]: (request) => {
      const { orderId } = JSON.parse(request.body) as { orderId: string };
      const special = answer(request.body);
      if (!special?.keep) for (const list of Object.values(resting)) list.splice(0, list.length, ...list.filter((order) => order.orderId !== orderId));
      return special?.served ?? ok({ orderId, clientOid: `c${orderId}` });
    },
  };
}

let server: Server | undefined;
let pool: HttpPool | undefined;
let arrived: Arrived[] = [];

afterEach(async () => {
  await pool?.close();
  pool = undefined;
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  arrived = [];
});

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

async function serve(routes: Routes): Promise<string> {
  const turns = new Map<string, number>();
  server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const [path = '', query = ''] = (request.url ?? '').split('?');
      const entry: Arrived = { method: request.method ?? '', path, query, body };
      const key = `${entry.method} ${path}`;
      if (path !== '/api/v2/public/time') arrived.push(entry);
      const route = key === 'GET /api/v2/public/time' ? ok({ serverTime: String(Date.now()) }) : routes[key];
      let served: Served;
      if (route === undefined) served = error('40404', 'Request URL NOT FOUND', 404);
      else if (typeof route === 'function') served = route(entry);
      else if (Array.isArray(route)) {
        const turn = turns.get(key) ?? 0;
        turns.set(key, turn + 1);
        served = route[Math.min(turn, route.length - 1)]!;
      } else served = route;
      response.writeHead(served.status, { 'Content-Type': 'application/json', ...served.headers });
      response.end(served.body);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

async function clientFor(routes: Routes): Promise<BitgetClient> {
  const url = await serve(routes);
  pool = createHttpPool(url);
  const clock = createExchangeClock(pool);
  return createBitgetClient(pool, clock, { apiKey: 'bg_contract0000000000', secretKey: 'contract-secret-0000000000000000', passphrase: 'contractpass' });
}

async function accountFor(kind: AccountKind, routes: Routes): Promise<{ account: Account; detected: AccountKind[] }> {
  const detected: AccountKind[] = [];
  const account = createAccount({ client: await clientFor(routes), demo: false, kind, onKindDetected: (next) => detected.push(next) });
  return { account, detected };
}

const V2_POSITIONS = `GET ${V2_PATHS.positions}`;
const V2_CLOSE = `POST ${V2_PATHS.close}`;
const V2_CANCEL = `POST ${V2_PATHS.cancelOrders}`;
const V2_CANCEL_PLAN = `POST ${V2_PATHS.cancelPlanOrders}`;
const V2_PLAN_PENDING = `GET ${V2_PATHS.pendingPlanOrders}`;
const V3_POSITIONS = `GET ${V3_PATHS.positions}`;
const V3_CLOSE = `POST ${V3_PATHS.close}`;
const V3_CANCEL = `POST ${V3_PATHS.cancelOrders}`;
const V3_STRATEGY = `GET ${V3_PATHS.strategyOrders}`;
const V3_CANCEL_STRATEGY = `POST ${V3_PATHS.cancelStrategyOrder}`;

/** What each answer file means to the app. A file missing here fails the test. */
const MEANINGS: Record<string, () => Promise<void>> = {
  'err40084.v3_on_classic.json': async () => {
    const { account, detected } = await accountFor('unified', { [V3_POSITIONS]: file('err40084.v3_on_classic.json', 400), [V2_POSITIONS]: file('v2_all_position.docs_live.json', 200) });
    const read = await account.positions(USDT, TIMEOUT_MS);
    expect(detected).toEqual(['classic']);
    expect(account.kind).toBe('classic');
    expect(read).toMatchObject({ ok: true, positions: [{ symbol: 'BTCUSDT', size: '0.01' }] });
    expect(arrived.map((request) => request.path)).toEqual([V3_PATHS.positions, V2_PATHS.positions]);
  },
  'err40085.v2_on_uta.json': async () => {
    const { account, detected } = await accountFor('classic', { [V2_POSITIONS]: file('err40085.v2_on_uta.json', 400), [V3_POSITIONS]: file('v3_current_position.docs.json', 200) });
    const read = await account.positions(USDT, TIMEOUT_MS);
    expect(detected).toEqual(['unified']);
    expect(read).toMatchObject({ ok: true, positions: [{ symbol: 'BTCUSDT', holdSide: 'long', size: '119.2068' }] });
  },
  'v2_all_position.docs_live.json': async () => {
    const { account } = await accountFor('classic', { [V2_POSITIONS]: file('v2_all_position.docs_live.json', 200) });
    expect(await account.positions(USDT, TIMEOUT_MS)).toEqual({
      ok: true,
      positions: [{
        symbol: 'BTCUSDT', productType: USDT, marginCoin: 'USDT', holdSide: 'long', size: '0.01', available: '0.01', entryPrice: '25000',
        markPrice: '25100', unrealizedPnl: '1', liquidationPrice: '24144.1124161806977798', leverage: '20', marginMode: 'isolated', posMode: 'hedge_mode',
      }],
    });
    expect(account.knownPositionMode(USDT)).toBe('hedge_mode');
  },
  'v2_all_position.docs_vn.json': async () => {
    const { account } = await accountFor('classic', { [V2_POSITIONS]: file('v2_all_position.docs_vn.json', 200) });
    expect(await account.positions(USDT, TIMEOUT_MS)).toMatchObject({
      ok: true,
      positions: [{ symbol: 'BTCUSDT', holdSide: 'short', size: '0.0155', entryPrice: '88505.233333333333', marginMode: 'crossed', liquidationPrice: '5737867.8639926850760812' }],
    });
  },
  'v2_cancel_all_orders.docs.json': async () => {
    const { account } = await accountFor('classic', { [V2_CANCEL]: file('v2_cancel_all_orders.docs.json', 200) });
    expect(await account.cancelOpenOrders({ productType: USDT }, TIMEOUT_MS)).toEqual({
      ok: true,
      cancelled: 1,
      failed: [{ orderId: '232', code: 'unknown', message: 'notExistend' }],
    });
  },
  'v2_close_positions.docs_en.json': async () => {
    const { account } = await accountFor('classic', { [V2_CLOSE]: file('v2_close_positions.docs_en.json', 200) });
    expect(await account.close({ productType: USDT }, TIMEOUT_MS)).toEqual({
      ok: true,
      closed: [{ orderId: '123', clientOid: 'xxxxx' }],
      failed: [{ orderId: '1234', code: '43118', message: 'clientOrderId duplicate' }],
    });
  },
  'v2_close_positions.docs_zh.json': async () => {
    const { account } = await accountFor('classic', { [V2_CLOSE]: file('v2_close_positions.docs_zh.json', 200) });
    expect(await account.close({ productType: USDT }, TIMEOUT_MS)).toEqual({
      ok: true,
      closed: [{ orderId: '123', clientOid: 'xxxxx', symbol: 'BTCUSDT' }],
      failed: [{ symbol: 'BTCUSDT', orderId: '1234', code: 'xxxx', message: 'xxxxx' }],
    });
  },
  'v2_close_positions.err22002.json': async () => {
    const { account } = await accountFor('classic', { [V2_CLOSE]: file('v2_close_positions.err22002.json', 400) });
    expect(await account.close({ productType: USDT }, TIMEOUT_MS)).toEqual({ ok: true, closed: [], failed: [] });
  },
  'v3_cancel_strategy_order.docs.json': async () => {
    const { account } = await accountFor('unified', strategyRoutes({ tpsl: [strategyOrder('111111111111111111')], trigger: [] }, () => ({ served: file('v3_cancel_strategy_order.docs.json', 200) })));
    expect(await account.cancelTriggerOrders({ productType: USDT }, TIMEOUT_MS)).toEqual({ ok: true, cancelled: 1, failed: [] });
    expect(arrived.filter((request) => request.path === V3_PATHS.cancelStrategyOrder).map((request) => request.body)).toEqual(['{"orderId":"111111111111111111"}']);
  },
  'v3_cancel_symbol_order.docs.json': async () => {
    const { account } = await accountFor('unified', { [V3_CANCEL]: file('v3_cancel_symbol_order.docs.json', 200) });
    expect(await account.cancelOpenOrders({ productType: USDT }, TIMEOUT_MS)).toEqual({
      ok: true,
      cancelled: 0,
      failed: [{ orderId: '111111111111111111', code: '24056', message: 'notExisted' }],
    });
  },
  'v3_close_positions.docs.json': async () => {
    const { account } = await accountFor('unified', { [V3_CLOSE]: file('v3_close_positions.docs.json', 200) });
    expect(await account.close({ productType: USDT }, TIMEOUT_MS)).toEqual({
      ok: true,
      closed: [],
      failed: [{ orderId: '111111111111111111', code: '24056', message: 'notExisted' }],
    });
  },
  'v3_close_positions.err25227.json': async () => {
    const { account } = await accountFor('unified', { [V3_CLOSE]: file('v3_close_positions.err25227.json', 400) });
    expect(await account.close({ productType: USDT }, TIMEOUT_MS)).toEqual({ ok: true, closed: [], failed: [] });
  },
  'v3_current_position.docs.json': async () => {
    const { account } = await accountFor('unified', { [V3_POSITIONS]: file('v3_current_position.docs.json', 200) });
    expect(await account.positions(USDT, TIMEOUT_MS)).toEqual({
      ok: true,
      positions: [{
        symbol: 'BTCUSDT', productType: USDT, marginCoin: 'USDT', holdSide: 'long', size: '119.2068', available: '119.2068', entryPrice: '108674',
        markPrice: '118097', unrealizedPnl: '1124573.04243999', liquidationPrice: '43099.9', leverage: '3', marginMode: 'crossed', posMode: 'hedge_mode',
      }],
    });
  },
};

/** One test per file, each through its meaning; a file without a meaning (or a meaning without a file) fails. */
function readsEveryFile(files: readonly string[], meanings: Record<string, () => Promise<void>>): void {
  it('knows the meaning of every file', () => {
    expect(files.filter((name) => !(name in meanings)), 'files without a meaning here').toEqual([]);
    expect(Object.keys(meanings).filter((name) => !files.includes(name)), 'meanings here without a file').toEqual([]);
  });

  it.each(files)('%s', async (name) => {
    const meaning = meanings[name];
    if (!meaning) throw new Error(`No meaning known for ${name}: add it here.`);
    await meaning();
  });
}

describe('the client reads every real answer as it is meant', () => {
  readsEveryFile(responseFiles(), MEANINGS);

  it('reads a body without data by its code: 40084 is the account-kind switch, 22002 is nothing to close', async () => {
    const client = await clientFor({
      [V3_POSITIONS]: file('err40084.v3_on_classic.json', 400),
      [V2_CLOSE]: { status: 400, body: '{"code":"22002","msg":"No position to close"}' },
    });
    const refused = await client.call({ method: 'GET', path: V3_PATHS.positions, query: { category: USDT }, paptrading: false, timeoutMs: TIMEOUT_MS });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'account-kind', code: '40084', httpStatus: 400 }, record: { code: '40084' } });
    expect('data' in refused.record).toBe(false);
    const nothing = await client.call({ method: 'POST', path: V2_PATHS.close, body: { productType: USDT }, paptrading: false, timeoutMs: TIMEOUT_MS });
    expect(nothing).toMatchObject({ ok: false, error: { kind: 'nothing-to-close', code: '22002' } });
  });
});

describe('an answer not in the documented shape is unreadable, never "nothing open"', () => {
  const unreadable = { ok: false, error: { kind: 'unknown' } };
  const v2Position = (total: unknown) => [{ symbol: 'BTCUSDT', holdSide: 'long', total, marginCoin: 'USDT' }];
  const noData: Served = { status: 200, body: '{"code":"00000","msg":"success","requestTime":1}' };

  it.each([
    ['data: null', ok(null)],
    ['no data key', noData],
    ['data an object', ok({ list: [] })],
    ['total "abc"', ok(v2Position('abc'))],
    ['total ""', ok(v2Position(''))],
    ['total "-1"', ok(v2Position('-1'))],
  ])('V2 positions with %s', async (_label, answer) => {
    const { account } = await accountFor('classic', { [V2_POSITIONS]: answer });
    const read = await account.positions(USDT, TIMEOUT_MS);
    expect(read).toMatchObject(unreadable);
    if (!read.ok) expect(read.error.message).toMatch(/not in the documented shape/);
  });

  it.each([
    ['data: null', ok(null)],
    ['no data key', noData],
    ['a bare array', ok([])],
    ['no list key', ok({})],
    ['list: "null"', ok({ list: 'null' })],
    ['total "abc"', ok({ list: [{ symbol: 'BTCUSDT', posSide: 'long', total: 'abc' }] })],
  ])('V3 positions with %s', async (_label, answer) => {
    const { account } = await accountFor('unified', { [V3_POSITIONS]: answer });
    expect(await account.positions(USDT, TIMEOUT_MS)).toMatchObject(unreadable);
  });

  it.each([
    ['data: null', ok(null)],
    ['no data key', noData],
    ['no failureList', ok({ successList: [] })],
    ['no successList', ok({ failureList: [] })],
  ])('a V2 close answered 00000 with %s', async (_label, answer) => {
    const { account } = await accountFor('classic', { [V2_CLOSE]: answer, [V2_CANCEL]: answer });
    expect(await account.close({ productType: USDT }, TIMEOUT_MS)).toMatchObject(unreadable);
    expect(await account.cancelOpenOrders({ productType: USDT }, TIMEOUT_MS)).toMatchObject(unreadable);
  });

  it.each([
    ['data: null', ok(null)],
    ['no data key', noData],
    ['a bare array', ok([])],
  ])('a V3 close or cancel answered 00000 with %s', async (_label, answer) => {
    const { account } = await accountFor('unified', { [V3_CLOSE]: answer, [V3_CANCEL]: answer });
    expect(await account.close({ productType: USDT }, TIMEOUT_MS)).toMatchObject(unreadable);
    expect(await account.cancelOpenOrders({ productType: USDT }, TIMEOUT_MS)).toMatchObject(unreadable);
  });
});

describe('trigger, TP/SL and trailing orders (bitget-api.md "Checked against real answers")', () => {
  it('V3: reads the bare array of strategy orders and cancels each one; [] is nothing to cancel', async () => {
    const resting = { tpsl: [strategyOrder('1'), strategyOrder('2', 'ETHUSDT')], trigger: [strategyOrder('3')] };
    const { account } = await accountFor('unified', strategyRoutes(resting, (body) => (body.includes('"2"') ? { served: ok(null) } : undefined)));
    expect(await account.cancelTriggerOrders({ productType: USDT }, TIMEOUT_MS)).toEqual({ ok: true, cancelled: 3, failed: [] });
    expect(arrived.map((request) => `${request.path}?${request.query}${request.body}`)).toEqual([
      `${V3_PATHS.strategyOrders}?category=USDT-FUTURES&type=tpsl`,
      `${V3_PATHS.cancelStrategyOrder}?{"orderId":"1"}`,
      `${V3_PATHS.cancelStrategyOrder}?{"orderId":"2"}`,
      `${V3_PATHS.strategyOrders}?category=USDT-FUTURES&type=trigger`,
      `${V3_PATHS.cancelStrategyOrder}?{"orderId":"3"}`,
      `${V3_PATHS.strategyOrders}?category=USDT-FUTURES&type=tpsl`,
      `${V3_PATHS.strategyOrders}?category=USDT-FUTURES&type=trigger`,
    ]);
  });

  it('V3: a symbol target cancels only that symbol, and an order already gone (25204) is not a failure', async () => {
    const resting = { tpsl: [strategyOrder('1'), strategyOrder('2', 'ETHUSDT')], trigger: [] };
    const { account } = await accountFor('unified', strategyRoutes(resting, () => ({ served: error('25204', 'Order does not exist') })));
    expect(await account.cancelTriggerOrders({ productType: USDT, symbol: 'BTCUSDT' }, TIMEOUT_MS)).toEqual({ ok: true, cancelled: 0, failed: [] });
    expect(arrived.filter((request) => request.path === V3_PATHS.cancelStrategyOrder).map((request) => request.body)).toEqual(['{"orderId":"1"}']);
  });

  it('V3: {list} instead of the bare array is unreadable: it never passes for "no orders"', async () => {
    const { account } = await accountFor('unified', { [V3_STRATEGY]: ok({ list: [strategyOrder('1')] }) });
    const result = await account.cancelTriggerOrders({ productType: USDT }, TIMEOUT_MS);
    expect(result).toMatchObject({ ok: false, error: { kind: 'unknown' } });
    if (!result.ok) expect(result.error.message).toMatch(/^Could not cancel the TP\/SL orders \(they could not be listed\): .* Not cancelled either: the trigger orders \(they could not be listed\)\.$/);
  });

  it('V3: a failed listing or cancel does not stop the rest, and is reported', async () => {
    const resting = { tpsl: [], trigger: [strategyOrder('3'), strategyOrder('4')] };
    const { account } = await accountFor(
      'unified',
      strategyRoutes(
        resting,
        (body) => (body.includes('"3"') ? { served: error('45110', 'something odd'), keep: true } : { served: ok(null) }),
        (type) => (type === 'tpsl' ? error('40725', 'service upgrading', 400) : undefined),
      ),
    );
    const result = await account.cancelTriggerOrders({ productType: USDT }, TIMEOUT_MS);
    expect(result).toMatchObject({ ok: false, error: { kind: 'busy', code: '40725' } });
    if (!result.ok) {
      expect(result.error.message).toMatch(
        /^Could not cancel the TP\/SL orders.* Not cancelled either: BTCUSDT order 3, the TP\/SL orders \(they could not be listed when checking the cancel\), BTCUSDT trigger order 3 \(still resting after the cancel\)\. 1 other order was cancelled\.$/,
      );
    }
    expect(arrived.filter((request) => request.path === V3_PATHS.cancelStrategyOrder)).toHaveLength(2);
  });

  it('V3: an order still listed after a cancel the exchange accepted is named as still resting', async () => {
    const resting = { tpsl: [strategyOrder('5')], trigger: [] };
    const { account } = await accountFor('unified', strategyRoutes(resting, () => ({ served: ok(null), keep: true })));
    const result = await account.cancelTriggerOrders({ productType: USDT }, TIMEOUT_MS);
    expect(result).toMatchObject({ ok: false, error: { kind: 'exchange' } });
    if (!result.ok) expect(result.error.message).toMatch(/^Could not cancel BTCUSDT TP\/SL order 5 \(still resting after the cancel\): The exchange still lists it after the cancel\./);
  });

  it('V2: lists trigger, trailing and TP/SL orders, cancels each by id (a trailing stop without planType), and lists again', async () => {
    const resting = [planOrder('7', 'normal_plan'), planOrder('8', 'track_plan'), planOrder('9', 'loss_plan'), planOrder('10', 'profit_plan', 'ETHUSDT')];
    const { account } = await accountFor('classic', planOrderRoutes(resting));
    expect(await account.cancelTriggerOrders({ productType: USDT, symbol: 'BTCUSDT' }, TIMEOUT_MS)).toEqual({ ok: true, cancelled: 3, failed: [] });
    expect(arrived.map((request) => `${request.method} ${request.path}?${request.query}${request.body}`)).toEqual([
      ...listings('BTCUSDT'),
      `POST ${V2_PATHS.cancelPlanOrders}?{"symbol":"BTCUSDT","productType":"USDT-FUTURES","marginCoin":"USDT","planType":"normal_plan","orderIdList":[{"orderId":"7"}]}`,
      `POST ${V2_PATHS.cancelPlanOrders}?{"symbol":"BTCUSDT","productType":"USDT-FUTURES","marginCoin":"USDT","orderIdList":[{"orderId":"8"}]}`,
      `POST ${V2_PATHS.cancelPlanOrders}?{"symbol":"BTCUSDT","productType":"USDT-FUTURES","marginCoin":"USDT","planType":"loss_plan","orderIdList":[{"orderId":"9"}]}`,
      ...listings('BTCUSDT'),
    ]);
    expect(resting.map((order) => order.orderId)).toEqual(['10']);
  });

  it('V2: nothing listed is nothing to cancel, in three reads; a null list is none', async () => {
    const { account } = await accountFor('classic', { [V2_PLAN_PENDING]: ok({ entrustedList: null, endId: null }) });
    expect(await account.cancelTriggerOrders({ productType: USDT }, TIMEOUT_MS)).toEqual({ ok: true, cancelled: 0, failed: [] });
    expect(arrived).toHaveLength(3);
  });

  it('V2: an order the exchange will not cancel is named as still resting, with what was done', async () => {
    const resting = [planOrder('7', 'normal_plan'), planOrder('8', 'track_plan')];
    const { account } = await accountFor('classic', planOrderRoutes(resting, (body) => (body.includes('"8"') ? error('40017', 'Parameter verification failed') : undefined)));
    const result = await account.cancelTriggerOrders({ productType: USDT }, TIMEOUT_MS);
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) {
      expect(result.error.message).toMatch(/^Could not cancel the BTCUSDT trailing stop orders: .* Not cancelled either: BTCUSDT trailing stop order 8 \(still resting after the cancel\)\. 1 other order was cancelled\.$/);
      expect(result.error.message).not.toContain('trigger order 7');
    }
    const again = await account.cancelTriggerOrders({ productType: USDT }, TIMEOUT_MS);
    if (!again.ok) expect(again.error.message).toMatch(/^Could not cancel the BTCUSDT trailing stop orders: .* Not cancelled either: BTCUSDT trailing stop order 8 \(still resting after the cancel\)\.$/);
    expect(again.ok).toBe(false);
  });

  it.each([['40768'], ['43025']])('V2: %s for a listed order (gone meanwhile) is not a failure', async (code) => {
    const resting = [planOrder('7', 'normal_plan')];
    const routes = planOrderRoutes(resting);
    const { account } = await accountFor('classic', {
      ...routes,
      [V2_CANCEL_PLAN]: () => {
        resting.splice(0);
        return ok({ successList: [], failureList: [{ orderId: '7', errorCode: code, errorMsg: 'order does not exist' }] });
      },
    });
    expect(await account.cancelTriggerOrders({ productType: USDT }, TIMEOUT_MS)).toEqual({ ok: true, cancelled: 0, failed: [] });
  });

  it('V2: a listing that fails does not stop the others, and is reported', async () => {
    const resting = [planOrder('8', 'track_plan')];
    const routes = planOrderRoutes(resting);
    const listing = routes[V2_PLAN_PENDING] as (request: Arrived) => Served;
    const { account } = await accountFor('classic', {
      ...routes,
      [V2_PLAN_PENDING]: (request) => (request.query.includes('profit_loss') ? error('40725', 'service upgrading') : listing(request)),
    });
    const result = await account.cancelTriggerOrders({ productType: USDT }, TIMEOUT_MS);
    expect(result).toMatchObject({ ok: false, error: { kind: 'busy', code: '40725' } });
    if (!result.ok) expect(result.error.message).toMatch(/^Could not cancel the TP\/SL orders \(they could not be listed\): .* 1 other order was cancelled\.$/);
    expect(resting).toEqual([]);
  });

  it('V2: a unified-account key stops at the first listing and switches to V3', async () => {
    const { account, detected } = await accountFor('classic', {
      [V2_PLAN_PENDING]: file('err40085.v2_on_uta.json', 400),
      [V3_STRATEGY]: ok([]),
    });
    expect(await account.cancelTriggerOrders({ productType: USDT }, TIMEOUT_MS)).toEqual({ ok: true, cancelled: 0, failed: [] });
    expect(detected).toEqual(['unified']);
    expect(arrived.map((request) => request.path)).toEqual([V2_PATHS.pendingPlanOrders, V3_PATHS.strategyOrders, V3_PATHS.strategyOrders]);
  });

  it.each([['22001'], ['40768'], ['43025']])('V2 and V3: %s on cancel-all-orders / cancel-symbol-order is nothing to cancel', async (code) => {
    const classic = await accountFor('classic', { [V2_CANCEL]: error(code) });
    expect(await classic.account.cancelOpenOrders({ productType: USDT }, TIMEOUT_MS)).toEqual({ ok: true, cancelled: 0, failed: [] });
    const unified = await accountFor('unified', { [V3_CANCEL]: error(code) });
    expect(await unified.account.cancelOpenOrders({ productType: USDT }, TIMEOUT_MS)).toEqual({ ok: true, cancelled: 0, failed: [] });
  });

});

describe('codes seen in the wild', () => {
  it.each([
    ['1001', 'rate-limit'],
    ['40604', 'busy'],
    ['40308', 'busy'],
    ['41114', 'busy'],
    ['43115', 'busy'],
  ])('%s on a close is a %s answer (retried by the close), not a refusal', async (code, kind) => {
    const { account } = await accountFor('classic', { [V2_CLOSE]: error(code) });
    expect(await account.close({ productType: USDT }, TIMEOUT_MS)).toMatchObject({ ok: false, error: { kind, code } });
  });

  it('40004 (invalid timestamp) re-syncs the clock and sends once more', async () => {
    const client = await clientFor({ [V2_POSITIONS]: [error('40004', 'Invalid ACCESS_TIMESTAMP'), ok([])] });
    const sync = vi.spyOn(client.clock, 'sync');
    const result = await client.call({ method: 'GET', path: V2_PATHS.positions, query: { productType: USDT }, paptrading: false, timeoutMs: TIMEOUT_MS });
    expect(result.ok).toBe(true);
    expect(sync).toHaveBeenCalledTimes(1);
    expect(arrived.map((request) => request.path)).toEqual([V2_PATHS.positions, V2_PATHS.positions]);
  });

  it('40019 on a V3 endpoint switches a unified profile to classic; on V2 it is a parameter error and switches nothing', async () => {
    const unified = await accountFor('unified', { [V3_POSITIONS]: error('40019', 'You are in Classic Account mode'), [V2_POSITIONS]: ok([]) });
    expect(await unified.account.positions(USDT, TIMEOUT_MS)).toEqual({ ok: true, positions: [] });
    expect(unified.detected).toEqual(['classic']);
    await pool?.close();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    arrived = [];
    const classic = await accountFor('classic', { [V2_POSITIONS]: error('40019', 'Parameter productType cannot be empty') });
    expect(await classic.account.positions(USDT, TIMEOUT_MS)).toMatchObject({ ok: false, error: { kind: 'exchange', code: '40019' } });
    expect(classic.detected).toEqual([]);
    expect(arrived).toHaveLength(1);
  });
});

describe('Retry-After', () => {
  const refusedWith = async (served: Served) => {
    const client = await clientFor({ [V2_CLOSE]: served });
    const result = await client.call({ method: 'POST', path: V2_PATHS.close, body: { productType: USDT }, paptrading: false, timeoutMs: TIMEOUT_MS });
    if (result.ok) throw new Error('expected a refusal');
    return result.error;
  };
  const rateLimited = (retryAfter: string): Served => ({ ...error('429', 'Too Many Requests', 429), headers: { 'Retry-After': retryAfter } });

  it('passes the wait of a 429 on as retryAfterMs', async () => {
    expect(await refusedWith(rateLimited('2'))).toMatchObject({ kind: 'rate-limit', code: '429', httpStatus: 429, retryAfterMs: 2_000 });
  });

  it('reads an HTTP date against the exchange clock', async () => {
    const error = await refusedWith(rateLimited(new Date(Date.now() + 5_000).toUTCString()));
    expect(error.retryAfterMs).toBeGreaterThan(3_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(5_000);
    expect((await refusedWith(rateLimited(new Date(Date.now() - 60_000).toUTCString()))).retryAfterMs).toBe(0);
  });

  it('clamps a long wait to 10 s, and ignores an unreadable header', async () => {
    expect((await refusedWith(rateLimited('120'))).retryAfterMs).toBe(10_000);
    expect(await refusedWith(rateLimited('soon'))).not.toHaveProperty('retryAfterMs');
    expect(await refusedWith(rateLimited('-1'))).not.toHaveProperty('retryAfterMs');
  });

  it('passes it on with a busy code too, and leaves it out when there is none', async () => {
    expect(await refusedWith({ ...error('1001', 'too frequent'), headers: { 'Retry-After': '1' } })).toMatchObject({ kind: 'rate-limit', code: '1001', retryAfterMs: 1_000 });
    expect(await refusedWith(error('40604', 'busy'))).not.toHaveProperty('retryAfterMs');
  });
});

// ---- Live captures (../shared/bitget-live): the shapes the live exchange sends where the docs say otherwise. ----

const live = (name: string, status: number): Served => ({ status, body: readLive(name) });
const V2_ACCOUNTS = `GET /api/v2/mix/account/accounts`;
const V2_DETAIL = `GET /api/v2/mix/order/detail`;
const V3_ORDER_INFO = `GET /api/v3/trade/order-info`;
const V3_FILLS = `GET /api/v3/trade/fills`;
const V3_CANCEL_ORDER = `POST ${V3_PATHS.cancelOrder}`;
/** V3 order info of the closing fill in v3_fills.live.json (order-info has no live capture: built from the docs' fields). */
const v3OrderInfo = (orderId: string, cumExecQty: string, orderStatus = 'filled') =>
  ok({ orderId, clientOid: 'c', category: USDT, symbol: 'BTCUSDT', side: 'buy', orderStatus, cumExecQty, avgPrice: cumExecQty === '0' ? '' : '116535.3', feeDetail: [{ feeCoin: 'USDT', fee: '-0.08157471' }], posSide: 'short' });
/** A WebSocket frame through the feed's parser, as the socket reads it. */
function frameOf(name: string) {
  const frame = parseFrame(readLive(name));
  if (frame.kind === 'unreadable' || frame.kind === 'pong') throw new Error(`${name} did not parse: ${JSON.stringify(frame)}`);
  return frame;
}
function pushOf(name: string) {
  const frame = frameOf(name);
  if (frame.kind !== 'push') throw new Error(`${name} is not a push`);
  return readPush(frame.frame);
}

const LIVE_MEANINGS: Record<string, () => Promise<void>> = {
  'v3_current_position.flat_list_null.live.json': async () => {
    const { account } = await accountFor('unified', { [V3_POSITIONS]: live('v3_current_position.flat_list_null.live.json', 200) });
    expect(await account.positions(USDT, TIMEOUT_MS)).toEqual({ ok: true, positions: [] });
  },
  'v3_fills.live.json': async () => {
    const closing = '1351958722159730706';
    const { account } = await accountFor('unified', { [V3_ORDER_INFO]: v3OrderInfo(closing, '0.002'), [V3_FILLS]: live('v3_fills.live.json', 200) });
    expect(await account.orderCost({ orderId: closing, symbol: 'BTCUSDT', productType: USDT }, TIMEOUT_MS)).toEqual({
      ok: true,
      final: true,
      cost: { orderId: closing, symbol: 'BTCUSDT', holdSide: 'short', side: 'buy', filledSize: '0.002', avgPrice: '116535.3', fee: '-0.08157471', feeCoin: 'USDT', state: 'filled', realizedPnl: '0.1418' },
    });
  },
  'v3_cancel_order.err25204.live.json': async () => {
    // The key test's probe: the exchange looked the order up, so the key may trade (25204 comes with HTTP 400).
    const { account } = await accountFor('unified', { [V3_CANCEL_ORDER]: live('v3_cancel_order.err25204.live.json', 400) });
    expect(await account.cancelImpossibleOrder(TIMEOUT_MS)).toMatchObject({ ok: false, error: { code: '25204', httpStatus: 400 } });
  },
  'v2_accounts_item.null_unrealized.live.json': async () => {
    const item = readLive('v2_accounts_item.null_unrealized.live.json');
    const { account } = await accountFor('classic', { [V2_ACCOUNTS]: { status: 200, body: `{"code":"00000","msg":"success","requestTime":1,"data":[${item}]}` } });
    expect(await account.balances(USDT, TIMEOUT_MS)).toEqual({ ok: true, scope: 'product-type', balances: [{ marginCoin: 'USDT', equity: '48.07069777', unrealizedPnl: '0.0792' }] });
  },
  'v2_order_detail.oneway_filled.live.json': async () => {
    const { account } = await accountFor('classic', { [V2_DETAIL]: live('v2_order_detail.oneway_filled.live.json', 200) });
    expect(await account.orderCost({ orderId: '1323031696869281794', symbol: 'ETHUSDT', productType: USDT }, TIMEOUT_MS)).toEqual({
      ok: true,
      final: true,
      // posSide "net" (one-way mode) names no position side.
      cost: { orderId: '1323031696869281794', symbol: 'ETHUSDT', side: 'buy', filledSize: '0.02', avgPrice: '2431.26', realizedPnl: '0', fee: '-0.02917512', feeCoin: 'USDT', state: 'filled' },
    });
  },
  'v2_order_detail.docs_blank_fee.json': async () => {
    const { account } = await accountFor('classic', { [V2_DETAIL]: live('v2_order_detail.docs_blank_fee.json', 200) });
    // A blank fee is "not reported", and never costs the size, price and PnL read beside it.
    expect(await account.orderCost({ orderId: '123456', symbol: 'ETHUSDT', productType: USDT }, TIMEOUT_MS)).toEqual({
      ok: true,
      final: true,
      cost: { orderId: '123456', symbol: 'ethusdt', holdSide: 'long', side: 'buy', filledSize: '2', avgPrice: '1900', realizedPnl: '2112', fee: '', feeCoin: 'usdt', state: 'filled' },
    });
  },
  'v2_spot_account_info.docs.json': async () => {
    const { account } = await accountFor('classic', { 'GET /api/v2/spot/account/info': live('v2_spot_account_info.docs.json', 200) });
    // The docs' example masks its userId: the UID is unknown, never a guess (the authorities are h16b's to judge).
    expect(await account.accountInfo(TIMEOUT_MS)).toMatchObject({ ok: false, error: { kind: 'unknown' } });
  },
  'spot_cancel_order.err43001_zh.live.json': async () => {
    const client = await clientFor({ 'POST /api/v2/spot/trade/cancel-order': live('spot_cancel_order.err43001_zh.live.json', 400) });
    const result = await client.call({ method: 'POST', path: '/api/v2/spot/trade/cancel-order', body: { symbol: 'BTCUSDT', orderId: '1' }, paptrading: false, timeoutMs: TIMEOUT_MS });
    expect(result).toMatchObject({ ok: false, error: { code: '43001' }, record: { code: '43001', message: '订单不存在' } });
  },
  'ws_login.ok_numeric_code.live.json': async () => {
    const frame = frameOf('ws_login.ok_numeric_code.live.json');
    expect(frame.kind === 'event' && frame.frame.event === 'login' && isSuccessCode(frame.frame.code)).toBe(true);
  },
  'ws_login.err30015.live.json': async () => {
    const frame = frameOf('ws_login.err30015.live.json');
    if (frame.kind !== 'event') throw new Error('not an event');
    expect(frame.frame).toMatchObject({ event: 'error', code: '30015' });
    expect(isSuccessCode(frame.frame.code)).toBe(false);
    expect(explainRefusal(frame.frame.code, frame.frame.msg)).toMatch(/key, passphrase or signature was not accepted \(code 30015 \("Invalid sign"\)\)/);
  },
  'ws_v2_account.no_unrealizedPL.live.json': async () => {
    expect(pushOf('ws_v2_account.no_unrealizedPL.live.json')).toEqual({ ok: true, push: { kind: 'balances', balances: [{ marginCoin: 'USDT', equity: '26.14309528' }] } });
  },
  'ws_v2_positions.oneway_long.live.json': async () => {
    expect(pushOf('ws_v2_positions.oneway_long.live.json')).toEqual({
      ok: true,
      push: {
        kind: 'positions-snapshot',
        productType: USDT,
        positions: [{
          symbol: 'XRPUSDT', productType: USDT, marginCoin: 'USDT', holdSide: 'long', size: '3', available: '3', entryPrice: '2.2366', markPrice: '',
          unrealizedPnl: '0.0009', liquidationPrice: '', leverage: '10', marginMode: 'crossed', posMode: 'one_way_mode',
        }],
      },
    });
  },
  'ws_v2_positions.flat_snapshot.live.json': async () => {
    expect(pushOf('ws_v2_positions.flat_snapshot.live.json')).toEqual({ ok: true, push: { kind: 'positions-snapshot', productType: USDT, positions: [] } });
  },
  'ws_v3_position.opening.live.json': async () => {
    expect(pushOf('ws_v3_position.opening.live.json')).toEqual({
      ok: true,
      push: {
        kind: 'unified-positions',
        snapshot: true,
        positions: [{
          symbol: 'BTCUSDT', productType: USDT, marginCoin: 'USDT', holdSide: 'short', size: '0.0002', available: '0.0002', entryPrice: '117066.1', markPrice: '117122.2',
          unrealizedPnl: '-0.01122', liquidationPrice: '3271394.4', leverage: '10', marginMode: 'crossed', posMode: 'hedge_mode',
        }],
      },
    });
  },
};

describe('the client reads every live capture as it is meant (../shared/bitget-live)', () => {
  readsEveryFile(liveFiles(), LIVE_MEANINGS);

  it('V3 fills {"list":null} (none listed yet) leave the realized PnL unknown, never zero; order status "new" is read', async () => {
    const { account } = await accountFor('unified', { [V3_ORDER_INFO]: v3OrderInfo('7', '0.002', 'new'), [V3_FILLS]: ok({ list: null, cursor: null }) });
    const read = await account.orderCost({ orderId: '7', symbol: 'BTCUSDT', productType: USDT }, TIMEOUT_MS);
    expect(read).toMatchObject({ ok: true, final: false, cost: { orderId: '7', filledSize: '0.002', fee: '-0.08157471', state: 'new' } });
    if (read.ok) expect(read.cost).not.toHaveProperty('realizedPnl');
  });

  it('an unreadable fee is "not reported" (never zero) and costs nothing else read beside it', async () => {
    const detail = JSON.parse(readLive('v2_order_detail.oneway_filled.live.json')) as { data: Record<string, unknown> };
    const { account } = await accountFor('classic', { [V2_DETAIL]: ok({ ...detail.data, fee: 'abc' }) });
    expect(await account.orderCost({ orderId: '1323031696869281794', symbol: 'ETHUSDT', productType: USDT }, TIMEOUT_MS)).toMatchObject({
      ok: true,
      cost: { filledSize: '0.02', avgPrice: '2431.26', realizedPnl: '0', fee: '' },
    });
    await pool?.close();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    const info = JSON.parse(v3OrderInfo('7', '0', 'new').body) as { data: Record<string, unknown> };
    const unified = await accountFor('unified', { [V3_ORDER_INFO]: ok({ ...info.data, feeDetail: [{ feeCoin: 'USDT', fee: '-1' }, { feeCoin: 'USDT', fee: null }] }) });
    expect(await unified.account.orderCost({ orderId: '7', symbol: 'BTCUSDT', productType: USDT }, TIMEOUT_MS)).toMatchObject({ ok: true, cost: { fee: '', filledSize: '0', realizedPnl: '0' } });
  });

  it.each([
    ['a zero-byte 200', { status: 200, body: '' }],
    ['a non-JSON 200', { status: 200, body: 'OK' }],
  ])('%s to a positions read is no answer (retried by the close), never "nothing open"', async (_label, served) => {
    const { account } = await accountFor('unified', { [V3_POSITIONS]: served });
    const read = await account.positions(USDT, TIMEOUT_MS);
    expect(read).toMatchObject({ ok: false, error: { kind: 'unknown' } });
  });
});
