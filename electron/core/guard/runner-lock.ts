// One guard runner per data folder: two app cores (two windows, an app and a test harness) on one folder would both
// trip and tell contradictory results. The runner holds `<dataDir>/guard-runner.lock` (proper-lockfile, as the
// settings lock: a directory whose time the holder refreshes; a holder killed with -9 leaves it, and it is taken over
// once it is RUNNER_LOCK_STALE_MS old). The other core shows its guards as watched elsewhere and tries again each tick.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';

export const RUNNER_LOCK_FILE = 'guard-runner';
export const RUNNER_LOCK_STALE_MS = 10_000;

export interface RunnerLock {
  /** Takes the lock if it is free (or stale); true while this core holds it. Never throws. */
  tryHold(): boolean;
  held(): boolean;
  release(): void;
}

export function createRunnerLock(dataDir: string, onLost: (reason: string) => void): RunnerLock {
  const target = join(dataDir, RUNNER_LOCK_FILE);
  let releaseLock: (() => void) | undefined;
  return {
    tryHold() {
      if (releaseLock) return true;
      try {
        mkdirSync(dataDir, { recursive: true, mode: 0o700 });
        releaseLock = lockfile.lockSync(target, {
          realpath: false,
          stale: RUNNER_LOCK_STALE_MS,
          onCompromised: (error) => {
            releaseLock = undefined;
            onLost(error.message);
          },
        });
        return true;
      } catch {
        return false;
      }
    },
    held: () => releaseLock !== undefined,
    release() {
      const release = releaseLock;
      releaseLock = undefined;
      try {
        release?.();
      } catch {
        // Already gone (compromised or removed): nothing to release.
      }
    },
  };
}
