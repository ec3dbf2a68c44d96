// `positions` when the exchange says "too many requests" or "busy": the read is tried again after the wait the
// exchange asked for, a few times within a few seconds, as a trader asking "what is open?" expects. A last refusal says
// how often it was tried, never that the app will go on retrying.
import type { Position, Result } from '../shared/bitget.ts';

/** Reads in all, and the longest wait between two of them (a longer Retry-After is cut to it). */
export const POSITIONS_READS = 3;
export const POSITIONS_MAX_WAIT_MS = 3_000;
const DEFAULT_WAIT_MS = 1_000;
const RETRIED_KINDS = new Set(['rate-limit', 'busy']);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function readPositionsRetrying(read: () => Promise<Result<Position[]>>, io: { stderr: (text: string) => void }): Promise<Result<Position[]>> {
  const started = Date.now();
  for (let attempt = 1; ; attempt += 1) {
    const result = await read();
    if (result.ok || !RETRIED_KINDS.has(result.error.kind)) return result;
    if (attempt === POSITIONS_READS) {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const hint = `Read ${attempt} times in ${seconds} s and refused each time. Wait a few seconds and run it again; if this persists, another program may be using the same key.`;
      return { ok: false, error: { ...result.error, hint } };
    }
    const waitMs = Math.min(POSITIONS_MAX_WAIT_MS, result.error.retryAfterMs ?? DEFAULT_WAIT_MS);
    io.stderr(`  … ${result.error.message} Reading again in ${(waitMs / 1000).toFixed(1)} s (read ${attempt} of ${POSITIONS_READS}).\n`);
    await sleep(waitMs);
  }
}
