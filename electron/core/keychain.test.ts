// Runs against the real Secret Service that scripts/with-keyring.sh starts (gnome-keyring under dbus-run-session).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import type * as keytarApi from 'keytar';
import { describe, expect, it } from 'vitest';
import { createKeychain, explainKeychainFailure, KeychainError } from './keychain.ts';

const inKeyring = process.env.PANIC_KEYRING_READY === '1';

describe.skipIf(!inKeyring)('keychain (real gnome-keyring)', () => {
  const service = `bitget-panic-test-${process.pid}`;
  const keychain = createKeychain(service);
  const credentials = { apiKey: 'bg_test_a1b2', secretKey: 'secret-abc', passphrase: 'pass-xyz' };

  it('stores one entry per profile, readable by another Secret Service client, and removes it', async () => {
    await keychain.set('main', credentials);
    expect(await keychain.get('main')).toEqual(credentials);
    const lookup = spawnSync('secret-tool', ['lookup', 'service', service, 'account', 'main'], { encoding: 'utf8' });
    expect(JSON.parse(lookup.stdout)).toEqual(credentials);
    expect(await keychain.remove('main')).toBe(true);
    expect(await keychain.get('main')).toBeUndefined();
    expect(await keychain.remove('main')).toBe(false);
  });

  it('explains an entry that is not in the app format', async () => {
    const keytar = createRequire(import.meta.url)('keytar') as typeof keytarApi;
    await keytar.setPassword(service, 'odd', 'not json');
    await expect(keychain.get('odd')).rejects.toBeInstanceOf(KeychainError);
  });
});

describe('keychain without a Secret Service', () => {
  it('throws an explained error and never falls back to plaintext', async () => {
    const result = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `
        import { createKeychain } from ${JSON.stringify(new URL('./keychain.ts', import.meta.url).href)};
        try { await createKeychain('bitget-panic-nobus').set('x', { apiKey: 'k1234', secretKey: 's', passphrase: 'p' }); console.log('STORED'); }
        catch (e) { console.log(JSON.stringify(e.explained)); }`],
      { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: '/nonexistent', DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' } },
    );
    expect(result.stdout).not.toContain('STORED');
    const explained = JSON.parse(result.stdout.trim());
    expect(explained.kind).toBe('keychain');
    expect(explained.hint).toMatch(/Secret Service/);
  });
});

describe('keychain explanations', () => {
  it.each([
    ['linux', 'Cannot create an item in a locked collection', /Unlock the login keyring/],
    ['darwin', 'User interaction is not allowed.', /Keychain Access/],
    ['darwin', 'User canceled the operation.', /Keychain Access/],
    ['win32', 'Access is denied.', /Credential Manager/],
  ] as const)('on %s, "%s" is a locked keychain, with how to unlock it there', (platform, reason, hint) => {
    const explained = explainKeychainFailure('read the API key', new Error(reason), platform);
    expect(explained).toMatchObject({ kind: 'keychain', code: 'keychain-locked' });
    expect(explained.message).toMatch(/^The system keychain is locked, so the app could not read the API key/);
    expect(explained.hint).toMatch(hint);
  });

  it('a keychain that is not there is not called locked', () => {
    const explained = explainKeychainFailure('read the API key', new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'), 'linux');
    expect(explained.code).toBeUndefined();
    expect(explained.hint).toMatch(/Secret Service/);
  });
});
