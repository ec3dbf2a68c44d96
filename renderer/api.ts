// The window's only way out: `window.panic`, put there by the preload (Electron) or the test harness (browser).
import type { Result } from '../shared/bitget.ts';
import type { PanicApi } from '../shared/contract.ts';

declare global {
  interface Window {
    panic?: PanicApi;
  }
}

export function hasApi(): boolean {
  return typeof window.panic === 'object' && window.panic !== null;
}

export function api(): PanicApi {
  if (!window.panic) throw new Error('window.panic is missing: the window was opened outside the app');
  return window.panic;
}

/** Runs one call; a call that throws (the app did not answer at all) becomes an explained error like any other. */
export async function call<T>(run: (panic: PanicApi) => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await run(api());
  } catch (error) {
    return {
      ok: false,
      error: {
        kind: 'unknown',
        message: `The app did not answer (${error instanceof Error ? error.message : String(error)}).`,
        hint: 'Nothing is known about this request. Check your positions on the exchange, then restart the app.',
      },
    };
  }
}
