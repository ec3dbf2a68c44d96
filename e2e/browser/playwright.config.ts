// Browser-mode specs: the built renderer in Chromium, window.panic bridged to the real core, the simulator behind it.
// Run inside a real keyring: `scripts/with-keyring.sh npm run test:e2e`.
import { defineConfig } from '@playwright/test';

const executablePath = process.env.PANIC_CHROMIUM ?? (process.platform === 'linux' ? '/usr/bin/chromium' : undefined);

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './global-setup.ts',
  outputDir: '../../test-results/browser',
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never', outputFolder: '../../playwright-report' }]] : 'list',
  use: {
    browserName: 'chromium',
    viewport: { width: 1100, height: 760 },
    trace: 'retain-on-failure',
    launchOptions: {
      ...(executablePath ? { executablePath } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
});
