import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/bitget.ts';
import { FEED_STALE_AFTER_MS, type FeedSnapshot, type FeedUpdate } from '../../../shared/feed.ts';
import { startFakeServer, TEST_KEY, type FakeServer } from './fake-ws-server.test-support.ts';
import { createProfileFeed, type ProfileFeed, type ProfileFeedOptions } from './profile-feed.ts';
import { createFeedRegistry } from './registry.ts';
import { wsTransport } from './transport.ts';

const FAST = { pingIntervalMs: 100, pongTimeoutMs: 150, readyTimeoutMs: 1_000, backoffBaseMs: 20, backoffMaxMs: 100, refusedRetryMs: 60_000 };
const PRODUCT_TYPES = ['USDT-FUTURES', 'COIN-FUTURES'] as const;

let server: FakeServer;
let feed: ProfileFeed | undefined;
beforeEach(async () => {
  server = await startFakeServer();
  // Each private subscription answers its documented snapshot: one BTC long on USDT-FUTURES, nothing on COIN-FUTURES.
  server.onSubscribe('positions', (arg) => ({
    action: 'snapshot',
    arg,
    data: arg.instType === 'USDT-FUTURES' ? [{ instId: 'BTCUSDT', marginCoin: 'USDT', holdSide: 'long', total: '0.5', available: '0.5', openPriceAvg: '60000', leverage: 10, posMode: 'one_way_mode', unrealizedPL: '0' }] : [],
    ts: Date.now(),
  }));
  server.onSubscribe('account', (arg) => ({ action: 'snapshot', arg, data: [{ marginCoin: 'USDT', equity: '1000', unrealizedPL: '0' }], ts: Date.now() }));
  server.onSubscribe('ticker', (arg) => ({ action: 'snapshot', arg, data: [{ instId: arg.instId, markPrice: '61000' }], ts: Date.now() }));
});
afterEach(async () => {
  feed?.close();
  feed = undefined;
  await server.close();
});

function open(poll: () => Promise<Result<FeedSnapshot>>, more: Partial<ProfileFeedOptions> = {}) {
  const updates: FeedUpdate[] = [];
  feed = createProfileFeed({
    profile: 'main',
    accountKind: 'classic',
    productTypes: PRODUCT_TYPES,
    privateUrl: `${server.url}/v2/ws/private`,
    publicUrl: `${server.url}/v2/ws/public`,
    transport: wsTransport(),
    login: () => ({ apiKey: TEST_KEY.apiKey, passphrase: TEST_KEY.passphrase, sign: (prehash) => createHmac('sha256', TEST_KEY.secretKey).update(prehash).digest('base64'), timestampMs: () => Date.now() }),
    poll,
    onUpdate: (update) => updates.push(update),
    pollIntervalMs: 50,
    socketTiming: FAST,
    ...more,
  });
  return { feed, updates };
}

const restSnapshot = (): FeedSnapshot => ({ profile: 'main', accountKind: 'classic', source: 'rest', positions: { 'USDT-FUTURES': [], 'COIN-FUTURES': [] }, balances: [], marks: [], confirmedAt: Date.now() });

function countingPoll() {
  let calls = 0;
  return {
    poll: async (): Promise<Result<FeedSnapshot>> => {
      calls += 1;
      return { ok: true, value: restSnapshot() };
    },
    calls: () => calls,
  };
}

const websocketFresh = (feed: ProfileFeed) => {
  const { status, snapshot } = feed.current();
  return status.socket === 'live' && snapshot?.source === 'websocket' && !status.stale;
};

describe('a profile feed', () => {
  it('keeps an account push without unrealizedPL (live) and works it out from the positions at the first ticker mark', async () => {
    server.onSubscribe('account', (arg) => ({ action: 'snapshot', arg, data: arg.instType === 'USDT-FUTURES' ? [{ marginCoin: 'USDT', equity: '1500', available: '1000' }] : [], ts: Date.now() }));
    const { feed } = open(countingPoll().poll);
    await server.waitFor(() => websocketFresh(feed) && (feed.current().snapshot?.balances.length ?? 0) === 1);
    // 0.5 BTC long from 60000 at the ticker's 61000: +500, which the pushed equity is taken to include.
    expect(feed.current().snapshot!.balances).toMatchObject([{ marginCoin: 'USDT', equity: '1500', unrealizedPnl: '500', unrealizedFrom: 'marks' }]);
  });

  it('merges positions, balances and the held contract’s mark into a fresh websocket snapshot', async () => {
    const { feed } = open(countingPoll().poll);
    await server.waitFor(() => websocketFresh(feed) && (feed.current().snapshot?.marks.length ?? 0) === 1);
    const { snapshot } = feed.current();
    expect(snapshot!.positions['USDT-FUTURES']).toMatchObject([{ symbol: 'BTCUSDT', size: '0.5' }]);
    expect(snapshot!.positions['COIN-FUTURES']).toEqual([]);
    expect(snapshot!.balances).toMatchObject([{ marginCoin: 'USDT', equity: '1000' }]);
    expect(snapshot!.marks).toMatchObject([{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', markPrice: '61000' }]);
    const ticker = server.connections.find((connection) => connection.path === '/v2/ws/public')!;
    expect(ticker.subscribed).toEqual([{ instType: 'USDT-FUTURES', channel: 'ticker', instId: 'BTCUSDT' }]);

    // A mark move reaches the snapshot; a close (positions push, flat) unsubscribes the ticker.
    server.push('/v2/ws/public', 'ticker', { action: 'update', arg: ticker.subscribed[0], data: [{ instId: 'BTCUSDT', markPrice: '59000' }], ts: Date.now() });
    await server.waitFor(() => feed.current().snapshot?.marks[0]?.markPrice === '59000');
    server.push('/v2/ws/private', 'positions', { action: 'snapshot', arg: { instType: 'USDT-FUTURES', channel: 'positions', instId: 'default' }, data: [], ts: Date.now() });
    await server.waitFor(() => feed.current().snapshot?.positions['USDT-FUTURES']?.length === 0 && ticker.subscribed.length === 0);
  });

  it('polls REST while the private socket is down, and stops once it is live again', async () => {
    const { poll, calls } = countingPoll();
    const { feed } = open(poll);
    await server.waitFor(() => websocketFresh(feed));
    const whileLive = calls();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(calls()).toBe(whileLive);

    server.drop({ refuse: true });
    await server.waitFor(() => feed.current().snapshot?.source === 'rest' && calls() >= whileLive + 2);
    expect(feed.current().status.socket).not.toBe('live');
    expect(feed.current().status.problem).toMatch(/connection to the exchange was lost/);

    server.drop({ refuse: false });
    await server.waitFor(() => websocketFresh(feed), 3_000);
    const afterBack = calls();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(calls()).toBeLessThanOrEqual(afterBack + 1);
  });

  it('after a reconnect, shows socket positions only once the new connection sent its snapshot', async () => {
    const { feed } = open(countingPoll().poll);
    await server.waitFor(() => websocketFresh(feed));
    server.onSubscribe('positions', () => undefined);
    server.drop();
    await server.waitFor(() => server.connections.filter((connection) => connection.path === '/v2/ws/private').length === 2 && feed.current().status.socket === 'live');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(feed.current().snapshot?.source).toBe('rest');
  });

  it('marks a figure older than FEED_STALE_AFTER_MS stale', async () => {
    server.refuseLogin('30011');
    let confirmedAt = Date.now() - 11_000;
    const { feed } = open(async () => ({ ok: true, value: { ...restSnapshot(), confirmedAt } }));
    await server.waitFor(() => feed.current().snapshot !== undefined);
    expect(feed.current().status).toMatchObject({ source: 'rest', stale: true });
    confirmedAt = Date.now();
    await server.waitFor(() => feed.current().status.stale === false);
  });

  it('goes stale on a silent link within the limit, and REST takes over', async () => {
    const { poll, calls } = countingPoll();
    const { feed } = open(poll);
    await server.waitFor(() => websocketFresh(feed));
    const before = calls();
    server.silence(true);
    await server.waitFor(() => feed.current().snapshot?.source === 'rest' && calls() > before, 2_000);
  });

  it('a REST read that fails leaves no snapshot and says why (never "flat")', async () => {
    server.refuseLogin('30011');
    const { feed } = open(async () => ({ ok: false, error: { kind: 'network', message: 'the exchange did not answer', hint: '' } }));
    await server.waitFor(() => feed.current().status.socket === 'down' && feed.current().status.problem !== undefined);
    const { status, snapshot } = feed.current();
    expect(snapshot).toBeUndefined();
    expect(status).toMatchObject({ source: 'none', stale: true });
    expect(status.problem).toMatch(/30011/);
  });
});

describe('figures dated one by one (issue 18)', () => {
  const positionsArg = { instType: 'USDT-FUTURES', channel: 'positions', instId: 'default' };
  const btcLong = { instId: 'BTCUSDT', marginCoin: 'USDT', holdSide: 'long', total: '0.5', available: '0.5', openPriceAvg: '60000', leverage: 10, posMode: 'one_way_mode', unrealizedPL: '0' };
  const btcMark = (feed: ProfileFeed) => feed.current().snapshot?.marks.find((mark) => mark.symbol === 'BTCUSDT');

  it('drops the last mark of a ticker left after a close: a position that opens again waits for a new one', async () => {
    const { feed } = open(countingPoll().poll);
    await server.waitFor(() => websocketFresh(feed) && btcMark(feed)?.markPrice === '61000');
    server.push('/v2/ws/private', 'positions', { action: 'snapshot', arg: positionsArg, data: [], ts: Date.now() });
    await server.waitFor(() => feed.current().snapshot?.positions['USDT-FUTURES']?.length === 0);
    // The ticker says nothing on the next subscription: the old 61000 must not price the new position.
    server.onSubscribe('ticker', () => undefined);
    server.push('/v2/ws/private', 'positions', { action: 'snapshot', arg: positionsArg, data: [btcLong], ts: Date.now() });
    await server.waitFor(() => feed.current().snapshot?.positions['USDT-FUTURES']?.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(btcMark(feed)).toBeUndefined();
  });

  it('a positions push that cannot be read leaves that product type unread and says so, then REST stands in', async () => {
    const { poll, calls } = countingPoll();
    const { feed } = open(poll);
    await server.waitFor(() => websocketFresh(feed));
    const before = calls();
    server.push('/v2/ws/private', 'positions', { action: 'snapshot', arg: positionsArg, data: [{ ...btcLong, total: 'not-a-size' }], ts: Date.now() });
    await server.waitFor(() => /positions \(USDT-FUTURES\) could not be read/.test(feed.current().status.problem ?? '') && calls() > before);
    expect(feed.current().snapshot?.source).toBe('rest');
    // The next list that can be read puts the socket's figures back.
    server.push('/v2/ws/private', 'positions', { action: 'snapshot', arg: positionsArg, data: [btcLong], ts: Date.now() });
    await server.waitFor(() => feed.current().snapshot?.source === 'websocket' && feed.current().status.problem === undefined);
  });

  it('a held contract whose ticker says nothing is priced over REST at once, and again while the ticker stays silent', async () => {
    server.onSubscribe('ticker', () => undefined);
    const asked: string[][] = [];
    let now = Date.now();
    const { feed: opened } = open(countingPoll().poll, {
      readMarks: async (productType, symbols) => {
        asked.push([...symbols]);
        return { ok: true, value: symbols.map((symbol) => ({ productType, symbol, markPrice: String(62_000 + asked.length), receivedAt: now })) };
      },
      markPollIntervalMs: 50,
      now: () => now,
    });
    await server.waitFor(() => opened.current().snapshot?.positions['USDT-FUTURES']?.length === 1);
    await server.waitFor(() => btcMark(opened) !== undefined, 3_000);
    expect(asked[0]).toEqual(['BTCUSDT']);
    expect(btcMark(opened)!.receivedAt).toBe(now);
    // Ten seconds on, the first REST mark would be stale: a newer read has taken its place, dated by its own arrival.
    now += FEED_STALE_AFTER_MS;
    await server.waitFor(() => btcMark(opened)!.receivedAt === now, 3_000);
    expect(Number(btcMark(opened)!.markPrice)).toBeGreaterThan(62_001);
  });
});

describe('the feed registry', () => {
  it('opens a profile’s feed once for every watcher, and closes it with the last', async () => {
    const opened: string[] = [];
    let closed = 0;
    const feeds = createFeedRegistry(async (profile, onUpdate) => {
      opened.push(profile);
      setTimeout(() => onUpdate({ status: { profile, socket: 'live', source: 'websocket', stale: false, confirmedAt: 1 } }), 5);
      return { ok: true, value: { current: () => ({ status: { profile, socket: 'connecting', source: 'none', stale: true } }), close: () => void (closed += 1) } };
    });
    const seen: FeedUpdate[] = [];
    const stopA = feeds.watch('main', (update) => seen.push(update));
    const stopB = feeds.watch('main', () => undefined);
    expect(opened).toEqual(['main']);
    await server.waitFor(() => feeds.current('main')?.status.socket === 'live');
    expect(seen.at(-1)?.status.socket).toBe('live');
    stopA();
    expect(closed).toBe(0);
    stopB();
    expect(closed).toBe(1);
    expect(feeds.current('main')).toBeUndefined();
  });

  it('reports a feed that cannot be opened as down with the reason', async () => {
    const feeds = createFeedRegistry(async () => ({ ok: false, error: { kind: 'keychain', message: 'The keychain has no API key for profile "x".', hint: 'Enter it again.' } }));
    const seen: FeedUpdate[] = [];
    feeds.watch('x', (update) => seen.push(update));
    await server.waitFor(() => seen.length === 1);
    expect(seen[0]!.status).toMatchObject({ socket: 'down', source: 'none', stale: true, problem: expect.stringMatching(/no API key/) });
  });
});
