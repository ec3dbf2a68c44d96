// The OS keychain (keytar): one entry per profile under the service "bitget-panic". Never a plaintext fallback:
// when the keychain cannot be used, the caller gets an explained error that says what to install or unlock.
import { createRequire } from 'node:module';
import type * as keytarApi from 'keytar';
import type { ExplainedError } from '../../shared/bitget.ts';
import { credentialsSchema, type Credentials } from '../../shared/schema.ts';
import { ExplainedFailure } from './explained-failure.ts';

export const KEYCHAIN_SERVICE = 'bitget-panic';

export interface Keychain {
  /** The stored credentials, or undefined when there truly is no entry. A locked keyring throws, never "no entry". */
  get(profile: string): Promise<Credentials | undefined>;
  set(profile: string, credentials: Credentials): Promise<void>;
  /** True when an entry was there and has been deleted; false when there was none. A locked keyring throws. */
  remove(profile: string): Promise<boolean>;
}

/** Thrown by the keychain; carries an explanation that never includes a secret. */
export class KeychainError extends ExplainedFailure {}

type Keytar = typeof keytarApi;

let keytarModule: Keytar | undefined;
function loadKeytar(): Keytar {
  keytarModule ??= createRequire(import.meta.url)('keytar') as Keytar;
  return keytarModule;
}

/** What keychains say when they are locked, or when the person dismissed the unlock prompt. */
const LOCKED = /locked|cancel+ed|interaction is not allowed|user interaction|denied|dismissed/i;

const UNLOCK_HINTS: Record<string, string> = {
  linux:
    'Unlock the login keyring: open "Passwords and Keys" (Seahorse), KWallet or KeePassXC and unlock it, or log out and back in; then try again. Keys are never stored anywhere else.',
  darwin:
    'Unlock the login keychain (Keychain Access → File → Unlock Keychain "login"), or allow Bitget Panic Button when macOS asks; then try again. Keys are never stored anywhere else.',
  win32:
    'Windows Credential Manager refused: unlock your Windows session as the user who saved the key, then try again. Keys are never stored anywhere else.',
};

export function keyringLocked(action: string, platform: NodeJS.Platform = process.platform): ExplainedError {
  return {
    kind: 'keychain',
    code: 'keychain-locked',
    message: `The system keychain is locked, so the app could not ${action}.`,
    hint: UNLOCK_HINTS[platform] ?? UNLOCK_HINTS.linux!,
  };
}

export function explainKeychainFailure(action: string, error: unknown, platform: NodeJS.Platform = process.platform): ExplainedError {
  const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
  if (LOCKED.test(reason)) return { ...keyringLocked(action, platform), message: `The system keychain is locked, so the app could not ${action} (${reason}).` };
  return {
    kind: 'keychain',
    message: `The system keychain could not ${action}: ${reason}`,
    hint:
      platform === 'linux'
        ? 'Install and unlock a Secret Service keyring (GNOME Keyring, KWallet or KeePassXC with Secret Service on), log in to a desktop session, then try again. Keys are never stored anywhere else.'
        : 'Unlock your login keychain (macOS) or Credential Manager (Windows) and try again. Keys are never stored anywhere else.',
  };
}

export interface KeychainOptions {
  service?: string;
  platform?: NodeJS.Platform;
}

export function createKeychain(options: string | KeychainOptions = {}): Keychain {
  const { service = KEYCHAIN_SERVICE, platform = process.platform } = typeof options === 'string' ? { service: options } : options;

  async function guarded<T>(action: string, run: (keytar: Keytar) => Promise<T>): Promise<T> {
    try {
      return await run(loadKeytar());
    } catch (error) {
      if (error instanceof KeychainError) throw error;
      throw new KeychainError(explainKeychainFailure(action, error, platform));
    }
  }

  /**
   * libsecret answers "nothing there" for an entry in a locked collection (and after a dismissed unlock prompt):
   * lookups give null, deletes give false. Writing a throw-away entry tells the two apart: a locked collection refuses
   * it (and on a desktop asks to unlock). Resolves when the keyring is open now; throws the locked explanation if not.
   */
  async function ensureUnlocked(action: string, keytar: Keytar): Promise<void> {
    if (platform !== 'linux') return;
    const probe = `${service}-unlock-check`;
    try {
      await keytar.setPassword(probe, 'probe', 'unlock check');
    } catch (error) {
      const explained = explainKeychainFailure(action, error, platform);
      throw new KeychainError(explained.code === 'keychain-locked' ? keyringLocked(action, platform) : explained);
    }
    await keytar.deletePassword(probe, 'probe');
  }

  const lookup = (keytar: Keytar, profile: string) => keytar.getPassword(service, profile);

  return {
    async get(profile) {
      const action = 'read the API key';
      const stored = await guarded(action, async (keytar) => {
        const first = await lookup(keytar, profile);
        if (first !== null) return first;
        await ensureUnlocked(action, keytar);
        return lookup(keytar, profile);
      });
      if (stored === null) return undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(stored);
      } catch {
        parsed = undefined;
      }
      const credentials = credentialsSchema.safeParse(parsed);
      if (!credentials.success) {
        throw new KeychainError({
          kind: 'keychain',
          message: `The keychain entry for profile "${profile}" is not in the app's format.`,
          hint: 'Enter the API key, secret and passphrase again in Settings → Profiles.',
        });
      }
      return credentials.data;
    },
    set: (profile, credentials) => guarded('save the API key', (keytar) => keytar.setPassword(service, profile, JSON.stringify(credentials))),
    remove: (profile) =>
      guarded('delete the API key', async (keytar) => {
        if (await keytar.deletePassword(service, profile)) return true;
        await ensureUnlocked('delete the API key', keytar);
        return keytar.deletePassword(service, profile);
      }),
  };
}
