import { spawn } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createJsonSettingsStore, defaultDataDir, loadSettingsFile, SettingsError } from './settings-file.ts';

const freshDir = () => mkdtempSync(join(tmpdir(), 'panic-settings-'));
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('settings file', () => {
  it('writes owner-only JSON and reads it back', async () => {
    const file = join(freshDir(), 'nested', 'config.json');
    const store = createJsonSettingsStore(file);
    await store.update((settings) => ({ ...settings, profiles: [{ name: 'main', demo: true, keyHint: 'a1b2' }] }));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(createJsonSettingsStore(file).read().profiles).toEqual([{ name: 'main', demo: true, keyHint: 'a1b2' }]);
  });

  it.each([
    ['truncated JSON', '{"version":1,"profiles":[{"na'],
    ['wrong shape', '{"version":1,"profiles":"main"}'],
    ['an unknown version', '{"version":7}'],
  ])('keeps a file with %s aside, uses defaults and says so', (_label, content) => {
    const dir = freshDir();
    const file = join(dir, 'config.json');
    writeFileSync(file, content);
    const { settings, notices } = loadSettingsFile(file);
    expect(settings.profiles).toEqual([]);
    expect(notices[0]).toMatch(/could not be read.*kept at/);
    const kept = readdirSync(dir).find((name) => name.startsWith('config.json.corrupt-'));
    expect(kept).toBeDefined();
    expect(readFileSync(join(dir, kept!), 'utf8')).toBe(content);
  });

  it('keeps a settings file that is a symbolic link aside (never following it), uses defaults and says so', async () => {
    const dir = freshDir();
    const file = join(dir, 'config.json');
    const elsewhere = join(freshDir(), 'their-config.json');
    const planted = JSON.stringify({ profiles: [{ name: 'planted', demo: false }] });
    writeFileSync(elsewhere, planted);
    symlinkSync(elsewhere, file);
    const store = createJsonSettingsStore(file);
    expect(store.read().profiles).toEqual([]);
    expect(store.notices[0]).toMatch(/^The settings file config\.json was a symbolic link to .*their-config\.json, which the app does not follow: the link was kept aside as .*config\.json\.symlink-.*The defaults are in use/);
    await store.update((settings) => ({ ...settings, startMinimized: true }));
    expect(readFileSync(elsewhere, 'utf8')).toBe(planted);
    expect(lstatSync(file).isFile()).toBe(true);
  });

  it('follows the platform conventions and the override', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux')).toBe('/x/bitget-panic');
    expect(defaultDataDir({ APPDATA: 'C:/Users/u/AppData/Roaming' }, 'win32')).toBe(join('C:/Users/u/AppData/Roaming', 'bitget-panic'));
    expect(defaultDataDir({ BITGET_PANIC_DATA_DIR: '/tmp/d' }, 'linux')).toBe('/tmp/d');
  });
});

describe('settings changes under the lock', () => {
  it('concurrent read-modify-writes through two stores lose nothing, however their work interleaves', async () => {
    const file = join(freshDir(), 'config.json');
    const stores = [createJsonSettingsStore(file), createJsonSettingsStore(file)];
    await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        stores[index % 2]!.update(async (settings) => {
          await pause(Math.random() * 15);
          return { ...settings, profiles: [...settings.profiles, { name: `p${index}`, demo: true }] };
        }),
      ),
    );
    expect(stores[0]!.read().profiles.map((profile) => profile.name).sort()).toEqual(Array.from({ length: 12 }, (_, index) => `p${index}`).sort());
  });

  it('re-reads the file inside the lock and sees what another process wrote', async () => {
    const file = join(freshDir(), 'config.json');
    const mine = createJsonSettingsStore(file);
    await createJsonSettingsStore(file).update((settings) => ({ ...settings, profiles: [{ name: 'theirs', demo: false }] }));
    expect(mine.read().profiles.map((profile) => profile.name)).toEqual(['theirs']);
    await mine.update((settings) => ({ ...settings, profiles: [...settings.profiles, { name: 'mine', demo: true }] }));
    expect(loadSettingsFile(file).settings.profiles.map((profile) => profile.name)).toEqual(['theirs', 'mine']);
  });

  it('leaves the file alone when the change returns nothing', async () => {
    const file = join(freshDir(), 'config.json');
    const store = createJsonSettingsStore(file);
    expect((await store.update(() => undefined)).profiles).toEqual([]);
    expect(() => statSync(file)).toThrow();
  });

  it('refuses to change a file it cannot read, and keeps it as it is', async () => {
    const file = join(freshDir(), 'config.json');
    const store = createJsonSettingsStore(file);
    writeFileSync(file, '{"profiles": [oops');
    await expect(store.update((settings) => settings)).rejects.toBeInstanceOf(SettingsError);
    expect(readFileSync(file, 'utf8')).toBe('{"profiles": [oops');
  });

  it('takes over a lock left by a process that was killed', async () => {
    const dir = freshDir();
    const file = join(dir, 'config.json');
    mkdirSync(`${file}.lock`);
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${file}.lock`, old, old);
    const started = Date.now();
    await createJsonSettingsStore(file).update((settings) => ({ ...settings, startMinimized: true }));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(loadSettingsFile(file).settings.startMinimized).toBe(true);
  });

  it('eight processes adding at once keep all eight', async () => {
    const file = join(freshDir(), 'config.json');
    const moduleUrl = new URL('./settings-file.ts', import.meta.url).href;
    const add = (name: string) =>
      new Promise<number | null>((resolve) => {
        const script = `
          import { createJsonSettingsStore } from ${JSON.stringify(moduleUrl)};
          await createJsonSettingsStore(${JSON.stringify(file)}).update(async (settings) => {
            await new Promise((resolve) => setTimeout(resolve, 20));
            return { ...settings, profiles: [...settings.profiles, { name: ${JSON.stringify(name)}, demo: false }] };
          });`;
        spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' }).on('close', resolve);
      });
    const names = Array.from({ length: 8 }, (_, index) => `proc${index}`);
    expect(await Promise.all(names.map(add))).toEqual(names.map(() => 0));
    expect(loadSettingsFile(file).settings.profiles.map((profile) => profile.name).sort()).toEqual(names);
  });
});
