// Whether Chromium's sandbox can start on this Linux machine. It needs unprivileged user namespaces or its setuid
// helper (chrome-sandbox owned by root, mode 4755); Ubuntu 23.10 and later restrict user namespaces through AppArmor
// to programs with a profile, and Chromium then aborts at start ("No usable sandbox!"). The deb installs such a
// profile and the AppImage's launcher falls back by itself; a source checkout (npm start, build/start.mjs) and the
// Playwright specs ask here. Not used by the app itself.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';

export interface SandboxFacts {
  root: boolean;
  /** `unshare --user --map-root-user true` works: the test electron-builder's AppImage launcher makes too. */
  userNamespaces: boolean;
  /** chrome-sandbox is owned by root and setuid. */
  setuidHelper: boolean;
}

export type SandboxBlocker = 'root' | 'user-namespaces';

export function sandboxBlocker(facts: SandboxFacts): SandboxBlocker | undefined {
  if (facts.root) return 'root';
  if (!facts.userNamespaces && !facts.setuidHelper) return 'user-namespaces';
  return undefined;
}

export function probeSandbox(electronDistDir: string): SandboxFacts {
  const userNamespaces = spawnSync('unshare', ['--user', '--map-root-user', 'true'], { stdio: 'ignore', timeout: 5_000 }).status === 0;
  let setuidHelper = false;
  try {
    const helper = statSync(join(electronDistDir, 'chrome-sandbox'));
    setuidHelper = helper.uid === 0 && (helper.mode & 0o4000) !== 0;
  } catch {
    // Not downloaded yet, or not there: no helper.
  }
  return { root: process.getuid?.() === 0, userNamespaces, setuidHelper };
}

/** What to do, in the words of someone starting the app from a checkout. */
export function sandboxAdvice(blocker: SandboxBlocker, electronDistDir: string): string {
  const helper = join(electronDistDir, 'chrome-sandbox');
  if (blocker === 'root') {
    return 'Chromium does not start its sandbox as root. Start the app as your normal user (or, knowing the page then runs unsandboxed: PANIC_NO_SANDBOX=1 npm start).';
  }
  return [
    "Chromium's sandbox cannot start here: this system does not allow unprivileged user namespaces (Ubuntu 23.10 and later restrict them with AppArmor), and Electron's setuid helper is not installed.",
    `Fix it once for this checkout:  sudo chown root:root '${helper}' && sudo chmod 4755 '${helper}'`,
    'Or, knowing the page then runs unsandboxed: PANIC_NO_SANDBOX=1 npm start. Installed packages need neither: the deb brings an AppArmor profile, the AppImage falls back by itself.',
  ].join('\n');
}
