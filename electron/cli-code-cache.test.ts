// The CLI's code cache: where it lives, what it is named after, and when it is read, refused and written. Each start
// runs in a child process of its own, as the CLI does (one V8 isolate per start, nothing shared in memory).
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeCacheDir, codeCacheName, sourceKey } from './cli-code-cache.ts';

const LIBRARY = fileURLToPath(new URL('./cli-code-cache.ts', import.meta.url));
const KEY = 'ab'.repeat(8);

describe('codeCacheDir', () => {
  it('is the user cache folder of each system', () => {
    expect(codeCacheDir({}, 'linux', '/home/ann')).toBe('/home/ann/.cache/bitget-panic/code-cache');
    expect(codeCacheDir({ XDG_CACHE_HOME: '/var/cache/ann' }, 'linux', '/home/ann')).toBe('/var/cache/ann/bitget-panic/code-cache');
    expect(codeCacheDir({}, 'darwin', '/Users/ann')).toBe('/Users/ann/Library/Caches/bitget-panic/code-cache');
    expect(codeCacheDir({ LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local' }, 'win32', 'C:\\Users\\ann')).toBe('C:\\Users\\ann\\AppData\\Local\\bitget-panic\\code-cache');
  });

  it('is none when switched off or when no absolute folder is known', () => {
    expect(codeCacheDir({ BITGET_PANIC_CODE_CACHE: 'off' }, 'linux', '/home/ann')).toBeUndefined();
    expect(codeCacheDir({}, 'linux', '')).toBeUndefined();
    expect(codeCacheDir({}, 'win32', 'C:\\Users\\ann')).toBeUndefined();
    // A relative XDG_CACHE_HOME is invalid by its specification: the default is used.
    expect(codeCacheDir({ XDG_CACHE_HOME: 'cache' }, 'linux', '/home/ann')).toBe('/home/ann/.cache/bitget-panic/code-cache');
  });
});

describe('codeCacheName', () => {
  it('names the bundle\'s bytes, the Node and the command', () => {
    expect(codeCacheName(['close', '--yes'], KEY, 'v24.1.0-x64')).toBe(`${'ab'.repeat(8)}-v24.1.0-x64-close.v8`);
    expect(codeCacheName(['--json', 'positions', '--product-type', 'USDT-FUTURES'], KEY, 'v24.1.0-x64')).toMatch(/-positions\.v8$/);
    expect(codeCacheName(['close', '--help'], KEY, 'v24.1.0-x64')).toMatch(/-help\.v8$/);
    expect(codeCacheName(['launch'], KEY, 'v24.1.0-x64')).toMatch(/-other\.v8$/);
    expect(codeCacheName(['close'], 'cd'.repeat(8), 'v24.1.0-x64')).not.toBe(codeCacheName(['close'], KEY, 'v24.1.0-x64'));
    expect(codeCacheName(['close'], KEY, 'v22.12.0-x64')).not.toBe(codeCacheName(['close'], KEY, 'v24.1.0-x64'));
  });
});

describe('sourceKey', () => {
  it('is 16 hex digits, the same for the same bytes and another for a same-length edit', () => {
    const bytes = Buffer.from('exports.answer = () => 42;\n');
    expect(sourceKey(bytes)).toMatch(/^[0-9a-f]{16}$/);
    expect(sourceKey(Buffer.from(bytes))).toBe(sourceKey(bytes));
    expect(sourceKey(Buffer.from('exports.answer = () => 43;\n'))).not.toBe(sourceKey(bytes));
    expect(sourceKey(Buffer.from('exports.answer = () => 42; \n'))).not.toBe(sourceKey(bytes));
  });
});

describe('runBundle', () => {
  let dir: string;
  let cacheDir: string;
  let bundle: string;
  /** The cache of the bundle's bytes as they are now, as the launcher names it (the runtime given as "v1"). */
  const cacheFile = () => join(cacheDir, codeCacheName(['close'], sourceKey(readFileSync(bundle)), 'v1'));

  /** One start: runs the bundle, prints what it exported and what became of the cache, exits with `exitCode`. */
  function start(exitCode = 0) {
    const runner = `
      import { join } from 'node:path';
      import { codeCacheName, runBundle } from ${JSON.stringify(LIBRARY)};
      const cacheFileFor = (key) => join(${JSON.stringify(cacheDir)}, codeCacheName(['close'], key, 'v1'));
      const run = runBundle({ bundlePath: ${JSON.stringify(bundle)}, cacheFileFor });
      process.once('exit', (code) => run.save(code));
      console.log(JSON.stringify({ cache: run.cache, answer: run.exports.answer() }));
      process.exitCode = ${exitCode};`;
    const child = spawnSync(process.execPath, ['--experimental-strip-types', '--disable-warning=ExperimentalWarning', '--input-type=module', '-e', runner], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(exitCode);
    return JSON.parse(child.stdout) as { cache: string; answer: number };
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'panic-code-cache-'));
    cacheDir = join(dir, 'cache', 'code-cache');
    bundle = join(dir, 'bundle.cjs');
    // Enough functions that a cache is worth having; the shebang is kept out of the compiled source.
    const helpers = Array.from({ length: 50 }, (_, index) => `function f${index}(x) { return x + ${index}; }`).join('\n');
    writeFileSync(bundle, `#!/usr/bin/env node\n${helpers}\nexports.answer = () => f41(1);\n`);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a private cache after a first good start and runs from it at the next', () => {
    expect(start()).toEqual({ cache: 'absent', answer: 42 });
    expect(statSync(cacheFile()).mode & 0o777).toBe(0o600);
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    const written = readFileSync(cacheFile());
    expect(start()).toEqual({ cache: 'accepted', answer: 42 });
    expect(readFileSync(cacheFile()).equals(written)).toBe(true);
  });

  it('writes nothing after a start that failed (its code may be a refusal, not the command)', () => {
    expect(start(2).cache).toBe('absent');
    expect(existsSync(cacheFile())).toBe(false);
  });

  it('refuses a damaged cache, runs without it and replaces it', () => {
    start();
    const bytes = readFileSync(cacheFile());
    bytes[bytes.length - 10] = (bytes[bytes.length - 10]! + 1) % 256;
    writeFileSync(cacheFile(), bytes);
    expect(start()).toEqual({ cache: 'rejected', answer: 42 });
    expect(start().cache).toBe('accepted');
  });

  it('gives a bundle of other bytes a cache of its own, and removes the old one when it writes it', () => {
    start();
    const old = cacheFile();
    writeFileSync(bundle, `${readFileSync(bundle, 'utf8')}exports.more = () => 1;\n`);
    expect(cacheFile()).not.toBe(old);
    expect(start()).toEqual({ cache: 'absent', answer: 42 });
    expect(existsSync(old)).toBe(false);
    expect(start().cache).toBe('accepted');
  });

  it('refuses code V8 will not take for this source (here: another source\'s, under this name) and replaces it', () => {
    const source = readFileSync(bundle, 'utf8');
    writeFileSync(bundle, `${source}exports.more = () => 1;\n`);
    start();
    const other = readFileSync(cacheFile());
    writeFileSync(bundle, source);
    writeFileSync(cacheFile(), other, { mode: 0o600 });
    expect(start()).toEqual({ cache: 'rejected', answer: 42 });
    expect(start().cache).toBe('accepted');
  });

  it('runs the new code after a same-length edit of the bundle in place (V8 checks only the length)', () => {
    start();
    const edited = readFileSync(bundle, 'utf8').replace('function f41(x) { return x + 41; }', 'function f41(x) { return x + 97; }');
    expect(edited.length).toBe(readFileSync(bundle, 'utf8').length);
    writeFileSync(bundle, edited);
    expect(start().answer).toBe(98);
    expect(start()).toEqual({ cache: 'accepted', answer: 98 });
  });

  it.skipIf(typeof process.getuid !== 'function')('never reads nor replaces a cache others could have written', () => {
    start();
    chmodSync(cacheFile(), 0o666);
    const before = readFileSync(cacheFile());
    expect(start()).toEqual({ cache: 'untrusted', answer: 42 });
    expect(readFileSync(cacheFile()).equals(before)).toBe(true);
    chmodSync(cacheFile(), 0o600);
    chmodSync(cacheDir, 0o777);
    expect(start().cache).toBe('untrusted');
  });

  it('removes the caches of other builds when it writes one', () => {
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    const key = sourceKey(readFileSync(bundle));
    writeFileSync(join(cacheDir, codeCacheName(['close'], '0123456789abcdef', 'v1')), 'other bytes');
    writeFileSync(join(cacheDir, codeCacheName(['close'], key, 'v0')), 'another Node');
    writeFileSync(join(cacheDir, codeCacheName(['positions'], key, 'v1')), 'these bytes, another command');
    start();
    expect(readdirSync(cacheDir).sort()).toEqual([codeCacheName(['close'], key, 'v1'), codeCacheName(['positions'], key, 'v1')].sort());
  });
});
