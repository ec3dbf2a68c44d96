// Builds the renderer the specs run against (skip with PANIC_E2E_SKIP_BUILD=1 when dist/renderer is fresh).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { REPO_ROOT } from '../harness/server.ts';

export default async function globalSetup(): Promise<void> {
  if (!process.env.PANIC_KEYRING_READY) {
    console.warn('e2e/browser: not inside scripts/with-keyring.sh; profiles need a Secret Service (run `scripts/with-keyring.sh npm run test:e2e`).');
  }
  if (process.env.PANIC_E2E_SKIP_BUILD === '1' && existsSync(join(REPO_ROOT, 'dist', 'renderer', 'index.html'))) return;
  await build({ configFile: join(REPO_ROOT, 'vite.config.ts'), root: join(REPO_ROOT, 'renderer'), logLevel: 'warn' });
}
