import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { V2_PATHS } from './endpoints.ts';
import { PACING_WINDOW_MS, createRequestPacer, createSlidingWindow } from './pacing.ts';

/** Arrival times (non-decreasing, epoch ms) of callers asking for a slot on one of a few keys. */
const arrivals = fc.array(fc.record({ gap: fc.integer({ min: 0, max: 700 }), key: fc.constantFrom('a', 'b') }), { minLength: 1, maxLength: 60 });

describe('read pacing (sliding window)', () => {
  it('never lets more than the limit leave in any window, per key, whoever asks when', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 50, max: 1_500 }), arrivals, (limit, windowMs, calls) => {
        let now = 0;
        const window = createSlidingWindow(limit, windowMs, () => now);
        const granted = new Map<string, number[]>();
        for (const call of calls) {
          now += call.gap;
          const at = window.reserve(call.key);
          expect(at).toBeGreaterThanOrEqual(now);
          granted.set(call.key, [...(granted.get(call.key) ?? []), at]);
        }
        for (const times of granted.values()) {
          // First come, first served.
          expect([...times].sort((x, y) => x - y)).toEqual(times);
          // Any window [t, t + windowMs) starting at a departure holds at most `limit` of them.
          for (const [i, start] of times.entries()) expect(times.slice(i).filter((t) => t < start + windowMs).length).toBeLessThanOrEqual(limit);
        }
      }),
    );
  });

  it('delays nobody until the budget is spent, and only as long as the window asks', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 50, max: 1_500 }), (limit, windowMs) => {
        let now = 1_000;
        const window = createSlidingWindow(limit, windowMs, () => now);
        for (let i = 0; i < limit; i += 1) expect(window.reserve('a')).toBe(now);
        expect(window.reserve('a')).toBe(1_000 + windowMs);
        expect(window.reserve('b')).toBe(now);
        // After an idle window, a read leaves at once again.
        now += 2 * windowMs;
        expect(window.reserve('a')).toBe(now);
      }),
    );
  });

  it('sends a position read right after the one before it, with no fixed spacing', async () => {
    const pace = createRequestPacer()('key');
    const started = performance.now();
    await pace(V2_PATHS.positions);
    await pace(V2_PATHS.positions);
    await pace(V2_PATHS.positions);
    expect(performance.now() - started).toBeLessThan(30);
  });

  it('holds the sixth position read of a second until the window has room, and keeps accounts apart', async () => {
    let now = 0;
    const pacer = createRequestPacer(() => now);
    const pace = pacer('key');
    for (let i = 0; i < 5; i += 1) await pace(V2_PATHS.positions);
    await pacer('other')(V2_PATHS.positions);
    now = PACING_WINDOW_MS - 40;
    const started = performance.now();
    await pace(V2_PATHS.positions);
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
  });
});
