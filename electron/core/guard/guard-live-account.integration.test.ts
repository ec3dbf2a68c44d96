// The guard on an account whose V2 `account` pushes carry no `unrealizedPL` (the only live capture has none:
// ../shared/bitget-live/ws_v2_account.no_unrealizedPL.live.json). Such a push was once dropped whole, leaving the guard
// blind for good. A real core over the simulator's sockets in its live shapes; figures are checked against the
// simulator's own account model.
import { describe, expect, it, vi } from 'vitest';
import type { AuditEntry } from '../../../shared/bitget.ts';
import type { GuardStatus } from '../../../shared/guard.ts';
import { useSimulatorCores } from '../simulator-core.test-support.ts';
import type { Core } from '../compose.ts';

const sim = useSimulatorCores({
  tmpPrefix: 'guard-live-',
  core: {
    timing: { deadlineMs: 6_000, requestTimeoutMs: 700, verifyIntervalMs: 100, retryBackoffMs: 100 },
    guard: true,
    feedTiming: { socket: { pingIntervalMs: 150, pongTimeoutMs: 200, readyTimeoutMs: 1_500, backoffBaseMs: 30, backoffMaxMs: 200, refusedRetryMs: 300 }, pollIntervalMs: 100 },
    feedLog: () => undefined,
  },
});

const status = (core: Core): GuardStatus => core.guard!.list().find((candidate) => candidate.profile === 'test')!;

async function guardEntries(core: Core): Promise<AuditEntry[]> {
  await core.guard!.settled();
  await core.panic.settleCosts();
  return (await core.audit.read(1_000)).entries.filter((entry) => entry.type === 'guard');
}

describe.each([['live' as const], ['docs' as const]])('the guard on a classic account whose pushes come in the %s shape', (chosen) => {
  it('measures equity at the marks, agrees with the simulator, and trips the daily loss limit', async () => {
    sim.exchange.setShapes(chosen);
    const keys = sim.exchange.addAccount({ balances: { USDT: '10000' }, positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '1' }] });
    const account = sim.exchange.account(keys.apiKey);
    const core = await sim.coreFor(keys);
    expect((await core.handlers.armGuard({ profile: 'test', rules: { dailyLossLimit: '300' } })).ok).toBe(true);
    await vi.waitFor(() => expect(status(core)).toMatchObject({ state: 'watching', figures: { equity: account.equity('USDT') }, feed: { source: 'websocket' } }), { timeout: 5_000 });
    const startEquity = account.equity('USDT');
    expect(status(core).figures?.dayStartEquity).toBe(startEquity);
    // Which unrealized PnL the equity rule used: the exchange's (docs) or the positions' at the marks (live).
    if (chosen === 'live') expect(status(core).figures?.unrealizedFrom).toBe('marks');
    else expect(status(core).figures).not.toHaveProperty('unrealizedFrom');

    // A price move pushes no account update (as live): the guard follows the ticker's marks.
    const entry = Number(account.positions[0]!.entryPrice);
    sim.exchange.setMarkPrice('USDT-FUTURES', 'BTCUSDT', String(entry - 100));
    await vi.waitFor(() => expect(status(core).figures?.equity).toBe(account.equity('USDT')), { timeout: 3_000 });
    expect(status(core).state).toBe('watching');

    sim.exchange.setMarkPrice('USDT-FUTURES', 'BTCUSDT', String(entry - 300));
    const trippedEquity = account.equity('USDT');
    await vi.waitFor(() => expect(account.positions).toEqual([]), { timeout: 10_000 });
    const tripped = (await guardEntries(core)).find((candidate) => candidate.guard?.event === 'tripped')!.guard!;
    expect(tripped).toMatchObject({ rule: 'daily-loss', figures: { equity: trippedEquity, dayStartEquity: startEquity, dayPnl: String(Number(trippedEquity) - Number(startEquity)), limit: '300' } });
    // The trip stands on the fresh REST read that confirmed it (its accountEquity includes the unrealized PnL), in
    // both shapes: the pushed figures only raised the alarm.
    expect(tripped.figures).not.toHaveProperty('unrealizedPnlFrom');
    expect(account.closeRequests.count).toBe(1);
  });
});
