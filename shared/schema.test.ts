import { describe, expect, it } from 'vitest';
import { appSettingsSchema, credentialsSchema, panicRequestSchema, parseOrExplain, saveProfileSchema } from './schema.ts';

describe('panic request schema', () => {
  it('normalises case where that is unambiguous', () => {
    const parsed = panicRequestSchema.parse({ profile: 'main', productType: ' usdt-futures', symbol: ' btcusdt ', holdSide: 'LONG', trigger: 'cli' });
    expect(parsed).toMatchObject({ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long' });
    expect(panicRequestSchema.parse({ profile: 'main', productType: 'USDT-FUTURES', trigger: 'cli' }).symbol).toBeUndefined();
  });

  it.each([
    [{ profile: 'main', productType: 'usdt-futures-x', trigger: 'cli' }, 'productType'],
    [{ profile: 'main', productType: '', trigger: 'cli' }, 'productType'],
    [{ profile: 'main', productType: 'USDT-FUTURES', symbol: '', trigger: 'cli' }, 'symbol'],
    [{ profile: 'main', productType: 'USDT-FUTURES', symbol: '   ', trigger: 'cli' }, 'symbol'],
    [{ profile: 'main', productType: 'USDT-FUTURES', symbol: null, trigger: 'cli' }, 'symbol'],
    [{ profile: 'main', productType: 'USDT-FUTURES', holdSide: '', trigger: 'cli' }, 'holdSide'],
    [{ profile: 'main', productType: 'USDT-FUTURES', holdSide: 'longg', trigger: 'cli' }, 'holdSide'],
    [{ profile: 'main', productType: 'USDT-FUTURES', holdSide: 'both', trigger: 'cli' }, 'holdSide'],
    [{ profile: 'main', productType: 'USDT-FUTURES', symbol: 'BTC/USDT', trigger: 'cli' }, 'symbol'],
    [{ profile: '', productType: 'USDT-FUTURES', trigger: 'cli' }, 'profile'],
    [{ profile: 'main', productType: 'USDT-FUTURES', trigger: 'hacker' }, 'trigger'],
    [{ profile: 'main', productType: 'USDT-FUTURES', trigger: 'cli', extra: 1 }, 'extra'],
  ])('refuses %j and names the field', (input, field) => {
    const result = parseOrExplain(panicRequestSchema, input, 'close request');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.kind).toBe('bad-input');
      expect(result.error.message).toContain(field);
      expect(result.error.hint).toMatch(/Nothing was sent/);
    }
  });
});

describe('credentials schema', () => {
  it('refuses pasted whitespace inside a key and empty fields', () => {
    expect(credentialsSchema.safeParse({ apiKey: 'bg_ab cd', secretKey: 'x', passphrase: 'y' }).success).toBe(false);
    expect(credentialsSchema.safeParse({ apiKey: 'bg_abcd', secretKey: '', passphrase: 'y' }).success).toBe(false);
    expect(credentialsSchema.parse({ apiKey: ' bg_abcd\n', secretKey: 's', passphrase: 'p' }).apiKey).toBe('bg_abcd');
  });

  it('never echoes a refused secret in the explanation', () => {
    const result = parseOrExplain(saveProfileSchema, { name: 'x', demo: false, credentials: { apiKey: 'key with-SECRETVALUE', secretKey: 's', passphrase: 'p' } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(JSON.stringify(result.error)).not.toContain('SECRETVALUE');
  });
});

describe('settings schema', () => {
  it('fills defaults for an empty file and keeps version 1', () => {
    expect(appSettingsSchema.parse({})).toEqual({ version: 1, profiles: [], guards: [], presets: [], doublePressWindowMs: 800, startMinimized: false, launchAtLogin: false });
  });

  it('refuses a secret field smuggled into profile metadata', () => {
    expect(appSettingsSchema.safeParse({ profiles: [{ name: 'a', demo: false, secretKey: 'x' }] }).success).toBe(false);
  });
});

describe('everything status', async () => {
  const { everythingStatus } = await import('./bitget.ts');
  const part = (status: string) => ({ status }) as never;
  it('is flat only when every part is', () => {
    expect(everythingStatus({ outcomes: [part('flat'), part('nothing-to-close')], alreadyFlat: [], refused: [] })).toBe('flat');
    expect(everythingStatus({ outcomes: [part('flat'), part('partial')], alreadyFlat: [], refused: [] })).toBe('partial');
    expect(everythingStatus({ outcomes: [part('failed'), part('unknown')], alreadyFlat: [], refused: [] })).toBe('unknown');
    expect(everythingStatus({ outcomes: [], alreadyFlat: [], refused: [] })).toBe('nothing-to-close');
    expect(everythingStatus({ outcomes: [part('flat')], alreadyFlat: [], refused: [{ profile: 'x', error: { kind: 'keychain', message: '', hint: '' } }] })).toBe('partial');
  });
});

describe('presets and the settings file', async () => {
  const { presetSchema, uiSettingsSchema } = await import('./schema.ts');
  const preset = { id: 'p1', name: 'BTC long', profile: 'main', productType: 'USDT-FUTURES' };

  it('refuses a blank symbol or hotkey from the window instead of widening the preset', () => {
    expect(presetSchema.safeParse({ ...preset, symbol: '' }).success).toBe(false);
    expect(presetSchema.safeParse({ ...preset, hotkey: '' }).success).toBe(false);
    expect(uiSettingsSchema.safeParse({ presets: [{ ...preset, symbol: ' ' }] }).success).toBe(false);
  });

  it('refuses a hotkey without a modifier, with the reason', () => {
    for (const hotkey of ['A', 'Space', 'Shift+A', 'AltGr+P', '1']) {
      const result = parseOrExplain(presetSchema, { ...preset, hotkey }, 'preset');
      expect(result.ok, hotkey).toBe(false);
      if (!result.ok) expect(result.error.message).toMatch(/modifier/);
    }
    for (const hotkey of ['CommandOrControl+Alt+P', 'Ctrl+Shift+F12', 'F9', 'Super+Space', 'Alt+Plus']) {
      expect(presetSchema.safeParse({ ...preset, hotkey }).success, hotkey).toBe(true);
    }
    expect(presetSchema.safeParse({ ...preset, hotkey: 'Ctrl+A+B' }).success).toBe(false);
    expect(presetSchema.safeParse({ ...preset, hotkey: 'Ctrl+' }).success).toBe(false);
  });

  it('reads a version-1 file: a blank symbol or hotkey meant "every symbol" / "none" there, and a refused hotkey is kept', () => {
    const settings = appSettingsSchema.parse({ presets: [{ ...preset, symbol: '', hotkey: '' }, { ...preset, id: 'p2', hotkey: 'A' }] });
    expect(settings.presets[0]!.symbol).toBeUndefined();
    expect(settings.presets[0]!.hotkey).toBeUndefined();
    expect(settings.presets[1]!.hotkey).toBe('A');
    expect(appSettingsSchema.safeParse({ presets: [{ ...preset, symbol: 'BTC/USDT' }] }).success).toBe(false);
  });
});
