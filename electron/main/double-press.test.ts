import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AUTO_REPEAT_GAP_MS, HOLD_QUIET_MS, createDoublePress, createSinglePress, type PressResult } from './double-press.ts';

const WINDOW_MS = 800;

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Presses at the given gaps (ms after the press before; the first after time 0), then lets every timer run. */
function replay(gaps: readonly number[], windowMs = WINDOW_MS): { presses: number[]; results: PressResult[]; fires: number[] } {
  const fires: number[] = [];
  const doublePress = createDoublePress({ windowMs, onConfirmed: () => fires.push(Date.now()) });
  const presses: number[] = [];
  const results: PressResult[] = [];
  for (const gap of gaps) {
    vi.advanceTimersByTime(gap);
    presses.push(Date.now());
    results.push(doublePress.press());
  }
  vi.advanceTimersByTime(windowMs * 2);
  return { presses, results, fires };
}

/** A person holding the keys: a press, the keyboard's repeat delay, then repeats until release. */
const hold = fc.record({
  delay: fc.integer({ min: AUTO_REPEAT_GAP_MS, max: 1_500 }),
  rate: fc.integer({ min: 1, max: AUTO_REPEAT_GAP_MS - 1 }),
  repeats: fc.integer({ min: 1, max: 40 }),
});
const holdGaps = ({ delay, rate, repeats }: { delay: number; rate: number; repeats: number }) => [delay, ...Array<number>(repeats).fill(rate)];

describe('createDoublePress', () => {
  it('arms on a first press and confirms a second, distinct one once no auto-repeat follows it', () => {
    const { results, fires } = replay([1_000, 300]);
    expect(results).toEqual(['armed', 'confirming']);
    expect(fires).toEqual([1_300 + AUTO_REPEAT_GAP_MS]);
  });

  it('holding the keys for half a second (Windows/X11 auto-repeat) never closes', () => {
    // Press, first repeat after a 500 ms delay (inside the 800 ms window), then one every 33 ms until release.
    const { results, fires } = replay([1_000, 500, 33, 33, 33, 33]);
    expect(results).toEqual(['armed', 'confirming', 'held', 'ignored', 'ignored', 'ignored']);
    expect(fires).toEqual([]);
  });

  it('after a hold, the next press only arms: two more distinct presses are needed', () => {
    const { results, fires } = replay([0, 500, 33, 33, 400, 300]);
    expect(results).toEqual(['armed', 'confirming', 'held', 'ignored', 'armed', 'confirming']);
    expect(fires).toHaveLength(1);
  });

  it('re-arms when the second press comes after the window, and starts over once the window passes after confirming', () => {
    const { results, fires } = replay([0, WINDOW_MS + 1, 200, 500, WINDOW_MS, 200]);
    expect(results).toEqual(['armed', 'armed', 'confirming', 'ignored', 'armed', 'confirming']);
    expect(fires).toHaveLength(2);
  });

  it('a second press held down closes once; its auto-repeat afterwards neither arms nor says "held"', () => {
    const { results, fires } = replay([0, 300, 500, 33, 33, 33]);
    expect(results).toEqual(['armed', 'confirming', 'ignored', 'ignored', 'ignored', 'ignored']);
    expect(fires).toEqual([300 + AUTO_REPEAT_GAP_MS]);
  });

  it('a second press exactly AUTO_REPEAT_GAP_MS after the first is distinct; one ms less is auto-repeat', () => {
    expect(replay([0, AUTO_REPEAT_GAP_MS]).fires).toHaveLength(1);
    expect(replay([0, AUTO_REPEAT_GAP_MS - 1]).results).toEqual(['armed', 'held']);
  });

  it('forgets an armed press on reset', () => {
    const fires: number[] = [];
    const doublePress = createDoublePress({ windowMs: WINDOW_MS, onConfirmed: () => fires.push(Date.now()) });
    doublePress.press();
    doublePress.reset();
    vi.advanceTimersByTime(300);
    expect(doublePress.press()).toBe('armed');
  });

  it('property: a timeline of holds, however long and however many, never closes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: AUTO_REPEAT_GAP_MS, max: 5_000 }), hold), { minLength: 1, maxLength: 6 }), (holds) => {
        const gaps = holds.flatMap(([pause, one]) => [pause, ...holdGaps(one)]);
        expect(replay(gaps).fires).toEqual([]);
      }),
    );
  });

  it('property: a clean double press after any history fires exactly once, AUTO_REPEAT_GAP_MS after the second press', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 2_000 }), { maxLength: 30 }),
        fc.integer({ min: AUTO_REPEAT_GAP_MS, max: WINDOW_MS }),
        (history, gap) => {
          const quiet = WINDOW_MS + 1;
          const { presses, fires } = replay([...history, quiet, gap]);
          const second = presses.at(-1)!;
          expect(fires.filter((time) => time > second - gap)).toEqual([second + AUTO_REPEAT_GAP_MS]);
        },
      ),
    );
  });

  it('property: every confirmation is two distinct presses within the window, the second followed by a quiet gap', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1_200 }), { minLength: 1, maxLength: 60 }), (gaps) => {
        const { presses, fires } = replay(gaps);
        for (const fire of fires) {
          const secondIndex = presses.lastIndexOf(fire - AUTO_REPEAT_GAP_MS);
          expect(secondIndex).toBeGreaterThan(0);
          const second = presses[secondIndex]!;
          const first = presses[secondIndex - 1]!;
          const beforeFirst = presses[secondIndex - 2];
          const afterSecond = presses[secondIndex + 1];
          expect(second - first).toBeGreaterThanOrEqual(AUTO_REPEAT_GAP_MS);
          expect(second - first).toBeLessThanOrEqual(WINDOW_MS);
          if (beforeFirst !== undefined) expect(first - beforeFirst).toBeGreaterThanOrEqual(AUTO_REPEAT_GAP_MS);
          if (afterSecond !== undefined) expect(afterSecond - second).toBeGreaterThanOrEqual(AUTO_REPEAT_GAP_MS);
        }
        // Two confirmations never share a press.
        const seconds = fires.map((fire) => fire - AUTO_REPEAT_GAP_MS);
        for (let index = 1; index < seconds.length; index += 1) {
          expect(presses.filter((press) => press > seconds[index - 1]! && press <= seconds[index]!).length).toBeGreaterThanOrEqual(2);
        }
      }),
    );
  });
});

describe('createSinglePress', () => {
  it('runs on a press, once per hold, and again after HOLD_QUIET_MS without presses', () => {
    const single = createSinglePress();
    const results: boolean[] = [];
    for (const gap of [0, 500, 33, 33, 33, HOLD_QUIET_MS]) {
      vi.advanceTimersByTime(gap);
      results.push(single.press());
    }
    expect(results).toEqual([true, false, false, false, false, true]);
  });

  it('property: a hold runs exactly once', () => {
    fc.assert(
      fc.property(hold.filter(({ delay }) => delay < HOLD_QUIET_MS), (one) => {
        vi.advanceTimersByTime(HOLD_QUIET_MS);
        const single = createSinglePress();
        const runs = [0, ...holdGaps(one)].filter((gap) => {
          vi.advanceTimersByTime(gap);
          return single.press();
        });
        expect(runs).toHaveLength(1);
      }),
    );
  });
});
