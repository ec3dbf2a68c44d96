import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createJsonSettingsStore, defaultDataDir, loadSettingsFile } from './settings-file.ts';

const freshDir = () => mkdtempSync(join(tmpdir(), 'panic-settings-'));

describe('settings file', () => {
  it('writes owner-only JSON and reads it back', () => {
    const file = join(freshDir(), 'nested', 'config.json');
    const store = createJsonSettingsStore(file);
    store.write({ ...store.read(), profiles: [{ name: 'main', demo: true, keyHint: 'a1b2' }] });
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

  it('follows the platform conventions and the override', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux')).toBe('/x/bitget-panic');
    expect(defaultDataDir({ APPDATA: 'C:/Users/u/AppData/Roaming' }, 'win32')).toBe(join('C:/Users/u/AppData/Roaming', 'bitget-panic'));
    expect(defaultDataDir({ BITGET_PANIC_DATA_DIR: '/tmp/d' }, 'linux')).toBe('/tmp/d');
  });
});
