// The audit log's files: the live `audit.jsonl` and, after rotation, `audit.<n>.jsonl` — a higher n is newer, and a
// file keeps its number for good (the live file's number is the next one, which it takes when it is rotated). A history
// page's cursor names a file by that number, so paging goes on across a rotation that happens in between.
// Appends never lock (the app and every CLI run append to the live file at once). Rotation renames the live file under
// a lock, so two processes never rotate at once; an append that opened the file just before the rename lands in the
// renamed file, where the history still finds it.
import { lstat, open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import lockfile from 'proper-lockfile';

export interface AuditRotation {
  /** The live file is rotated once an append leaves it at least this big. */
  maxBytes: number;
  /** How many rotated files are kept; older ones are deleted. */
  keep: number;
}

export const DEFAULT_AUDIT_ROTATION: AuditRotation = { maxBytes: 32 * 1024 * 1024, keep: 4 };

/** A holder that died mid-rotation leaves its lock behind: it is taken over once it is this old. */
const ROTATION_LOCK_STALE_MS = 10_000;

export interface AuditFiles {
  readonly livePath: string;
  /** The path of rotated file number `n`. */
  rotatedPath(n: number): string;
  /** The numbers of the rotated files there are now, oldest first. */
  rotatedNumbers(): Promise<number[]>;
}

export function auditFiles(livePath: string): AuditFiles {
  const dir = dirname(livePath);
  const name = basename(livePath);
  const dot = name.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  const rotatedName = new RegExp(`^${escapeRegExp(stem)}\\.([1-9][0-9]{0,14})${escapeRegExp(extension)}$`);
  return {
    livePath,
    rotatedPath: (n) => join(dir, `${stem}.${n}${extension}`),
    async rotatedNumbers() {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      return names
        .map((file) => rotatedName.exec(file)?.[1])
        .filter((digits) => digits !== undefined)
        .map(Number)
        .sort((a, b) => a - b);
    },
  };
}

/** The number the live file has (and takes when rotated): one past the newest rotated file. */
export const liveNumber = (rotated: number[]): number => (rotated.at(-1) ?? 0) + 1;

/**
 * Renames the live file to the next number once it has reached `maxBytes`, then deletes the oldest rotated files past
 * `keep`. Skips (false) when another process is rotating; never throws: a log that cannot rotate only grows.
 */
export async function rotateIfFull(files: AuditFiles, rotation: AuditRotation): Promise<boolean> {
  if (!(await isFull(files.livePath, rotation.maxBytes))) return false;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(files.livePath, { realpath: false, stale: ROTATION_LOCK_STALE_MS, onCompromised: () => undefined });
  } catch {
    return false;
  }
  try {
    // Another process may have rotated between the size check and the lock.
    if (!(await isFull(files.livePath, rotation.maxBytes))) return false;
    const rotated = await files.rotatedNumbers();
    const next = liveNumber(rotated);
    await rename(files.livePath, files.rotatedPath(next));
    await syncDirectory(dirname(files.livePath));
    for (const old of [...rotated, next].slice(0, -rotation.keep)) {
      // A file another process still has open may refuse (Windows): it goes on a later rotation.
      await unlink(files.rotatedPath(old)).catch(() => undefined);
    }
    return true;
  } catch {
    return false;
  } finally {
    await release().catch(() => undefined);
  }
}

async function isFull(path: string, maxBytes: number): Promise<boolean> {
  const info = await lstat(path).catch(() => undefined);
  return info !== undefined && info.isFile() && info.size >= maxBytes;
}

/** Makes the rename itself durable; a platform that cannot open a folder (Windows) does not need it. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a folder: the rename stands, it is only less sure to survive a power cut.
  } finally {
    await handle.close();
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
