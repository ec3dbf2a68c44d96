// At most one close per interval per account. Callers queue for the next free slot instead of being refused.
export interface RateGuard {
  /**
   * Waits for this caller's slot. Resolves true when it may send now; false (without waiting) when the slot
   * would come after `deadline` (epoch ms), so the caller can stop instead of sending too late.
   */
  slot(accountKey: string, deadline?: number): Promise<boolean>;
}

export function createRateGuard(intervalMs: number, now: () => number = Date.now): RateGuard {
  const nextFree = new Map<string, number>();
  return {
    async slot(accountKey, deadline = Number.POSITIVE_INFINITY) {
      const current = now();
      const at = Math.max(current, nextFree.get(accountKey) ?? 0);
      if (at > deadline) return false;
      nextFree.set(accountKey, at + intervalMs);
      if (at > current) await new Promise((resolve) => setTimeout(resolve, at - current));
      return true;
    },
  };
}
