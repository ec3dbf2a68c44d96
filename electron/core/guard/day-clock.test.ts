// The guard's day clock with an injected wall and monotonic clock: a jump is noticed and logged, the day is told by
// the earlier clock while the two disagree, agreement clears it, and a new time that holds long enough is believed.
import { describe, expect, it } from 'vitest';
import { CLOCK_JUMP_TOLERANCE_MS, JUMP_ACCEPT_MS, createDayClock } from './day-clock.ts';

const DAY = 86_400_000;

function clockAt(start: number) {
  const time = { wall: start, monotonic: 0 };
  const lines: string[] = [];
  const clock = createDayClock({ wall: () => time.wall, monotonic: () => time.monotonic }, (line) => lines.push(line));
  const pass = (ms: number) => {
    time.wall += ms;
    time.monotonic += ms;
  };
  return { time, lines, clock, pass };
}

describe('the day clock', () => {
  const start = new Date(2026, 4, 4, 15, 0).getTime();

  it('follows the wall clock while it agrees with the time elapsed (drift within the tolerance)', () => {
    const { time, clock, pass } = clockAt(start);
    pass(60_000);
    time.wall += CLOCK_JUMP_TOLERANCE_MS - 1;
    expect(clock.dayTime()).toBe(time.wall);
    expect(clock.jump()).toBeUndefined();
  });

  it('a day forward: noticed and logged, the day told by the time elapsed; back again: agreement', () => {
    const { time, lines, clock, pass } = clockAt(start);
    pass(1_000);
    time.wall += DAY;
    expect(clock.dayTime()).toBe(start + 1_000);
    expect(clock.jump()).toMatchObject({ byMs: DAY });
    expect(lines.join('\n')).toMatch(/jumped forward by 24.0 h/);
    pass(1_000);
    time.wall -= DAY;
    expect(clock.dayTime()).toBe(start + 2_000);
    expect(clock.jump()).toBeUndefined();
  });

  it('a day back: the day is told by the wall clock (the earlier), and the jump stays shown', () => {
    const { time, clock, pass } = clockAt(start);
    pass(1_000);
    time.wall -= DAY;
    expect(clock.dayTime()).toBe(start + 1_000 - DAY);
    expect(clock.jump()).toMatchObject({ byMs: -DAY });
  });

  it('a new time that holds for JUMP_ACCEPT_MS is believed (a computer that slept)', () => {
    const { time, lines, clock, pass } = clockAt(start);
    time.wall += 8 * 3_600_000;
    expect(clock.dayTime()).toBe(start);
    pass(JUMP_ACCEPT_MS);
    expect(clock.dayTime()).toBe(time.wall);
    expect(clock.jump()).toBeUndefined();
    expect(lines.at(-1)).toMatch(/believed/);
  });
});
