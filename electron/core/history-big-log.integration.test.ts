// A 200 MB audit log: the window's first History page comes quickly with little memory, a close pressed while History
// pages through the whole file starts at once (the close path shares this event loop), and the paging reads every
// entry exactly once although the close's own lines rotate the file in the middle of it. Prints the figures.
import { closeSync, fsyncSync, mkdtempSync, openSync, readdirSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, expect, it } from 'vitest';
import type { CloseOutcome } from '../../shared/bitget.ts';
import { HISTORY_PAGE_ENTRIES, type HistoryCursor } from '../../shared/schema.ts';
import { startExchange } from '../simulator/index.ts';
import { createCore, type Core } from './handlers.ts';
import { createJsonSettingsStore } from './settings-file.ts';

const LOG_BYTES = 200 * 1024 * 1024;
const PRESS_AFTER_MS = 250;
/** The bound: a close pressed during History starts within this. */
const START_BOUND_MS = 50;

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

/** Writes `bytes` of valid entries, about 1.5 kB each (an exchange answer with its lists), oldest first; returns how many. */
function writeBigLog(file: string, bytes: number): number {
  const descriptor = openSync(file, 'w', 0o600);
  const list = Array.from({ length: 8 }, (_, index) => ({ orderId: `12000000000000${index}`, clientOid: `panic-${index}`, symbol: 'BTCUSDT' }));
  let written = 0;
  let count = 0;
  try {
    while (written < bytes) {
      const lines: string[] = [];
      for (let index = 0; index < 2_000; index += 1) {
        const time = new Date(Date.UTC(2026, 0, 1) + count * 1_000).toISOString();
        lines.push(JSON.stringify({ time, type: 'attempt', phase: 'answered', runId: `big-${count}`, profile: 'main', request: { method: 'POST', path: '/api/v2/mix/order/close-positions', body: '{"productType":"USDT-FUTURES"}' }, httpStatus: 200, code: '00000', message: 'success', successList: list, failureList: [], latencyMs: 42 }));
        count += 1;
      }
      const chunk = Buffer.from(`${lines.join('\n')}\n`);
      writeSync(descriptor, chunk);
      written += chunk.length;
    }
    // On disk, as a log written over months is: the close's own fsync then syncs its line, not 200 MB.
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  return count;
}

const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

it('History on a 200 MB audit log: a small first page, bounded memory, and a close pressed meanwhile starts at once', async () => {
  const exchange = await startExchange();
  const dataDir = mkdtempSync(join(tmpdir(), 'panic-big-history-'));
  const written = writeBigLog(join(dataDir, 'audit.jsonl'), LOG_BYTES);
  const account = exchange.addAccount({ positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' }] });
  const core: Core = await createCore({
    dataDir,
    settings: createJsonSettingsStore(join(dataDir, 'config.json')),
    baseUrl: exchange.url,
    ephemeralProfiles: [{ name: 'env', demo: false, credentials: account }],
    orderCosts: false,
  });
  cleanup = async () => {
    await core.dispose();
    await exchange.close();
  };
  await core.warmUp();

  // The window's first page.
  const peakBefore = peakRssMb();
  const firstStarted = performance.now();
  const first = await core.handlers.listHistory({ limit: HISTORY_PAGE_ENTRIES });
  const firstPageMs = performance.now() - firstStarted;
  if (!first.ok) throw new Error(first.error.message);
  expect(first.value.entries).toHaveLength(HISTORY_PAGE_ENTRIES);
  expect(first.value.entries[0]!.runId).toBe(`big-${written - 1}`);
  expect(first.value.older).toBeDefined();

  // Paging through the whole file, as far as "Show older" goes, with a hotkey close pressed meanwhile.
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  let paging = true;
  let expected = written - 1;
  let outOfOrder = 0;
  let pages = 0;
  const walked = (async () => {
    let before: HistoryCursor | undefined = first.value.older;
    expected -= HISTORY_PAGE_ENTRIES;
    while (before) {
      const page = await core.handlers.listHistory({ limit: HISTORY_PAGE_ENTRIES, before });
      if (!page.ok) throw new Error(page.error.message);
      for (const entry of page.value.entries) if (entry.runId !== `big-${expected--}`) outOfOrder += 1;
      pages += 1;
      before = page.value.older;
    }
    paging = false;
  })();
  const pressAt = Date.now() + PRESS_AFTER_MS;
  const pressed = new Promise<{ lateMs: number; pagingThen: boolean; outcome: Promise<unknown> }>((resolve) =>
    setTimeout(() => resolve({ lateMs: Date.now() - pressAt, pagingThen: paging, outcome: core.handlers.close({ profile: 'env', productType: 'USDT-FUTURES', trigger: 'hotkey' }) }), PRESS_AFTER_MS),
  );
  const press = await pressed;
  const closed = (await press.outcome) as { ok: boolean; value?: CloseOutcome };
  await walked;
  loop.disable();
  const peakGrowthMb = peakRssMb() - peakBefore;

  const outcome = closed.value!;
  const startedLateMs = Date.parse(outcome.startedAt) - pressAt;
  const closeArrivedMs = exchange.requests.find((request) => request.method === 'POST' && request.path === '/api/v2/mix/order/close-positions')!.receivedAt - pressAt;
  console.log(
    [
      `audit log ${Math.round(LOG_BYTES / 1024 / 1024)} MB, ${written} entries; History's first page (${HISTORY_PAGE_ENTRIES} entries): ${firstPageMs.toFixed(1)} ms`,
      `paging through all of it: ${pages + 1} pages; peak RSS grew by ${peakGrowthMb.toFixed(0)} MB; event loop delay max ${(loop.max / 1e6).toFixed(1)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms`,
      `close pressed ${PRESS_AFTER_MS} ms in: the press ran ${press.lateMs} ms late, the close started ${startedLateMs} ms after the press, its request reached the exchange ${closeArrivedMs} ms after it; outcome ${outcome.status}`,
    ].join('\n'),
  );

  expect(press.pagingThen, 'the close was pressed while History was still reading').toBe(true);
  expect(startedLateMs).toBeLessThanOrEqual(START_BOUND_MS);
  expect(outcome.status).toBe('flat');
  // Every entry once, newest first, although the close's lines rotated the file while it was read.
  expect(outOfOrder).toBe(0);
  expect(expected).toBe(-1);
  expect(readdirSync(dataDir)).toContain('audit.1.jsonl');
  // Bounded: the whole file as text alone would be more than this.
  expect(peakGrowthMb).toBeLessThan(LOG_BYTES / 1024 / 1024 / 2);
}, 180_000);
