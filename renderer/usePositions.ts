// Live positions of one profile and product type: read every ~2 s while the window is visible, never two reads at once.
import { useEffect, useRef, useState } from 'react';
import type { ExplainedError, Position, ProductType } from '../shared/bitget.ts';
import { call } from './api.ts';

/** The exchange allows 5 position reads a second; one every 2 s leaves room for the close path's own re-reads. */
export const POSITIONS_REFRESH_MS = 2000;
/** After a close the core has just re-read positions several times: the window's own re-read waits a moment. */
export const AFTER_CLOSE_READ_DELAY_MS = 1000;

export interface PositionsState {
  /** Whose positions these are: stale state from another profile/product type is never shown as current. */
  key: string;
  positions: Position[] | null;
  error: ExplainedError | null;
  updatedAt: Date | null;
  /** True from a close (or a pushed outcome) until the next read lands: the rows shown predate that close. */
  outdated: boolean;
}

interface StoredState extends Omit<PositionsState, 'outdated'> {
  token: number;
}

export function positionsKey(profile: string | undefined, productType: ProductType): string {
  return `${profile ?? ''}\u0000${productType}`;
}

/**
 * `refreshToken` restarts the loop (after a close, or an outcome pushed by a hotkey); until the next read lands the rows are `outdated`.
 * `paused` stops reading while a close is in flight, leaving the rate budget to the close path.
 */
export function usePositions(
  profile: string | undefined,
  productType: ProductType,
  refreshToken: number,
  paused: boolean,
): PositionsState {
  const key = positionsKey(profile, productType);
  const [state, setState] = useState<StoredState>({ key: '', token: 0, positions: null, error: null, updatedAt: null });
  const shownKey = useRef('');

  useEffect(() => {
    if (!profile || paused) return;
    let stopped = false;
    let inFlight = false;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const schedule = () => {
      clearTimeout(timer);
      if (!stopped) timer = setTimeout(() => void read(), POSITIONS_REFRESH_MS);
    };
    const read = async () => {
      if (stopped || inFlight) return;
      if (document.visibilityState !== 'visible') return schedule();
      inFlight = true;
      const result = await call((panic) => panic.listPositions({ profile, productType }));
      inFlight = false;
      if (stopped) return;
      shownKey.current = key;
      setState((previous) =>
        result.ok
          ? { key, token: refreshToken, positions: result.value, error: null, updatedAt: new Date() }
          : {
              key,
              token: previous.key === key ? previous.token : refreshToken,
              positions: previous.key === key ? previous.positions : null,
              error: result.error,
              updatedAt: previous.key === key ? previous.updatedAt : null,
            },
      );
      schedule();
    };
    const onVisibility = () => {
      if (document.visibilityState === 'visible' && !inFlight) {
        clearTimeout(timer);
        void read();
      }
    };

    // A new target is read at once; the same target again (after a close or a pushed outcome) a moment later.
    if (shownKey.current === key) timer = setTimeout(() => void read(), AFTER_CLOSE_READ_DELAY_MS);
    else void read();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [profile, productType, key, refreshToken, paused]);

  if (state.key !== key) return { key, positions: null, error: null, updatedAt: null, outdated: false };
  return { key, positions: state.positions, error: state.error, updatedAt: state.updatedAt, outdated: state.token !== refreshToken };
}
