// The history the window shows is read with the shared entry schema: every line the close path really writes must
// pass it (a schema stricter than the writer would hide real history as "could not be read").
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { startExchange } from '../simulator/index.ts';
import { createCore, type Core } from './compose.ts';
import { createJsonSettingsStore } from './settings-file.ts';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

it('every line a close writes (attempts, cancels, refusals, outcomes, costs) reads back as an entry', async () => {
  const exchange = await startExchange();
  const dataDir = mkdtempSync(join(tmpdir(), 'panic-history-'));
  const account = exchange.addAccount({
    positions: [
      { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' },
      { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'short', size: '2' },
    ],
    openOrders: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT' }],
  });
  const core: Core = await createCore({
    dataDir,
    settings: createJsonSettingsStore(join(dataDir, 'config.json')),
    baseUrl: exchange.url,
    ephemeralProfiles: [{ name: 'env', demo: false, credentials: account }],
    timing: { deadlineMs: 3_000, requestTimeoutMs: 700, verifyIntervalMs: 100, retryBackoffMs: 100 },
  });
  cleanup = async () => {
    await core.dispose();
    await exchange.close();
  };
  await core.warmUp();
  let costsWritten = 0;
  core.onCloseEvent((event) => {
    if (event.kind === 'costs' && event.report.complete) costsWritten += 1;
  });
  exchange.faults.add({ kind: 'http-status', status: 503, path: '/api/v2/mix/order/close-positions' });
  exchange.faults.add({ kind: 'failure-list', errorCode: '40888', errorMsg: 'max size', symbol: 'ETHUSDT', times: Infinity });
  const closed = await core.handlers.close({ profile: 'env', productType: 'USDT-FUTURES', cancelOrders: true, trigger: 'window' });
  expect(closed).toMatchObject({ ok: true, value: { status: 'partial' } });
  const refused = await core.handlers.close({ profile: 'env', productType: 'USDT-FUTURES', symbol: 'NOPEUSDT', trigger: 'cli' });
  expect(refused.ok).toBe(true);
  await vi.waitFor(() => expect(costsWritten).toBe(1), { timeout: 5_000 });
  await core.audit.flush();
  appendFileSync(core.audit.path, '{"not":"an entry"}\n');

  const history = await core.handlers.listHistory({ limit: 500 });
  expect(history.ok).toBe(true);
  if (!history.ok) return;
  expect(history.value.skipped).toBe(1);
  const types = new Set(history.value.entries.map((entry) => entry.type));
  expect([...types].sort()).toEqual(['attempt', 'cancel', 'costs', 'outcome']);
  expect(history.value.entries.filter((entry) => entry.type === 'outcome').map((entry) => entry.status)).toEqual([expect.any(String), 'partial']);
  expect(history.value.entries.some((entry) => entry.httpStatus === 503)).toBe(true);
});
