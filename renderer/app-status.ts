// The window's copy of the app status. It arrives two ways: read on demand (at start, after settings are saved) and
// pushed by main whenever it changes. A read's answer is only as new as the moment it was asked: a push or a later
// read that came in while it was on its way is newer, so the late answer is dropped instead of undoing it. In Electron
// replies and pushes share one ordered channel; in the browser harness they do not, and nothing here assumes either.
import type { Result } from '../shared/bitget.ts';
import type { AppStatus } from '../shared/contract.ts';

export interface StatusTracker {
  /** A status main pushed: always the newest word. */
  pushed(status: AppStatus): void;
  /** Call when a read is sent; call what it returns with the read's answer. */
  reading(): (answer: Result<AppStatus>) => void;
}

export function createStatusTracker(apply: (status: AppStatus) => void): StatusTracker {
  let sequence = 0;
  let shown = 0;
  return {
    pushed(status) {
      sequence += 1;
      shown = sequence;
      apply(status);
    },
    reading() {
      sequence += 1;
      const asked = sequence;
      return (answer) => {
        if (!answer.ok || asked < shown) return;
        shown = asked;
        apply(answer.value);
      };
    },
  };
}
