// The simulator's WebSocket against the documented protocol (docs/ws-protocol.md), over real sockets, with a raw
// `ws` client written here (never the app's feed client).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startExchange } from '../index.ts';
import type { Credentials, Exchange } from '../index.ts';
import { call } from '../test-client.ts';
import { connect, event, loginFrame, push } from './test-socket.ts';

const USDT = 'USDT-FUTURES';
const POSITIONS = { instType: USDT, channel: 'positions', instId: 'default' };
const ACCOUNT = { instType: USDT, channel: 'account', coin: 'default' };

let exchange: Exchange;
let keys: Credentials;

beforeEach(async () => {
  exchange = await startExchange({ shapes: 'docs', ws: { pingTimeoutMs: 400 } });
  keys = exchange.addAccount({
    balances: { USDT: '1000' },
    positions: [{ productType: USDT, symbol: 'BTCUSDT', holdSide: 'long', size: '0.1', entryPrice: '60000', markPrice: '61000' }],
  });
});
afterEach(() => exchange.close());

async function loggedIn(path = '/v2/ws/private', credentials = keys) {
  const client = await connect(`${exchange.wsUrl}${path}`);
  client.send(loginFrame(credentials));
  expect(await client.received.next(event('login'))).toEqual({ event: 'login', code: '0', msg: '' });
  return client;
}

const subscribe = (...args: object[]) => JSON.stringify({ op: 'subscribe', args });

describe('login', () => {
  it('accepts the documented signature with a millisecond or a second timestamp', async () => {
    await loggedIn();
    const seconds = await connect(`${exchange.wsUrl}/v2/ws/private`);
    seconds.send(loginFrame(keys, { timestamp: String(Math.floor(Date.now() / 1_000)) }));
    expect(await seconds.received.next(event('login'))).toMatchObject({ code: '0' });
  });

  const refusals: [string, (k: Credentials) => Parameters<typeof loginFrame>[1], string][] = [
    ['unknown key', () => ({ apiKey: 'bg_nobody' }), '30011'],
    ['wrong passphrase', () => ({ passphrase: 'not-it' }), '30012'],
    ['timestamp not a number', () => ({ timestamp: 'soon' }), '30013'],
    ['timestamp 31 s old', () => ({ timestamp: String(Date.now() - 31_000) }), '30014'],
    ['signature of something else', () => ({ sign: 'AAAA' }), '30015'],
  ];
  for (const [name, overrides, code] of refusals) {
    it(`answers ${code} to a ${name} and leaves the socket open, as the live exchange does`, async () => {
      const client = await connect(`${exchange.wsUrl}/v2/ws/private`);
      client.send(loginFrame(keys, overrides(keys)));
      expect(await client.received.next(event('error'))).toEqual({ event: 'error', code, msg: expect.any(String) });
      client.send('ping');
      expect(await client.received.next((frame) => frame === 'pong')).toBe('pong');
      expect(exchange.ws.connections.at(-1)?.open).toBe(true);
    });
  }

  it('refuses a signature made with the wrong secret (30015)', async () => {
    const client = await connect(`${exchange.wsUrl}/v2/ws/private`);
    client.send(loginFrame({ ...keys, secretKey: 'another-secret' }));
    expect(await client.received.next(event('error'))).toMatchObject({ code: '30015' });
  });

  it('refuses a live key on the demo host and a demo key on the live host', async () => {
    const demo = exchange.addAccount({ demo: true });
    const onDemoHost = await connect(`${exchange.wsUrl}/wspap/v2/ws/private`);
    onDemoHost.send(loginFrame(keys));
    expect(await onDemoHost.received.next(event('error'))).toMatchObject({ code: '30011' });
    const onLiveHost = await connect(`${exchange.wsUrl}/v2/ws/private`);
    onLiveHost.send(loginFrame(demo));
    expect(await onLiveHost.received.next(event('error'))).toMatchObject({ code: '30011' });
    await loggedIn('/wspap/v2/ws/private', demo);
  });

  it('sends classic keys to V2 and unified keys to V3', async () => {
    const unified = exchange.addAccount({ kind: 'unified' });
    const v2 = await connect(`${exchange.wsUrl}/v2/ws/private`);
    v2.send(loginFrame(unified));
    expect(await v2.received.next(event('error'))).toMatchObject({ code: '30005', msg: expect.stringMatching(/V3/) });
    await loggedIn('/v3/ws/private', unified);
  });

  it('refuseLogin answers every login with the chosen error', async () => {
    exchange.ws.refuseLogin({ code: '30005', msg: 'Login failed' });
    const client = await connect(`${exchange.wsUrl}/v2/ws/private`);
    client.send(loginFrame(keys));
    expect(await client.received.next(event('error'))).toEqual({ event: 'error', code: '30005', msg: 'Login failed' });
    exchange.ws.refuseLogin(undefined);
    await loggedIn();
  });

  it('keeps the frames received without the passphrase or the signature', async () => {
    await loggedIn();
    const [log] = exchange.ws.connections;
    expect(log?.frames).toHaveLength(1);
    expect(log?.frames[0]).toContain(keys.apiKey);
    expect(log?.frames[0]).not.toContain(keys.passphrase);
    expect(log?.frames[0]).not.toMatch(/"sign"/);
  });
});

describe('faults for the feed', () => {
  it('refuseSubscriptions answers a matching subscribe 30016 with its arg and leaves the others and the socket alone', async () => {
    exchange.ws.refuseSubscriptions({ channel: 'ticker', instId: 'ETHUSDT' });
    const client = await connect(`${exchange.wsUrl}/v2/ws/public`);
    const eth = { instType: USDT, channel: 'ticker', instId: 'ETHUSDT' };
    const btc = { instType: USDT, channel: 'ticker', instId: 'BTCUSDT' };
    client.send(subscribe(eth, btc));
    expect(await client.received.next(event('error'))).toEqual({ event: 'error', arg: eth, code: '30016', msg: 'Param error' });
    expect(await client.received.next(event('subscribe'))).toMatchObject({ arg: btc });
    exchange.ws.refuseSubscriptions(undefined);
    client.send(subscribe(eth));
    expect(await client.received.next(event('subscribe'))).toMatchObject({ arg: eth });
  });

  it('blockPath refuses upgrades to one path; send reaches every socket on a path whatever it subscribed', async () => {
    exchange.ws.blockPath('/v2/ws/public');
    await expect(connect(`${exchange.wsUrl}/v2/ws/public`)).rejects.toThrow();
    exchange.ws.blockPath(undefined);
    const client = await connect(`${exchange.wsUrl}/v2/ws/public`);
    exchange.ws.send(JSON.stringify({ event: 'error', code: 30033, msg: 'service upgrade' }), '/v2/ws/public');
    expect(await client.received.next(event('error'))).toEqual({ event: 'error', code: 30033, msg: 'service upgrade' });
  });
});

describe('subscriptions', () => {
  it('refuses private channels before login (30004) and unknown channels (30001)', async () => {
    const client = await connect(`${exchange.wsUrl}/v2/ws/private`);
    client.send(subscribe(POSITIONS));
    expect(await client.received.next(event('error'))).toEqual({ event: 'error', arg: POSITIONS, code: '30004', msg: 'User needs to log in' });
    client.send(subscribe({ instType: 'usdt-futures', channel: 'positions', instId: 'default' }));
    expect(await client.received.next(event('error'))).toMatchObject({ code: '30001' });
    client.send(subscribe({ instType: 'SUSDT-FUTURES', channel: 'positions', instId: 'default' }));
    expect(await client.received.next(event('error'))).toMatchObject({ code: '30001' });
    client.send(subscribe({ instType: USDT, channel: 'orders-of-nothing', instId: 'default' }));
    expect(await client.received.next(event('error'))).toMatchObject({ code: '30001' });
  });

  it('answers the subscribe, then a snapshot of every position of that product type', async () => {
    const client = await loggedIn();
    client.send(subscribe(POSITIONS));
    expect(await client.received.next(event('subscribe'))).toEqual({ event: 'subscribe', arg: POSITIONS });
    const snapshot = (await client.received.next(push('positions'))) as { action: string; data: Record<string, unknown>[]; ts: number };
    expect(snapshot.action).toBe('snapshot');
    expect(typeof snapshot.ts).toBe('number');
    expect(snapshot.data).toHaveLength(1);
    expect(Object.keys(snapshot.data[0]!)).toEqual([
      'posId', 'instId', 'marginCoin', 'marginSize', 'marginMode', 'holdSide', 'posMode', 'total', 'available', 'frozen', 'openPriceAvg', 'leverage',
      'achievedProfits', 'unrealizedPL', 'unrealizedPLR', 'liquidationPrice', 'keepMarginRate', 'marginRate', 'cTime', 'breakEvenPrice', 'totalFee',
      'deductedFee', 'markPrice', 'uTime', 'assetMode', 'autoMargin',
    ]);
    expect(snapshot.data[0]).toMatchObject({ instId: 'BTCUSDT', holdSide: 'long', total: '0.1', openPriceAvg: '60000', markPrice: '61000', unrealizedPL: '100', leverage: 10 });
  });

  it('pushes the account with equity at the mark; not when only a price moves, again on an order event (at the new mark)', async () => {
    const client = await loggedIn();
    client.send(subscribe(ACCOUNT, POSITIONS));
    expect(await client.received.next(push('account'))).toMatchObject({ action: 'snapshot', data: [{ marginCoin: 'USDT', equity: '1100', unrealizedPL: '100', available: '1000' }] });
    await client.received.next(push('positions'));
    exchange.setMarkPrice(USDT, 'BTCUSDT', '59000');
    client.send('ping');
    await client.received.next((frame) => frame === 'pong');
    expect(client.received.frames.filter(push('account'))).toHaveLength(1);
    expect(client.received.frames.filter(push('positions'))).toHaveLength(1);
    exchange.account(keys.apiKey).addPosition({ productType: USDT, symbol: 'ETHUSDT', holdSide: 'short', size: '1', entryPrice: '3400' });
    expect(await client.received.next(push('positions'))).toMatchObject({ data: expect.arrayContaining([expect.objectContaining({ instId: 'BTCUSDT', markPrice: '59000', unrealizedPL: '-100' })]) });
  });

  it('pushes the positions list after a close over REST (empty when flat) and after a new position', async () => {
    const client = await loggedIn();
    client.send(subscribe(POSITIONS));
    await client.received.next(push('positions'));
    const closed = await call(exchange.url, keys, { path: '/api/v2/mix/order/close-positions', body: { productType: USDT } });
    expect(closed.json?.code).toBe('00000');
    expect(await client.received.next(push('positions'))).toMatchObject({ action: 'snapshot', data: [] });
    exchange.account(keys.apiKey).addPosition({ productType: USDT, symbol: 'ETHUSDT', holdSide: 'short', size: '2' });
    expect(await client.received.next(push('positions'))).toMatchObject({ data: [{ instId: 'ETHUSDT', holdSide: 'short', total: '2' }] });
  });

  it('does not push what did not change, and stops after unsubscribe', async () => {
    const client = await loggedIn();
    client.send(subscribe(POSITIONS));
    await client.received.next(push('positions'));
    exchange.setMarkPrice(USDT, 'ETHUSDT', '3000');
    exchange.account(keys.apiKey).addPosition({ productType: 'COIN-FUTURES', symbol: 'BTCUSD', holdSide: 'long', size: '1' });
    client.send(JSON.stringify({ op: 'unsubscribe', args: [POSITIONS] }));
    expect(await client.received.next(event('unsubscribe'))).toEqual({ event: 'unsubscribe', arg: POSITIONS });
    exchange.account(keys.apiKey).addPosition({ productType: USDT, symbol: 'ETHUSDT', holdSide: 'short', size: '2' });
    client.send('ping');
    await client.received.next((frame) => frame === 'pong');
    expect(client.received.frames.filter(push('positions'))).toHaveLength(1);
  });

  it('public ticker: snapshot with the mark price the positions hold, an update whenever it moves', async () => {
    const client = await connect(`${exchange.wsUrl}/v2/ws/public`);
    const ticker = { instType: USDT, channel: 'ticker', instId: 'BTCUSDT' };
    client.send(subscribe(ticker));
    expect(await client.received.next(event('subscribe'))).toEqual({ event: 'subscribe', arg: ticker });
    expect(await client.received.next(push('ticker'))).toMatchObject({ action: 'snapshot', arg: ticker, data: [{ instId: 'BTCUSDT', markPrice: '61000', symbolType: 1 }] });
    exchange.setMarkPrice(USDT, 'BTCUSDT', '64000.5');
    expect(await client.received.next(push('ticker'))).toMatchObject({ action: 'update', data: [{ markPrice: '64000.5', ts: expect.stringMatching(/^\d{13}$/) }] });
    client.send(subscribe({ instType: USDT, channel: 'ticker', instId: 'NOPEUSDT' }));
    expect(await client.received.next(event('error'))).toMatchObject({ code: '30001' });
    client.send(subscribe(POSITIONS));
    expect(await client.received.next(event('error'))).toMatchObject({ code: '30001' });
  });

  it('V3: position and account topics, incremental position updates, an ended position once', async () => {
    const unified = exchange.addAccount({ kind: 'unified', balances: { USDT: '500' }, positions: [{ productType: USDT, symbol: 'ETHUSDT', holdSide: 'long', size: '1', entryPrice: '3000', markPrice: '3000' }] });
    const client = await loggedIn('/v3/ws/private', unified);
    client.send(subscribe({ instType: 'UTA', topic: 'position' }, { instType: 'UTA', topic: 'account' }));
    expect(await client.received.next(event('subscribe'))).toEqual({ event: 'subscribe', arg: { instType: 'UTA', topic: 'position' }, code: '', msg: '' });
    expect(await client.received.next(push('position'))).toMatchObject({ action: 'snapshot', data: [{ symbol: 'ETHUSDT', size: '1', posSide: 'long', positionStatus: 'normal' }] });
    expect(await client.received.next(push('account'))).toMatchObject({ action: 'snapshot', data: [{ coin: expect.arrayContaining([expect.objectContaining({ coin: 'USDT', equity: '500' })]) }] });
    exchange.setMarkPrice(USDT, 'ETHUSDT', '2900');
    await call(exchange.url, unified, { path: '/api/v3/trade/close-positions', body: { category: USDT } });
    expect(await client.received.next(push('position', 'update'))).toMatchObject({ data: [{ symbol: 'ETHUSDT', size: '0', positionStatus: 'ended' }] });
    // Closed at 2900: -100 realized and the taker fee (0.06 % of 2900) are now in the balance.
    expect(await client.received.next(push('account', 'update'))).toMatchObject({ data: [{ coin: expect.arrayContaining([expect.objectContaining({ coin: 'USDT', equity: '398.26' })]) }] });
  });
});

describe('keep-alive, limits and faults', () => {
  it('answers the string ping with pong, and disconnects when pings stop', async () => {
    const client = await connect(`${exchange.wsUrl}/v2/ws/public`);
    client.send('ping');
    expect(await client.received.next((frame) => frame === 'pong')).toBe('pong');
    const started = Date.now();
    await client.received.closed;
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
  });

  it('keeps a connection that pings', async () => {
    const client = await connect(`${exchange.wsUrl}/v2/ws/public`);
    for (let round = 0; round < 4; round += 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      client.send('ping');
      await client.received.next((frame) => frame === 'pong');
    }
    expect(client.socket.readyState).toBe(client.socket.OPEN);
  });

  it('disconnects a client that sends more than 10 messages in a second (30007)', async () => {
    const client = await connect(`${exchange.wsUrl}/v2/ws/public`);
    for (let count = 0; count < 10; count += 1) client.send('ping');
    await client.received.next((frame) => frame === 'pong');
    expect(client.socket.readyState).toBe(client.socket.OPEN);
    client.send('ping');
    expect(await client.received.next(event('error'))).toMatchObject({ code: '30007' });
    await client.received.closed;
  });

  it('drop closes every socket', async () => {
    const first = await loggedIn();
    const second = await connect(`${exchange.wsUrl}/v2/ws/public`);
    exchange.ws.drop();
    await Promise.all([first.received.closed, second.received.closed]);
    expect(exchange.ws.connections.every((log) => !log.open)).toBe(true);
  });

  it('silence keeps the connection open but answers and pushes nothing', async () => {
    const client = await loggedIn();
    client.send(subscribe(POSITIONS));
    await client.received.next(push('positions'));
    exchange.ws.silence();
    const before = client.received.frames.length;
    client.send('ping');
    exchange.account(keys.apiKey).addPosition({ productType: USDT, symbol: 'ETHUSDT', holdSide: 'short', size: '2' });
    // Longer than the ping timeout: a silenced link is not closed by the server either.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(client.received.frames.length).toBe(before);
    expect(client.socket.readyState).toBe(client.socket.OPEN);
  });

  it('refuses other paths and closes sockets when the exchange closes', async () => {
    await expect(connect(`${exchange.wsUrl}/v2/ws/nothing`)).rejects.toThrow(/404/);
    const client = await connect(`${exchange.wsUrl}/v2/ws/public`);
    await exchange.close();
    await client.received.closed;
  });
});
