// Timers the simulator starts (delays, late fills), all cancelled when the exchange closes.

export class Scheduler {
  readonly #timers = new Set<NodeJS.Timeout>();

  /** `afterRun`: called after every timer's work (state may have changed: a late fill, a delayed close). */
  readonly #afterRun: () => void;

  constructor(afterRun: () => void = () => undefined) {
    this.#afterRun = afterRun;
  }

  after(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      run();
      this.#afterRun();
    }, ms);
    this.#timers.add(timer);
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.after(ms, resolve));
  }

  cancelAll(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
