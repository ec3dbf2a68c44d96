// `npm start` after the build: starts Electron on this checkout, unless its binary cannot be had (Electron fetches it
// from GitHub on first run) or Chromium's sandbox cannot start here (Ubuntu 23.10+ without the setuid helper, or
// root), where Chromium would abort with "No usable sandbox!": then it says what to do, without a stack trace. PANIC_NO_SANDBOX=1 starts without the sandbox, knowingly. Arguments are passed on (npm start -- --hidden).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { probeSandbox, sandboxAdvice, sandboxBlocker } from '../dist/electron/main/chromium-sandbox.js';
import { findElectronBinary, missingElectronMessage } from './electron-binary.mjs';

const require = createRequire(import.meta.url);
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronPackageDir = dirname(require.resolve('electron/package.json'));
const electronDist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(electronPackageDir, 'dist');

if (!process.env.ELECTRON_OVERRIDE_DIST_PATH && !existsSync(join(electronPackageDir, 'path.txt'))) {
  console.error('Fetching the Electron binary from GitHub (first start only)…');
}
const binary = findElectronBinary(electronPackageDir);
if (!binary.ok) {
  console.error(missingElectronMessage(binary.reason));
  process.exit(1);
}

const args = [repoRoot, ...process.argv.slice(2)];
if (process.platform === 'linux') {
  const blocker = sandboxBlocker(probeSandbox(electronDist));
  if (blocker && process.env.PANIC_NO_SANDBOX !== '1') {
    console.error(sandboxAdvice(blocker, electronDist));
    process.exit(1);
  }
  if (blocker) {
    console.error('Starting WITHOUT Chromium\'s sandbox (PANIC_NO_SANDBOX=1).');
    args.push('--no-sandbox');
  }
}

const child = spawn(binary.path, args, { stdio: 'inherit' });
child.on('error', (error) => {
  console.error(missingElectronMessage(error.message));
  process.exit(1);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
