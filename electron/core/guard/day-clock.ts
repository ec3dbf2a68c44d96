// The guard's clock for the trading day: wall time, checked against a monotonic clock between readings. A wall-clock
// jump (set by hand, a bad time server) is noticed, logged and shown; while the two disagree the day is told by the
// earlier of them, so a jump forward does not end the day early and a jump back never erases it (the rule engine also
// never goes back to an earlier day). A new offset that holds for JUMP_ACCEPT_MS is taken as the time (a laptop
// that slept: the monotonic clock stops while it sleeps).

/** Where the time comes from; injected in tests. */
export interface TimeSource {
  /** Wall-clock time, ms since the epoch (Date.now). */
  wall(): number;
  /** A clock that only moves forward, in ms (performance.now). */
  monotonic(): number;
}

export const systemTime: TimeSource = { wall: () => Date.now(), monotonic: () => performance.now() };

/** A disagreement smaller than this is the wall clock's own drift and slewing, not a jump. */
export const CLOCK_JUMP_TOLERANCE_MS = 5_000;
/** A jumped wall clock that keeps its new offset this long is believed (sleep, a real correction). */
export const JUMP_ACCEPT_MS = 10 * 60_000;

export interface ClockJump {
  /** Wall time at which the jump was noticed. */
  noticedAt: number;
  /** How far the wall clock moved beyond the time elapsed (positive: forward). */
  byMs: number;
}

export interface DayClock {
  /** Wall time now (figures are dated by it). */
  wall(): number;
  /** The time the trading day is told by: the wall time, or while a jump is not believed, the earlier clock. */
  dayTime(): number;
  /** The jump not yet believed, if any. */
  jump(): ClockJump | undefined;
}

export function createDayClock(source: TimeSource = systemTime, log: (line: string) => void = () => undefined): DayClock {
  let anchor = { wall: source.wall(), monotonic: source.monotonic() };
  let jump: (ClockJump & { offsetSince: number; offset: number }) | undefined;

  function read(): { wall: number; dayTime: number } {
    const wall = source.wall();
    const monotonic = source.monotonic();
    const expected = anchor.wall + (monotonic - anchor.monotonic);
    const offset = wall - expected;
    if (Math.abs(offset) <= CLOCK_JUMP_TOLERANCE_MS) {
      if (jump) log(`guard clock: the wall clock agrees with the time elapsed again (${describeOffset(offset)}).`);
      jump = undefined;
      anchor = { wall, monotonic };
      return { wall, dayTime: wall };
    }
    if (!jump || Math.abs(offset - jump.offset) > CLOCK_JUMP_TOLERANCE_MS) {
      jump = { noticedAt: wall, byMs: offset, offset, offsetSince: monotonic };
      log(`guard clock: the wall clock jumped ${describeOffset(offset)} against the time elapsed; the trading day follows the earlier of the two until the new time holds for ${JUMP_ACCEPT_MS / 60_000} min.`);
    } else if (monotonic - jump.offsetSince >= JUMP_ACCEPT_MS) {
      log(`guard clock: the wall clock kept its new time (${describeOffset(offset)}) for ${JUMP_ACCEPT_MS / 60_000} min: it is believed.`);
      jump = undefined;
      anchor = { wall, monotonic };
      return { wall, dayTime: wall };
    }
    return { wall, dayTime: Math.min(wall, expected) };
  }

  return {
    wall: () => read().wall,
    dayTime: () => read().dayTime,
    jump: () => {
      read();
      return jump ? { noticedAt: jump.noticedAt, byMs: jump.byMs } : undefined;
    },
  };
}

export function describeOffset(offsetMs: number): string {
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  const amount = minutes >= 90 ? `${(minutes / 60).toFixed(1)} h` : minutes >= 1 ? `${minutes} min` : `${Math.round(Math.abs(offsetMs) / 1000)} s`;
  return `${offsetMs >= 0 ? 'forward' : 'back'} by ${amount}`;
}
