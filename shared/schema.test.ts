import { describe, expect, it } from 'vitest';
import { appSettingsSchema, credentialsSchema, panicRequestSchema, parseOrExplain, saveProfileSchema } from './schema.ts';

describe('panic request schema', () => {
  it('normalises symbol case and blank symbol', () => {
    expect(panicRequestSchema.parse({ profile: 'main', productType: 'USDT-FUTURES', symbol: ' btcusdt ', trigger: 'cli' }).symbol).toBe('BTCUSDT');
    expect(panicRequestSchema.parse({ profile: 'main', productType: 'USDT-FUTURES', symbol: '', trigger: 'cli' }).symbol).toBeUndefined();
  });

  it.each([
    [{ profile: 'main', productType: 'usdt-futures', trigger: 'cli' }, 'productType'],
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
    expect(appSettingsSchema.parse({})).toEqual({ version: 1, profiles: [], presets: [], doublePressWindowMs: 800, startMinimized: false, launchAtLogin: false });
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
