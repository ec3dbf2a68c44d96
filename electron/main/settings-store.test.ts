// Drives the electron-store options through conf, which electron-store extends (electron-store itself needs Electron).
import Conf from 'conf';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createJsonSettingsStore, loadSettingsFile } from '../core/settings-file.ts';
import { appSettingsSchema, type AppSettings } from '../../shared/schema.ts';
import { settingsJsonSchema, settingsStoreOptions, settingsStoreOver } from './settings-store.ts';

const open = (dir: string) => {
  const { name, ...options } = settingsStoreOptions(dir);
  return new Conf<AppSettings>({ ...options, configName: name } as ConstructorParameters<typeof Conf<AppSettings>>[0]);
};

const sample: AppSettings = appSettingsSchema.parse({
  profiles: [{ name: 'main', demo: false, keyHint: 'a1b2', accountKind: 'unified' }, { name: 'Übung 2', demo: true }],
  presets: [{ id: 'p1', name: 'BTC long', profile: 'main', productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', hotkey: 'CommandOrControl+Alt+P' }],
  doublePressWindowMs: 600,
  startMinimized: true,
});

describe('settings store', () => {
  it('starts with the defaults, owner-only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'panic-settings-'));
    const store = settingsStoreOver(open(dir));
    expect(store.read()).toEqual(appSettingsSchema.parse({}));
    await store.update(() => sample);
    expect(statSync(join(dir, 'config.json')).mode & 0o777).toBe(0o600);
  });

  it('round-trips settings through the file, readable by the core loader', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'panic-settings-'));
    await settingsStoreOver(open(dir)).update(() => sample);
    expect(settingsStoreOver(open(dir)).read()).toEqual(sample);
    expect(loadSettingsFile(join(dir, 'config.json'))).toEqual({ settings: sample, notices: [] });
  });

  it('refuses to write what the shared schema refuses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'panic-settings-'));
    const store = settingsStoreOver(open(dir));
    await expect(store.update(() => ({ ...sample, doublePressWindowMs: 5 }))).rejects.toThrow();
    expect(store.read()).toEqual(appSettingsSchema.parse({}));
  });

  it('accepts every file the core loader accepts (its JSON schema is the zod schema)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'panic-settings-'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ presets: [{ id: 'x', name: 'X', profile: 'main', productType: 'COIN-FUTURES', symbol: '' }] }));
    const loaded = loadSettingsFile(join(dir, 'config.json'));
    expect(loaded.notices).toEqual([]);
    expect(settingsStoreOver(open(dir)).read()).toEqual(loaded.settings);
  });

  it('a corrupted file is kept aside by the loader first, so the store opens on defaults', () => {
    const dir = mkdtempSync(join(tmpdir(), 'panic-settings-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, '{"presets": [oops');
    const { notices } = loadSettingsFile(file);
    expect(notices[0]).toMatch(/kept at .*config\.json\.corrupt-/);
    expect(settingsStoreOver(open(dir)).read()).toEqual(appSettingsSchema.parse({}));
  });

  it('reads the file again on every access: a change made by another process is seen at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'panic-settings-'));
    const app = settingsStoreOver(open(dir));
    expect(app.read().profiles).toEqual([]);
    await createJsonSettingsStore(join(dir, 'config.json')).update((settings) => ({ ...settings, profiles: [{ name: 'from-cli', demo: true }] }));
    expect(app.read().profiles).toEqual([{ name: 'from-cli', demo: true }]);
  });

  it('shares the settings lock with the CLI store: concurrent changes from both lose nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'panic-settings-'));
    const stores = [settingsStoreOver(open(dir)), createJsonSettingsStore(join(dir, 'config.json'))];
    const names = Array.from({ length: 10 }, (_, index) => `p${index}`);
    await Promise.all(
      names.map((name, index) =>
        stores[index % 2]!.update(async (settings) => {
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 15));
          return { ...settings, profiles: [...settings.profiles, { name, demo: false }] };
        }),
      ),
    );
    expect(loadSettingsFile(join(dir, 'config.json')).settings.profiles.map((profile) => profile.name).sort()).toEqual(names);
  });

  it('the JSON schema forbids unknown keys, like the zod schema', () => {
    expect(settingsJsonSchema().additionalProperties).toBe(false);
    const dir = mkdtempSync(join(tmpdir(), 'panic-settings-'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ surprise: 1 }));
    expect(() => open(dir)).toThrow(/surprise|additional/i);
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toContain('surprise');
  });
});
