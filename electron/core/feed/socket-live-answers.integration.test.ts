// The feed socket against the simulator answering the live way (bitget-api.md "What the live exchange answers"):
// a failed login leaves the socket open, 30016 refuses one subscription, 30033 announces an upgrade, and pushes may
// come for what was never subscribed.
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SocketState } from '../../../shared/feed.ts';
import { startExchange, type Credentials, type Exchange } from '../../simulator/index.ts';
import { privateSubscriptions, tickerSubscription, type Push, type SubscriptionArg } from './protocol.ts';
import { createFeedSocket, type FeedSocket } from './socket.ts';
import { wsTransport } from './transport.ts';

const FAST = { pingIntervalMs: 100, pongTimeoutMs: 300, readyTimeoutMs: 400, backoffBaseMs: 20, backoffMaxMs: 100, refusedRetryMs: 60_000 };
const USDT = 'USDT-FUTURES';

let exchange: Exchange;
let keys: Credentials;
const sockets: FeedSocket[] = [];

beforeEach(async () => {
  exchange = await startExchange();
  keys = exchange.addAccount({ positions: [{ productType: USDT, symbol: 'BTCUSDT', holdSide: 'long', size: '0.1' }] });
});
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await exchange.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(check: () => boolean, ms = 3_000) {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error('condition not met in time');
    await sleep(10);
  }
}

function open(scope: 'private' | 'public', subscriptions: SubscriptionArg[]) {
  const states: { state: SocketState; problem?: string }[] = [];
  const pushes: Push[] = [];
  const log: string[] = [];
  const refused: SubscriptionArg[] = [];
  const socket = createFeedSocket({
    name: scope,
    url: `${exchange.wsUrl}/v2/ws/${scope}`,
    transport: wsTransport(),
    ...(scope === 'private'
      ? {
          login: () => ({
            apiKey: keys.apiKey,
            passphrase: keys.passphrase,
            sign: (prehash: string) => createHmac('sha256', keys.secretKey).update(prehash).digest('base64'),
            timestampMs: () => Date.now(),
          }),
        }
      : {}),
    onPush: (push) => pushes.push(push),
    onState: (state, problem) => states.push({ state, ...(problem ? { problem } : {}) }),
    onConfirmed: () => undefined,
    onRefused: (arg) => refused.push(arg),
    log: (line) => log.push(line),
    timing: FAST,
  });
  sockets.push(socket);
  socket.setSubscriptions(subscriptions);
  socket.start();
  return { socket, states, pushes, log, refused };
}

const ticker = (instType: string, instId: string, markPrice: string) =>
  JSON.stringify({ action: 'snapshot', arg: { instType, channel: 'ticker', instId }, data: [{ instId, markPrice, lastPr: markPrice, ts: String(Date.now()) }], ts: Date.now() });

describe('the feed socket against live-shaped answers', () => {
  it('a failed login (30015, socket left open by the exchange): the client closes its own socket and waits before trying again', async () => {
    exchange.ws.refuseLogin({ code: '30015', msg: 'Invalid sign' });
    const { socket } = open('private', privateSubscriptions('classic', [USDT]));
    await until(() => socket.state === 'down');
    expect(socket.problem).toMatch(/30015/);
    await until(() => exchange.ws.connections[0]?.open === false);
    await sleep(300);
    expect(exchange.ws.connections).toHaveLength(1);
  });

  it('30016 on one ticker: the socket goes live with the rest, names the refused one once, and never reconnects', async () => {
    exchange.ws.refuseSubscriptions({ channel: 'ticker', instId: 'ETHUSDT' });
    const eth = tickerSubscription('classic', USDT, 'ETHUSDT');
    const { socket, log, refused, pushes } = open('public', [tickerSubscription('classic', USDT, 'BTCUSDT'), eth]);
    await until(() => socket.state === 'live');
    await sleep(FAST.readyTimeoutMs * 2);
    expect(exchange.ws.connections).toHaveLength(1);
    expect(socket.state).toBe('live');
    expect(refused).toEqual([eth]);
    expect(log.filter((line) => line.includes('refused'))).toHaveLength(1);
    expect(pushes.some((push) => push.kind === 'marks' && push.marks.some((mark) => mark.symbol === 'BTCUSDT'))).toBe(true);
  });

  it('a ticker the exchange never answers: the public socket goes live with the rest after the ready timeout, no reconnect', async () => {
    exchange.ws.refuseSubscriptions({ channel: 'ticker', instId: 'ETHUSDT' }, 'no answer');
    const eth = tickerSubscription('classic', USDT, 'ETHUSDT');
    const { socket, refused, log } = open('public', [tickerSubscription('classic', USDT, 'BTCUSDT'), eth]);
    await until(() => socket.state === 'live', FAST.readyTimeoutMs * 3);
    await sleep(FAST.readyTimeoutMs * 2);
    expect(exchange.ws.connections).toHaveLength(1);
    expect(refused).toEqual([eth]);
    expect(log.join('\n')).toMatch(/did not answer the subscription/);
  });

  it('pushes for a symbol or a product type never subscribed are dropped unread and logged once each; no reconnect', async () => {
    const { socket, log, pushes } = open('public', [tickerSubscription('classic', USDT, 'BTCUSDT')]);
    await until(() => socket.state === 'live' && pushes.length > 0);
    const before = pushes.length;
    for (let i = 0; i < 200; i += 1) {
      exchange.ws.send(ticker(USDT, 'ETHUSDT', String(3000 + i)), '/v2/ws/public');
      exchange.ws.send(ticker('COIN-FUTURES', 'BTCUSD', String(60000 + i)), '/v2/ws/public');
    }
    exchange.ws.send(ticker(USDT, 'BTCUSDT', '12345'), '/v2/ws/public');
    await until(() => pushes.some((push) => push.kind === 'marks' && push.marks[0]?.markPrice === '12345'));
    expect(pushes.slice(before).flatMap((push) => (push.kind === 'marks' ? push.marks.map((mark) => mark.symbol) : []))).toEqual(['BTCUSDT']);
    const ignored = log.filter((line) => line.includes('not subscribed'));
    expect(ignored).toHaveLength(2);
    expect(ignored.join('\n')).toMatch(/ETHUSDT/);
    expect(ignored.join('\n')).toMatch(/COIN-FUTURES/);
    expect(exchange.ws.connections).toHaveLength(1);
  });

  it('a blocked path: a few quick tries, then slow ones (never a loop), with a problem that says so', async () => {
    exchange.ws.blockPath('/v2/ws/public');
    const { socket, log } = open('public', [tickerSubscription('classic', USDT, 'BTCUSDT')]);
    await until(() => /cannot be opened/.test(socket.problem ?? ''), 2_000);
    const tries = log.filter((line) => line.includes('next try')).length;
    expect(tries).toBe(5);
    await sleep(500);
    expect(log.filter((line) => line.includes('next try'))).toHaveLength(tries);
    expect(socket.state).toBe('down');
  });

  it.each([['error'], ['notice']])('30033 (service upgrade announced, in an "%s" event) renews the connection at once', async (event) => {
    const { socket, states } = open('private', privateSubscriptions('classic', [USDT]));
    await until(() => socket.state === 'live');
    exchange.ws.send(JSON.stringify({ event, code: 30033, msg: 'service will be upgraded' }), '/v2/ws/private');
    await until(() => states.some((entry) => entry.state === 'down' && /service upgrade/.test(entry.problem ?? '')), 1_000);
    await until(() => socket.state === 'live' && exchange.ws.connections.length === 2, 1_000);
    expect(exchange.ws.connections[0]?.open).toBe(false);
  });
});
