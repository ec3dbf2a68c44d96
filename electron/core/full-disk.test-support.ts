// Test support: a data folder on a 64 kB tmpfs that a test fills up. Mounting needs root (the sessions and CI run as
// root); elsewhere `fullDiskSkip` says why the tests that need one are skipped.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SmallDisk {
  dir: string;
  /** Writes zeros until the disk is full (ENOSPC). */
  fill(): void;
  unmount(): void;
}

function mount(dir: string): string | undefined {
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0700', 'tmpfs', dir], { encoding: 'utf8' });
  return mounted.status === 0 ? undefined : (mounted.stderr || mounted.error?.message || `mount exited ${mounted.status}`).trim();
}

/** Why a tmpfs cannot be mounted here, or undefined when it can. */
export const fullDiskSkip: string | undefined = (() => {
  if (process.platform !== 'linux') return 'a tmpfs data folder needs Linux';
  if (process.getuid?.() !== 0) return 'mounting a tmpfs data folder needs root';
  const probe = mkdtempSync(join(tmpdir(), 'panic-tmpfs-probe-'));
  const problem = mount(probe);
  if (!problem) spawnSync('umount', [probe]);
  rmSync(probe, { recursive: true, force: true });
  return problem ? `a tmpfs cannot be mounted here (${problem})` : undefined;
})();

/** A fresh 64 kB tmpfs (owner-only, as the app makes its data folder); unmount it when done. */
export function smallDisk(): SmallDisk {
  const dir = mkdtempSync(join(tmpdir(), 'panic-tmpfs-'));
  const problem = mount(dir);
  if (problem) throw new Error(`mount tmpfs on ${dir}: ${problem}`);
  return {
    dir,
    fill() {
      const descriptor = openSync(join(dir, 'filler'), 'w');
      try {
        for (;;) writeSync(descriptor, Buffer.alloc(4_096));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        closeSync(descriptor);
      }
    },
    unmount() {
      spawnSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
