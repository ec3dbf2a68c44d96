// The core's live feed against the simulator's WebSocket server over real sockets.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRACTICE_PROFILE_NAME } from '../../../shared/practice.ts';
import { createJsonSettingsStore } from '../settings-file.ts';
import type { FeedUpdate } from '../../../shared/feed.ts';
import { useSimulatorCores, type Exchange } from '../simulator-core.test-support.ts';
import { createCore, type Core } from '../compose.ts';

const FAST = { socket: { pingIntervalMs: 150, pongTimeoutMs: 200, readyTimeoutMs: 1_500, backoffBaseMs: 30, backoffMaxMs: 200, refusedRetryMs: 60_000 }, pollIntervalMs: 100 };


async function until(check: () => boolean, timeoutMs = 4_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function watch(core: Core) {
  const updates: FeedUpdate[] = [];
  const stop = core.feeds.watch('test', (update) => updates.push(update));
  const latest = () => updates.at(-1);
  const fresh = () => latest()?.status.socket === 'live' && latest()?.snapshot?.source === 'websocket' && latest()?.status.stale === false;
  return { updates, stop, latest, fresh };
}

const restPositionReads = (core: Core, exchange: Exchange) => {
  void core;
  return exchange.requests.filter((request) => request.path.endsWith('/position/all-position') || request.path.endsWith('/position/current-position')).length;
};

describe('the live feed over the simulator', () => {
  const sim = useSimulatorCores({ tmpPrefix: 'feed-', core: { feedTiming: FAST } });
  it('shows positions, balances and marks from the sockets; a mark move and a close over REST reach the snapshot', async () => {
    const account = sim.exchange.addAccount({ positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' }] });
    const core = await sim.coreFor(account);
    const feed = watch(core);
    await until(() => feed.fresh() && (feed.latest()?.snapshot?.marks.length ?? 0) === 1);
    const snapshot = feed.latest()!.snapshot!;
    expect(snapshot.positions['USDT-FUTURES']).toMatchObject([{ symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' }]);
    expect(snapshot.positions['COIN-FUTURES']).toEqual([]);
    expect(snapshot.balances.some((balance) => balance.marginCoin === 'USDT')).toBe(true);

    sim.exchange.setMarkPrice('USDT-FUTURES', 'BTCUSDT', '12345.6');
    await until(() => feed.latest()?.snapshot?.marks.find((mark) => mark.symbol === 'BTCUSDT')?.markPrice === '12345.6');

    const closed = await core.handlers.close({ profile: 'test', productType: 'USDT-FUTURES', trigger: 'window' });
    expect(closed.ok).toBe(true);
    await until(() => feed.fresh() && feed.latest()?.snapshot?.positions['USDT-FUTURES']?.length === 0);
    feed.stop();
  });

  it('a blocked public WebSocket path: marks come from REST tickers, current, at most one read a second per product type', async () => {
    sim.exchange.ws.blockPath('/v2/ws/public');
    const account = sim.exchange.addAccount({ positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' }] });
    const core = await sim.coreFor(account);
    const feed = watch(core);
    await until(() => feed.latest()?.status.socket === 'live');
    const started = Date.now();
    sim.exchange.setMarkPrice('USDT-FUTURES', 'BTCUSDT', '23456.7');
    await until(() => feed.latest()?.snapshot?.marks.find((mark) => mark.symbol === 'BTCUSDT')?.markPrice === '23456.7', 3_000);
    expect(feed.latest()?.status.stale).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const tickerReads = sim.exchange.requests.filter((request) => request.path === '/api/v2/mix/market/symbol-price' && request.receivedAt >= started);
    expect(tickerReads.length).toBeGreaterThan(0);
    expect(tickerReads.length).toBeLessThanOrEqual(Math.ceil((Date.now() - started) / 1_000) + 1);
    feed.stop();
  });

  it('a ticker subscription the exchange refuses (30016): that mark comes from REST tickers, the public socket stays up', async () => {
    sim.exchange.ws.refuseSubscriptions({ channel: 'ticker', instId: 'ETHUSDT' });
    const account = sim.exchange.addAccount({
      positions: [
        { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' },
        { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'short', size: '2' },
      ],
    });
    const core = await sim.coreFor(account);
    const feed = watch(core);
    await until(() => feed.fresh() && (feed.latest()?.snapshot?.marks.length ?? 0) === 2);
    sim.exchange.setMarkPrice('USDT-FUTURES', 'ETHUSDT', '3456.7');
    await until(() => feed.latest()?.snapshot?.marks.find((mark) => mark.symbol === 'ETHUSDT')?.markPrice === '3456.7', 3_000);
    expect(feed.latest()?.status.stale).toBe(false);
    expect(sim.exchange.ws.connections.filter((connection) => connection.path === '/v2/ws/public')).toHaveLength(1);
    feed.stop();
  });

  it('reconnects after a drop, logs in and subscribes again; polls REST only while the socket is down', async () => {
    const account = sim.exchange.addAccount({ positions: [{ productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'short', size: '2' }] });
    const core = await sim.coreFor(account);
    const feed = watch(core);
    await until(feed.fresh);
    const privateConnections = () => sim.exchange.ws.connections.filter((connection) => connection.path.endsWith('/private')).length;
    expect(privateConnections()).toBe(1);
    const readsWhileLive = restPositionReads(core, sim.exchange);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(restPositionReads(core, sim.exchange)).toBe(readsWhileLive);

    sim.exchange.ws.drop();
    await until(() => privateConnections() === 2 && feed.fresh());
    expect(feed.latest()?.snapshot?.positions['USDT-FUTURES']).toMatchObject([{ symbol: 'ETHUSDT', size: '2' }]);
    const second = sim.exchange.ws.connections.filter((connection) => connection.path.endsWith('/private'))[1]!;
    expect(second.frames.some((frame) => frame.includes('"op":"login"'))).toBe(true);
    expect(second.frames.some((frame) => frame.includes('"op":"subscribe"'))).toBe(true);
    feed.stop();
  });

  it('notices a silent link, lets REST polling take over, and stops polling once a socket is live again', async () => {
    const account = sim.exchange.addAccount({ positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '1' }] });
    const core = await sim.coreFor(account);
    const feed = watch(core);
    await until(feed.fresh);
    const before = restPositionReads(core, sim.exchange);
    sim.exchange.ws.silence();
    await until(() => feed.updates.some((update) => update.snapshot?.source === 'rest') && restPositionReads(core, sim.exchange) > before, 3_000);
    // New connections are not silenced: the feed is live again and the polling stops.
    await until(feed.fresh, 4_000);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const afterBack = restPositionReads(core, sim.exchange);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(restPositionReads(core, sim.exchange)).toBe(afterBack);
    feed.stop();
  });

  it('a refused login puts the feed down with the reason, without a reconnect storm, and REST still shows the positions', async () => {
    const account = sim.exchange.addAccount({ positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '1' }] });
    const core = await sim.coreFor(account);
    sim.exchange.ws.refuseLogin({ code: '30012', msg: 'Invalid ACCESS_PASSPHRASE' });
    const feed = watch(core);
    await until(() => feed.latest()?.status.socket === 'down' && feed.latest()?.snapshot?.source === 'rest');
    expect(feed.latest()!.status.problem).toMatch(/30012/);
    expect(JSON.stringify(feed.updates)).not.toContain(account.passphrase);
    expect(JSON.stringify(feed.updates)).not.toContain(account.secretKey);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sim.exchange.ws.connections.filter((connection) => connection.path.endsWith('/private'))).toHaveLength(1);
    feed.stop();
  });

  it('follows a unified account over the V3 socket, learning the kind before it connects', async () => {
    const account = sim.exchange.addAccount({ kind: 'unified', positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.3' }] });
    const core = await sim.coreFor(account);
    // Nothing has told the core the account is unified yet: the feed's first REST read learns it.
    const feed = watch(core);
    await until(() => feed.fresh() && (feed.latest()?.snapshot?.marks.length ?? 0) === 1);
    expect(sim.exchange.ws.connections.some((connection) => connection.path === '/v3/ws/private')).toBe(true);
    expect(feed.latest()!.snapshot!.positions['USDT-FUTURES']).toMatchObject([{ symbol: 'BTCUSDT', size: '0.3' }]);
    const closed = await core.handlers.close({ profile: 'test', productType: 'USDT-FUTURES', trigger: 'window' });
    expect(closed.ok).toBe(true);
    await until(() => feed.fresh() && feed.latest()?.snapshot?.positions['USDT-FUTURES']?.length === 0);
    feed.stop();
  });

  it('getFeed answers the profile’s current feed, and the feed closes with its last watcher', async () => {
    const account = sim.exchange.addAccount({ positions: [{ productType: 'COIN-FUTURES', symbol: 'BTCUSD', holdSide: 'long', size: '3' }] });
    const core = await sim.coreFor(account);
    const answer = await core.handlers.getFeed({ profile: 'test' });
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    expect(answer.value.snapshot?.positions['COIN-FUTURES']).toMatchObject([{ symbol: 'BTCUSD', size: '3' }]);
    expect((await core.handlers.getFeed({ profile: '' })).ok).toBe(false);
    const unknown = await core.handlers.getFeed({ profile: 'nobody' });
    expect(unknown.ok && unknown.value.status).toMatchObject({ socket: 'down', source: 'none', problem: expect.stringMatching(/no profile named/) });
  });
});

describe('the live feed of a demo profile on a custom endpoint', () => {
  const sim = useSimulatorCores({ tmpPrefix: 'feed-demo-', demo: true, core: { feedTiming: FAST } });

  it('logs in on the demo host’s paths', async () => {
    const account = sim.exchange.addAccount({ demo: true, positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '1' }] });
    const core = await sim.coreFor(account);
    const feed = watch(core);
    await until(feed.fresh);
    expect(sim.exchange.ws.connections.some((connection) => connection.path === '/wspap/v2/ws/private')).toBe(true);
    expect(feed.latest()!.snapshot!.positions['USDT-FUTURES']).toMatchObject([{ symbol: 'BTCUSDT' }]);
    feed.stop();
  });
});

describe('the live feed of the practice account', () => {
  it('runs over the practice exchange’s in-memory socket, with no network', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'feed-practice-'));
    const core = await createCore({
      dataDir,
      settings: createJsonSettingsStore(join(dataDir, 'config.json')),
      // A closed port: practice must never need it.
      baseUrl: 'http://127.0.0.1:9',
      keychain: { get: async () => undefined, set: async () => undefined, remove: async () => false },
      practice: true,
      feedTiming: FAST,
    });
    try {
      const updates: FeedUpdate[] = [];
      const stop = core.feeds.watch(PRACTICE_PROFILE_NAME, (update) => updates.push(update));
      await until(() => updates.at(-1)?.status.socket === 'live' && updates.at(-1)?.snapshot?.source === 'websocket');
      const open = Object.values(updates.at(-1)!.snapshot!.positions).flat();
      expect(open.length).toBeGreaterThan(0);
      stop();
    } finally {
      await core.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
