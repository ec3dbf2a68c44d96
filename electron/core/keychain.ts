// The OS keychain (keytar): one entry per profile under the service "bitget-panic". Never a plaintext fallback:
// when the keychain cannot be used, the caller gets an explained error that says what to install or unlock.
import { createRequire } from 'node:module';
import type * as keytarApi from 'keytar';
import type { ExplainedError } from '../../shared/bitget.ts';
import { credentialsSchema, type Credentials } from '../../shared/schema.ts';

export const KEYCHAIN_SERVICE = 'bitget-panic';

export interface Keychain {
  get(profile: string): Promise<Credentials | undefined>;
  set(profile: string, credentials: Credentials): Promise<void>;
  remove(profile: string): Promise<void>;
}

/** Thrown by the keychain; carries an explanation that never includes a secret. */
export class KeychainError extends Error {
  readonly explained: ExplainedError;
  constructor(explained: ExplainedError) {
    super(explained.message);
    this.explained = explained;
    this.name = 'KeychainError';
  }
}

type Keytar = typeof keytarApi;

let keytarModule: Keytar | undefined;
function loadKeytar(): Keytar {
  keytarModule ??= createRequire(import.meta.url)('keytar') as Keytar;
  return keytarModule;
}

export function explainKeychainFailure(action: string, error: unknown): ExplainedError {
  const reason = error instanceof Error ? error.message : String(error);
  const linux = process.platform === 'linux';
  return {
    kind: 'keychain',
    message: `The system keychain could not ${action}: ${reason.split('\n')[0]}`,
    hint: linux
      ? 'Install and unlock a Secret Service keyring (GNOME Keyring, KWallet or KeePassXC with Secret Service on), log in to a desktop session, then try again. Keys are never stored anywhere else.'
      : 'Unlock your login keychain (macOS) or Credential Manager (Windows) and try again. Keys are never stored anywhere else.',
  };
}

export function createKeychain(service = KEYCHAIN_SERVICE): Keychain {
  async function guarded<T>(action: string, run: (keytar: Keytar) => Promise<T>): Promise<T> {
    try {
      return await run(loadKeytar());
    } catch (error) {
      throw new KeychainError(explainKeychainFailure(action, error));
    }
  }
  return {
    async get(profile) {
      const stored = await guarded('read the API key', (keytar) => keytar.getPassword(service, profile));
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
    remove: async (profile) => {
      await guarded('delete the API key', (keytar) => keytar.deletePassword(service, profile));
    },
  };
}
