// The close path's own timing, with the exchange and the history replaced by fakes whose delays are known: what the
// outcome reports, and how soon a verification re-read follows a read that still shows the position.
import { describe, expect, it } from 'vitest';
import type { Position } from '../../shared/bitget.ts';
import type { AuditLog } from './audit-log.ts';
import type { Account } from './bitget/account.ts';
import { createPanicService, type PanicDeps } from './panic.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const BTC_LONG: Position = {
  symbol: 'BTCUSDT', productType: 'USDT-FUTURES', marginCoin: 'USDT', holdSide: 'long', size: '1', available: '1',
  entryPrice: '60000', markPrice: '60000', unrealizedPnl: '0', liquidationPrice: '', posMode: 'hedge_mode',
} as Position;

/** An exchange that answers after `latencyMs` and shows the position for `readsStillOpen` reads after the close. */
function fakeAccount({ latencyMs, readsStillOpen }: { latencyMs: number; readsStillOpen: number }) {
  const reads: number[] = [];
  let closedAt: number | undefined;
  let shownAfterClose = 0;
  const account = {
    kind: 'classic',
    knownPositionMode: () => 'hedge_mode',
    positions: async () => {
      await sleep(latencyMs);
      reads.push(performance.now());
      const open = closedAt === undefined || shownAfterClose++ < readsStillOpen;
      return { ok: true, positions: open ? [BTC_LONG] : [] };
    },
    close: async () => {
      await sleep(latencyMs);
      closedAt = performance.now();
      return { ok: true, closed: [{ orderId: '1', symbol: 'BTCUSDT' }], failed: [] };
    },
  } as unknown as Account;
  return { account, reads };
}

function service(account: Account, options: { resolveMs?: number; outcomeWriteMs?: number } = {}) {
  const audit: AuditLog = {
    path: '/dev/null',
    append: async (entry) => {
      if (entry.type === 'outcome') await sleep(options.outcomeWriteMs ?? 0);
    },
    read: async () => ({ entries: [], skipped: 0 }),
    flush: async () => undefined,
  };
  const deps: PanicDeps = {
    resolve: async () => {
      await sleep(options.resolveMs ?? 0);
      return { ok: true, value: { account, profile: { name: 'main', demo: false }, accountKey: 'key' } };
    },
    audit,
    guard: { slot: async () => ({ ok: true }) },
    readCosts: false,
    timing: { deadlineMs: 5_000, requestTimeoutMs: 1_000, verifyIntervalMs: 250, retryBackoffMs: 100 },
  };
  return createPanicService(deps);
}

const request = { profile: 'main', productType: 'USDT-FUTURES', symbol: 'BTCUSDT', trigger: 'cli' };

describe('close timings', () => {
  it('counts the first answer from the trigger and the total until the outcome is written', async () => {
    const { account } = fakeAccount({ latencyMs: 5, readsStillOpen: 0 });
    const triggered = performance.now();
    const result = await service(account, { resolveMs: 60, outcomeWriteMs: 120 }).close(request);
    const returned = performance.now() - triggered;
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.status).toBe('flat');
    // Resolving the profile (60 ms) comes before the close is sent, after the trigger.
    expect(result.value.firstResponseMs).toBeGreaterThanOrEqual(60);
    // The outcome's write (120 ms) is part of the time the person waits for it.
    expect(result.value.totalMs).toBeGreaterThanOrEqual(60 + 120);
    expect(result.value.totalMs).toBeLessThanOrEqual(Math.ceil(returned));
    expect(Date.parse(result.value.finishedAt) - Date.parse(result.value.startedAt)).toBeGreaterThanOrEqual(175);
  });

  it('re-reads within a few ms when the exchange shows the close late, not after a fixed quarter second', async () => {
    const { account, reads } = fakeAccount({ latencyMs: 2, readsStillOpen: 2 });
    const result = await service(account).close(request);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value).toMatchObject({ status: 'flat', verified: true, closeAttempts: 1 });
    expect(reads).toHaveLength(3);
    // Two pauses while the position is still shown: short, then growing (10 ms, then 20 ms), far under 250 ms.
    expect(reads[1]! - reads[0]!).toBeLessThan(60);
    expect(reads[2]! - reads[1]!).toBeGreaterThanOrEqual(reads[1]! - reads[0]! - 5);
    expect(result.value.totalMs).toBeLessThan(150);
  });
});
