import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SocketState } from '../../../shared/feed.ts';
import { startFakeServer, TEST_KEY, type FakeServer } from './fake-ws-server.test-support.ts';
import { privateSubscriptions, type LoginSigner, type Push } from './protocol.ts';
import { createFeedSocket, type FeedSocket } from './socket.ts';
import { wsTransport } from './transport.ts';

const FAST = { pingIntervalMs: 100, pongTimeoutMs: 150, readyTimeoutMs: 1_000, backoffBaseMs: 20, backoffMaxMs: 100, refusedRetryMs: 60_000 };

const signer = (key = TEST_KEY): LoginSigner => ({
  apiKey: key.apiKey,
  passphrase: key.passphrase,
  sign: (prehash) => createHmac('sha256', key.secretKey).update(prehash).digest('base64'),
  timestampMs: () => Date.now(),
});

let server: FakeServer;
let socket: FeedSocket | undefined;
beforeEach(async () => {
  server = await startFakeServer();
});
afterEach(async () => {
  socket?.close();
  socket = undefined;
  await server.close();
});

function open(options: { key?: typeof TEST_KEY; log?: string[] } = {}) {
  const states: { state: SocketState; problem?: string }[] = [];
  const pushes: Push[] = [];
  const confirmations: number[] = [];
  socket = createFeedSocket({
    name: 'private',
    url: `${server.url}/v2/ws/private`,
    transport: wsTransport(),
    login: () => signer(options.key),
    onPush: (push) => pushes.push(push),
    onState: (state, problem) => states.push({ state, ...(problem ? { problem } : {}) }),
    onConfirmed: (at) => confirmations.push(at),
    log: (line) => options.log?.push(line),
    timing: FAST,
  });
  socket.setSubscriptions(privateSubscriptions('classic', ['USDT-FUTURES']));
  socket.start();
  return { socket, states, pushes, confirmations };
}

const positionsPush = (data: unknown[]) => ({ action: 'snapshot', arg: { instType: 'USDT-FUTURES', channel: 'positions', instId: 'default' }, data, ts: Date.now() });

describe('the feed socket', () => {
  it('logs in, subscribes, goes live, and is confirmed by pongs', async () => {
    const { socket, confirmations } = open();
    await server.waitFor(() => socket.state === 'live');
    const [connection] = server.connections;
    expect(connection!.subscribed).toEqual([
      { instType: 'USDT-FUTURES', channel: 'positions', instId: 'default' },
      { instType: 'USDT-FUTURES', channel: 'account', coin: 'default' },
    ]);
    const before = confirmations.length;
    await server.waitFor(() => connection!.received.filter((frame) => frame === 'ping').length >= 2 && confirmations.length > before + 1);
  });

  it('passes readable pushes on and ignores unreadable ones (never as flat)', async () => {
    const log: string[] = [];
    const { socket, pushes } = open({ log });
    await server.waitFor(() => socket.state === 'live');
    server.push('/v2/ws/private', 'positions', positionsPush([{ instId: 'BTCUSDT', marginCoin: 'USDT', holdSide: 'long', total: 'lots', available: '1' }]));
    server.push('/v2/ws/private', 'positions', positionsPush([{ instId: 'BTCUSDT', marginCoin: 'USDT', holdSide: 'long', total: '2', available: '2' }]));
    await server.waitFor(() => pushes.length === 1);
    expect(pushes[0]).toMatchObject({ kind: 'positions-snapshot', positions: [{ symbol: 'BTCUSDT', size: '2' }] });
    expect(log.some((line) => line.includes('unreadable push'))).toBe(true);
  });

  it('keeps an account push with an unreadable unrealizedPL (its equity read), and logs that field once', async () => {
    const log: string[] = [];
    const { socket, pushes } = open({ log });
    await server.waitFor(() => socket.state === 'live');
    const account = { action: 'snapshot', arg: { instType: 'USDT-FUTURES', channel: 'account', coin: 'default' }, data: [{ marginCoin: 'USDT', equity: '900', unrealizedPL: 'n/a' }], ts: Date.now() };
    server.push('/v2/ws/private', 'account', account);
    server.push('/v2/ws/private', 'account', account);
    await server.waitFor(() => pushes.length === 2);
    expect(pushes).toEqual([
      { kind: 'balances', balances: [{ marginCoin: 'USDT', equity: '900' }] },
      { kind: 'balances', balances: [{ marginCoin: 'USDT', equity: '900' }] },
    ]);
    expect(log.filter((line) => line.includes('unrealizedPL'))).toHaveLength(1);
  });

  it('reconnects after a drop, logs in and subscribes again', async () => {
    const { socket, states } = open();
    await server.waitFor(() => socket.state === 'live');
    server.drop();
    await server.waitFor(() => states.some((entry) => entry.state === 'down'));
    await server.waitFor(() => socket.state === 'live' && server.connections.length === 2);
    const second = server.connections[1]!;
    expect(second.loggedIn).toBe(true);
    expect(second.subscribed).toHaveLength(2);
  });

  it('notices a silent link (no pong) and reconnects', async () => {
    const { socket, states } = open();
    await server.waitFor(() => socket.state === 'live');
    server.silence(true);
    await server.waitFor(() => states.some((entry) => entry.state === 'down' && /no pong/.test(entry.problem ?? '')), 1_000);
    server.silence(false);
    await server.waitFor(() => socket.state === 'live' && server.connections.length >= 2);
  });

  it('goes down with the exchange’s reason on a refused login, without a secret and without a reconnect storm', async () => {
    server.refuseLogin('30011');
    const { socket } = open();
    await server.waitFor(() => socket.state === 'down');
    expect(socket.problem).toMatch(/refused the live feed's login.*30011.*Invalid ACCESS_KEY/);
    for (const secret of Object.values(TEST_KEY)) expect(socket.problem).not.toContain(secret);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(server.connections).toHaveLength(1);
    expect(socket.state).toBe('down');
  });

  it('reads a login answer with a failure code as refused too', async () => {
    server.refuseLogin('30012', 'login');
    const { socket } = open();
    await server.waitFor(() => socket.state === 'down');
    expect(socket.problem).toMatch(/30012/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.connections).toHaveLength(1);
  });

  it('subscribes and unsubscribes the difference on a live socket', async () => {
    const { socket } = open();
    await server.waitFor(() => socket.state === 'live');
    socket.setSubscriptions(privateSubscriptions('classic', ['COIN-FUTURES']));
    const [connection] = server.connections;
    await server.waitFor(() => connection!.subscribed.length === 2 && connection!.subscribed.every((arg) => arg.instType === 'COIN-FUTURES'));
    expect(socket.state).toBe('live');
  });
});
