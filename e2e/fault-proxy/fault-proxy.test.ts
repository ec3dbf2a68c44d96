// The fault proxy itself, over real HTTP between a signed client and the strict simulator.
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startExchange, type AccountSpec, type Credentials, type Exchange } from '../../electron/simulator/index.ts';
import { call, hmacBase64, type CallOptions } from '../../electron/simulator/test-client.ts';
import { startFaultProxy, type FaultProxy } from './index.ts';

const POSITIONS = '/api/v2/mix/position/all-position';
const V3_POSITIONS = '/api/v3/position/current-position';
const CLOSE = '/api/v2/mix/order/close-positions';
const BOOK: AccountSpec = {
  positions: [
    { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' },
    { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'short', size: '2' },
  ],
};
const readPositions: CallOptions = { path: POSITIONS, query: 'productType=USDT-FUTURES' };
const closeBtc: CallOptions = { path: CLOSE, body: { symbol: 'BTCUSDT', productType: 'USDT-FUTURES', holdSide: 'long' } };

let exchange: Exchange;
let proxy: FaultProxy;
let keys: Credentials;

beforeEach(async () => {
  exchange = await startExchange();
  proxy = await startFaultProxy({ upstream: exchange.url });
  keys = exchange.addAccount(BOOK);
});

afterEach(async () => {
  await proxy.close();
  await exchange.close();
});

const through = (options: CallOptions, credentials: Credentials = keys) => call(proxy.url, credentials, options);
/** The BTCUSDT long close, signed, from a client that stops waiting after `ms`. */
async function closeGivingUpAfter(ms: number) {
  const timestamp = String(Date.now());
  const body = JSON.stringify(closeBtc.body);
  const response = await request(`${proxy.url}${CLOSE}`, {
    method: 'POST',
    body,
    signal: AbortSignal.timeout(ms),
    headers: {
      'ACCESS-KEY': keys.apiKey,
      'ACCESS-SIGN': hmacBase64(keys.secretKey, `${timestamp}POST${CLOSE}${body}`),
      'ACCESS-TIMESTAMP': timestamp,
      'ACCESS-PASSPHRASE': keys.passphrase,
      'Content-Type': 'application/json',
    },
  });
  return response.body.text();
}
const openSymbols = () => exchange.account(keys.apiKey).positions.map((position) => position.symbol);

describe('passing through', () => {
  it('delivers the client\'s exact bytes, so signatures verify, and the answer unchanged', async () => {
    const answer = await through(closeBtc);
    expect(answer.json?.code).toBe('00000');
    expect(openSymbols()).toEqual(['ETHUSDT']);
    const [arrived] = exchange.account(keys.apiKey).requests;
    const [passed] = proxy.log;
    expect(arrived!.body).toBe('{"symbol":"BTCUSDT","productType":"USDT-FUTURES","holdSide":"long"}');
    expect(passed).toMatchObject({ method: 'POST', path: CLOSE, body: arrived!.body, forwarded: true, status: 200, rewritten: false, delivered: true });
    expect(passed!.headers['access-sign']).toBe(arrived!.headers['access-sign']);
    expect(passed!.headers['access-passphrase']).toBeUndefined();
    expect(passed!.answer).toBe(answer.text);
    expect(passed!.upstream).toEqual({ status: 200, body: answer.text });
    expect(passed!.ms).toBeGreaterThanOrEqual(0);
  });

  it('verifies a chosen passphrase with quotes and backslashes, and the simulator refuses one with spaces', async () => {
    const quoted = exchange.addAccount({ ...BOOK, passphrase: 'pa"ss\\phr', secretKey: 's\\e"cret' });
    expect(quoted.passphrase).toBe('pa"ss\\phr');
    expect((await through(readPositions, quoted)).json?.code).toBe('00000');
    expect((await through(readPositions, { ...quoted, passphrase: 'pa"ss\\ph' })).json?.code).toBe('40012');
    expect(() => exchange.addAccount({ passphrase: 'has space' })).toThrow(/printable ASCII/);
    expect(() => exchange.addAccount({ secretKey: '' })).toThrow(/printable ASCII/);
  });

  it('mirrors an upstream that drops the connection', async () => {
    exchange.faults.add({ kind: 'drop' });
    await expect(through(readPositions)).rejects.toThrow();
    expect(proxy.log[0]).toMatchObject({ forwarded: true, status: 'reset', delivered: false });
  });
});

describe('rules', () => {
  it('reset: the upstream acts, the client gets the head and a few bytes, then a dead socket', async () => {
    proxy.add({ mode: 'reset', path: CLOSE, afterBytes: 10 });
    await expect(through(closeBtc)).rejects.toThrow();
    expect(openSymbols()).toEqual(['ETHUSDT']);
    expect(exchange.account(keys.apiKey).requests[0]!.response).toMatchObject({ status: 200, code: '00000' });
    expect(proxy.log[0]).toMatchObject({ mode: 'reset', forwarded: true, status: 'reset', rewritten: true, delivered: false });
    expect(proxy.log[0]!.answer).toBeUndefined();
  });

  it('positions-data-null: a V2 answer with data null; a V3 answer with data null or without its list', async () => {
    proxy.add({ mode: 'positions-data-null', times: 1 });
    expect((await through(readPositions)).json).toMatchObject({ code: '00000', data: null });
    expect((await through(readPositions)).json?.data).toHaveLength(2);

    const unified = exchange.addAccount({ ...BOOK, kind: 'unified' });
    const v3: CallOptions = { path: V3_POSITIONS, query: 'category=USDT-FUTURES' };
    proxy.add({ mode: 'positions-data-null', times: 1 });
    expect((await through(v3, unified)).json).toMatchObject({ code: '00000', data: null });
    proxy.add({ mode: 'positions-data-null', nullAt: 'list', times: 1 });
    expect((await through(v3, unified)).json).toEqual(expect.objectContaining({ code: '00000', data: {} }));
    expect(proxy.log.map((entry) => entry.rewritten)).toEqual([true, false, true, true]);
  });

  it('positions-bad-size: every position\'s total becomes "abc" (or "") in V2 and V3', async () => {
    proxy.add({ mode: 'positions-bad-size', times: 1 });
    const v2 = (await through(readPositions)).json?.data as { total: string; symbol: string }[];
    expect(v2.map((position) => position.total)).toEqual(['abc', 'abc']);

    const unified = exchange.addAccount({ ...BOOK, kind: 'unified' });
    proxy.add({ mode: 'positions-bad-size', total: '', times: 1 });
    const v3 = (await through({ path: V3_POSITIONS, query: 'category=USDT-FUTURES' }, unified)).json?.data as { list: { total: string }[] };
    expect(v3.list.map((position) => position.total)).toEqual(['', '']);
    expect(proxy.log[0]!.upstream!.body).toContain('"total":"0.5"');
  });

  it('rewrites only successful positions answers, and says so in the log', async () => {
    proxy.add({ mode: 'positions-data-null' });
    const refused = await through(readPositions, { ...keys, passphrase: 'wrong-pass' });
    expect(refused.json).toMatchObject({ code: '40012' });
    expect((await through(closeBtc)).json?.code).toBe('00000');
    expect(proxy.log.map((entry) => [entry.path, entry.mode, entry.rewritten])).toEqual([
      [POSITIONS, 'positions-data-null', false],
      [CLOSE, undefined, false],
    ]);
  });

  it('echo-headers: a 403 page with every header, and a JSON error with them in msg; nothing reaches the upstream', async () => {
    proxy.add({ mode: 'echo-headers', firstHeader: 'access-passphrase', times: 1 });
    const page = await through(closeBtc);
    expect(page.status).toBe(403);
    expect(page.headers['content-type']).toBe('text/html');
    expect(page.text.slice(0, 80)).toContain(`ACCESS-PASSPHRASE: ${keys.passphrase}`);
    expect(page.text).toContain(`ACCESS-KEY: ${keys.apiKey}`);

    proxy.add({ mode: 'echo-headers', format: 'json', status: 400, code: '40001', firstHeader: 'ACCESS-SIGN', times: 1 });
    const json = await through(closeBtc);
    expect(json.status).toBe(400);
    expect(json.json?.code).toBe('40001');
    expect(json.json?.msg).toMatch(/^Request blocked; headers: ACCESS-SIGN: \S+; /);
    expect(json.json?.msg).toContain(`ACCESS-PASSPHRASE: ${keys.passphrase}`);
    expect(exchange.account(keys.apiKey).requests).toHaveLength(0);
    expect(openSymbols()).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(proxy.log.every((entry) => !entry.forwarded && entry.rewritten && entry.answer === undefined)).toBe(true);
  });

  it('status-on-reads: GETs answer 502 without reaching the upstream; POSTs pass', async () => {
    proxy.add({ mode: 'status-on-reads' });
    const read = await through(readPositions);
    expect(read.status).toBe(502);
    expect(read.text).toContain('502 Bad Gateway');
    expect((await through(closeBtc)).json?.code).toBe('00000');
    proxy.add({ mode: 'status-on-reads', status: 503, body: '{"code":"503","msg":"down"}' });
    expect((await through(readPositions)).status).toBe(502);
    expect(exchange.account(keys.apiKey).requests.map((entry) => entry.method)).toEqual(['POST']);
    expect(proxy.log.map((entry) => entry.mode)).toEqual(['status-on-reads', undefined, 'status-on-reads']);
  });

  it('delay: before forwarding (forwarded even after the client gave up) and before answering', async () => {
    proxy.add({ mode: 'delay', path: CLOSE, beforeForwardMs: 600, times: 1 });
    await expect(closeGivingUpAfter(100)).rejects.toThrow();
    expect(exchange.account(keys.apiKey).requests).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 700));
    const [arrived] = exchange.account(keys.apiKey).requests;
    expect(arrived!.receivedAt - proxy.log[0]!.receivedAt).toBeGreaterThanOrEqual(590);
    expect(openSymbols()).toEqual(['ETHUSDT']);
    expect(proxy.log[0]).toMatchObject({ forwarded: true, delivered: false });

    proxy.add({ mode: 'delay', beforeAnswerMs: 250, times: 1 });
    const started = Date.now();
    expect((await through(readPositions)).json?.code).toBe('00000');
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    const upstreamAt = exchange.account(keys.apiKey).requests[1]!.receivedAt;
    expect(upstreamAt - proxy.log[1]!.receivedAt).toBeLessThan(100);
  });

  it('applies per method and path, as many times as asked, first rule first; clear and remove take rules away', async () => {
    const once = proxy.add({ mode: 'status-on-reads', path: POSITIONS, times: 2 });
    proxy.add({ mode: 'echo-headers', method: 'POST' });
    expect((await through(readPositions)).status).toBe(502);
    expect((await through(readPositions)).status).toBe(502);
    expect(once.hits).toBe(2);
    expect((await through(readPositions)).status).toBe(200);
    expect((await through(closeBtc)).status).toBe(403);
    proxy.clear();
    expect((await through(closeBtc)).status).toBe(200);
    const removed = proxy.add({ mode: 'status-on-reads' });
    removed.remove();
    expect((await through(readPositions)).status).toBe(200);
    expect(() => proxy.add({ mode: 'reset', times: 0 })).toThrow(/positive/);
  });

  it('answers public requests too and closes with hung upstream requests open', async () => {
    const time = await request(`${proxy.url}/api/v2/public/time`);
    expect(time.statusCode).toBe(200);
    await time.body.text();
    exchange.faults.add({ kind: 'hang' });
    const hung = through(readPositions).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await proxy.close();
    expect(await hung).toBeInstanceOf(Error);
  });
});
