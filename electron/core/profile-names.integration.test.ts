// Profile names through the handlers, as the window (IPC) saves them: a name that reads the same as another
// profile's is refused and that profile's key stays; a new name is saved in its plain (NFKC) form.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from './compose.ts';
import { createKeychain } from './keychain.ts';
import { createJsonSettingsStore } from './settings-file.ts';

const inKeyring = process.env.PANIC_KEYRING_READY === '1';
const credentialsOf = (apiKey: string) => ({ apiKey, secretKey: `secret-${apiKey}`, passphrase: `pass-${apiKey}` });

let core: Core;
let dataDir: string;
let service: string;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'panic-profile-names-'));
  service = `bitget-panic-test-${process.pid}-${Math.random().toString(36).slice(2)}`;
  core = await createCore({ dataDir, settings: createJsonSettingsStore(join(dataDir, 'config.json')), baseUrl: 'http://127.0.0.1:9', keychain: createKeychain(service), practice: true });
});
afterEach(async () => {
  await core.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(!inKeyring)('saving profiles whose names read the same (real gnome-keyring)', () => {
  it('refuses look-alikes of an existing name, added or renamed to, naming it; main keeps its key', async () => {
    expect((await core.handlers.saveProfile({ name: 'main', demo: false, credentials: credentialsOf('bg_key_main_0001') })).ok).toBe(true);
    expect((await core.handlers.saveProfile({ name: 'scalp', demo: true, credentials: credentialsOf('bg_key_scalp_0002') })).ok).toBe(true);

    for (const name of ['m\u0430in', '\uff4d\uff41\uff49\uff4e', 'Main', 'main\n']) {
      const added = await core.handlers.saveProfile({ name, demo: false, credentials: credentialsOf('bg_key_other_0003') });
      expect(added.ok, JSON.stringify(name)).toBe(false);
      if (!added.ok) expect(added.error.message).toMatch(name.endsWith('\n') ? /control or invisible character/ : /the existing profile "main"/);
    }
    const renamed = await core.handlers.saveProfile({ name: 'MAIN', previousName: 'scalp', demo: true });
    expect(renamed).toMatchObject({ ok: false, error: { kind: 'bad-input' } });
    const practice = await core.handlers.saveProfile({ name: 'Pr\u0430ctice', demo: false, credentials: credentialsOf('bg_key_other_0004') });
    expect(practice).toMatchObject({ ok: false, error: { message: expect.stringContaining('the existing profile "Practice"') } });

    const keychain = createKeychain(service);
    expect((await keychain.get('main'))?.apiKey).toBe('bg_key_main_0001');
    expect((await keychain.get('scalp'))?.apiKey).toBe('bg_key_scalp_0002');
    const listed = await core.handlers.listProfiles(undefined);
    expect(listed.ok && listed.value.filter((profile) => !profile.practice).map((profile) => profile.name).sort()).toEqual(['main', 'scalp']);

    // Saving a profile under its own name is an edit, never a clash.
    expect(await core.handlers.saveProfile({ name: 'main', demo: true })).toMatchObject({ ok: true, value: { name: 'main', demo: true } });
    await keychain.remove('main');
    await keychain.remove('scalp');
  });

  it('saves a new name in its plain form: full-width "ｓｗｉｎｇ" is "swing", its key under that name', async () => {
    const saved = await core.handlers.saveProfile({ name: '\uff53\uff57\uff49\uff4e\uff47', demo: false, credentials: credentialsOf('bg_key_swing_0005') });
    expect(saved).toMatchObject({ ok: true, value: { name: 'swing' } });
    const keychain = createKeychain(service);
    expect((await keychain.get('swing'))?.apiKey).toBe('bg_key_swing_0005');
    expect(await keychain.get('\uff53\uff57\uff49\uff4e\uff47')).toBeUndefined();
    await keychain.remove('swing');
  });
});
