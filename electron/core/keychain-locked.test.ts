// A locked keyring, for real: a private gnome-keyring (its own D-Bus session, so other tests' keyring stays unlocked)
// whose login collection is locked over D-Bus (org.freedesktop.Secret.Service.Lock), as a screen lock or a timeout does.
// libsecret then answers lookups with "nothing there" and deletes with "nothing deleted"; the app must say "locked".
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const hasTools = ['dbus-run-session', 'gnome-keyring-daemon', 'gdbus'].every((tool) => spawnSync('which', [tool]).status === 0);

/** Runs an ES module in a fresh D-Bus session with its own unlocked gnome-keyring; returns its last stdout line as JSON. */
function inPrivateKeyring(script: string): Record<string, unknown> {
  const file = join(mkdtempSync(join(tmpdir(), 'panic-locked-')), 'script.mjs');
  writeFileSync(file, script);
  const env = { ...process.env };
  delete env.PANIC_KEYRING_READY;
  delete env.DBUS_SESSION_BUS_ADDRESS;
  const result = spawnSync(join(REPO, 'scripts', 'with-keyring.sh'), [process.execPath, file], { env, encoding: 'utf8', timeout: 25_000 });
  const last = result.stdout.trim().split('\n').pop() ?? '';
  if (!last.startsWith('{')) throw new Error(`the script printed no result (exit ${result.status}): ${result.stderr.slice(-2_000)}`);
  return JSON.parse(last) as Record<string, unknown>;
}

const prelude = `
  import { execFileSync, spawnSync } from 'node:child_process';
  import { mkdtempSync, readFileSync } from 'node:fs';
  import { tmpdir } from 'node:os';
  import { join } from 'node:path';
  import { createKeychain } from ${JSON.stringify(new URL('./keychain.ts', import.meta.url).href)};
  const gdbus = (objectPath, method, ...args) =>
    execFileSync('gdbus', ['call', '--session', '--dest', 'org.freedesktop.secrets', '--object-path', objectPath, '--method', method, ...args], { encoding: 'utf8' });
  const lockKeyring = () => gdbus('/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.Lock', "[objectpath '/org/freedesktop/secrets/aliases/default']");
  /** Items matching, as (unlocked, locked) object paths: seen without unlocking anything. */
  const search = (service, account) => gdbus('/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.SearchItems', "{'service': '" + service + "', 'account': '" + account + "'}");
  const attempt = async (run) => { try { return { value: (await run()) ?? null }; } catch (error) { return { error: error.explained ?? String(error) }; } };
  const credentials = { apiKey: 'bg_locked_a1b2', secretKey: 'secret-locked', passphrase: 'pass-locked' };
`;

describe.skipIf(!hasTools)('a locked keyring (real gnome-keyring, locked over D-Bus)', () => {
  it('is reported as locked, with how to unlock it: never as "no API key", never as a delete that happened', () => {
    const result = inPrivateKeyring(`${prelude}
      const keychain = createKeychain({ service: 'bitget-panic-locktest', platform: 'linux' });
      await keychain.set('main', credentials);
      const unlockedMissing = await attempt(() => keychain.get('nobody'));
      const unlockedRemoveMissing = await attempt(() => keychain.remove('nobody'));
      lockKeyring();
      const get = await attempt(() => keychain.get('main'));
      const getMissing = await attempt(() => keychain.get('nobody'));
      const remove = await attempt(() => keychain.remove('main'));
      const set = await attempt(() => keychain.set('other', credentials));
      console.log(JSON.stringify({ unlockedMissing, unlockedRemoveMissing, get, getMissing, remove, set, stillThere: search('bitget-panic-locktest', 'main') }));
    `);
    expect(result.unlockedMissing).toEqual({ value: null });
    expect(result.unlockedRemoveMissing).toEqual({ value: false });
    for (const action of ['get', 'getMissing', 'remove', 'set'] as const) {
      expect(result[action], action).toMatchObject({ error: { kind: 'keychain', code: 'keychain-locked', message: expect.stringMatching(/keychain is locked/) } });
      expect((result[action] as { error: { hint: string } }).error.hint).toMatch(/Unlock the login keyring/);
    }
    // The entry the refused delete was asked to remove is still there (listed among the locked items).
    expect(result.stillThere).toMatch(/\(@ao \[\], \[objectpath '\/org\/freedesktop\/secrets\/collection\/login\/\d+'\]\)/);
  });

  it('through the CLI: a close says "unlock", `profiles remove` refuses and keeps the profile, and a missing entry is told as missing', () => {
    const result = inPrivateKeyring(`${prelude}
      const dataDir = mkdtempSync(join(tmpdir(), 'panic-locked-cli-'));
      const cli = (args, stdin = '') => {
        const run = spawnSync(process.execPath, [${JSON.stringify(join(REPO, 'electron', 'cli.ts'))}, ...args], {
          input: stdin, encoding: 'utf8', env: { ...process.env, BITGET_PANIC_DATA_DIR: dataDir, BITGET_PANIC_BASE_URL: 'http://127.0.0.1:9' },
        });
        return { code: run.status, stdout: run.stdout, stderr: run.stderr };
      };
      const secrets = credentials.apiKey + '\\n' + credentials.secretKey + '\\n' + credentials.passphrase + '\\n';
      const added = cli(['profiles', 'add', 'main'], secrets);
      cli(['profiles', 'add', 'ghost'], secrets);
      execFileSync('secret-tool', ['clear', 'service', 'bitget-panic', 'account', 'ghost']);
      const removedGhost = cli(['profiles', 'remove', 'ghost']);
      lockKeyring();
      const close = cli(['close', '--profile', 'main', '--product-type', 'USDT-FUTURES', '--yes', '--json']);
      const remove = cli(['profiles', 'remove', 'main']);
      const profiles = JSON.parse(readFileSync(join(dataDir, 'config.json'), 'utf8')).profiles.map((profile) => profile.name);
      console.log(JSON.stringify({ added, removedGhost, close, remove, profiles }));
    `);
    expect((result.added as { stdout: string }).stdout).toMatch(/^Saved LIVE profile "main"/);
    expect((result.removedGhost as { stdout: string }).stdout).toBe('Removed profile "ghost" (the system keychain had no key stored for it: nothing to delete there).\n');
    const close = result.close as { code: number; stdout: string };
    expect(close.code).toBe(3);
    const closeError = JSON.parse(close.stdout).error;
    expect(closeError).toMatchObject({ kind: 'keychain', code: 'keychain-locked' });
    expect(closeError.message).not.toMatch(/no API key/i);
    const remove = result.remove as { code: number; stdout: string; stderr: string };
    expect(remove.code).toBe(3);
    expect(remove.stdout).toBe('');
    expect(remove.stderr).toMatch(/keychain is locked/);
    expect(result.profiles).toEqual(['main']);
  });
});
