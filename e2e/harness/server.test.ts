// The browser harness forwards every close run's progress (and, later, cost reports) to its event stream, as main
// sends them to the window. Needs a Secret Service (the harness's keychain): runs under scripts/with-keyring.sh.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloseOutcome, CloseProgressEvent, CostReport, Result } from '../../shared/bitget.ts';
import { CHANNELS, EVENTS } from '../../shared/contract.ts';
import { PRACTICE_PROFILE_NAME } from '../../shared/practice.ts';
import { startHarness, type Harness } from './server.ts';

/** The `event:`/`data:` frames of a server-sent event stream, as they arrive. */
async function collectFrames(url: string, into: { event: string; data: unknown }[], signal: AbortSignal): Promise<void> {
  const response = await fetch(url, { signal });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
    if (done) return;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(frame)?.[1];
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      if (event && data) into.push({ event, data: JSON.parse(data) });
    }
  }
}

describe.skipIf(process.env.PANIC_KEYRING_READY !== '1')('browser harness events (needs scripts/with-keyring.sh)', () => {
  let harness: Harness;
  let rendererDir: string;
  const abort = new AbortController();
  const frames: { event: string; data: unknown }[] = [];

  beforeAll(async () => {
    rendererDir = await mkdtemp(join(tmpdir(), 'panic-harness-renderer-'));
    await writeFile(join(rendererDir, 'index.html'), '<html><head></head><body></body></html>');
    harness = await startHarness({ rendererDir });
    void collectFrames(`${harness.url}/events`, frames, abort.signal);
    await new Promise((resolve) => setTimeout(resolve, 100));
  });

  afterAll(async () => {
    abort.abort();
    await harness?.close();
    await rm(rendererDir, { recursive: true, force: true });
  });

  it('writes a close run’s progress events to the stream, done last', async () => {
    const response = await fetch(`${harness.url}/invoke/${encodeURIComponent(CHANNELS.close)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ payload: { profile: PRACTICE_PROFILE_NAME, productType: 'USDT-FUTURES', trigger: 'window' } }),
    });
    const result = (await response.json()) as Result<CloseOutcome>;
    expect(result).toMatchObject({ ok: true, value: { status: 'flat' } });
    const runId = result.ok ? result.value.runId : '';
    const progress = () => frames.filter((frame) => frame.event === EVENTS.progress).map((frame) => frame.data as CloseProgressEvent);
    await expect.poll(() => progress().at(-1)?.done).toBe(true);
    expect(progress().length).toBeGreaterThan(2);
    expect(progress().every((event) => event.runId === runId && event.trigger === 'window')).toBe(true);
    expect(progress().some((event) => event.attempt === 1 && Array.isArray(event.stillOpen))).toBe(true);
    // Then what it cost, as the details arrive, complete last.
    const costs = () => frames.filter((frame) => frame.event === EVENTS.costs).map((frame) => frame.data as CostReport);
    await expect.poll(() => costs().at(-1)?.complete, { timeout: 8_000 }).toBe(true);
    expect(costs().at(-1)).toMatchObject({ runId, profile: { name: PRACTICE_PROFILE_NAME, practice: true }, unread: [] });
    expect(costs().at(-1)!.orders).toHaveLength(result.ok ? result.value.closed.length : -1);
  });
});
