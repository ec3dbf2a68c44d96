// The guard runner over the real core: a real settings file, the real audit log, and the real close path against the
// simulator. The feed is an in-test Feeds that delivers the FeedUpdates each test builds (the WebSocket feed is tested
// on its own).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditEntry, Position, Result } from '../../../shared/bitget.ts';
import type { FeedSnapshot, FeedUpdate } from '../../../shared/feed.ts';
import { createCore, type Core } from '../compose.ts';
import { createJsonSettingsStore } from '../settings-file.ts';
import { useSimulatorCores } from '../simulator-core.test-support.ts';
import type { Feeds } from '../feed/feeds.ts';
import { BLIND_ALERT_AFTER_MS, createGuardService, type GuardServiceOptions } from './guard-service.ts';
import { HEARTBEAT_FILE } from './heartbeat.ts';

class TestFeeds implements Feeds {
  readonly listeners = new Map<string, Set<(update: FeedUpdate) => void>>();
  readonly latest = new Map<string, FeedUpdate>();
  watch(profile: string, listener: (update: FeedUpdate) => void) {
    const set = this.listeners.get(profile) ?? new Set();
    set.add(listener);
    this.listeners.set(profile, set);
    const now = this.latest.get(profile);
    if (now) listener(now);
    return () => void set.delete(listener);
  }
  current(profile: string) {
    return this.latest.get(profile);
  }
  async close() {
    this.listeners.clear();
  }
  push(update: FeedUpdate) {
    this.latest.set(update.status.profile, update);
    for (const listener of this.listeners.get(update.status.profile) ?? []) listener(update);
  }
  watching(profile: string) {
    return (this.listeners.get(profile)?.size ?? 0) > 0;
  }
}

let feeds = new TestFeeds();
const forwardingFeeds: Feeds = {
  watch: (profile, listener) => feeds.watch(profile, listener),
  current: (profile) => feeds.current(profile),
  close: () => feeds.close(),
};
const FAST = { deadlineMs: 6_000, requestTimeoutMs: 700, verifyIntervalMs: 100, retryBackoffMs: 100 };
// The scripted figures stand for the account here: the trip's confirming read reads them (as a REST read that agrees).
// A read that disagrees is tested over the simulator (guard-over-sockets.integration.test.ts).
const scriptedRead = async (profile: string): Promise<Result<FeedSnapshot>> => {
  const snapshot = feeds.current(profile)?.snapshot;
  return snapshot ? { ok: true, value: snapshot } : { ok: false, error: { kind: 'unknown', message: 'no scripted figures', hint: '' } };
};
const sim = useSimulatorCores({ tmpPrefix: 'panic-guard-', core: { timing: FAST, feeds: forwardingFeeds, guard: true, guardConfirm: scriptedRead } });
beforeEach(() => {
  feeds = new TestFeeds();
});

function position(symbol: string, size = '1'): Position {
  return { symbol, productType: 'USDT-FUTURES', marginCoin: 'USDT', holdSide: 'long', size, available: size, entryPrice: '100', markPrice: '100', unrealizedPnl: '0', liquidationPrice: '', leverage: '10', marginMode: 'crossed', posMode: 'hedge_mode' };
}

/** A snapshot whose equity is `equity` (the positions sit at their entry: no unrealized PnL). */
function update(equity: string, positions: Position[], confirmedAt = Date.now(), options: { unread?: boolean } = {}): FeedUpdate {
  const snapshot: FeedSnapshot = {
    profile: 'test',
    accountKind: 'classic',
    source: 'websocket',
    positions: options.unread ? { 'USDT-FUTURES': positions } : { 'USDT-FUTURES': positions, 'COIN-FUTURES': [], 'USDC-FUTURES': [] },
    balances: [{ marginCoin: 'USDT', equity, unrealizedPnl: '0', receivedAt: confirmedAt }],
    marks: positions.map((held) => ({ productType: held.productType, symbol: held.symbol, markPrice: held.markPrice, receivedAt: confirmedAt })),
    confirmedAt,
  };
  return { status: { profile: 'test', socket: 'live', source: 'websocket', confirmedAt, stale: false }, snapshot };
}

async function guardEntries(core: Core): Promise<AuditEntry[]> {
  await core.guard!.settled();
  const page = await core.audit.read(1_000);
  return page.entries.filter((entry) => entry.type === 'guard').reverse();
}

const storedGuard = (core: Core) => createJsonSettingsStore(join(dirname(core.audit.path), 'config.json')).read().guards.find((guard) => guard.profile === 'test');

describe('the guard service', () => {
  it('trips once on the daily loss, flattens through the close path (trigger guard, orders cancelled), stays tripped across a restart', async () => {
    const keys = sim.exchange.addAccount({ positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '1' }], openOrders: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT' }] });
    const core = await sim.coreFor(keys);
    const armed = await core.handlers.armGuard({ profile: 'test', rules: { dailyLossLimit: '100', warnAtPercent: 50 } });
    expect(armed).toMatchObject({ ok: true, value: { profile: 'test', mode: 'live' } });
    expect(feeds.watching('test')).toBe(true);

    feeds.push(update('1000', [position('BTCUSDT')]));
    feeds.push(update('940', [position('BTCUSDT')]));
    expect(sim.exchange.account(keys.apiKey).closeRequests.count).toBe(0);
    feeds.push(update('900', [position('BTCUSDT')]));
    feeds.push(update('850', [position('BTCUSDT')]));
    await vi.waitFor(() => expect(sim.exchange.account(keys.apiKey).positions).toEqual([]), { timeout: 10_000 });
    expect(sim.exchange.account(keys.apiKey).openOrders).toEqual([]);

    const entries = await guardEntries(core);
    expect(entries.map((entry) => entry.guard?.event)).toEqual(['armed', 'warning', 'tripped']);
    const tripped = entries[2]!.guard!;
    expect(tripped).toMatchObject({ rule: 'daily-loss', figures: { dayPnl: '-100', limit: '100', equity: '900', dayStartEquity: '1000' } });
    expect(tripped.runIds).toHaveLength(1);
    const outcomes = (await core.audit.read(1_000)).entries.filter((entry) => entry.type === 'outcome');
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ trigger: 'guard', runId: tripped.runIds![0] });
    expect(core.guard!.list().find((status) => status.profile === 'test')).toMatchObject({ state: 'tripped', lastFlatten: { status: 'flat' } });

    // The trip and the day are in the settings file: a restarted runner is still tripped, measuring from the same start.
    expect(storedGuard(core)).toMatchObject({ armed: true, tripped: { rule: 'daily-loss' }, day: { startEquity: '1000' } });
    await core.guard!.dispose();
    const restarted = createGuardService({
      dataDir: dirname(core.audit.path),
      settings: createJsonSettingsStore(join(dirname(core.audit.path), 'config.json')),
      audit: core.audit,
      feeds: forwardingFeeds,
      closeEverything: (request) => core.handlers.closeEverything(request),
      profiles: () => core.profiles.list(),
    });
    try {
      feeds.push(update('1000', []));
      expect(restarted.list().find((status) => status.profile === 'test')).toMatchObject({ state: 'tripped', config: { day: { startEquity: '1000' }, tripped: { rule: 'daily-loss' } } });
    } finally {
      await restarted.dispose();
    }
  });

  it('flattens again what opens while tripped, only on a snapshot confirmed after its last run ended', async () => {
    const keys = sim.exchange.addAccount({ positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '1' }] });
    const core = await sim.coreFor(keys);
    await core.handlers.armGuard({ profile: 'test', rules: { trailingDrawdown: '50' } });
    const before = Date.now();
    feeds.push(update('1000', [position('BTCUSDT')]));
    feeds.push(update('1100', [position('BTCUSDT')]));
    feeds.push(update('1050', [position('BTCUSDT')]));
    await vi.waitFor(() => expect(core.guard!.list()[0]?.lastFlatten?.status).toBe('flat'), { timeout: 10_000 });
    const account = sim.exchange.account(keys.apiKey);
    const closesAfterTrip = account.closeRequests.count;

    account.addPosition({ productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'short', size: '2' });
    // A snapshot confirmed before the run ended shows what the run already closed: no storm on it.
    feeds.push(update('1050', [position('BTCUSDT')], before));
    // Longer than the close path's one-second spacing of closes on an account.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(account.closeRequests.count).toBe(closesAfterTrip);
    expect(account.positions).toHaveLength(1);

    feeds.push(update('1050', [position('ETHUSDT', '2')]));
    await vi.waitFor(() => expect(account.positions).toEqual([]), { timeout: 10_000 });
    const entries = await guardEntries(core);
    expect(entries.map((entry) => entry.guard?.event)).toEqual(['armed', 'tripped', 'reflatten']);
    expect(entries[1]!.guard!.rule).toBe('trailing-drawdown');
    expect(entries[2]!.guard!.runIds).toHaveLength(1);
    expect(core.guard!.list()[0]).toMatchObject({ state: 'tripped' });
  });

  it('a snapshot that still shows what the trip closed: the close path finds nothing open, and nothing is told or recorded', async () => {
    const keys = sim.exchange.addAccount({ positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '1' }] });
    const core = await sim.coreFor(keys);
    await core.handlers.armGuard({ profile: 'test', rules: { dailyLossLimit: '100' } });
    const shown: unknown[] = [];
    const offShown = core.onGuardFlatten((_profile, result) => shown.push(result));
    feeds.push(update('1000', [position('BTCUSDT')]));
    feeds.push(update('850', [position('BTCUSDT')]));
    await vi.waitFor(() => expect(core.guard!.list()[0]?.lastFlatten?.status).toBe('flat'), { timeout: 10_000 });
    const tripFlatten = core.guard!.list()[0]!.lastFlatten;
    const account = sim.exchange.account(keys.apiKey);
    const readsBefore = account.requests.length;

    // Confirmed after the run ended, yet still showing the closed position (a push that lags): the guard asks the
    // close path, which reads the exchange and finds everything flat.
    feeds.push(update('850', [position('BTCUSDT')]));
    await vi.waitFor(() => expect(account.requests.length).toBeGreaterThan(readsBefore), { timeout: 5_000 });
    await core.guard!.settled();
    expect(account.closeRequests.count).toBe(1);
    expect((await guardEntries(core)).map((entry) => entry.guard?.event)).toEqual(['armed', 'tripped']);
    expect(core.guard!.list()[0]!.lastFlatten).toEqual(tripFlatten);
    // Only the trip's result was shown in the window.
    expect(shown).toHaveLength(1);
    offShown();
  });

  it('never flattens on stale or incomplete figures: it goes blind once and says why', async () => {
    const keys = sim.exchange.addAccount({ positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '1' }] });
    const core = await sim.coreFor(keys);
    await core.handlers.armGuard({ profile: 'test', rules: { dailyLossLimit: '100' } });
    feeds.push(update('1000', [position('BTCUSDT')]));
    feeds.push(update('1', [position('BTCUSDT')], Date.now() - 11_000));
    feeds.push(update('1', [position('BTCUSDT')], Date.now(), { unread: true }));
    // Blind is told once it lasts BLIND_ALERT_AFTER_MS; then more ticks of the runner's timer with the same blind figures.
    await new Promise((resolve) => setTimeout(resolve, BLIND_ALERT_AFTER_MS + 2_200));
    expect(sim.exchange.account(keys.apiKey).closeRequests.count).toBe(0);
    const status = core.guard!.list()[0]!;
    expect(status.state).toBe('blind');
    expect(status.messages.join(' ')).toMatch(/COIN-FUTURES, USDC-FUTURES could not be read/);
    expect((await guardEntries(core)).map((entry) => entry.guard?.event)).toEqual(['armed', 'blind']);
  });

  it('refuses to arm a profile that does not exist, or Practice while practice mode is off', async () => {
    const core = await sim.coreFor(sim.exchange.addAccount({}));
    for (const profile of ['nope', 'Practice']) {
      const result = await core.handlers.armGuard({ profile, rules: { dailyLossLimit: '100' } });
      expect(result).toMatchObject({ ok: false, error: { kind: 'not-found', message: `There is no profile named "${profile}" to guard.` } });
    }
    expect(await core.handlers.armGuard({ profile: 'test', rules: {} })).toMatchObject({ ok: false, error: { kind: 'bad-input' } });
    expect(storedGuard(core)).toBeUndefined();
  });

  it('picks up an arm and a disarm written to the settings file by another process, and keeps a heartbeat', async () => {
    const core = await sim.coreFor(sim.exchange.addAccount({}));
    const dataDir = dirname(core.audit.path);
    const otherProcess = createJsonSettingsStore(join(dataDir, 'config.json'));
    await otherProcess.update((current) => ({
      ...current,
      guards: [{ profile: 'test', rules: { marginCoin: 'USDT', dailyLossLimit: '100', warnAtPercent: 80, warnMinutesBeforeCloseout: 5, dayStartsAt: '00:00', rearm: 'manual' }, armed: true, armedAt: new Date().toISOString() }],
    }));
    await vi.waitFor(() => expect(feeds.watching('test')).toBe(true), { timeout: 3_000 });
    feeds.push(update('1000', []));
    expect(core.guard!.list()[0]).toMatchObject({ state: 'watching', figures: { equity: '1000' } });
    const beat = () => JSON.parse(readFileSync(join(dataDir, HEARTBEAT_FILE), 'utf8')) as { pid: number; guards: { profile: string; state: string }[] };
    await vi.waitFor(() => expect(beat().guards.find((guard) => guard.profile === 'test')?.state).toBe('watching'), { timeout: 3_000 });
    expect(beat().pid).toBe(process.pid);

    // Armed again from the CLI with other rules: the runner takes the new arm.
    await otherProcess.update((current) => ({ ...current, guards: current.guards.map((guard) => ({ ...guard, rules: { ...guard.rules, dailyLossLimit: '50' }, armedAt: new Date(Date.now() + 1).toISOString() })) }));
    await vi.waitFor(() => expect(core.guard!.list()[0]!.config?.rules.dailyLossLimit).toBe('50'), { timeout: 3_000 });

    await otherProcess.update((current) => ({ ...current, guards: current.guards.map((guard) => ({ ...guard, armed: false })) }));
    await vi.waitFor(() => expect(feeds.watching('test')).toBe(false), { timeout: 3_000 });
    expect(core.guard!.list()[0]!.state).toBe('disarmed');
    await core.guard!.settled();
    expect(beat().guards.find((guard) => guard.profile === 'test')?.state).toBe('disarmed');
  });
});

/** A BTC long on the simulator, and a runner of this test's own on the core's data folder (the core's runner stopped). */
async function ownRunner(overrides: Partial<GuardServiceOptions>) {
  const keys = sim.exchange.addAccount({ positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '1' }] });
  const core = await sim.coreFor(keys);
  const dataDir = dirname(core.audit.path);
  await core.guard!.dispose();
  const service = createGuardService({
    dataDir,
    settings: createJsonSettingsStore(join(dataDir, 'config.json')),
    audit: core.audit,
    feeds: forwardingFeeds,
    closeEverything: (request) => core.handlers.closeEverything(request),
    profiles: () => core.profiles.list(),
    confirm: scriptedRead,
    ...overrides,
  });
  return { keys, core, service };
}

describe('re-arm on the next trading day', () => {
  it('clears the trip by itself when the next trading day starts, and measures the new day from its start', async () => {
    // This test's runner has its own clock: the core's runner must not act on the same settings file.
    let clock = new Date(2026, 4, 4, 23, 59, 50).getTime();
    const { core, service } = await ownRunner({ now: () => clock });
    try {
      await service.arm({ profile: 'test', rules: { dailyLossLimit: '100', rearm: 'next-day' } });
      feeds.push(update('1000', [position('BTCUSDT')], clock));
      feeds.push(update('880', [position('BTCUSDT')], clock));
      await vi.waitFor(() => expect(service.list().find((status) => status.profile === 'test')?.lastFlatten?.status).toBe('flat'), { timeout: 10_000 });

      clock = new Date(2026, 4, 5, 0, 0, 5).getTime();
      feeds.push(update('880', [], clock));
      const status = service.list().find((candidate) => candidate.profile === 'test')!;
      expect(status).toMatchObject({ state: 'watching', figures: { dayStartEquity: '880', dayPnl: '0' } });
      expect(status.config?.tripped).toBeUndefined();
      await service.settled();
      const events = (await core.audit.read(100)).entries.filter((entry) => entry.type === 'guard').map((entry) => entry.guard?.event).reverse();
      expect(events).toEqual(['armed', 'tripped', 'rearmed']);
      expect(storedGuard(core)?.tripped).toBeUndefined();
    } finally {
      await service.dispose();
    }
  });
});

describe('time, one runner, and a trip that survives a kill (issue 18)', () => {
  it('a wall clock that jumps a day forward and back never erases the day\'s loss (injected clock)', async () => {
    let wall = new Date(2026, 4, 4, 15, 0, 0).getTime();
    let monotonic = 0;
    const lines: string[] = [];
    const { keys, core, service } = await ownRunner({
      time: { wall: () => wall, monotonic: () => monotonic },
      now: () => wall,
      log: (line) => lines.push(line),
      tickMs: 50,
    });
    const shown = () => service.list().find((status) => status.profile === 'test')!;
    try {
      await service.arm({ profile: 'test', rules: { dailyLossLimit: '500' } });
      feeds.push(update('1000', [position('BTCUSDT')], wall));
      feeds.push(update('700', [position('BTCUSDT')], wall));
      expect(shown().figures).toMatchObject({ dayStartEquity: '1000', dayPnl: '-300' });

      // A day forward, one second elapsed: the day and its loss stay; the jump is shown, logged and recorded.
      wall += 86_400_000 + 1_000;
      monotonic += 1_000;
      feeds.push(update('700', [position('BTCUSDT')], wall));
      expect(shown()).toMatchObject({ state: 'watching', figures: { dayStartEquity: '1000', dayPnl: '-300' }, clockJump: { by: 'forward by 24.0 h' } });
      expect(shown().messages.join(' ')).toMatch(/clock jumped forward by 24.0 h.*day's figures are kept/);
      await vi.waitFor(async () => expect((await guardEntries(core)).map((entry) => entry.guard?.event)).toContain('clock-jump'), { timeout: 3_000 });
      expect(lines.join('\n')).toMatch(/wall clock jumped forward by 24.0 h/);

      // And back: still the same day, and the loss that follows adds to it.
      wall -= 86_400_000;
      monotonic += 1_000;
      feeds.push(update('450', [position('BTCUSDT')], wall));
      await vi.waitFor(() => expect(sim.exchange.account(keys.apiKey).positions).toEqual([]), { timeout: 10_000 });
      expect(storedGuard(core)?.tripped).toMatchObject({ rule: 'daily-loss', figures: { dayStartEquity: '1000', dayPnl: '-550' } });
    } finally {
      await service.dispose();
    }
  });

  it('the trip is in the settings file before the close is sent (a kill -9 then still finds it tripped)', async () => {
    const onDiskAtClose: unknown[] = [];
    const told: string[] = [];
    const { keys, core, service } = await ownRunner({
      closeEverything: (request) => {
        onDiskAtClose.push(storedGuard(core)?.tripped);
        return core.handlers.closeEverything(request);
      },
      notify: (_status, message) => told.push(`${message} | on disk: ${storedGuard(core)?.tripped ? 'tripped' : 'not tripped'}`),
    });
    try {
      await service.arm({ profile: 'test', rules: { dailyLossLimit: '100' } });
      feeds.push(update('1000', [position('BTCUSDT')]));
      feeds.push(update('850', [position('BTCUSDT')]));
      await vi.waitFor(() => expect(sim.exchange.account(keys.apiKey).positions).toEqual([]), { timeout: 10_000 });
      expect(onDiskAtClose).toEqual([expect.objectContaining({ rule: 'daily-loss' })]);
      expect(told.find((line) => /Guard tripped on test/.test(line))).toMatch(/on disk: tripped$/);
    } finally {
      await service.dispose();
    }
  });

  it('two cores on one data folder: one runs the guard, the other shows it watched elsewhere; one trip, one flatten', async () => {
    const keys = sim.exchange.addAccount({ positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '1' }] });
    const core = await sim.coreFor(keys);
    const dataDir = dirname(core.audit.path);
    const secondTold: string[] = [];
    const second = await createCore({
      dataDir,
      settings: createJsonSettingsStore(join(dataDir, 'config.json')),
      baseUrl: sim.exchange.url,
      ephemeralProfiles: [{ name: 'test', demo: false, credentials: keys }],
      timing: FAST,
      feeds: forwardingFeeds,
      guard: true,
      guardConfirm: scriptedRead,
      notifyGuard: (_status, message) => secondTold.push(message),
    });
    try {
      await core.handlers.armGuard({ profile: 'test', rules: { dailyLossLimit: '100' } });
      await vi.waitFor(() => expect(second.guard!.list().find((status) => status.profile === 'test')).toMatchObject({ state: 'elsewhere', messages: [expect.stringMatching(/another window or process/)] }), { timeout: 3_000 });
      feeds.push(update('1000', [position('BTCUSDT')]));
      feeds.push(update('850', [position('BTCUSDT')]));
      await vi.waitFor(() => expect(sim.exchange.account(keys.apiKey).positions).toEqual([]), { timeout: 10_000 });
      await second.guard!.settled();
      expect((await guardEntries(core)).map((entry) => entry.guard?.event)).toEqual(['armed', 'tripped']);
      expect(secondTold).toEqual([]);
      expect(sim.exchange.account(keys.apiKey).closeRequests.count).toBe(1);

      // The runner stops: the other core takes the guard over, tripped as saved.
      await core.guard!.dispose();
      await vi.waitFor(() => expect(second.guard!.list().find((status) => status.profile === 'test')).toMatchObject({ state: 'tripped' }), { timeout: 3_000 });
    } finally {
      await second.dispose();
    }
  });
});
