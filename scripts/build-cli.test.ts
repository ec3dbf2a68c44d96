// The bundled CLI (npm run build:cli): one file behind a launcher, working on its own from its folder in dist, run
// from the code cached after its first good run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
    const bundle = readFileSync(join(outDir, 'bitget-panic-cli.cjs'), 'utf8');
    expect(bundle).toMatch(/createRequire\)\([^;]*__filename[^;]*\)\("keytar"\)/);
    expect(bundle).not.toContain('keytar.node');
    expect(readdirSync(outDir).sort()).toEqual(['bitget-panic-cli.cjs', 'bitget-panic.js']);
  });

  it('runs a whole close from the launcher, caches its code after it and runs the next close from that cache', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'panic-bundle-'));
    const cacheHome = mkdtempSync(join(tmpdir(), 'panic-bundle-cache-'));
    const cacheDir = join(cacheHome, 'bitget-panic', 'code-cache');
    const env = { BITGET_PANIC_DATA_DIR: dataDir, XDG_CACHE_HOME: cacheHome };
    const close = () => run(['close', '--practice', '--product-type', 'USDT-FUTURES', '--yes', '--no-costs', '--json'], env);
    try {
      const closed = close();
      expect(closed.status).toBe(0);
      expect(JSON.parse(closed.stdout)).toMatchObject({ status: 'flat', verified: true, closeAttempts: 1 });
      const [cached, ...others] = readdirSync(cacheDir);
      expect(others).toEqual([]);
      expect(cached).toMatch(new RegExp(`^[0-9a-f]{16}-${process.version.replace(/\./g, '\\.')}-${process.arch}-close\\.v8$`));
      const written = statSync(join(cacheDir, cached!));
      // Compiled code only: the practice key the close signed with is nowhere in it (one- or two-byte strings).
      const { credentials } = JSON.parse(readFileSync(join(dataDir, 'practice', 'account.json'), 'utf8')) as { credentials: Record<string, string> };
      const cacheBytes = readFileSync(join(cacheDir, cached!));
      for (const secret of [credentials.apiKey!, credentials.secretKey!, credentials.passphrase!]) {
        expect(cacheBytes.includes(Buffer.from(secret, 'latin1'))).toBe(false);
        expect(cacheBytes.includes(Buffer.from(secret, 'utf16le'))).toBe(false);
      }

      run(['practice', 'reset'], env);
      const again = close();
      expect(again.status).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({ status: 'flat', verified: true });
      // Used, not written again.
      expect(statSync(join(cacheDir, cached!)).mtimeMs).toBe(written.mtimeMs);

      const help = run(['--help'], env);
      expect(help.status).toBe(0);
      expect(help.stdout).toContain('bitget-panic close --product-type T');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(cacheHome, { recursive: true, force: true });
    }
  });

  it('runs the new code after the bundle is edited in place to the same length, and caches that', () => {
    const cacheHome = mkdtempSync(join(tmpdir(), 'panic-bundle-cache-'));
    const bundlePath = join(outDir, 'bitget-panic-cli.cjs');
    const original = readFileSync(bundlePath, 'utf8');
    const env = { XDG_CACHE_HOME: cacheHome };
    try {
      expect(run(['--help'], env).stdout).toContain('close Bitget futures positions from the command line');
      expect(run(['--help'], env).stdout).toContain('close Bitget futures positions from the command line');
      const edited = original.replace('close Bitget futures positions from the command line', 'CLOSE BITGET FUTURES POSITIONS FROM THE COMMAND LINE');
      expect(edited.length).toBe(original.length);
      writeFileSync(bundlePath, edited);
      expect(run(['--help'], env).stdout).toContain('CLOSE BITGET FUTURES POSITIONS FROM THE COMMAND LINE');
      expect(run(['--help'], env).stdout).toContain('CLOSE BITGET FUTURES POSITIONS FROM THE COMMAND LINE');
      expect(readdirSync(join(cacheHome, 'bitget-panic', 'code-cache'))).toHaveLength(1);
    } finally {
      writeFileSync(bundlePath, original);
      rmSync(cacheHome, { recursive: true, force: true });
    }
  });

  it('caches nothing when BITGET_PANIC_CODE_CACHE=off', () => {
    const cacheHome = mkdtempSync(join(tmpdir(), 'panic-bundle-cache-'));
    try {
      expect(run(['--help'], { XDG_CACHE_HOME: cacheHome, BITGET_PANIC_CODE_CACHE: 'off' }).status).toBe(0);
      expect(readdirSync(cacheHome)).toEqual([]);
    } finally {
      rmSync(cacheHome, { recursive: true, force: true });
    }
  });
});
