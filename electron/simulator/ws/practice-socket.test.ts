// Practice mode's in-memory WebSocket: the same protocol over the practice account file, and the falling-prices
// scenario driving the marks (and the unrealized PnL) down, pushed as they fall.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sign } from '../auth.ts';
import { openPracticeExchange, type PracticeExchange } from '../practice.ts';
import { collect, event, loginFrame, push } from './test-socket.ts';

let dataDir: string;
let clock: number;
let practice: PracticeExchange;
const sockets: { close(): void }[] = [];

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'practice-ws-'));
  clock = Date.now();
  // A clock the test moves: each refresh of the socket sees the seconds the test let pass.
  practice = openPracticeExchange(dataDir, { now: () => clock, random: () => 0.5 });
});
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function open(path: string) {
  const socket = practice.openSocket(path, { refreshMs: 20 });
  sockets.push(socket);
  return { socket, received: collect(socket) };
}

const USDT_POSITIONS = { instType: 'USDT-FUTURES', channel: 'positions', instId: 'default' };
const USDT_ACCOUNT = { instType: 'USDT-FUTURES', channel: 'account', coin: 'default' };

describe('practice WebSocket', () => {
  it('logs in with the practice key; the ticker pushes falling prices while the scenario runs (positions only on orders), none after calm', async () => {
    const credentials = await practice.credentials();
    const { socket, received } = open('/v2/ws/private');
    socket.send(loginFrame(credentials, { timestamp: String(clock) }));
    expect(await received.next(event('login'))).toMatchObject({ code: 0 });
    socket.send(JSON.stringify({ op: 'subscribe', args: [USDT_POSITIONS, USDT_ACCOUNT] }));
    const first = (await received.next(push('positions'))) as { data: { instId: string; holdSide: string; markPrice?: string }[] };
    // Practice answers the live way: a positions push carries no mark price (the ticker does).
    expect(first.data.find((item) => item.instId === 'BTCUSDT' && item.holdSide === 'long')).not.toHaveProperty('markPrice');
    await received.next(push('account'));
    const ticker = open('/v2/ws/public');
    ticker.socket.send(JSON.stringify({ op: 'subscribe', args: [{ instType: 'USDT-FUTURES', channel: 'ticker', instId: 'BTCUSDT' }] }));
    const startMark = Number(((await ticker.received.next(push('ticker'))) as { data: { markPrice: string }[] }).data[0]!.markPrice);
    expect(startMark).toBeGreaterThan(0);

    await practice.runScenario('falling-prices');
    clock += 10_000;
    const fallen = (await ticker.received.next(push('ticker', 'update'))) as { data: { markPrice: string }[] };
    expect(Number(fallen.data[0]!.markPrice) / startMark).toBeCloseTo(0.997 ** 10, 4);
    // Like the exchange: a price move alone pushes neither positions nor the account.
    expect(received.frames.filter(push('positions'))).toHaveLength(1);
    expect(received.frames.filter(push('account'))).toHaveLength(1);

    await practice.runScenario('calm');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const tickersBefore = ticker.received.frames.filter(push('ticker')).length;
    // random() = 0.5 makes the calm walk a standstill: nothing moves, nothing is pushed.
    clock += 5_000;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ticker.received.frames.filter(push('ticker')).length).toBe(tickersBefore);
  });

  it('pushes a close made by another process (the CLI) through the file', async () => {
    const credentials = await practice.credentials();
    const { socket, received } = open('/v2/ws/private');
    socket.send(loginFrame(credentials, { timestamp: String(clock) }));
    socket.send(JSON.stringify({ op: 'subscribe', args: [USDT_POSITIONS] }));
    expect(((await received.next(push('positions'))) as { data: unknown[] }).data).toHaveLength(4);
    const other = openPracticeExchange(dataDir, { now: () => clock, random: () => 0.5 });
    // A real close over the practice pipeline, as the CLI would send it.
    const body = JSON.stringify({ productType: 'USDT-FUTURES' });
    const timestamp = String(clock);
    const response = await other.send({
      method: 'POST',
      pathWithQuery: '/api/v2/mix/order/close-positions',
      body,
      timeoutMs: 5_000,
      headers: { 'ACCESS-KEY': credentials.apiKey, 'ACCESS-PASSPHRASE': credentials.passphrase, 'ACCESS-TIMESTAMP': timestamp, 'ACCESS-SIGN': sign(credentials.secretKey, `${timestamp}POST/api/v2/mix/order/close-positions${body}`) },
    });
    expect(JSON.parse(response.text).code).toBe('00000');
    expect(await received.next(push('positions'))).toMatchObject({ data: [] });
  });

  it('refuses a bad login as the simulator does (the socket stays open), and closes when the account file cannot be read', async () => {
    const credentials = await practice.credentials();
    const bad = open('/v2/ws/private');
    bad.socket.send(loginFrame(credentials, { passphrase: 'wrong', timestamp: String(clock) }));
    expect(await bad.received.next(event('error'))).toMatchObject({ code: 30012 });
    bad.socket.send('ping');
    expect(await bad.received.next((frame) => frame === 'pong')).toBe('pong');

    const { received } = open('/v2/ws/public');
    writeFileSync(join(dataDir, 'practice', 'account.json'), 'not json');
    const closed = await received.closed;
    expect(closed.code).toBe(1011);
    expect(closed.reason).toMatch(/cannot be read/);
    expect(() => practice.openSocket('/v2/ws/elsewhere')).toThrow(/no WebSocket/);
  });
});
