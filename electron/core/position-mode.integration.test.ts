// The one-side close check's position mode: learned while the app warms up, trusted for a bounded time, read again
// when unknown or stale. Real HTTP against the strict simulator.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startExchange } from '../simulator/index.ts';
import type { AccountSpec } from '../simulator/types.ts';
import { POSITION_MODE_TRUST_MS, createAccount } from './bitget/account.ts';
import { createBitgetClient } from './bitget/client.ts';
import { createExchangeClock } from './bitget/clock.ts';
import { createHttpPool, type HttpPool } from './bitget/http.ts';
import { createCore, type Core } from './compose.ts';
import { createJsonSettingsStore } from './settings-file.ts';

type Exchange = Awaited<ReturnType<typeof startExchange>>;
const FAST = { deadlineMs: 4_000, requestTimeoutMs: 700, verifyIntervalMs: 100, retryBackoffMs: 100 };
const book = (posMode: 'hedge_mode' | 'one_way_mode'): AccountSpec => ({
  kind: 'classic',
  posMode,
  positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' }],
});

let exchange: Exchange;
let core: Core | undefined;
let pool: HttpPool | undefined;

beforeEach(async () => {
  exchange = await startExchange();
});
afterEach(async () => {
  await core?.dispose();
  await pool?.close();
  core = undefined;
  pool = undefined;
  await exchange.close();
});

async function warmCore(spec: AccountSpec, learnPositionModes: boolean, relearnPositionModesMs?: number) {
  const account = exchange.addAccount(spec);
  const dataDir = mkdtempSync(join(tmpdir(), 'panic-mode-'));
  core = await createCore({
    dataDir,
    settings: createJsonSettingsStore(join(dataDir, 'config.json')),
    baseUrl: exchange.url,
    ephemeralProfiles: [{ name: 'test', demo: false, credentials: account }],
    timing: FAST,
    learnPositionModes,
    ...(relearnPositionModesMs ? { relearnPositionModesMs } : {}),
  });
  expect(await core.warmUp()).toBeUndefined();
  const requests = () => exchange.account(account.apiKey).requests.map((request) => request.path);
  return { requests, warmed: requests().length };
}

const closeLong = () => core!.handlers.close({ profile: 'test', productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', trigger: 'hotkey' });

describe('the position mode for a one-side close', () => {
  it('is learned during warm-up, so the first one-side close is the first request after it', async () => {
    const { requests, warmed } = await warmCore(book('hedge_mode'), true);
    const result = await closeLong();
    expect(result).toMatchObject({ ok: true, value: { status: 'flat' } });
    expect(requests()[warmed]).toBe('/api/v2/mix/order/close-positions');
  });

  it('is learned again while the app runs, so a press long after start still finds it known', async () => {
    const { requests, warmed } = await warmCore(book('hedge_mode'), true, 300);
    const reads = () => requests().slice(warmed).filter((path) => path === '/api/v2/mix/position/all-position').length;
    // Three product types per round; the read pacing (5 a second) lets at least one more whole round out in 1.5 s.
    await vi.waitFor(() => expect(reads()).toBeGreaterThanOrEqual(3), { timeout: 1_500, interval: 20 });
  });

  it('is read before the close when warm-up did not learn it', async () => {
    const { requests, warmed } = await warmCore(book('hedge_mode'), false);
    expect(await closeLong()).toMatchObject({ ok: true, value: { status: 'flat' } });
    expect(requests().slice(warmed, warmed + 2)).toEqual(['/api/v2/mix/position/all-position', '/api/v2/mix/order/close-positions']);
  });

  it('is trusted for POSITION_MODE_TRUST_MS after the read was sent, then forgotten', async () => {
    const spec = exchange.addAccount(book('hedge_mode'));
    pool = createHttpPool(exchange.url);
    let now = 1_000_000;
    const account = createAccount({ client: createBitgetClient(pool, createExchangeClock(pool), spec), demo: false, kind: 'classic', now: () => now });
    expect(account.knownPositionMode('USDT-FUTURES')).toBeUndefined();
    expect(await account.positions('USDT-FUTURES', 1_000)).toMatchObject({ ok: true });
    now += POSITION_MODE_TRUST_MS;
    expect(account.knownPositionMode('USDT-FUTURES')).toBe('hedge_mode');
    now += 1;
    expect(account.knownPositionMode('USDT-FUTURES')).toBeUndefined();
  });
});
