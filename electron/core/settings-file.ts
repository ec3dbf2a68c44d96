// The settings file (profiles without secrets, presets, app options) shared by the app and the CLI.
// A corrupted or invalid file is kept aside and replaced by defaults with a notice, never a crash.
// Every change is a read-modify-write under one lock for all processes, so concurrent changes are never lost.
import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import lockfile from 'proper-lockfile';
import { appSettingsSchema, type AppSettings } from '../../shared/schema.ts';
import { WRITE_NO_FOLLOW, readFileNoFollow, setAsideLink } from './data-folder.ts';
import { ExplainedFailure } from './explained-failure.ts';

export const APP_DIR_NAME = 'bitget-panic';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.BITGET_PANIC_DATA_DIR) return env.BITGET_PANIC_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_DIR_NAME);
  // The XDG spec: an empty or relative XDG_CONFIG_HOME is ignored, never a folder relative to wherever we started.
  const xdg = env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(xdg, APP_DIR_NAME);
}

export function defaultSettings(): AppSettings {
  return appSettingsSchema.parse({});
}

export function loadSettingsFile(filePath: string): { settings: AppSettings; notices: string[] } {
  // A link is never followed: another user could point it at settings of their choosing (a disarmed guard).
  const linked = setAsideLink(filePath, 'settings file');
  if (linked) return { settings: defaultSettings(), notices: [`${linked} ${DEFAULTS_IN_USE}`] };
  const raw = readIfThere(filePath);
  if (raw === undefined) return { settings: defaultSettings(), notices: [] };
  let problem: string;
  try {
    const parsed = appSettingsSchema.safeParse(JSON.parse(raw));
    if (parsed.success) return { settings: parsed.data, notices: [] };
    problem = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'file'}: ${issue.message}`).join('; ');
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  const keptAt = `${filePath}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  renameSync(filePath, keptAt);
  return {
    settings: defaultSettings(),
    notices: [
      `The settings file could not be read (${problem}). It was kept at ${keptAt}. ${DEFAULTS_IN_USE}`,
    ],
  };
}

const DEFAULTS_IN_USE = "The defaults are in use: re-add your profiles' metadata (the keys are still in the keychain) and presets, or restore the file by hand.";

/** The file's text, or undefined when there is none; never through a symbolic link. */
function readIfThere(filePath: string): string | undefined {
  try {
    return readFileNoFollow(filePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export interface SettingsStore {
  /** The settings as the file holds them now (another process may have changed them). */
  read(): AppSettings;
  /**
   * Read-modify-write under the settings lock that every process of the app shares (the app and any CLI run): `change`
   * gets the settings as the file holds them inside the lock, and may do work that must go with the write (the
   * keychain entry of a profile). Returning undefined leaves the file as it is. Resolves to the settings after it.
   * Rejects with a SettingsError (explained) when the lock or the file cannot be used: nothing was changed then.
   */
  update(change: SettingsChange): Promise<AppSettings>;
}

export type SettingsChange = (current: AppSettings) => AppSettings | undefined | Promise<AppSettings | undefined>;

/** Thrown when the settings cannot be changed safely; carries an explanation for the person. */
export class SettingsError extends ExplainedFailure {}

/** A holder that died (kill -9) leaves its lock behind: it is taken over once it is this old. */
const SETTINGS_LOCK_STALE_MS = 5_000;
/** How long a change waits for others' changes before it gives up (longer than a stale lock lives). */
const SETTINGS_LOCK_WAIT_MS = 15_000;

/** Runs `work` holding the settings lock (`<file>.lock`), shared by the JSON store and the electron-store one. */
export async function withSettingsLock<T>(filePath: string, work: () => Promise<T>): Promise<T> {
  let release: () => Promise<void>;
  try {
    mkdirSync(dirname(filePath), { recursive: true, mode: 0o700 });
    release = await lockfile.lock(filePath, {
      realpath: false,
      stale: SETTINGS_LOCK_STALE_MS,
      retries: { retries: 1_000, factor: 1.3, minTimeout: 5, maxTimeout: 100, randomize: true, maxRetryTime: SETTINGS_LOCK_WAIT_MS },
      onCompromised: () => undefined,
    });
  } catch (error) {
    const busy = (error as NodeJS.ErrnoException).code === 'ELOCKED';
    throw new SettingsError({
      kind: 'unknown',
      message: busy
        ? 'The settings are being changed by another Bitget Panic Button window or command that did not finish; nothing was changed.'
        : `The settings could not be locked for a change (${error instanceof Error ? error.message : String(error)}); nothing was changed.`,
      hint: busy ? 'Try again in a few seconds.' : 'Check that the app’s data folder exists and is writable, then try again.',
    });
  }
  try {
    return await work();
  } finally {
    await release().catch(() => undefined);
  }
}

/** Inside the lock the file must be read as it is: one that cannot be read is not overwritten. */
function readSettingsStrictly(filePath: string): AppSettings {
  try {
    const raw = readIfThere(filePath);
    return raw === undefined ? defaultSettings() : appSettingsSchema.parse(JSON.parse(raw));
  } catch (error) {
    throw new SettingsError({
      kind: 'unknown',
      message: `The settings file cannot be read (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); nothing was changed.`,
      hint: 'Restart the app or run the command again: a damaged settings file is kept aside and replaced by the defaults, with a notice.',
    });
  }
}

/** Writes go to a temporary file that is flushed to disk and renamed into place, owner-only (0600). */
export function writeSettingsFile(filePath: string, settings: AppSettings): void {
  mkdirSync(dirname(filePath), { recursive: true, mode: 0o700 });
  const temporary = `${filePath}.tmp-${process.pid}`;
  const descriptor = openSync(temporary, WRITE_NO_FOLLOW, 0o600);
  try {
    writeSync(descriptor, `${JSON.stringify(appSettingsSchema.parse(settings), null, 2)}\n`);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  chmodSync(temporary, 0o600);
  renameSync(temporary, filePath);
}

export function createJsonSettingsStore(filePath: string): SettingsStore & { notices: string[] } {
  const { settings, notices } = loadSettingsFile(filePath);
  let lastRead = settings;
  return {
    notices,
    read() {
      // Another process may have changed the file; if it cannot be read now, the last good read stands.
      try {
        lastRead = readSettingsStrictly(filePath);
      } catch {
        // keep lastRead
      }
      return lastRead;
    },
    update: (change) =>
      withSettingsLock(filePath, async () => {
        const current = readSettingsStrictly(filePath);
        const next = await change(current);
        if (next === undefined) return (lastRead = current);
        writeSettingsFile(filePath, next);
        return (lastRead = appSettingsSchema.parse(next));
      }),
  };
}
