// A 200 MB audit log: the window's first History page comes quickly with little memory, a close pressed while History
// pages through the whole file starts at once (the close path shares this event loop), and the paging reads every
// entry exactly once although the close's own lines rotate the file in the middle of it. Prints the figures.
import { closeSync, fsyncSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, expect, it } from 'vitest';
import type { CloseOutcome } from '../../shared/bitget.ts';
import { HISTORY_PAGE_ENTRIES, type HistoryCursor } from '../../shared/schema.ts';
import { startExchange } from '../simulator/index.ts';
import { createCore, type Core } from './compose.ts';
import { createJsonSettingsStore } from './settings-file.ts';

const LOG_BYTES = 200 * 1024 * 1024;
/** When closes are pressed, from the start of History's reading: spread out, so one meets any long stall. */
const PRESSES_AT_MS = [1_000, 2_500, 4_000];
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

it('History on a 200 MB audit log: a small first page, bounded memory, and closes pressed meanwhile start at once', async () => {
  const exchange = await startExchange();
  const dataDir = mkdtempSync(join(tmpdir(), 'panic-big-history-'));
  const written = writeBigLog(join(dataDir, 'audit.jsonl'), LOG_BYTES);
  // One account per press: each close goes out at once (one close per second per account).
  const profiles = PRESSES_AT_MS.map((_, index) => ({
    name: `hotkey${index}`,
    demo: false,
    credentials: exchange.addAccount({ positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' }] }),
  }));
  const core: Core = await createCore({
    dataDir,
    settings: createJsonSettingsStore(join(dataDir, 'config.json')),
    baseUrl: exchange.url,
    ephemeralProfiles: profiles,
    orderCosts: false,
  });
  cleanup = async () => {
    await core.dispose();
    await exchange.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  await core.warmUp();

  // The window's first page.
  const peakBefore = peakRssMb();
  const firstStarted = performance.now();
  const first = await core.handlers.listHistory({ limit: HISTORY_PAGE_ENTRIES });
  const firstPageMs = performance.now() - firstStarted;
  if (!first.ok) throw new Error(first.error.message);

  // Refresh, then "Show older" to the very end, with hotkey closes pressed meanwhile.
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  let historyDoneAt = Infinity;
  let expected = written - 1;
  let outOfOrder = 0;
  let pages = 0;
  const walked = (async () => {
    let before: HistoryCursor | undefined;
    do {
      const page = await core.handlers.listHistory({ limit: HISTORY_PAGE_ENTRIES, ...(before ? { before } : {}) });
      if (!page.ok) throw new Error(page.error.message);
      for (const entry of page.value.entries) if (entry.runId !== `big-${expected--}`) outOfOrder += 1;
      pages += 1;
      before = page.value.older;
    } while (before);
    historyDoneAt = Date.now();
  })();
  const started = Date.now();
  const presses = await Promise.all(
    PRESSES_AT_MS.map(
      (after, index) =>
        new Promise<{ pressAt: number; outcome: Promise<unknown> }>((resolve) =>
          setTimeout(() => resolve({ pressAt: started + after, outcome: core.handlers.close({ profile: `hotkey${index}`, productType: 'USDT-FUTURES', trigger: 'hotkey' }) }), after),
        ),
    ),
  );
  const outcomes = await Promise.all(presses.map(async (press) => ((await press.outcome) as { ok: boolean; value: CloseOutcome }).value));
  await walked;
  loop.disable();
  const peakGrowthMb = peakRssMb() - peakBefore;

  const closeArrivals = exchange.requests.filter((request) => request.method === 'POST' && request.path === '/api/v2/mix/order/close-positions').map((request) => request.receivedAt);
  const measured = presses.map((press, index) => ({
    // Meant for this moment: a press the blocked event loop ran late still happened while History was reading.
    duringHistory: press.pressAt < historyDoneAt,
    startedLateMs: Date.parse(outcomes[index]!.startedAt) - press.pressAt,
    arrivedMs: Math.min(...closeArrivals.filter((at) => at >= press.pressAt)) - press.pressAt,
  }));
  console.log(
    [
      `audit log ${Math.round(LOG_BYTES / 1024 / 1024)} MB, ${written} entries; History's first page (${HISTORY_PAGE_ENTRIES} entries): ${firstPageMs.toFixed(1)} ms`,
      `paging through all of it: ${pages} pages in ${Date.now() - started} ms; peak RSS grew by ${peakGrowthMb.toFixed(0)} MB; event loop delay max ${(loop.max / 1e6).toFixed(1)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms`,
      ...measured.map(
        (press, index) =>
          `close pressed ${PRESSES_AT_MS[index]} ms in${press.duringHistory ? ' (History still reading)' : ' (History done)'}: started ${press.startedLateMs} ms after the press, its request reached the exchange ${press.arrivedMs} ms after it; outcome ${outcomes[index]!.status}`,
      ),
    ].join('\n'),
  );

  const duringHistory = measured.filter((press) => press.duringHistory);
  expect(duringHistory.length, 'a close was pressed while History was still reading').toBeGreaterThan(0);
  for (const press of duringHistory) expect(press.startedLateMs, 'ms from a press during History to the close starting').toBeLessThanOrEqual(START_BOUND_MS);
  expect(first.value.entries).toHaveLength(HISTORY_PAGE_ENTRIES);
  expect(first.value.entries[0]!.runId).toBe(`big-${written - 1}`);
  expect(first.value.older).toBeDefined();
  expect(measured.every((press) => press.duringHistory), 'every close was pressed while History was still reading').toBe(true);
  expect(outcomes.map((outcome) => outcome.status)).toEqual(PRESSES_AT_MS.map(() => 'flat'));
  // Every entry once, newest first, although the close's lines rotated the file while it was read.
  expect(outOfOrder).toBe(0);
  expect(expected).toBe(-1);
  expect(readdirSync(dataDir)).toContain('audit.1.jsonl');
  // Bounded: the whole file as text alone would be more than this.
  expect(peakGrowthMb).toBeLessThan(LOG_BYTES / 1024 / 1024 / 2);
}, 180_000);
