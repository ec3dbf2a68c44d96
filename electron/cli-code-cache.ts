// The CLI's cold start: the bundle runs from V8 code that an earlier successful run of the same command cached after it
// had run, so a start skips compiling what that run compiled. (Node's own compile cache keeps only what is compiled
// before a module runs; a close compiles most of its code while running, about 15 ms of every start.)
// The cache is code, so it is trusted only when it is this user's: in the user's cache folder, owned by this user and
// writable by nobody else, with a checksum, named after the bundle's content as read at this start, Node's version and
// the command. Anything else is ignored, and costs the start its compile and nothing more.
import { fstatSync, mkdirSync, openSync, closeSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix, win32 } from 'node:path';
import vm from 'node:vm';
import { crc32 } from 'node:zlib';

/** What became of the cache at start: used; there but unusable (damaged, or refused by V8: other Node or flags); none yet; not this user's; off. */
export type CodeCacheUse = 'accepted' | 'rejected' | 'absent' | 'untrusted' | 'off';

export interface BundleRun {
  exports: Record<string, unknown>;
  cache: CodeCacheUse;
  /** At exit: caches this run's compiled code when it ended well (exit code 0) and no usable cache was there. */
  save(exitCode: number | string | undefined): void;
}

/** The commands that get a cache each (a close compiles other code than `profiles list`); anything else shares one. */
const COMMANDS = ['close', 'positions', 'profiles', 'practice', 'guard'] as const;

/** The user's own cache folder for the CLI's code, or undefined where there is none to be had. */
export function codeCacheDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): string | undefined {
  if (env.BITGET_PANIC_CODE_CACHE === 'off') return undefined;
  if (platform === 'win32') return env.LOCALAPPDATA && win32.isAbsolute(env.LOCALAPPDATA) ? win32.join(env.LOCALAPPDATA, 'bitget-panic', 'code-cache') : undefined;
  if (!posix.isAbsolute(home)) return undefined;
  if (platform === 'darwin') return posix.join(home, 'Library', 'Caches', 'bitget-panic', 'code-cache');
  const base = env.XDG_CACHE_HOME && posix.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : posix.join(home, '.cache');
  return posix.join(base, 'bitget-panic', 'code-cache');
}

/** `<source key>-<node version>-<arch>-<command>.v8`: other bundle bytes or another Node never read an old cache. */
export function codeCacheName(args: readonly string[], sourceKey: string, runtime = `${process.version}-${process.arch}`): string {
  const asksHelp = args.includes('--help') || args.includes('-h');
  const command = asksHelp ? 'help' : (COMMANDS.find((name) => args.includes(name)) ?? 'other');
  return `${sourceKey}-${runtime}-${command}.v8`;
}

/**
 * The bundle's bytes as read at this start, as 16 hex digits: their CRC-32 and their length. V8 accepts cached code
 * for any source of the same length (it checks no more), so without this a same-length edit would run the old code.
 * A CRC-32 is enough here: it tells an edited or reinstalled bundle from the one cached (a chance of 2^-32 that an
 * edit goes unseen), and a bundle made to collide gains nothing, as whoever can write the bundle runs its code anyway.
 * It costs about 0.3 ms on the 1.4 MB bundle; SHA-256 costs 1-5 ms at a fresh start (bench/cli-source-key.mjs).
 */
export function sourceKey(bytes: Uint8Array): string {
  return `${crc32(bytes).toString(16).padStart(8, '0')}${bytes.length.toString(16).padStart(8, '0')}`;
}

/** Runs a CommonJS bundle from its source, with the cached code when there is a trusted one for exactly these bytes. */
export function runBundle(options: { bundlePath: string; cacheFileFor: (sourceKey: string) => string | undefined }): BundleRun {
  const { bundlePath } = options;
  const bytes = readFileSync(bundlePath);
  const cacheFile = options.cacheFileFor(sourceKey(bytes));
  // The shebang line is left empty rather than removed: line numbers in stack traces stay the bundle's.
  const source = bytes.toString('utf8').replace(/^#!.*/, '');
  const cached = cacheFile ? readTrusted(cacheFile) : { use: 'off' as const };
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundlePath,
    ...('data' in cached ? { cachedData: cached.data } : {}),
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const cache: CodeCacheUse = 'data' in cached ? (script.cachedDataRejected === true ? 'rejected' : 'accepted') : cached.use === 'damaged' ? 'rejected' : cached.use;
  const module = { exports: {} as Record<string, unknown> };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(bundlePath), module, bundlePath, dirname(bundlePath));
  return {
    exports: module.exports,
    cache,
    save(exitCode) {
      if (!cacheFile || (cache !== 'absent' && cache !== 'rejected') || (exitCode !== undefined && Number(exitCode) !== 0)) return;
      writeCache(cacheFile, script.createCachedData());
    },
  };
}

type CacheRead = { use: 'absent' | 'untrusted' | 'damaged' } | { use: 'present'; data: Buffer };

function readTrusted(file: string): CacheRead {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return { use: 'absent' };
  }
  try {
    if (!ownedPrivately(fstatSync(fd)) || !ownedPrivately(statSync(dirname(file)))) return { use: 'untrusted' };
    const bytes = readFileSync(fd);
    // A torn or damaged file is refused here: V8 checks versions and flags, not every byte.
    if (bytes.length <= 4 || crc32(bytes.subarray(4)) !== bytes.readUInt32BE(0)) return { use: 'damaged' };
    return { use: 'present', data: bytes.subarray(4) };
  } catch {
    return { use: 'absent' };
  } finally {
    closeSync(fd);
  }
}

/** This user's, and nobody else may write it (where the system has owners: not on Windows). */
function ownedPrivately(stats: Stats): boolean {
  if (typeof process.getuid !== 'function') return true;
  return stats.uid === process.getuid() && (stats.mode & 0o022) === 0;
}

function writeCache(file: string, data: Buffer): void {
  const dir = dirname(file);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!ownedPrivately(statSync(dir))) return;
    const header = Buffer.alloc(4);
    header.writeUInt32BE(crc32(data));
    // Written beside it and renamed: a start that reads it meanwhile sees the old file or the new one, never half.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.concat([header, data]), { mode: 0o600 });
    renameSync(partial, file);
    pruneOthers(dir, file);
  } catch {
    // A cache that cannot be written costs the next start its compile, nothing else.
  }
}

/** Caches of other builds or other Node versions are never read again: removed when a new one is written. */
function pruneOthers(dir: string, kept: string): void {
  const name = kept.slice(dir.length + 1);
  const prefix = name.slice(0, name.lastIndexOf('-') + 1);
  for (const entry of readdirSync(dir)) {
    if (entry.endsWith('.v8') && !entry.startsWith(prefix)) rmSync(join(dir, entry), { force: true });
  }
}
