// Hotkey presses without key-up events. globalShortcut calls back on every press and, on Windows and with X11 key
// grabs, again and again while the keys are held (the keyboard's auto-repeat: a first repeat after its delay,
// 250–1000 ms, then one every 30–40 ms). So a press is only known to be a deliberate, released press once no
// auto-repeat follows it. Pure apart from the clock it is given.

/** Presses closer together than this are the keyboard's auto-repeat: no person presses a key combination that fast. */
export const AUTO_REPEAT_GAP_MS = 100;
/** A run-at-once hotkey runs again only after this long without presses: longer than any keyboard's repeat delay. */
export const HOLD_QUIET_MS = 1_000;

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * - `armed`: a first distinct press; a second one within the window confirms.
 * - `confirming`: a second distinct press; it confirms once `repeatGapMs` pass without another press.
 * - `held`: an auto-repeat, so the keys are being held: disarmed, and the hold never confirms.
 * - `ignored`: a further auto-repeat of a hold already reported, or a press soon after a confirmation (the second
 *   press still held down, repeating): presses count again after `windowMs` without any.
 */
export type PressResult = 'armed' | 'confirming' | 'held' | 'ignored';

export interface DoublePress {
  press(): PressResult;
  reset(): void;
}

type State =
  | { kind: 'idle' }
  | { kind: 'held' }
  | { kind: 'armed'; at: number }
  | { kind: 'confirming'; at: number; timer: unknown }
  | { kind: 'confirmed' };

/**
 * "Press twice to confirm", where holding the keys never counts: a double press is two distinct presses (each
 * `repeatGapMs` or more after the press before it) at most `windowMs` apart, with no auto-repeat after the second.
 * Any auto-repeat disarms; after a hold, the next distinct press only arms again. After a confirmation, presses are
 * ignored until `windowMs` pass without one, so a second press held down closes once and arms nothing.
 */
export function createDoublePress(options: { windowMs: number; onConfirmed: () => void; repeatGapMs?: number; clock?: Clock }): DoublePress {
  const repeatGapMs = options.repeatGapMs ?? AUTO_REPEAT_GAP_MS;
  const clock = options.clock ?? systemClock;
  let state: State = { kind: 'idle' };
  let lastPressAt: number | undefined;

  const settle = (next: State) => {
    if (state.kind === 'confirming') clock.clearTimeout(state.timer);
    state = next;
  };
  const confirm = () => {
    settle({ kind: 'confirmed' });
    options.onConfirmed();
  };

  return {
    press() {
      const time = clock.now();
      const gap = lastPressAt === undefined ? Number.POSITIVE_INFINITY : time - lastPressAt;
      lastPressAt = time;
      // The quiet period is over even if its timer has not run yet (a busy event loop): confirm first.
      if (state.kind === 'confirming' && time - state.at >= repeatGapMs) confirm();
      if (state.kind === 'confirmed') {
        if (gap < options.windowMs) return 'ignored';
        settle({ kind: 'idle' });
      }
      if (gap < repeatGapMs) {
        if (state.kind === 'held') return 'ignored';
        settle({ kind: 'held' });
        return 'held';
      }
      if (state.kind === 'armed' && time - state.at <= options.windowMs) {
        const timer = clock.setTimeout(() => {
          if (state.kind === 'confirming' && state.at === time) confirm();
        }, repeatGapMs);
        settle({ kind: 'confirming', at: time, timer });
        return 'confirming';
      }
      settle({ kind: 'armed', at: time });
      return 'armed';
    },
    reset() {
      settle({ kind: 'idle' });
      lastPressAt = undefined;
    },
  };
}

/** A hotkey that runs at once: it runs on a press that follows `quietMs` without presses, so a held key runs once. */
export function createSinglePress(options: { quietMs?: number; clock?: Clock } = {}): { press(): boolean } {
  const quietMs = options.quietMs ?? HOLD_QUIET_MS;
  const clock = options.clock ?? systemClock;
  let lastPressAt: number | undefined;
  return {
    press() {
      const time = clock.now();
      const quiet = lastPressAt === undefined || time - lastPressAt >= quietMs;
      lastPressAt = time;
      return quiet;
    },
  };
}
