// The account guard end to end: a real core (guard on, its own live feed) watching a profile on the simulator over HTTP
// and WebSocket on loopback, a real settings file and audit log. The simulator moves the prices (setMarkPrice, pushed by
// its public ticker) and breaks the links (drop, silence, refused logins, REST faults); every test asserts from the
// simulator's state and the audit log, not only from the guard's own status.
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditEntry } from '../../../shared/bitget.ts';
import type { GuardRulesInput, GuardStatus } from '../../../shared/guard.ts';
import type { AccountSpec, AccountView, Credentials } from '../../simulator/index.ts';
import type { Core } from '../compose.ts';
import { createJsonSettingsStore } from '../settings-file.ts';
import { useSimulatorCores } from '../simulator-core.test-support.ts';
import { CLOSE_INTERVAL_MS } from '../panic.ts';
import { V2_ACCOUNTS_PATH } from '../bitget/balances-and-marks.ts';

const FAST_CLOSE = { deadlineMs: 6_000, requestTimeoutMs: 700, verifyIntervalMs: 100, retryBackoffMs: 100 };
const FAST_FEED = {
  socket: { pingIntervalMs: 150, pongTimeoutMs: 200, readyTimeoutMs: 1_500, backoffBaseMs: 30, backoffMaxMs: 200, refusedRetryMs: 300 },
  pollIntervalMs: 100,
};
const CLOSE_PATHS = ['/api/v2/mix/order/close-positions', '/api/v3/trade/close-positions'];

let notices: { state: GuardStatus['state']; message: string }[] = [];
const sim = useSimulatorCores({
  tmpPrefix: 'guard-sockets-',
  core: {
    timing: FAST_CLOSE,
    guard: true,
    feedTiming: FAST_FEED,
    feedLog: () => undefined,
    notifyGuard: (status, message) => notices.push({ state: status.state, message }),
  },
});

/**
 * This process's wall clock, moved by `skewMs`: the simulator, the feed, the guard and the close path all read it, so
 * they stay in step with each other (timers and performance.now run as ever).
 */
const RealDate = Date;
const realNow = () => RealDate.now();
let skewMs = 0;
class SkewedDate extends RealDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(RealDate.now() + skewMs);
    else super(...(args as [string]));
  }
  static override now(): number {
    return RealDate.now() + skewMs;
  }
  static override [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof RealDate;
  }
}
beforeEach(() => {
  notices = [];
  skewMs = 0;
  vi.stubGlobal('Date', SkewedDate);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const BTC_LONG = { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '1' } as const;

interface Armed {
  core: Core;
  keys: Credentials;
  account: AccountView;
}

/** A core watching a fresh account with the guard armed, once the guard measures the day from `startEquity`. */
async function armedOn(spec: AccountSpec, rules: GuardRulesInput, startEquity = '10000'): Promise<Armed> {
  const keys = sim.exchange.addAccount(spec);
  const core = await sim.coreFor(keys);
  const armed = await core.handlers.armGuard({ profile: 'test', rules });
  expect(armed.ok).toBe(true);
  await vi.waitFor(() => expect(status(core)).toMatchObject({ state: 'watching', figures: { equity: startEquity, dayStartEquity: startEquity }, feed: { source: 'websocket' } }), { timeout: 5_000 });
  return { core, keys, account: sim.exchange.account(keys.apiKey) };
}

const status = (core: Core): GuardStatus => core.guard!.list().find((candidate) => candidate.profile === 'test')!;

/** Moves a mark on the simulator and waits until the guard has measured the account at it. */
async function markTo(core: Core, symbol: string, price: string, equity: string, productType: 'USDT-FUTURES' | 'COIN-FUTURES' | 'USDC-FUTURES' = 'USDT-FUTURES') {
  sim.exchange.setMarkPrice(productType, symbol, price);
  await vi.waitFor(() => expect(status(core).figures?.equity).toBe(equity), { timeout: 3_000 });
}

async function auditEntries(core: Core): Promise<AuditEntry[]> {
  await core.guard!.settled();
  await core.panic.settleCosts();
  return (await core.audit.read(1_000)).entries.reverse();
}

const guardEvents = (entries: AuditEntry[]) => entries.filter((entry) => entry.type === 'guard').map((entry) => entry.guard!.event);

/** The close requests the simulator received are exactly those the guard's runs sent, each outcome triggered by the guard. */
function expectClosesAreTheGuards(entries: AuditEntry[], account: AccountView, runIds: readonly string[]) {
  const outcomes = entries.filter((entry) => entry.type === 'outcome');
  expect(outcomes.length).toBeGreaterThan(0);
  for (const outcome of outcomes) expect(outcome.trigger).toBe('guard');
  expect(new Set(outcomes.map((outcome) => outcome.runId))).toEqual(new Set(runIds));
  const sent = entries.filter((entry) => entry.type === 'attempt' && entry.phase === 'sending' && CLOSE_PATHS.includes(entry.request?.path ?? ''));
  expect(sent.length).toBe(account.closeRequests.count);
  for (const attempt of sent) expect(runIds).toContain(attempt.runId);
  const closedOrders = outcomes.flatMap((outcome) => outcome.outcome?.closed ?? []).map((order) => order.orderId);
  expect(new Set(closedOrders)).toEqual(new Set(account.closeOrders.map((order) => order.orderId)));
}

function expectSpacedCloses(account: AccountView) {
  const times = account.closeRequests.times;
  // The gate spaces closes by CLOSE_INTERVAL_MS when they leave; arrival on loopback may be a few ms closer.
  for (let index = 1; index < times.length; index += 1) expect(times[index]! - times[index - 1]!).toBeGreaterThanOrEqual(CLOSE_INTERVAL_MS - 100);
}

describe('the guard over real sockets', () => {
  it('daily loss: warns first, never trips a step before the limit, then flattens every product type and cancels the orders', async () => {
    const { core, account } = await armedOn(
      {
        positions: [BTC_LONG, { productType: 'COIN-FUTURES', symbol: 'BTCUSD', holdSide: 'short', size: '0.1' }, { productType: 'USDC-FUTURES', symbol: 'ETHPERP', holdSide: 'long', size: '2' }],
        openOrders: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT' }, { productType: 'COIN-FUTURES', symbol: 'BTCUSD' }],
      },
      { dailyLossLimit: '1000', warnAtPercent: 50 },
    );
    await markTo(core, 'BTCUSDT', '64600', '9600');
    expect(status(core).state).toBe('watching');
    await markTo(core, 'BTCUSDT', '64400', '9400');
    expect(status(core).state).toBe('warning');
    await markTo(core, 'BTCUSDT', '64000.01', '9000.01');
    // One cent before the limit: warned, not tripped, nothing sent.
    expect(status(core)).toMatchObject({ state: 'warning' });
    expect(status(core).config?.tripped).toBeUndefined();
    expect(account.closeRequests.count).toBe(0);

    sim.exchange.setMarkPrice('USDT-FUTURES', 'BTCUSDT', '64000');
    await vi.waitFor(() => expect(account.positions).toEqual([]), { timeout: 10_000 });
    expect(account.openOrders).toEqual([]);
    await vi.waitFor(() => expect(status(core).lastFlatten?.status).toBe('flat'), { timeout: 5_000 });

    const entries = await auditEntries(core);
    expect(guardEvents(entries)).toEqual(['armed', 'warning', 'tripped']);
    const warning = entries.find((entry) => entry.guard?.event === 'warning')!.guard!;
    expect(warning).toMatchObject({ rule: 'daily-loss', figures: { dayPnl: '-600', limit: '1000' } });
    const tripped = entries.find((entry) => entry.guard?.event === 'tripped')!.guard!;
    expect(tripped).toMatchObject({ rule: 'daily-loss', figures: { equity: '9000', dayStartEquity: '10000', dayPnl: '-1000', limit: '1000' } });
    expect(tripped.runIds).toHaveLength(3);
    expectClosesAreTheGuards(entries, account, tripped.runIds!);
    expect(new Set(entries.filter((entry) => entry.type === 'outcome').map((entry) => entry.outcome?.target.productType))).toEqual(new Set(['USDT-FUTURES', 'COIN-FUTURES', 'USDC-FUTURES']));
    expectSpacedCloses(account);

    const warnedAt = notices.findIndex((notice) => /Guard warning on test/.test(notice.message));
    const trippedAt = notices.findIndex((notice) => /Guard tripped on test/.test(notice.message));
    expect(warnedAt).toBeGreaterThanOrEqual(0);
    expect(trippedAt).toBeGreaterThan(warnedAt);
    expect(notices.some((notice) => /Guard flatten on test: everything is verified flat/.test(notice.message))).toBe(true);
  });

  it('trailing drawdown: measures from the new peak, not from the day start; a first dip does not trip', async () => {
    const { core, account } = await armedOn({ positions: [BTC_LONG] }, { trailingDrawdown: '500' });
    await markTo(core, 'BTCUSDT', '65800', '10800');
    expect(status(core).figures).toMatchObject({ peakEquity: '10800', drawdown: '0' });
    await markTo(core, 'BTCUSDT', '65500', '10500');
    expect(status(core)).toMatchObject({ state: 'watching', figures: { drawdown: '300' } });
    await markTo(core, 'BTCUSDT', '65300.5', '10300.5');
    expect(status(core)).toMatchObject({ state: 'warning', figures: { drawdown: '499.5', peakEquity: '10800' } });
    expect(account.closeRequests.count).toBe(0);

    sim.exchange.setMarkPrice('USDT-FUTURES', 'BTCUSDT', '65300');
    await vi.waitFor(() => expect(account.positions).toEqual([]), { timeout: 10_000 });
    const entries = await auditEntries(core);
    expect(guardEvents(entries)).toEqual(['armed', 'warning', 'tripped']);
    const tripped = entries.find((entry) => entry.guard?.event === 'tripped')!.guard!;
    // The day is up 300: only the drop from the peak tripped it.
    expect(tripped).toMatchObject({ rule: 'trailing-drawdown', figures: { equity: '10300', peakEquity: '10800', dayStartEquity: '10000', drawdown: '500', limit: '500' } });
    expectClosesAreTheGuards(entries, account, tripped.runIds!);
    expect(account.closeRequests.count).toBe(1);
  });

  it('per-position loss: one position past its limit trips while the account as a whole is up', async () => {
    const { core, account } = await armedOn(
      { positions: [BTC_LONG, { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'short', size: '10' }] },
      { positionLossLimit: '300', dailyLossLimit: '1000' },
    );
    await markTo(core, 'ETHUSDT', '3350', '10500');
    await markTo(core, 'BTCUSDT', '64800', '10300');
    expect(status(core)).toMatchObject({ state: 'watching', figures: { worstPosition: { symbol: 'BTCUSDT', unrealizedPnl: '-200' } } });
    expect(account.closeRequests.count).toBe(0);

    sim.exchange.setMarkPrice('USDT-FUTURES', 'BTCUSDT', '64690');
    await vi.waitFor(() => expect(account.positions).toEqual([]), { timeout: 10_000 });
    const entries = await auditEntries(core);
    const tripped = entries.find((entry) => entry.guard?.event === 'tripped')!.guard!;
    expect(tripped).toMatchObject({ rule: 'position-loss', figures: { symbol: 'BTCUSDT', holdSide: 'long', unrealizedPnl: '-310', limit: '300', equity: '10190', dayStartEquity: '10000' } });
    expectClosesAreTheGuards(entries, account, tripped.runIds!);
  });

  it('stays tripped: a position that opens again is flattened again (reflatten), each close a full interval after the last', async () => {
    const { core, account } = await armedOn({ positions: [BTC_LONG] }, { dailyLossLimit: '100' });
    sim.exchange.setMarkPrice('USDT-FUTURES', 'BTCUSDT', '64800');
    await vi.waitFor(() => expect(status(core).lastFlatten?.status).toBe('flat'), { timeout: 10_000 });
    expect(account.positions).toEqual([]);
    expect(account.closeRequests.count).toBe(1);

    // As if an order had filled on the exchange after the trip.
    account.addPosition({ productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'short', size: '3' });
    await vi.waitFor(() => expect(account.positions).toEqual([]), { timeout: 10_000 });
    await vi.waitFor(() => expect(status(core).lastFlatten?.status).toBe('flat'), { timeout: 5_000 });
    expect(account.closeRequests.count).toBe(2);
    expectSpacedCloses(account);

    const entries = await auditEntries(core);
    expect(guardEvents(entries)).toEqual(['armed', 'tripped', 'reflatten']);
    const runIds = entries.filter((entry) => entry.type === 'guard').flatMap((entry) => entry.guard!.runIds ?? []);
    expect(runIds).toHaveLength(2);
    expectClosesAreTheGuards(entries, account, runIds);
    expect(status(core)).toMatchObject({ state: 'tripped', config: { tripped: { rule: 'daily-loss' } } });
  });

  it('a dropped connection mid-fall: the feed reconnects, logs in and subscribes again, and the guard trips once', async () => {
    const { core, account } = await armedOn({ positions: [BTC_LONG] }, { dailyLossLimit: '1000' });
    const privateConnections = () => sim.exchange.ws.connections.filter((connection) => connection.path === '/v2/ws/private');
    await markTo(core, 'BTCUSDT', '64500', '9500');
    sim.exchange.ws.drop();
    sim.exchange.setMarkPrice('USDT-FUTURES', 'BTCUSDT', '64200');
    await vi.waitFor(() => expect(privateConnections().filter((connection) => connection.open)).toHaveLength(1), { timeout: 3_000 });
    await vi.waitFor(() => expect(status(core)).toMatchObject({ feed: { socket: 'live', source: 'websocket' }, figures: { equity: '9200' } }), { timeout: 3_000 });
    const again = privateConnections().at(-1)!;
    expect(privateConnections().length).toBeGreaterThanOrEqual(2);
    expect(again.frames.some((frame) => frame.includes('"op":"login"'))).toBe(true);
    expect(again.frames.filter((frame) => frame.includes('"op":"subscribe"')).join()).toMatch(/"positions".*"account"|"account".*"positions"/);
    expect(account.closeRequests.count).toBe(0);

    sim.exchange.setMarkPrice('USDT-FUTURES', 'BTCUSDT', '63900');
    await vi.waitFor(() => expect(account.positions).toEqual([]), { timeout: 10_000 });
    const entries = await auditEntries(core);
    expect(guardEvents(entries).filter((event) => event === 'tripped')).toHaveLength(1);
    // The moment between the drop and the new socket's figures is no alarm: no blind entry, no notification.
    expect(guardEvents(entries)).not.toContain('blind');
    expect(notices.some((notice) => notice.state === 'blind')).toBe(false);
    expect(entries.find((entry) => entry.guard?.event === 'tripped')!.guard).toMatchObject({ rule: 'daily-loss', figures: { dayPnl: '-1100', dayStartEquity: '10000' } });
    expect(account.closeRequests.count).toBe(1);
  });

  it('a unified account: measures in USDT from the V3 pushes and trips, closing over the V3 close path', async () => {
    const { core, account } = await armedOn({ kind: 'unified', positions: [BTC_LONG] }, { dailyLossLimit: '500' });
    expect(sim.exchange.ws.connections.some((connection) => connection.path === '/v3/ws/private' && connection.open)).toBe(true);
    expect(sim.exchange.ws.connections.some((connection) => connection.path === '/v3/ws/public' && connection.open)).toBe(true);
    await markTo(core, 'BTCUSDT', '64600', '9600');
    expect(account.closeRequests.count).toBe(0);
    sim.exchange.setMarkPrice('USDT-FUTURES', 'BTCUSDT', '64400');
    await vi.waitFor(() => expect(account.positions).toEqual([]), { timeout: 10_000 });
    const entries = await auditEntries(core);
    const tripped = entries.find((entry) => entry.guard?.event === 'tripped')!.guard!;
    expect(tripped).toMatchObject({ rule: 'daily-loss', figures: { equity: '9400', dayStartEquity: '10000', dayPnl: '-600' } });
    expectClosesAreTheGuards(entries, account, tripped.runIds!);
    expect(account.requests.filter((request) => request.path === '/api/v3/trade/close-positions')).toHaveLength(1);
  });

  it('fail safe: socket silent and REST failing while prices fall past the limit: blind, warns, closes nothing; trips once the feed is back', async () => {
    const { core, account } = await armedOn({ positions: [BTC_LONG] }, { dailyLossLimit: '1000' });
    const restFailing = sim.exchange.faults.add({ kind: 'http-status', status: 503, path: V2_ACCOUNTS_PATH, times: Number.POSITIVE_INFINITY });
    sim.exchange.ws.refuseLogin({ code: '30012', msg: 'Invalid ACCESS_PASSPHRASE' });
    sim.exchange.ws.silence();
    await vi.waitFor(() => expect(status(core).state).toBe('blind'), { timeout: 3_000 });
    sim.exchange.setMarkPrice('USDT-FUTURES', 'BTCUSDT', '63500');
    // Past the limit on the exchange, for longer than a guard tick: the guard cannot see it and does not guess.
    await sleep(1_300);
    expect(status(core)).toMatchObject({ state: 'blind' });
    expect(status(core).config?.tripped).toBeUndefined();
    expect(account.closeRequests.count).toBe(0);
    expect(account.positions).toHaveLength(1);
    expect(restFailing.hits).toBeGreaterThan(0);
    // Told once the blindness lasts (a socket replaced by REST a moment later is no alarm).
    await vi.waitFor(() => expect(notices.some((notice) => notice.state === 'blind' && /cannot see the account/.test(notice.message))).toBe(true), { timeout: 5_000 });
    expect(account.closeRequests.count).toBe(0);

    // The socket is back and shows the loss; the fresh read that must confirm it still fails: nothing is sent yet.
    sim.exchange.ws.refuseLogin(undefined);
    await vi.waitFor(async () => expect((await auditEntries(core)).some((entry) => entry.guard?.event === 'disagreement' && /could not be read/.test(entry.guard.reason ?? ''))).toBe(true), { timeout: 10_000 });
    expect(status(core).messages.join(' ')).toMatch(/Not confirmed: .*Daily loss -1500 USDT reached the limit/);
    expect(account.closeRequests.count).toBe(0);
    restFailing.remove();
    await vi.waitFor(() => expect(account.positions).toEqual([]), { timeout: 10_000 });
    const entries = await auditEntries(core);
    expect(guardEvents(entries)).toEqual(['armed', 'blind', 'disagreement', 'tripped']);
    const tripped = entries.find((entry) => entry.guard?.event === 'tripped')!.guard!;
    expect(tripped).toMatchObject({ rule: 'daily-loss', figures: { equity: '8500', dayPnl: '-1500' } });
    expect(account.closeRequests.count).toBe(1);
    expectClosesAreTheGuards(entries, account, tripped.runIds!);
  });

  it('stale figures never trip: on REST while the socket is down, it trips only on a fresh read, never on an old one with live marks', async () => {
    const { core, account } = await armedOn({ positions: [BTC_LONG] }, { dailyLossLimit: '1000' });
    sim.exchange.ws.refuseLogin({ code: '30012', msg: 'Invalid ACCESS_PASSPHRASE' });
    sim.exchange.ws.silence();
    await markTo(core, 'BTCUSDT', '64500', '9500');
    await vi.waitFor(() => expect(status(core)).toMatchObject({ state: 'watching', feed: { socket: 'down', source: 'rest', stale: false } }), { timeout: 3_000 });

    // REST fails from now on and the last read grows old; the ticker still brings the prices.
    const restFailing = sim.exchange.faults.add({ kind: 'http-status', status: 503, path: V2_ACCOUNTS_PATH, times: Number.POSITIVE_INFINITY });
    skewMs += 11_000;
    await vi.waitFor(() => expect(status(core)).toMatchObject({ state: 'blind', feed: { source: 'rest', stale: true } }), { timeout: 3_000 });
    sim.exchange.setMarkPrice('USDT-FUTURES', 'BTCUSDT', '63500');
    await vi.waitFor(() => expect(core.feeds.current('test')?.snapshot?.marks.find((mark) => mark.symbol === 'BTCUSDT')?.markPrice).toBe('63500'), { timeout: 3_000 });
    await sleep(1_300);
    expect(status(core).state).toBe('blind');
    expect(status(core).messages.join(' ')).toMatch(/old/);
    await vi.waitFor(async () => expect((await auditEntries(core)).some((entry) => entry.guard?.event === 'blind' && /figures are 11 s old/.test(entry.guard.reason ?? ''))).toBe(true), { timeout: 5_000 });
    expect(account.closeRequests.count).toBe(0);

    restFailing.remove();
    await vi.waitFor(() => expect(account.positions).toEqual([]), { timeout: 10_000 });
    expect(status(core)).toMatchObject({ state: 'tripped', feed: { source: 'rest' } });
    const entries = await auditEntries(core);
    // Blind when the socket went down (until the first REST read), and again once that read was old: never tripped on it.
    const events = entries.filter((entry) => entry.type === 'guard');
    // The 11 s the process clock was moved is a wall-clock jump: noticed and recorded, the day kept.
    expect(guardEvents(entries).filter((event) => event !== 'blind')).toEqual(['armed', 'clock-jump', 'tripped']);
    expect(events.filter((entry) => entry.guard?.event === 'blind').at(-1)!.guard).toMatchObject({ event: 'blind', reason: expect.stringMatching(/figures are 11 s old/) });
    expect(entries.find((entry) => entry.guard?.event === 'tripped')!.guard).toMatchObject({ rule: 'daily-loss', figures: { equity: '8500', dayPnl: '-1500' } });
    expect(account.closeRequests.count).toBe(1);
  });

  it('closeout time: warns before, flattens at the time (the process clock set to 21:29:57 local)', async () => {
    const target = new Date(realNow());
    target.setHours(21, 29, 57, 0);
    skewMs = target.getTime() - realNow();
    const keys = sim.exchange.addAccount({ positions: [BTC_LONG], openOrders: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT' }] });
    const core = await sim.coreFor(keys);
    const account = sim.exchange.account(keys.apiKey);
    expect((await core.handlers.armGuard({ profile: 'test', rules: { closeoutTime: '21:30', warnMinutesBeforeCloseout: 1 } })).ok).toBe(true);
    await vi.waitFor(() => expect(status(core)).toMatchObject({ state: 'warning', feed: { source: 'websocket' } }), { timeout: 2_000 });
    const closeout = new Date(target).setHours(21, 30, 0, 0);
    expect(Date.now()).toBeLessThan(closeout);
    expect(account.closeRequests.count).toBe(0);

    await vi.waitFor(() => expect(account.positions).toEqual([]), { timeout: 10_000 });
    expect(account.openOrders).toEqual([]);
    expect(account.closeRequests.times[0]).toBeGreaterThanOrEqual(closeout);
    const entries = await auditEntries(core);
    expect(guardEvents(entries)).toEqual(['armed', 'warning', 'tripped']);
    const tripped = entries.find((entry) => entry.guard?.event === 'tripped')!;
    expect(tripped.guard).toMatchObject({ rule: 'closeout-time', figures: { closeoutTime: '21:30' } });
    expect(Date.parse(storedGuard(core)!.tripped!.at)).toBeGreaterThanOrEqual(closeout);
    expectClosesAreTheGuards(entries, account, tripped.guard!.runIds!);
  });
});

/** Ticker pushes carry nothing while this is the rewrite: the public socket still answers pings (a silent ticker). */
const silentTicker = (kind: string, data: unknown[]) => (kind.endsWith('ticker') ? undefined : data);
const rewriteItems = (kinds: RegExp, change: (item: Record<string, unknown>) => Record<string, unknown>) => (kind: string, data: unknown[]) =>
  kinds.test(kind) ? data.map((item) => change(item as Record<string, unknown>)) : data;
/** Live V2 position pushes carry no mark (bitget-api.md): with the ticker silent, nothing prices a position. */
const noPushedMark = rewriteItems(/^v2-positions$/, ({ markPrice: _mark, ...item }) => item);
const liveShapesSilentTicker = (kind: string, data: unknown[]) => silentTicker(kind, noPushedMark(kind, data));

describe('the guard against a hostile exchange and a hostile day (issue 18)', () => {
  it('tripped, a position opens while the ticker is silent: flattened at once, no mark needed', async () => {
    const { core, account } = await armedOn({ positions: [BTC_LONG] }, { dailyLossLimit: '100' });
    sim.exchange.setMarkPrice('USDT-FUTURES', 'BTCUSDT', '64800');
    await vi.waitFor(() => expect(status(core).lastFlatten?.status).toBe('flat'), { timeout: 10_000 });
    sim.exchange.ws.rewritePushes(liveShapesSilentTicker);
    account.addPosition({ productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'long', size: '2' });
    await vi.waitFor(() => expect(account.positions).toEqual([]), { timeout: 5_000 });
    expect(account.closeRequests.count).toBe(2);
    expect(guardEvents(await auditEntries(core))).toEqual(['armed', 'tripped', 'reflatten']);
  });

  it('a silent ticker and a fresh fill on a profitable day: no false trip (the old mark disagrees with the fresh read, then is stale)', async () => {
    const { core, account } = await armedOn({ positions: [BTC_LONG] }, { dailyLossLimit: '500' });
    sim.exchange.ws.rewritePushes(liveShapesSilentTicker);
    // The market moves up while the ticker is silent; a long is bought at the new price (the exchange is up 1000).
    sim.exchange.setMarkPrice('USDT-FUTURES', 'BTCUSDT', '66000');
    account.addPosition({ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '1', entryPrice: '66000', markPrice: '66000' });
    // Valued at the ticker's last mark (65000) the new long is -1000: a trip proposed, refused by the fresh read.
    await vi.waitFor(async () => expect(guardEvents(await auditEntries(core))).toContain('disagreement'), { timeout: 5_000 });
    const disagreement = (await auditEntries(core)).find((entry) => entry.guard?.event === 'disagreement')!.guard!;
    expect(disagreement.reason).toMatch(/Daily loss -1000 USDT reached the limit of 500 USDT.*Fresh read: equity 11000 USDT, day 1000 USDT/);
    expect(status(core)).toMatchObject({ disagreement: { read: expect.stringMatching(/equity 11000/) } });
    // Once the ticker's last mark is older than 10 s it is stale, whatever the socket does: blind, never tripped.
    skewMs += 10_500;
    await vi.waitFor(() => expect(status(core)).toMatchObject({ state: 'blind', messages: expect.arrayContaining([expect.stringMatching(/mark price of BTCUSDT is 1\d s old/)]) }), { timeout: 3_000 });
    await sleep(1_200);
    expect(account.closeRequests.count).toBe(0);
    expect(guardEvents(await auditEntries(core))).not.toContain('tripped');
    expect(account.positions).toHaveLength(2);
  });

  it.each([
    // A long loses on a mark far below; a short (x1e9) on one far above. 0 and NaN were refused before issue 18 too.
    ['a mark of 1e308 (short)', 'short', 'v2-ticker', { markPrice: '1e308' }],
    ['a mark of 0', 'long', 'v2-ticker', { markPrice: '0' }],
    ['a mark of NaN', 'long', 'v2-ticker', { markPrice: 'NaN' }],
    ['a mark x1e9 (short)', 'short', 'v2-ticker', { markPrice: '65000000000000' }],
    ['a mark of 0.000001', 'long', 'v2-ticker', { markPrice: '0.000001' }],
    ['an equity of 1e308', 'long', 'v2-account', { equity: '1e308' }],
    ['an equity of 0', 'long', 'v2-account', { equity: '0' }],
    ['an equity of NaN', 'long', 'v2-account', { equity: 'NaN' }],
  ] as const)('%s: nothing is flattened, nothing absurd is saved, and a real loss still trips after it', async (_name, holdSide, kind, fields) => {
    const { core, account } = await armedOn({ positions: [{ ...BTC_LONG, holdSide }] }, { dailyLossLimit: '500', trailingDrawdown: '800' });
    sim.exchange.ws.rewritePushes(rewriteItems(new RegExp(`^${kind}$`), (item) => ({ ...item, ...fields })));
    // A price move pushes the ticker; a new connection's snapshots push the account.
    if (kind === 'v2-ticker') sim.exchange.setMarkPrice('USDT-FUTURES', 'BTCUSDT', '65100');
    else sim.exchange.ws.drop();
    await sleep(1_500);
    expect(account.closeRequests.count).toBe(0);
    expect(status(core).config?.tripped).toBeUndefined();
    await core.guard!.settled();
    for (const figure of [storedGuard(core)?.day?.startEquity, storedGuard(core)?.day?.peakEquity]) expect(Number.isFinite(Number(figure)) && Math.abs(Number(figure)) < 1e9).toBe(true);

    sim.exchange.ws.rewritePushes(undefined);
    sim.exchange.setMarkPrice('USDT-FUTURES', 'BTCUSDT', holdSide === 'long' ? '64300' : '65700');
    await vi.waitFor(() => expect(account.positions).toEqual([]), { timeout: 10_000 });
    expect(storedGuard(core)?.tripped).toMatchObject({ rule: 'daily-loss', figures: { dayStartEquity: '10000' } });
  });

  it('an unreadable position update leaves the positions unread (REST stands in), never the old ones live', async () => {
    const { core, account } = await armedOn({ kind: 'unified', positions: [BTC_LONG] }, { dailyLossLimit: '500' });
    sim.exchange.ws.rewritePushes(rewriteItems(/^v3-position$/, (item) => ({ ...item, size: 'unreadable' })));
    account.addPosition({ productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'long', size: '10', entryPrice: '3500', markPrice: '3500' });
    await vi.waitFor(() => expect(status(core).feed?.problem).toMatch(/could not be read/), { timeout: 3_000 });
    await vi.waitFor(() => expect(core.feeds.current('test')?.snapshot?.positions['USDT-FUTURES']?.map((position) => position.symbol).sort()).toEqual(['BTCUSDT', 'ETHUSDT']), { timeout: 5_000 });
    // The position the socket could not tell about loses 1000: the guard sees it (REST) and trips.
    sim.exchange.setMarkPrice('USDT-FUTURES', 'ETHUSDT', '3400');
    await vi.waitFor(() => expect(account.positions).toEqual([]), { timeout: 10_000 });
    expect(storedGuard(core)?.tripped).toMatchObject({ rule: 'daily-loss', figures: { dayPnl: '-1000' } });
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const storedGuard = (core: Core) => createJsonSettingsStore(join(dirname(core.audit.path), 'config.json')).read().guards.find((guard) => guard.profile === 'test');
