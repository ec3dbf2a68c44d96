// Where the app keeps its data, checked before Electron sees it: app.setPath throws on a relative path, and an empty
// or relative folder would put the settings and Chromium's files wherever the app happened to be started from.
import { isAbsolute } from 'node:path';
import type { ExplainedError } from '../../shared/bitget.ts';
import { defaultDataDir } from '../core/settings-file.ts';

const refused = (message: string, hint: string): { ok: false; error: ExplainedError } => ({ ok: false, error: { kind: 'environment', message, hint } });

function checkVariable(env: NodeJS.ProcessEnv, name: string, use: string): { ok: false; error: ExplainedError } | undefined {
  const value = env[name];
  if (value === undefined) return undefined;
  if (value.trim() === '') return refused(`${name} is set but empty.`, `Set it to an absolute folder path (${use}), or unset it to use the default folder.`);
  if (!isAbsolute(value)) return refused(`${name} must be an absolute folder path; it is "${value}".`, `Set it to an absolute path (${use}), or unset it to use the default folder.`);
  return undefined;
}

/** The data folder (BITGET_PANIC_DATA_DIR, else the platform's config folder), or why it cannot be used. */
export function resolveDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): { ok: true; value: string } | { ok: false; error: ExplainedError } {
  const own = checkVariable(env, 'BITGET_PANIC_DATA_DIR', 'e.g. /home/you/bitget-panic');
  if (own) return own;
  if (env.BITGET_PANIC_DATA_DIR === undefined && platform !== 'win32' && platform !== 'darwin') {
    const xdg = checkVariable(env, 'XDG_CONFIG_HOME', 'usually /home/you/.config');
    if (xdg) return xdg;
  }
  const dir = defaultDataDir(env, platform);
  if (!isAbsolute(dir)) return refused(`The data folder "${dir}" is not an absolute path.`, 'Set BITGET_PANIC_DATA_DIR to an absolute folder path.');
  return { ok: true, value: dir };
}
