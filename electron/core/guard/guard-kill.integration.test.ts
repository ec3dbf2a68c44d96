// kill -9 at the moment of a trip (issue 18): a separate process runs the guard against the simulator and is killed
// with SIGKILL the moment it tells the person it tripped. The trip was saved before anything was sent or told, so the
// settings file holds it, and a core started again on that data folder is still tripped and keeps the account flat.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startExchange } from '../../simulator/index.ts';
import { createCore, type Core } from '../compose.ts';
import { createJsonSettingsStore } from '../settings-file.ts';
import { readHeartbeat } from './heartbeat.ts';
import { RUNNER_LOCK_STALE_MS } from './runner-lock.ts';

const CHILD = fileURLToPath(new URL('./guard-child.test-support.ts', import.meta.url));
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('a guard process killed with -9 as it trips', () => {
  it('is still tripped after a restart: the trip was on disk before it was told or sent', async () => {
    const exchange = await startExchange();
    cleanups.push(() => exchange.close());
    const credentials = exchange.addAccount({ positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '1' }] });
    const dataDir = mkdtempSync(join(tmpdir(), 'guard-kill-'));
    const settings = createJsonSettingsStore(join(dataDir, 'config.json'));
    const rules = { marginCoin: 'USDT', dailyLossLimit: '500', warnAtPercent: 80, warnMinutesBeforeCloseout: 5, dayStartsAt: '00:00', rearm: 'manual' as const };
    await settings.update((current) => ({ ...current, guards: [{ profile: 'test', rules, armed: true, armedAt: new Date().toISOString() }] }));

    const child: ChildProcess = spawn(process.execPath, ['--experimental-strip-types', '--disable-warning=ExperimentalWarning', CHILD], {
      env: { ...process.env, GUARD_CHILD: JSON.stringify({ dataDir, baseUrl: exchange.url, credentials }) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    cleanups.push(() => void child.kill('SIGKILL'));
    let told = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      told += chunk.toString();
      if (/notify: Guard tripped on test/.test(told)) child.kill('SIGKILL');
    });
    await vi.waitFor(async () => expect((await readHeartbeat(dataDir))?.guards.find((guard) => guard.profile === 'test')?.state).toBe('watching'), { timeout: 15_000, interval: 100 });

    exchange.setMarkPrice('USDT-FUTURES', 'BTCUSDT', '64000');
    expect(await exited).toBe('SIGKILL');
    expect(told).toMatch(/notify: Guard tripped on test: Daily loss -1000 USDT/);
    expect(settings.read().guards[0]).toMatchObject({ armed: true, tripped: { rule: 'daily-loss', figures: { dayPnl: '-1000' } } });

    // Started again on the same folder (once the killed runner's lock is stale): tripped, and it keeps the account flat.
    const core: Core = await createCore({ dataDir, settings: createJsonSettingsStore(join(dataDir, 'config.json')), baseUrl: exchange.url, ephemeralProfiles: [{ name: 'test', demo: false, credentials }], guard: true, feedLog: () => undefined });
    cleanups.push(() => core.dispose());
    await vi.waitFor(() => expect(core.guard!.list().find((status) => status.profile === 'test')?.state).toBe('tripped'), { timeout: RUNNER_LOCK_STALE_MS + 5_000 });
    await vi.waitFor(() => expect(exchange.account(credentials.apiKey).positions).toEqual([]), { timeout: 10_000 });
  }, 60_000);
});
