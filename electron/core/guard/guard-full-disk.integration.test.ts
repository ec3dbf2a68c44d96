// The armed guard on a data folder that is full (issue 17): it trips and really flattens, through the real close path
// against the simulator; its notifications say only what happened (a re-flatten the exchange refused is "tried").
import { describe, expect, it, vi } from 'vitest';
import { REFUSE_EVERY_CLOSE } from '../../../e2e/fault-proxy/fixtures.ts';
import type { Position } from '../../../shared/bitget.ts';
import type { FeedUpdate } from '../../../shared/feed.ts';
import { startExchange } from '../../simulator/index.ts';
import type { Feeds } from '../feed/feeds.ts';
import { fullDiskSkip, smallDisk } from '../full-disk.test-support.ts';
import { createCore } from '../compose.ts';
import { createJsonSettingsStore } from '../settings-file.ts';
import { join } from 'node:path';

const BTC_LONG = { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '1' } as const;

/** The guard's view of the account: one snapshot at a time, pushed by the test. */
function scriptedFeed() {
  const listeners = new Set<(update: FeedUpdate) => void>();
  let latest: FeedUpdate | undefined;
  const feeds: Feeds = {
    watch: (_profile, listener) => {
      listeners.add(listener);
      if (latest) listener(latest);
      return () => void listeners.delete(listener);
    },
    current: () => latest,
    close: async () => listeners.clear(),
  };
  const push = (equity: string, symbols: string[]) => {
    const confirmedAt = Date.now();
    const positions: Position[] = symbols.map((symbol) => ({ ...BTC_LONG, symbol, marginCoin: 'USDT', available: '1', entryPrice: '100', markPrice: '100', unrealizedPnl: '0', liquidationPrice: '', leverage: '10', marginMode: 'crossed', posMode: 'hedge_mode' }));
    latest = {
      status: { profile: 'test', socket: 'live', source: 'websocket', confirmedAt, stale: false },
      snapshot: { profile: 'test', accountKind: 'classic', source: 'websocket', positions: { 'USDT-FUTURES': positions, 'COIN-FUTURES': [], 'USDC-FUTURES': [] }, balances: [{ marginCoin: 'USDT', equity, unrealizedPnl: '0', receivedAt: confirmedAt }], marks: symbols.map((symbol) => ({ productType: 'USDT-FUTURES' as const, symbol, markPrice: '100', receivedAt: confirmedAt })), confirmedAt },
    };
    for (const listener of listeners) listener(latest);
  };
  return { feeds, push };
}

describe.skipIf(fullDiskSkip)('the armed guard on a full data folder (64 kB tmpfs, filled)', () => {
  it('trips and really flattens; a re-flatten the exchange refuses is told as tried, never as flattened', async (context) => {
    const exchange = await startExchange();
    const disk = smallDisk();
    const keys = exchange.addAccount({ positions: [BTC_LONG] });
    const feed = scriptedFeed();
    const told: string[] = [];
    const core = await createCore({
      dataDir: disk.dir,
      settings: createJsonSettingsStore(join(disk.dir, 'config.json')),
      baseUrl: exchange.url,
      ephemeralProfiles: [{ name: 'test', demo: false, credentials: keys }],
      timing: { deadlineMs: 3_000, requestTimeoutMs: 700, verifyIntervalMs: 100, retryBackoffMs: 100 },
      feeds: feed.feeds,
      guard: true,
      notifyGuard: (_status, message) => told.push(message),
    });
    context.onTestFinished(async () => {
      await core.dispose();
      await exchange.close();
      disk.unmount();
    });
    await core.warmUp();
    expect(await core.handlers.armGuard({ profile: 'test', rules: { trailingDrawdown: '50' } })).toMatchObject({ ok: true });
    disk.fill();

    // The pushed figures rise 60 above the account's real equity and fall back to it: the fresh REST read that confirms a
    // trip reads the real equity, 60 under the pushed peak.
    const account = exchange.account(keys.apiKey);
    const equity = Number(account.equity('USDT'));
    feed.push(String(equity), ['BTCUSDT']);
    feed.push(String(equity + 60), ['BTCUSDT']);
    feed.push(String(equity), ['BTCUSDT']);
    await vi.waitFor(() => expect(core.guard!.list()[0]?.lastFlatten?.status).toBe('flat'), { timeout: 10_000 });
    expect(account.positions).toEqual([]);
    expect(account.closeRequests.count).toBeGreaterThan(0);
    // (The history file was there before the disk filled: lines may still fit in its last page.)
    expect(told.find((message) => message.startsWith('Guard flatten on test:'))).toMatch(
      /^Guard flatten on test: everything is verified flat\. Not recorded: The close queue .* could not be used \(ENOSPC/,
    );

    // Opened again while tripped, and the exchange now refuses every close: nothing is flattened, and nothing says so.
    exchange.faults.add(REFUSE_EVERY_CLOSE);
    account.addPosition({ ...BTC_LONG, symbol: 'ETHUSDT' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    feed.push(String(equity), ['ETHUSDT']);
    await vi.waitFor(() => expect(told.some((message) => message.includes('opened again'))).toBe(true), { timeout: 10_000 });
    const reflatten = told.find((message) => message.includes('opened again'))!;
    expect(reflatten).toMatch(/^The guard on test is tripped and tried to flatten 1 position\(s\) that opened again: the close failed/);
    expect(reflatten).not.toMatch(/and flattened/);
    expect(account.positions.map((position) => position.symbol)).toEqual(['ETHUSDT']);
  });
});
