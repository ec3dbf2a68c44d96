import { describe, expect, it } from 'vitest';
import { createRateGuard } from './rate-guard.ts';

describe('rate guard', () => {
  it('spaces callers of one account by the interval and never refuses them', async () => {
    const guard = createRateGuard(100);
    const started = Date.now();
    const times: number[] = [];
    await Promise.all([0, 1, 2].map(async () => {
      await guard.slot('acct');
      times.push(Date.now() - started);
    }));
    times.sort((a, b) => a - b);
    expect(times[0]).toBeLessThan(50);
    expect(times[1]).toBeGreaterThanOrEqual(95);
    expect(times[2]).toBeGreaterThanOrEqual(195);
  });

  it('keeps accounts independent', async () => {
    const guard = createRateGuard(1_000);
    const started = Date.now();
    await guard.slot('a');
    await guard.slot('b');
    expect(Date.now() - started).toBeLessThan(100);
  });

  it('declines without waiting when the slot is past the deadline', async () => {
    let now = 0;
    const guard = createRateGuard(1_000, () => now);
    expect(await guard.slot('a', 10)).toEqual({ ok: true });
    now = 5;
    expect(await guard.slot('a', 500)).toMatchObject({ ok: false, error: { kind: 'rate-limit' } });
  });
});
