// Playwright `_electron` specs against the real app. They need the Electron binary, a display (xvfb-run on Linux) and
// a Secret Service (scripts/with-keyring.sh); where the binary is missing they skip with a one-line reason.
//   npm run build && scripts/with-keyring.sh xvfb-run -a npm run test:electron
import { defineConfig } from '@playwright/test';
import { electronExecutable } from './launch.ts';

const electron = electronExecutable();
if ('skip' in electron && process.env.TEST_WORKER_INDEX === undefined) console.log(`e2e/electron: every spec skips: ${electron.skip}`);

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: '../artifacts/electron-results',
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
});
