// The data folder holds the settings (which profile is live, whether the guard is armed), the history and the close
// queue: it must be this user's alone. A folder another user owns or may write is refused with what to run to fix it,
// and its files are opened without following symbolic links, so a link planted there can never make the app read or
// write somewhere else. A folder the app creates is made owner-only (0700).
import { closeSync, constants, lstatSync, mkdirSync, openSync, readFileSync, readlinkSync, renameSync, statSync, writeSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename, join } from 'node:path';
import type { ExplainedError, Result } from '../../shared/bitget.ts';

/** Windows has no O_NOFOLLOW (and no symlinks a user can plant without privilege): 0 there. */
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

/** open(2) flags for appending to a file that is created if missing and never followed if it is a link. */
export const APPEND_NO_FOLLOW = constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | NO_FOLLOW;
/** open(2) flags for writing a file from the start (created or truncated), never through a link. */
export const WRITE_NO_FOLLOW = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | NO_FOLLOW;

export function readFileNoFollow(path: string): string {
  const descriptor = openSync(path, constants.O_RDONLY | NO_FOLLOW);
  try {
    return readFileSync(descriptor, 'utf8');
  } finally {
    closeSync(descriptor);
  }
}

/** Creates or truncates `path` (never through a link) and writes all of `text`; the caller renames it into place. */
export function writeFileNoFollow(path: string, text: string, mode = 0o600): void {
  const descriptor = openSync(path, WRITE_NO_FOLLOW, mode);
  try {
    const bytes = Buffer.from(text);
    for (let written = 0; written < bytes.length; ) written += writeSync(descriptor, bytes, written);
  } finally {
    closeSync(descriptor);
  }
}

/**
 * Makes the folder (owner-only) when it is missing, refuses it when another user owns it or may write it, and sets
 * aside a history file that is a symbolic link (the settings file is set aside by loadSettingsFile). Returns notices.
 */
export function openDataFolder(dir: string): Result<{ notices: string[] }> {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    return refuse(dir, `it cannot be created (${messageOf(error)})`, `Create it yourself (mkdir -p -m 700 '${dir}'), or set BITGET_PANIC_DATA_DIR to a folder of your own.`);
  }
  let stats;
  try {
    stats = statSync(dir);
  } catch (error) {
    return refuse(dir, `it cannot be read (${messageOf(error)})`, 'Check the folder, or set BITGET_PANIC_DATA_DIR to a folder of your own.');
  }
  if (!stats.isDirectory()) return refuse(dir, 'it is not a folder', `Move that file away, or set BITGET_PANIC_DATA_DIR to a folder of your own.`);
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  if (uid !== undefined && stats.uid !== uid) {
    return refuse(
      dir,
      `it belongs to another user (uid ${stats.uid}; you are uid ${uid}), who could change your profiles and your guard`,
      `If the folder is yours, run: sudo chown -R ${userInfo().username} '${dir}' && chmod 700 '${dir}'. Otherwise set BITGET_PANIC_DATA_DIR to a folder of your own.`,
    );
  }
  if (uid !== undefined && (stats.mode & 0o022) !== 0) {
    const mode = (stats.mode & 0o777).toString(8).padStart(3, '0');
    return refuse(dir, `other users may write to it (mode ${mode}), and could change your profiles and your guard`, `Run: chmod 700 '${dir}'`);
  }
  const notice = setAsideLink(join(dir, 'audit.jsonl'), 'history file');
  return { ok: true, value: { notices: notice ? [notice] : [] } };
}

/** A symbolic link where a file of ours should be is renamed aside (the link itself: what it points at is untouched). */
export function setAsideLink(path: string, what: string): string | undefined {
  let target: string;
  try {
    if (!lstatSync(path).isSymbolicLink()) return undefined;
    target = readlinkSync(path);
  } catch {
    return undefined;
  }
  const keptAt = `${path}.symlink-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  try {
    renameSync(path, keptAt);
  } catch (error) {
    return `The ${what} ${path} is a symbolic link to ${target}, which the app does not follow, and it could not be set aside (${messageOf(error)}): remove it.`;
  }
  return `The ${what} ${basename(path)} was a symbolic link to ${target}, which the app does not follow: the link was kept aside as ${keptAt} and a new ${what} is used. If you did not make that link, someone else who uses this computer did.`;
}

function refuse(dir: string, why: string, fix: string): { ok: false; error: ExplainedError } {
  return {
    ok: false,
    error: {
      kind: 'bad-input',
      message: `The data folder ${dir} is not used: ${why}.`,
      hint: `Nothing was read or sent. ${fix}`,
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
