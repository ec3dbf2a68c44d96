// `npm start` where the Electron binary cannot be had: one clear message (what is missing, why, what works now), exit 1,
// no stack trace. ELECTRON_OVERRIDE_DIST_PATH at an empty folder stands for "no binary" without any download attempt.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

describe('npm start without the Electron binary', () => {
  const emptyDist = mkdtempSync(join(tmpdir(), 'panic-no-electron-'));
  afterAll(() => rmSync(emptyDist, { recursive: true, force: true }));

  it('says what is missing, why, and what works now, and exits 1 without a stack trace', () => {
    expect(existsSync(join(repoRoot, 'dist/electron/main/chromium-sandbox.js')), 'run `npm run build` first').toBe(true);
    const run = spawnSync(process.execPath, ['build/start.mjs'], {
      cwd: repoRoot,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: emptyDist },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('the Electron binary is missing');
    expect(run.stderr).toContain(`nothing at ${join(emptyDist, 'electron')}`);
    expect(run.stderr).toContain('node dist/cli/bitget-panic.js positions --practice --product-type USDT-FUTURES');
    expect(run.stderr).toContain('npm test');
    expect(run.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(run.stderr.trim().split('\n')[0]).toBe('npm start cannot open the window: the Electron binary is missing.');
  });
});
