// The contract handlers as main, the CLI and the harness use them: real keychain, real settings file, simulator.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startExchange } from '../simulator/index.ts';
import { createCore, type Core } from './compose.ts';
import { createKeychain } from './keychain.ts';
import { createJsonSettingsStore } from './settings-file.ts';

type Exchange = Awaited<ReturnType<typeof startExchange>>;
const inKeyring = process.env.PANIC_KEYRING_READY === '1';

let exchange: Exchange;
let core: Core;
let dataDir: string;
let service: string;

async function openCore(): Promise<Core> {
  return createCore({ dataDir, settings: createJsonSettingsStore(join(dataDir, 'config.json')), baseUrl: exchange.url, keychain: createKeychain(service) });
}

beforeEach(async () => {
  exchange = await startExchange();
  dataDir = mkdtempSync(join(tmpdir(), 'panic-handlers-'));
  service = `bitget-panic-test-${process.pid}-${Math.random().toString(36).slice(2)}`;
  core = await openCore();
});

afterEach(async () => {
  await core.dispose();
  await exchange.close();
});

describe.skipIf(!inKeyring)('profiles through the handlers (real gnome-keyring)', () => {
  it('saves write-only credentials: the UI sees only the key hint, the keychain holds the secret', async () => {
    const account = exchange.addAccount({ positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '1' }] });
    const saved = await core.handlers.saveProfile({ name: 'main', demo: false, credentials: { apiKey: account.apiKey, secretKey: account.secretKey, passphrase: account.passphrase } });
    expect(saved).toEqual({ ok: true, value: { name: 'main', demo: false, configured: true, keyHint: account.apiKey.slice(-4) } });
    const replies = JSON.stringify([saved, await core.handlers.listProfiles(undefined), await core.handlers.getSettings(undefined)]);
    const file = readFileSync(join(dataDir, 'config.json'), 'utf8');
    for (const secret of [account.apiKey, account.secretKey, account.passphrase]) {
      expect(replies).not.toContain(secret);
      expect(file).not.toContain(secret);
    }
    expect(await createKeychain(service).get('main')).toEqual({ apiKey: account.apiKey, secretKey: account.secretKey, passphrase: account.passphrase });

    const tested = await core.handlers.testProfile({ name: 'main' });
    expect(tested).toMatchObject({ ok: true, value: { profile: 'main', demo: false, accountKind: 'classic', openPositions: 1 } });
  });

  it('renames and edits without re-entering secrets, carrying presets along, and removes', async () => {
    const account = exchange.addAccount();
    await core.handlers.saveProfile({ name: 'main', demo: false, credentials: { apiKey: account.apiKey, secretKey: account.secretKey, passphrase: account.passphrase } });
    await core.handlers.saveSettings({
      presets: [{ id: 'p1', name: 'Flatten BTC', profile: 'main', productType: 'USDT-FUTURES', symbol: 'BTCUSDT', cancelOrders: false, hotkeyEnabled: true, confirmByDoublePress: true }],
      doublePressWindowMs: 800,
      startMinimized: false,
      launchAtLogin: false,
    });
    const renamed = await core.handlers.saveProfile({ name: 'primary', previousName: 'main', demo: true });
    expect(renamed).toMatchObject({ ok: true, value: { name: 'primary', demo: true, keyHint: account.apiKey.slice(-4) } });
    expect(await createKeychain(service).get('main')).toBeUndefined();
    expect((await createKeychain(service).get('primary'))?.apiKey).toBe(account.apiKey);
    const settings = await core.handlers.getSettings(undefined);
    expect(settings.ok && settings.value.presets[0]!.profile).toBe('primary');

    expect(await core.handlers.removeProfile({ name: 'primary' })).toEqual({ ok: true, value: { removed: 'primary', keychainEntryRemoved: true } });
    expect(await createKeychain(service).get('primary')).toBeUndefined();
    expect(await core.handlers.listProfiles(undefined)).toEqual({ ok: true, value: [] });
  });

  it('remembers a detected unified account in the profile', async () => {
    const account = exchange.addAccount({ kind: 'unified' });
    await core.handlers.saveProfile({ name: 'uta', demo: false, credentials: { apiKey: account.apiKey, secretKey: account.secretKey, passphrase: account.passphrase } });
    expect(await core.handlers.listPositions({ profile: 'uta', productType: 'USDT-FUTURES' })).toEqual({ ok: true, value: [] });
    await core.profiles.settled();
    expect(JSON.parse(readFileSync(join(dataDir, 'config.json'), 'utf8')).profiles[0].accountKind).toBe('unified');
    await core.dispose();
    core = await openCore();
    await core.handlers.listPositions({ profile: 'uta', productType: 'USDT-FUTURES' });
    expect(exchange.account(account.apiKey).requests.filter((request) => request.path.startsWith('/api/v2/mix'))).toHaveLength(1);
  });

  it('explains a wrong passphrase on "test connection"', async () => {
    const account = exchange.addAccount();
    await core.handlers.saveProfile({ name: 'main', demo: false, credentials: { apiKey: account.apiKey, secretKey: account.secretKey, passphrase: 'wrong-passphrase' } });
    const tested = await core.handlers.testProfile({ name: 'main' });
    expect(tested).toMatchObject({ ok: false, error: { kind: 'auth', code: '40012' } });
  });
});

describe('handler boundaries', () => {
  it.each([
    ['saveProfile', { name: 'x', demo: 'yes' }],
    ['saveProfile', { name: 'x', demo: false, credentials: { apiKey: 'a' } }],
    ['removeProfile', { name: '' }],
    ['listPositions', { profile: 'x', productType: 'SPOT' }],
    ['close', { profile: 'x', productType: 'USDT-FUTURES', trigger: 'window', holdSide: 'up' }],
    ['listHistory', { limit: -1 }],
    ['listHistory', { before: { file: 0, offset: 10 } }],
    ['listHistory', { before: { file: 2, offset: -1 } }],
    ['listHistory', { before: { file: 2 } }],
    ['listHistory', { before: '2:100' }],
    ['saveSettings', { presets: 'none' }],
  ] as const)('%s refuses %j with a bad-input error', async (channel, payload) => {
    const result = await (core.handlers[channel] as (payload: unknown) => Promise<{ ok: boolean; error?: { kind: string } }>)(payload);
    expect(result).toMatchObject({ ok: false, error: { kind: 'bad-input' } });
    expect(exchange.requests).toHaveLength(0);
  });

  it('refuses a preset for a profile that does not exist', async () => {
    const result = await core.handlers.saveSettings({
      presets: [{ id: 'p', name: 'ghost', profile: 'nobody', productType: 'USDT-FUTURES', cancelOrders: false, hotkeyEnabled: true, confirmByDoublePress: true }],
      doublePressWindowMs: 800,
      startMinimized: false,
      launchAtLogin: false,
    });
    expect(result).toMatchObject({ ok: false, error: { kind: 'bad-input' } });
  });

  it('names an unknown profile instead of sending anything', async () => {
    const result = await core.handlers.close({ profile: 'nobody', productType: 'USDT-FUTURES', trigger: 'window' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    expect(exchange.requests).toHaveLength(0);
  });

  it('shows the notice about a corrupted settings file in the app status', async () => {
    await core.dispose();
    writeFileSync(join(dataDir, 'config.json'), '{"profiles": [');
    core = await openCore();
    const status = await core.handlers.getAppStatus(undefined);
    expect(status.ok && status.value.notices[0]).toMatch(/could not be read/);
  });
});
