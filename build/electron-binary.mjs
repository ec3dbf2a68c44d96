// Where `npm start` finds the Electron binary, and what it says when there is none. Electron 42+ fetches its binary
// from GitHub on first run (not at install), so a machine without that access has the package but no binary.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Resolves the binary the way Electron's own launcher does (which downloads it on first use), in a child process so
 * that a failed download is a reason, not a stack trace. */
export function findElectronBinary(electronPackageDir, env = process.env) {
  const probe = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(require(process.argv[1])))', electronPackageDir], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const path = probe.status === 0 ? probe.stdout.trim() : '';
  if (path && existsSync(path)) return { ok: true, path };
  const said = `${probe.stderr ?? ''}\n${probe.stdout ?? ''}`
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('at '));
  const reason = path ? `nothing at ${path}` : (said.find((line) => /error/i.test(line)) ?? said.at(-1) ?? `exit code ${probe.status}`);
  return { ok: false, reason };
}

export function missingElectronMessage(reason) {
  return [
    'npm start cannot open the window: the Electron binary is missing.',
    `Why: Electron downloads its binary from GitHub the first time it starts, and that did not work here (${reason}).`,
    'What works now, without it:',
    '  - the command line, in practice mode (no key, no network):',
    '      node dist/cli/bitget-panic.js positions --practice --product-type USDT-FUTURES',
    '      node dist/cli/bitget-panic.js close --practice --product-type USDT-FUTURES --yes',
    '  - the tests: npm test (the window runs in Chromium through the browser harness)',
    'To open the window: run npm start on a machine that can reach github.com (once; the binary is kept),',
    'or point ELECTRON_OVERRIDE_DIST_PATH at an unpacked Electron 45.',
  ].join('\n');
}
