// Drives the electron-store options through conf, which electron-store extends (electron-store itself needs Electron).
import Conf from 'conf';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettingsFile } from '../core/settings-file.ts';
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
  it('starts with the defaults, owner-only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'panic-settings-'));
    const store = settingsStoreOver(open(dir));
    expect(store.read()).toEqual(appSettingsSchema.parse({}));
    store.write(sample);
    expect(statSync(join(dir, 'config.json')).mode & 0o777).toBe(0o600);
  });

  it('round-trips settings through the file, readable by the core loader', () => {
    const dir = mkdtempSync(join(tmpdir(), 'panic-settings-'));
    settingsStoreOver(open(dir)).write(sample);
    expect(settingsStoreOver(open(dir)).read()).toEqual(sample);
    expect(loadSettingsFile(join(dir, 'config.json'))).toEqual({ settings: sample, notices: [] });
  });

  it('refuses to write what the shared schema refuses', () => {
    const dir = mkdtempSync(join(tmpdir(), 'panic-settings-'));
    const store = settingsStoreOver(open(dir));
    expect(() => store.write({ ...sample, doublePressWindowMs: 5 })).toThrow();
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

  it('the JSON schema forbids unknown keys, like the zod schema', () => {
    expect(settingsJsonSchema().additionalProperties).toBe(false);
    const dir = mkdtempSync(join(tmpdir(), 'panic-settings-'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ surprise: 1 }));
    expect(() => open(dir)).toThrow(/surprise|additional/i);
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toContain('surprise');
  });
});
