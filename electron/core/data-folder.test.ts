// The data folder is ours or refused, and its files are never opened through a symbolic link.
import { chmodSync, lstatSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDataFolder, readFileNoFollow, writeFileNoFollow } from './data-folder.ts';

const base = () => mkdtempSync(join(tmpdir(), 'panic-folder-'));
const posixOnly = typeof process.getuid !== 'function';

describe.skipIf(posixOnly)('openDataFolder (owners and modes exist only on POSIX systems)', () => {
  it('creates a missing folder, and its missing parents, owner-only', () => {
    const dir = join(base(), 'config', 'bitget-panic');
    expect(openDataFolder(dir)).toEqual({ ok: true, value: { notices: [] } });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, '..')).mode & 0o777).toBe(0o700);
  });

  it('uses a folder of ours that others may read but not write (0755)', () => {
    const dir = base();
    chmodSync(dir, 0o755);
    expect(openDataFolder(dir)).toMatchObject({ ok: true });
  });

  it.for([0o777, 0o775, 0o757, 0o1777])('refuses a folder others may write (mode %o), naming the chmod that fixes it', (mode) => {
    const dir = base();
    chmodSync(dir, mode);
    const opened = openDataFolder(dir);
    expect(opened).toMatchObject({ ok: false, error: { kind: 'bad-input', message: `The data folder ${dir} is not used: other users may write to it (mode ${(mode & 0o777).toString(8)}), and could change your profiles and your guard.` } });
    if (!opened.ok) expect(opened.error.hint).toContain(`chmod 700 '${dir}'`);
  });

  it('refuses a file where the folder should be', () => {
    const file = join(base(), 'bitget-panic');
    writeFileSync(file, '');
    expect(openDataFolder(file)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/is not used: it (is not a folder|cannot be created)/) } });
  });

  it('sets aside a history file that is a symbolic link, and leaves what it points at alone', () => {
    const dir = base();
    const elsewhere = join(base(), 'theirs');
    writeFileSync(elsewhere, 'theirs');
    symlinkSync(elsewhere, join(dir, 'audit.jsonl'));
    const opened = openDataFolder(dir);
    expect(opened).toMatchObject({ ok: true, value: { notices: [expect.stringContaining(`The history file audit.jsonl was a symbolic link to ${elsewhere}`)] } });
    expect(readdirSync(dir)).toEqual([expect.stringMatching(/^audit\.jsonl\.symlink-/)]);
    expect(readFileSync(elsewhere, 'utf8')).toBe('theirs');
  });
});

describe.skipIf(process.platform === 'win32')('no-follow reads and writes (Windows has no O_NOFOLLOW)', () => {
  it('a link is an error (ELOOP), never a way to read or write the file it points at', () => {
    const dir = base();
    const elsewhere = join(dir, 'theirs');
    writeFileSync(elsewhere, 'theirs');
    symlinkSync(elsewhere, join(dir, 'link'));
    expect(() => readFileNoFollow(join(dir, 'link'))).toThrow(expect.objectContaining({ code: 'ELOOP' }));
    expect(() => writeFileNoFollow(join(dir, 'link'), 'mine')).toThrow(expect.objectContaining({ code: 'ELOOP' }));
    expect(readFileSync(elsewhere, 'utf8')).toBe('theirs');
    writeFileNoFollow(join(dir, 'own'), 'mine');
    expect(readFileNoFollow(join(dir, 'own'))).toBe('mine');
    expect(lstatSync(join(dir, 'own')).mode & 0o777).toBe(0o600);
  });
});
