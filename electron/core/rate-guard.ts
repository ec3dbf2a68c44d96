// Waiting for a rate-limit slot, or hearing plainly why there is none in time. The close path gets its slots from the
// machine-wide close gate (close-gate.ts); this file also keeps the in-process spacer the read pacing uses.
import type { ExplainedError } from '../../shared/bitget.ts';

export type SlotAnswer =
  /** `unshared`: the machine-wide queue could not be used, so the slot was paced within this process only (why, in a sentence). */
  | { ok: true; unshared?: string }
  /** `ahead`: who held or waited for the slots before this caller's deadline, e.g. "CLI pid 4242 (cli: USDT-FUTURES BTCUSDT)". */
  | { ok: false; ahead: string[]; error: ExplainedError };

export interface RateGuard {
  /**
   * Waits in line (first come, first served) for this account's next close slot and resolves `{ ok: true }` when the
   * caller may send now. Resolves `{ ok: false }` as soon as the slot cannot come by `deadline` (epoch ms), with what
   * was ahead; never sends late and never throws. A queue that cannot be used never refuses a close: the slot is then
   * paced within this process and `unshared` says so.
   */
  slot(accountKey: string, deadline?: number, who?: string): Promise<SlotAnswer>;
}

/** Within this process only: the per-endpoint read pacing (bitget/pacing.ts). Closes use the machine-wide close gate. */
export function createRateGuard(intervalMs: number, now: () => number = Date.now): RateGuard {
  const nextFree = new Map<string, number>();
  return {
    async slot(accountKey, deadline = Number.POSITIVE_INFINITY) {
      const current = now();
      const at = Math.max(current, nextFree.get(accountKey) ?? 0);
      if (at > deadline) return { ok: false, ahead: [], error: notBeforeDeadline([]) };
      nextFree.set(accountKey, at + intervalMs);
      if (at > current) await new Promise((resolve) => setTimeout(resolve, at - current));
      return { ok: true };
    },
  };
}

export function notBeforeDeadline(ahead: string[]): ExplainedError {
  const queued =
    ahead.length === 0
      ? 'The next close slot on this account comes after this close’s deadline.'
      : `${ahead.length === 1 ? '1 other close on this account was' : `${ahead.length} other closes on this account were`} ahead of it: ${ahead.join(', ')}.`;
  return {
    kind: 'rate-limit',
    message: `This close could not be sent before its deadline. ${queued}`,
    hint: 'Bitget allows one close a second per account, and every trigger on this computer shares it. Nothing was sent for this target: look at its positions and close again if anything is open, or close it on the Bitget website or app.',
  };
}
