// The bundled CLI (npm run build:cli): one file behind a launcher, working on its own from its folder in dist.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '..');
// Inside the repository, so that keytar (left outside the bundle) resolves from node_modules as it does in dist/cli.
const outDir = join(REPO, 'dist', `cli-test-${process.pid}`);
const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [join(outDir, 'bitget-panic.js'), ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 20_000 });

beforeAll(() => {
  const built = spawnSync(process.execPath, [join(REPO, 'scripts', 'build-cli.mjs'), outDir], { encoding: 'utf8', timeout: 60_000 });
  expect(built.stderr).toBe('');
  expect(built.status).toBe(0);
}, 60_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the bundled CLI', () => {
  it('keeps keytar (native) outside the bundle and loads it from node_modules when needed', () => {
    const bundle = readFileSync(join(outDir, 'bitget-panic-cli.js'), 'utf8');
    expect(bundle).toContain('createRequire(import.meta.url)("keytar")');
    expect(bundle).not.toContain('keytar.node');
    expect(readFileSync(join(outDir, 'bitget-panic.js'), 'utf8')).toMatch(/enableCompileCache[\s\S]*import\('\.\/bitget-panic-cli\.js'\)/);
  });

  it('runs a whole close from the launcher: the practice account closed and verified flat', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'panic-bundle-'));
    try {
      const closed = run(['close', '--practice', '--product-type', 'USDT-FUTURES', '--yes', '--no-costs', '--json'], { BITGET_PANIC_DATA_DIR: dataDir });
      expect(closed.status).toBe(0);
      expect(JSON.parse(closed.stdout)).toMatchObject({ status: 'flat', verified: true, closeAttempts: 1 });
      const help = run(['--help']);
      expect(help.status).toBe(0);
      expect(help.stdout).toContain('bitget-panic close --product-type T');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
