// Per-account, per-route sliding-window rate limits (N accepted requests in any 1000 ms).

const WINDOW_MS = 1000;

export class RateLimiter {
  readonly #accepted = new Map<string, number[]>();

  /** True (and the request is counted) when there is room; false when it must get 429. */
  tryAcquire(key: string, perSecond: number, now: number): boolean {
    const recent = (this.#accepted.get(key) ?? []).filter((time) => now - time < WINDOW_MS);
    if (recent.length >= perSecond) {
      this.#accepted.set(key, recent);
      return false;
    }
    recent.push(now);
    this.#accepted.set(key, recent);
    return true;
  }

  /** The accepted times still inside the window, to be carried over by a persistent exchange (practice). */
  snapshot(now: number): Record<string, number[]> {
    const recent: Record<string, number[]> = {};
    for (const [key, times] of this.#accepted) {
      const inWindow = times.filter((time) => now - time < WINDOW_MS);
      if (inWindow.length > 0) recent[key] = inWindow;
    }
    return recent;
  }

  restore(recent: Record<string, number[]>): void {
    this.#accepted.clear();
    for (const [key, times] of Object.entries(recent)) this.#accepted.set(key, [...times]);
  }
}
