// The close path over real HTTP against the strict simulator: wire bytes, semantics, every fault class.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startExchange } from '../simulator/index.ts';
import type { AccountSpec, Credentials as SimCredentials } from '../simulator/types.ts';
import type { CloseOutcome, PanicRequest } from '../../shared/bitget.ts';
import { createCore, type Core } from './compose.ts';
import { createJsonSettingsStore } from './settings-file.ts';

type Exchange = Awaited<ReturnType<typeof startExchange>>;

const FAST = { deadlineMs: 6_000, requestTimeoutMs: 700, verifyIntervalMs: 100, retryBackoffMs: 100 };

const hedgeBook: AccountSpec = {
  kind: 'classic',
  posMode: 'hedge_mode',
  positions: [
    { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' },
    { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'short', size: '0.2' },
    { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'long', size: '3' },
    { productType: 'COIN-FUTURES', symbol: 'BTCUSD', holdSide: 'long', size: '100' },
  ],
};

let exchange: Exchange;
let core: Core | undefined;
let dataDir: string;

beforeEach(async () => {
  exchange = await startExchange();
  dataDir = mkdtempSync(join(tmpdir(), 'panic-core-'));
});

afterEach(async () => {
  await core?.dispose();
  core = undefined;
  await exchange.close();
});

async function coreFor(credentials: SimCredentials, options: { demo?: boolean; timing?: Partial<typeof FAST> } = {}): Promise<Core> {
  core = await createCore({
    dataDir,
    settings: createJsonSettingsStore(join(dataDir, 'config.json')),
    baseUrl: exchange.url,
    ephemeralProfiles: [{ name: 'test', demo: options.demo ?? false, credentials }],
    timing: { ...FAST, ...options.timing },
  });
  await core.warmUp();
  return core;
}

async function close(request: Partial<PanicRequest>): Promise<CloseOutcome> {
  const result = await core!.handlers.close({ profile: 'test', productType: 'USDT-FUTURES', trigger: 'cli', ...request });
  if (!result.ok) throw new Error(`close refused: ${JSON.stringify(result.error)}`);
  return result.value;
}

const sizes = (credentials: SimCredentials) =>
  exchange
    .account(credentials.apiKey)
    .positions.map((position) => `${position.productType}:${position.symbol}:${position.holdSide}:${position.size}`)
    .sort();

const closeRequests = (credentials: SimCredentials) =>
  exchange.account(credentials.apiKey).requests.filter((request) => request.path.endsWith('/close-positions'));

describe('closing on a classic hedge-mode account', () => {
  it('closes one symbol and side with the exact documented request, and verifies flat', async () => {
    const account = exchange.addAccount(hedgeBook);
    await coreFor(account);
    const outcome = await close({ symbol: 'btcusdt', holdSide: 'long' });
    expect(outcome).toMatchObject({ status: 'flat', verified: true, stillOpen: [], failed: [], closeAttempts: 1, accountKind: 'classic' });
    expect(outcome.closed).toHaveLength(1);
    expect(sizes(account)).toEqual(['COIN-FUTURES:BTCUSD:long:100', 'USDT-FUTURES:BTCUSDT:short:0.2', 'USDT-FUTURES:ETHUSDT:long:3']);
    const [sent] = closeRequests(account);
    expect(sent!.method).toBe('POST');
    expect(sent!.path).toBe('/api/v2/mix/order/close-positions');
    expect(sent!.body).toBe('{"symbol":"BTCUSDT","productType":"USDT-FUTURES","holdSide":"long"}');
    expect(sent!.headers).toMatchObject({ 'content-type': 'application/json', locale: 'en-US', 'access-key': account.apiKey });
    expect(sent!.headers.paptrading).toBeUndefined();
  });

  it('closes both sides of a symbol when no side is given', async () => {
    const account = exchange.addAccount(hedgeBook);
    await coreFor(account);
    const outcome = await close({ symbol: 'BTCUSDT' });
    expect(outcome.status).toBe('flat');
    expect(sizes(account)).toEqual(['COIN-FUTURES:BTCUSD:long:100', 'USDT-FUTURES:ETHUSDT:long:3']);
    expect(closeRequests(account)[0]!.body).toBe('{"symbol":"BTCUSDT","productType":"USDT-FUTURES"}');
  });

  it('closes a whole product type and leaves the others alone', async () => {
    const account = exchange.addAccount(hedgeBook);
    await coreFor(account);
    const outcome = await close({});
    expect(outcome.status).toBe('flat');
    expect(outcome.closed.length).toBeGreaterThanOrEqual(3);
    expect(sizes(account)).toEqual(['COIN-FUTURES:BTCUSD:long:100']);
    expect(closeRequests(account)[0]!.body).toBe('{"productType":"USDT-FUTURES"}');
  });

  it('reports nothing to close when the target is already flat', async () => {
    const account = exchange.addAccount(hedgeBook);
    await coreFor(account);
    const outcome = await close({ symbol: 'SOLUSDT' });
    expect(outcome).toMatchObject({ status: 'nothing-to-close', closed: [], verified: true });
  });

  it('treats a failureList with code 00000 as a failure and names what is still open', async () => {
    const account = exchange.addAccount(hedgeBook);
    await coreFor(account, { timing: { deadlineMs: 2_500 } });
    exchange.faults.add({ kind: 'failure-list', errorCode: '40888', errorMsg: 'exceeds max flash close size', symbol: 'ETHUSDT', times: Infinity });
    const outcome = await close({});
    expect(outcome.status).toBe('partial');
    expect(outcome.stillOpen.map((position) => `${position.symbol}:${position.holdSide}:${position.size}`)).toEqual(['ETHUSDT:long:3']);
    expect(outcome.failed[0]).toMatchObject({ code: '40888', symbol: 'ETHUSDT' });
    expect(outcome.error?.kind).toBe('close-refused');
    expect(outcome.error?.hint).toMatch(/kept refusing.*Bitget website/);
    expect(outcome.closeAttempts).toBeGreaterThan(1);
  });

  it('waits as long as the exchange asks (Retry-After) before closing again', async () => {
    const account = exchange.addAccount(hedgeBook);
    await coreFor(account);
    exchange.faults.add({ method: 'POST', path: '/api/v2/mix/order/close-positions', kind: 'error-code', code: '1001', msg: 'too frequent', retryAfter: '2' });
    const outcome = await close({ symbol: 'BTCUSDT' });
    expect(outcome.status).toBe('flat');
    const { times } = exchange.account(account.apiKey).closeRequests;
    expect(times).toHaveLength(2);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(1_950);
  });

  it('keeps a refused item in the outcome after a later close succeeds and the target reads flat', async () => {
    const account = exchange.addAccount(hedgeBook);
    await coreFor(account);
    exchange.faults.add({ kind: 'failure-list', errorCode: '40888', errorMsg: 'exceeds max flash close size', symbol: 'ETHUSDT', times: 1 });
    const outcome = await close({});
    expect(outcome.status).toBe('flat');
    expect(outcome.closeAttempts).toBe(2);
    expect(outcome.failed).toEqual([expect.objectContaining({ symbol: 'ETHUSDT', code: '40888' })]);
  });

  it('says plainly when a queued close could not be sent before its deadline', async () => {
    const account = exchange.addAccount(hedgeBook);
    await coreFor(account, { timing: { deadlineMs: 1_000 } });
    const [first, second] = await Promise.all([close({ symbol: 'BTCUSDT' }), close({ symbol: 'ETHUSDT' })]);
    expect(first.status).toBe('flat');
    expect(second).toMatchObject({ status: 'failed', closeAttempts: 0 });
    expect(second.error?.message).toMatch(/could not be sent before its deadline/);
    expect(second.error?.hint).toMatch(/Nothing was sent for this target/);
    expect(second.stillOpen.map((position) => position.symbol)).toEqual(['ETHUSDT']);
  });

  it('closes again what a partial fill or a resting order left open, until flat', async () => {
    const account = exchange.addAccount(hedgeBook);
    await coreFor(account);
    exchange.faults.add({ kind: 'close-partial', remainingFraction: 0.5 });
    const outcome = await close({ symbol: 'ETHUSDT', holdSide: 'long' });
    expect(outcome.status).toBe('flat');
    expect(outcome.closeAttempts).toBe(2);
    const times = exchange.account(account.apiKey).closeRequests.times;
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(1_000);

    exchange.faults.add({ kind: 'reopen', size: '1' });
    const second = await close({ symbol: 'BTCUSDT', holdSide: 'long' });
    expect(second.status).toBe('flat');
    expect(sizes(account).some((line) => line.includes('BTCUSDT:long'))).toBe(false);
  });

  it('keeps re-reading when the fill lands late, without a second close', async () => {
    const account = exchange.addAccount(hedgeBook);
    await coreFor(account);
    exchange.faults.add({ kind: 'close-delayed', ms: 600 });
    const outcome = await close({ symbol: 'BTCUSDT', holdSide: 'short' });
    expect(outcome).toMatchObject({ status: 'flat', closeAttempts: 1 });
  });

  it('cancels open and trigger orders of the target when asked', async () => {
    const account = exchange.addAccount({
      ...hedgeBook,
      openOrders: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT' }, { productType: 'USDT-FUTURES', symbol: 'ETHUSDT' }],
      planOrders: [
        { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', planType: 'profit_plan' },
        { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', planType: 'normal_plan' },
        { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', planType: 'loss_plan' },
      ],
    });
    await coreFor(account);
    const outcome = await close({ symbol: 'BTCUSDT', cancelOrders: true });
    expect(outcome.status).toBe('flat');
    expect(outcome.cancel).toMatchObject({ openOrders: 'cancelled', triggerOrders: 'cancelled', errors: [] });
    const view = exchange.account(account.apiKey);
    expect(view.openOrders.map((order) => order.symbol)).toEqual(['ETHUSDT']);
    expect(view.planOrders.map((order) => order.symbol)).toEqual(['ETHUSDT']);
  });
});

describe('one-way position mode', () => {
  const oneWayBook: AccountSpec = {
    posMode: 'one_way_mode',
    positions: [
      { productType: 'USDT-FUTURES', symbol: 'SOLUSDT', holdSide: 'long', size: '10' },
      { productType: 'USDT-FUTURES', symbol: 'XRPUSDT', holdSide: 'short', size: '500' },
    ],
  };

  it('forgets a remembered hedge mode once the product type reads flat, since the mode may change then', async () => {
    const account = exchange.addAccount({ posMode: 'hedge_mode', positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '1' }] });
    await coreFor(account);
    // The window's table read shows the mode (hedge) and the app remembers it.
    expect((await core!.handlers.listPositions({ profile: 'test', productType: 'USDT-FUTURES' })).ok).toBe(true);
    expect((await close({})).status).toBe('flat');
    exchange.account(account.apiKey).addPosition({ productType: 'USDT-FUTURES', symbol: 'SOLUSDT', holdSide: 'long', size: '10', posMode: 'one_way_mode' });
    const result = await core!.handlers.close({ profile: 'test', productType: 'USDT-FUTURES', symbol: 'SOLUSDT', holdSide: 'short', trigger: 'window' });
    expect(result.ok).toBe(false);
    expect(sizes(account)).toEqual(['USDT-FUTURES:SOLUSDT:long:10']);
  });

  it('refuses a one-side close, sending nothing, when the position mode cannot be read', async () => {
    const account = exchange.addAccount(oneWayBook);
    await coreFor(account);
    exchange.faults.add({ method: 'GET', path: '/api/v2/mix/position/all-position', kind: 'http-status', status: 502, times: Infinity });
    const result = await core!.handlers.close({ profile: 'test', productType: 'USDT-FUTURES', symbol: 'SOLUSDT', holdSide: 'short', trigger: 'window' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toMatch(/one-way/);
      expect(result.error.hint).toMatch(/^Nothing was sent/);
    }
    expect(closeRequests(account)).toHaveLength(0);
    expect(sizes(account)).toContain('USDT-FUTURES:SOLUSDT:long:10');
  });

  it('refuses a side the position does not have, because the exchange would close it anyway', async () => {
    const account = exchange.addAccount(oneWayBook);
    await coreFor(account);
    const result = await core!.handlers.close({ profile: 'test', productType: 'USDT-FUTURES', symbol: 'SOLUSDT', holdSide: 'short', trigger: 'window' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('SOLUSDT LONG 10 is in one-way mode');
    expect(exchange.account(account.apiKey).closeRequests.count).toBe(0);
    expect(exchange.account(account.apiKey).positions).toHaveLength(2);
  });

  it('refuses one side of a whole product type when a one-way position holds the other side', async () => {
    const account = exchange.addAccount(oneWayBook);
    await coreFor(account);
    const result = await core!.handlers.close({ profile: 'test', productType: 'USDT-FUTURES', holdSide: 'long', trigger: 'window' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('XRPUSDT SHORT 500');
    expect(exchange.account(account.apiKey).closeRequests.count).toBe(0);
  });

  it('closes the side the one-way position has', async () => {
    const account = exchange.addAccount(oneWayBook);
    await coreFor(account);
    const outcome = await close({ symbol: 'SOLUSDT', holdSide: 'long' });
    expect(outcome.status).toBe('flat');
    expect(sizes(account)).toEqual(['USDT-FUTURES:XRPUSDT:short:500']);
  });

  it('costs no extra read in hedge mode once a read has shown the mode', async () => {
    const account = exchange.addAccount(hedgeBook);
    await coreFor(account);
    await core!.handlers.listPositions({ profile: 'test', productType: 'USDT-FUTURES' });
    const readsBefore = exchange.account(account.apiKey).requests.length;
    await close({ symbol: 'BTCUSDT', holdSide: 'long' });
    const firstAfter = exchange.account(account.apiKey).requests[readsBefore]!;
    expect(firstAfter.path).toBe('/api/v2/mix/order/close-positions');
  });
});

describe('the rate guard', () => {
  it('joins a second trigger for the same target to the close in flight', async () => {
    const account = exchange.addAccount(hedgeBook);
    await coreFor(account);
    const [first, second] = await Promise.all([close({ symbol: 'BTCUSDT' }), close({ symbol: 'BTCUSDT', trigger: 'hotkey' })]);
    expect(first).toEqual(second);
    expect(first.startedAt).toBe(second.startedAt);
    expect(exchange.account(account.apiKey).closeRequests.count).toBe(1);
  });

  it('queues other targets of the same account for the next second instead of being refused', async () => {
    const account = exchange.addAccount(hedgeBook);
    await coreFor(account);
    const outcomes = await Promise.all([close({ symbol: 'BTCUSDT' }), close({ symbol: 'ETHUSDT' })]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['flat', 'flat']);
    const { times, count } = exchange.account(account.apiKey).closeRequests;
    expect(count).toBe(2);
    expect(Math.abs(times[1]! - times[0]!)).toBeGreaterThanOrEqual(1_000);
    expect(closeRequests(account).every((request) => request.response?.status === 200)).toBe(true);
  });

  it('paces position reads of one account under the exchange limit, however many ask at once', async () => {
    const account = exchange.addAccount(hedgeBook);
    await coreFor(account);
    const reads = Array.from({ length: 8 }, () => core!.handlers.listPositions({ profile: 'test', productType: 'USDT-FUTURES' }));
    const [outcome, ...listed] = await Promise.all([close({ symbol: 'BTCUSDT', holdSide: 'long' }), ...reads]);
    expect(outcome.status).toBe('flat');
    expect(listed.every((result) => result.ok)).toBe(true);
    const positionReads = exchange.account(account.apiKey).requests.filter((request) => request.path === '/api/v2/mix/position/all-position');
    expect(positionReads.every((request) => request.response?.status === 200)).toBe(true);
  });
});

describe('faults are retried within the deadline and reported honestly', () => {
  it.each([
    ['a 429', { kind: 'rate-limit' as const }],
    ['a 502', { kind: 'http-status' as const, status: 502 as const }],
    ['an HTML error page', { kind: 'html' as const }],
    ['a malformed body', { kind: 'malformed' as const }],
    ['a zero-byte 200 (live V3 once answered so)', { kind: 'empty-body' as const }],
    ['a dropped connection', { kind: 'drop' as const }],
    ['a hung request', { kind: 'hang' as const }],
    ['a busy code', { kind: 'error-code' as const, code: '40725', msg: 'service upgrading', status: 400 }],
  ])('%s on the close is retried and the result verified', async (_label, fault) => {
    const account = exchange.addAccount(hedgeBook);
    await coreFor(account);
    exchange.faults.add({ path: '/api/v2/mix/order/close-positions', ...fault });
    const outcome = await close({ symbol: 'BTCUSDT', holdSide: 'long' });
    expect(outcome.status).toBe('flat');
    expect(sizes(account).some((line) => line.includes('BTCUSDT:long'))).toBe(false);
  });

  it('says "unknown" when the exchange never answers, and never claims flat', async () => {
    const account = exchange.addAccount(hedgeBook);
    await coreFor(account, { timing: { deadlineMs: 2_000, requestTimeoutMs: 400 } });
    exchange.faults.add({ kind: 'hang', times: Infinity });
    const outcome = await close({ symbol: 'BTCUSDT' });
    expect(outcome.status).toBe('unknown');
    expect(outcome.verified).toBe(false);
    expect(['timeout', 'network']).toContain(outcome.error?.kind);
    expect(outcome.error?.hint).toMatch(/could not re-read positions.*check them/);
    // The history records what is still open as unknown, never as 0, and the history reader keeps that.
    await core!.audit.flush();
    const history = await core!.handlers.listHistory({ limit: 50 });
    const recorded = history.ok ? history.value.entries.find((entry) => entry.type === 'outcome') : undefined;
    expect(recorded?.outcome?.stillOpen).toBeNull();
    expect(recorded?.verification?.stillOpen).toBeNull();
  });

  it('re-syncs the clock and retries once when the timestamp is refused', async () => {
    const account = exchange.addAccount(hedgeBook);
    await coreFor(account);
    exchange.clock.skewMs = 90_000;
    const outcome = await close({ symbol: 'BTCUSDT' });
    expect(outcome.status).toBe('flat');
    const codes = closeRequests(account).map((request) => request.response?.code);
    expect(codes).toEqual(['40008', '00000']);
    expect(core!.clock.offsetMs).toBeGreaterThan(85_000);
  });

  it('stops at once on a wrong passphrase: failed, explained, nothing retried', async () => {
    const account = exchange.addAccount(hedgeBook);
    await coreFor({ ...account, passphrase: 'not-the-passphrase' });
    const outcome = await close({ symbol: 'BTCUSDT' });
    expect(outcome).toMatchObject({ status: 'failed', closeAttempts: 1, closed: [] });
    expect(outcome.error).toMatchObject({ kind: 'auth', code: '40012' });
    expect(exchange.account(account.apiKey).positions).toHaveLength(4);
  });

  it('closes again after a flash close refused for size, within the 1/s limit', async () => {
    const account = exchange.addAccount(hedgeBook);
    await coreFor(account);
    exchange.faults.add({ path: '/api/v2/mix/order/close-positions', kind: 'error-code', code: '45104', msg: 'max flash close size', status: 400 });
    const outcome = await close({ symbol: 'ETHUSDT' });
    expect(outcome).toMatchObject({ status: 'flat', closeAttempts: 2 });
  });

  it('reports an unknown symbol as a failure with the explanation, not as nothing to close', async () => {
    const account = exchange.addAccount(hedgeBook);
    await coreFor(account);
    const outcome = await close({ symbol: 'NOPEUSDT' });
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatchObject({ kind: 'symbol', code: '40034' });
    expect(outcome.stillOpen).toEqual([]);
  });

  it('explains a key without trade permission', async () => {
    const account = exchange.addAccount({ ...hedgeBook, permissions: 'read-only' });
    await coreFor(account);
    const outcome = await close({ symbol: 'BTCUSDT' });
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatchObject({ kind: 'permission', code: '40014' });
    expect(outcome.stillOpen).toHaveLength(2);
  });
});

describe('account kinds and environments', () => {
  it('a unified account: a zero-byte 200 to a positions read is no answer, never "flat"; read again, flat from a real read', async () => {
    const account = exchange.addAccount({ ...hedgeBook, kind: 'unified' });
    await coreFor(account);
    exchange.faults.add({ kind: 'empty-body', path: '/api/v3/position/current-position', times: 3 });
    const outcome = await close({});
    expect(outcome).toMatchObject({ status: 'flat', verified: true });
    const reads = exchange.account(account.apiKey).requests.filter((request) => request.path === '/api/v3/position/current-position');
    expect(reads.filter((request) => request.response?.code === undefined)).toHaveLength(3);
    expect(reads.at(-1)!.response).toMatchObject({ status: 200, code: '00000' });
  });

  it('switches a unified account to the V3 API, closes, and remembers the kind', async () => {
    const account = exchange.addAccount({ ...hedgeBook, kind: 'unified' });
    await coreFor(account);
    const outcome = await close({ symbol: 'BTCUSDT', holdSide: 'short' });
    expect(outcome).toMatchObject({ status: 'flat', accountKind: 'unified' });
    const requests = exchange.account(account.apiKey).requests;
    expect(requests[0]!.path.startsWith('/api/v2/mix/')).toBe(true);
    expect(requests[0]!.response?.code).toBe('40085');
    expect(requests.map((request) => request.path)).toContain('/api/v3/trade/close-positions');
    const v3 = closeRequests(account).find((request) => request.path.startsWith('/api/v3'))!;
    expect(v3.body).toBe('{"category":"USDT-FUTURES","symbol":"BTCUSDT","posSide":"short"}');
    await close({ symbol: 'ETHUSDT' });
    expect(requests.filter((request) => request.path.startsWith('/api/v2'))).toHaveLength(1);
  });

  it('cancels open and TP/SL orders on a unified account', async () => {
    const account = exchange.addAccount({
      ...hedgeBook,
      kind: 'unified',
      openOrders: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT' }],
      planOrders: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', planType: 'pos_loss' }],
    });
    await coreFor(account);
    const outcome = await close({ symbol: 'BTCUSDT', cancelOrders: true });
    expect(outcome.status).toBe('flat');
    expect(outcome.cancel?.errors).toEqual([]);
    expect(exchange.account(account.apiKey).openOrders).toHaveLength(0);
    expect(exchange.account(account.apiKey).planOrders).toHaveLength(0);
  });

  it('sends paptrading: 1 for a demo profile', async () => {
    const account = exchange.addAccount({ ...hedgeBook, demo: true });
    await coreFor(account, { demo: true });
    const outcome = await close({ symbol: 'BTCUSDT' });
    expect(outcome).toMatchObject({ status: 'flat', profile: { name: 'test', demo: true } });
    expect(closeRequests(account)[0]!.headers.paptrading).toBe('1');
  });

  it('explains a live key used as demo (40099)', async () => {
    const account = exchange.addAccount(hedgeBook);
    await coreFor(account, { demo: true });
    const outcome = await close({ symbol: 'BTCUSDT' });
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatchObject({ kind: 'environment', code: '40099' });
  });
});

describe('boundaries', () => {
  it('sends nothing for a bad request and says what was wrong', async () => {
    const account = exchange.addAccount(hedgeBook);
    await coreFor(account);
    const result = await core!.handlers.close({ profile: 'test', productType: 'USDT-FUTURES', symbol: 'BTC/USDT', trigger: 'cli' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ kind: 'bad-input' });
    expect(exchange.account(account.apiKey).requests).toHaveLength(0);
  });

  it('reuses the warm connection: the close costs one round trip on a socket opened at warm-up', async () => {
    const account = exchange.addAccount(hedgeBook);
    await coreFor(account);
    const warmed = new Set(exchange.requests.filter((request) => request.path === '/api/v2/public/time').map((request) => request.connection));
    await close({ symbol: 'BTCUSDT', holdSide: 'long' });
    expect(warmed.has(closeRequests(account)[0]!.connection)).toBe(true);
  });

  it('writes one audit line per attempt and per outcome, with no secret in it', async () => {
    const account = exchange.addAccount(hedgeBook);
    await coreFor(account);
    exchange.faults.add({ path: '/api/v2/mix/order/close-positions', kind: 'http-status', status: 503 });
    await close({ symbol: 'BTCUSDT', holdSide: 'long' });
    const text = readFileSync(join(dataDir, 'audit.jsonl'), 'utf8');
    const lines = text.trim().split('\n').map((line) => JSON.parse(line));
    const attempts = lines.filter((line) => line.type === 'attempt');
    // Each request is on disk before it leaves ('sending'), and its answer after ('answered').
    expect(attempts.map((line) => [line.phase, line.httpStatus])).toEqual([
      ['sending', undefined],
      ['answered', 503],
      ['sending', undefined],
      ['answered', 200],
    ]);
    expect(attempts[0].target).toEqual({ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long' });
    const outcome = lines.find((line) => line.type === 'outcome');
    expect(outcome).toMatchObject({ status: 'flat', trigger: 'cli', profile: 'test', verification: { flat: true } });
    expect(attempts[1].request.body).toBe('{"symbol":"BTCUSDT","productType":"USDT-FUTURES","holdSide":"long"}');
    for (const secret of [account.apiKey, account.secretKey, account.passphrase]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/ACCESS-SIGN|access-sign/);
  });
});

describe('flatten everything', () => {
  it('closes every live product type that holds positions, sends nothing where it is flat, and verifies each', async () => {
    const account = exchange.addAccount(hedgeBook);
    await coreFor(account);
    const result = await core!.handlers.closeEverything({ profile: 'test', trigger: 'window' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.outcomes.map((outcome) => [outcome.target.productType, outcome.status])).toEqual([
      ['USDT-FUTURES', 'flat'],
      ['COIN-FUTURES', 'flat'],
    ]);
    expect(result.value.alreadyFlat).toEqual([{ profile: 'test', demo: false, productTypes: ['USDC-FUTURES'] }]);
    expect(exchange.account(account.apiKey).positions).toHaveLength(0);
    // The product types are read side by side, so which close takes the first slot is the read's luck, not a rule.
    const closes = closeRequests(account).map((request) => request.body);
    expect(closes.toSorted()).toEqual(['{"productType":"COIN-FUTURES"}', '{"productType":"USDT-FUTURES"}']);
    const { times } = exchange.account(account.apiKey).closeRequests;
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(1_000);
  });

  it('cancels the orders of every product type without crossing the cancel endpoints\' limits', async () => {
    const planOrders = (['USDT-FUTURES', 'COIN-FUTURES'] as const).flatMap((productType) =>
      (['normal_plan', 'profit_plan', 'loss_plan'] as const).map((planType) => ({ productType, symbol: productType === 'USDT-FUTURES' ? 'BTCUSDT' : 'BTCUSD', planType })),
    );
    const account = exchange.addAccount({ ...hedgeBook, planOrders, openOrders: [{ productType: 'COIN-FUTURES', symbol: 'BTCUSD' }] });
    await coreFor(account);
    const result = await core!.handlers.closeEverything({ profile: 'test', cancelOrders: true, trigger: 'window' });
    expect(result.ok && result.value.outcomes.map((outcome) => outcome.cancel)).toEqual([
      { openOrders: 'none', triggerOrders: 'cancelled', errors: [] },
      { openOrders: 'cancelled', triggerOrders: 'cancelled', errors: [] },
    ]);
    expect(exchange.account(account.apiKey).planOrders).toHaveLength(0);
    expect(exchange.account(account.apiKey).requests.some((request) => request.response?.status === 429)).toBe(false);
  });

  it('still closes a product type whose positions could not be read', async () => {
    const account = exchange.addAccount(hedgeBook);
    await coreFor(account);
    exchange.faults.add({ path: '/api/v2/mix/position/all-position', kind: 'http-status', status: 503, times: 3 });
    const result = await core!.handlers.closeEverything({ profile: 'test', trigger: 'cli' });
    expect(result.ok && result.value.outcomes.map((outcome) => outcome.status)).toEqual(['flat', 'flat', 'nothing-to-close']);
    expect(exchange.account(account.apiKey).positions).toHaveLength(0);
  });
});
