// "Press twice within N ms to confirm": the first press arms, a second within the window fires. Pure.
export type PressResult = 'armed' | 'fire';

export interface DoublePress {
  press(): PressResult;
  reset(): void;
}

export function createDoublePress(windowMs: number, now: () => number = Date.now): DoublePress {
  let armedAt: number | undefined;
  return {
    press() {
      const time = now();
      if (armedAt !== undefined && time - armedAt <= windowMs) {
        armedAt = undefined;
        return 'fire';
      }
      armedAt = time;
      return 'armed';
    },
    reset() {
      armedAt = undefined;
    },
  };
}
