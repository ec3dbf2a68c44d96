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
}
