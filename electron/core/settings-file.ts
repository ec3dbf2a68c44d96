// The settings file (profiles without secrets, presets, app options) shared by the app and the CLI.
// A corrupted or invalid file is kept aside and replaced by defaults with a notice, never a crash.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { appSettingsSchema, type AppSettings } from '../../shared/schema.ts';

export const APP_DIR_NAME = 'bitget-panic';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.BITGET_PANIC_DATA_DIR) return env.BITGET_PANIC_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_DIR_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_DIR_NAME);
}

export function defaultSettings(): AppSettings {
  return appSettingsSchema.parse({});
}

export function loadSettingsFile(filePath: string): { settings: AppSettings; notices: string[] } {
  if (!existsSync(filePath)) return { settings: defaultSettings(), notices: [] };
  const raw = readFileSync(filePath, 'utf8');
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
      `The settings file could not be read (${problem}). It was kept at ${keptAt} and the defaults are in use: re-add your profiles' metadata (the keys are still in the keychain) and presets, or restore the file by hand.`,
    ],
  };
}

export interface SettingsStore {
  read(): AppSettings;
  write(next: AppSettings): void;
}

/** Writes go to a temporary file first and are renamed into place, owner-only (0600). */
export function writeSettingsFile(filePath: string, settings: AppSettings): void {
  mkdirSync(dirname(filePath), { recursive: true, mode: 0o700 });
  const temporary = `${filePath}.tmp-${process.pid}`;
  writeFileSync(temporary, `${JSON.stringify(appSettingsSchema.parse(settings), null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, filePath);
}

export function createJsonSettingsStore(filePath: string): SettingsStore & { notices: string[] } {
  const { settings, notices } = loadSettingsFile(filePath);
  let current = settings;
  return {
    notices,
    read: () => current,
    write(next) {
      writeSettingsFile(filePath, next);
      current = appSettingsSchema.parse(next);
    },
  };
}
