// The single-instance lock can be lost while the app runs: its lock file in the userData folder removed (a cleanup
// tool, a deleted folder), or taken by another copy. Then `bitget-panic-app --close …` starts a second copy instead
// of reaching this one. Checked now and then and before each trigger; taken back where possible.
import type { App } from 'electron';

export const INSTANCE_LOCK_CHECK_MS = 30_000;

export function checkInstanceLock(app: Pick<App, 'hasSingleInstanceLock' | 'requestSingleInstanceLock'>): 'held' | 'regained' | 'lost' {
  if (app.hasSingleInstanceLock()) return 'held';
  return app.requestSingleInstanceLock({ argv: process.argv }) ? 'regained' : 'lost';
}

export function lostInstanceLockNotice(userDataDir: string): string {
  return `This copy of the app lost its single-instance lock (in ${userDataDir}): another copy may be running, and a command-line --close may start a second copy instead of reaching this one. Quit every copy (tray → Quit), then start the app once.`;
}
