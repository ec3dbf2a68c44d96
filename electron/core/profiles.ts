// Profiles: metadata (name, demo, key hint, account kind) in the settings file, secrets in the keychain and in
// this process's memory only. Resolves a profile name to a ready account on the shared warm connection.
import type { AccountKind, ExplainedError, ProfileSummary, Result } from '../../shared/bitget.ts';
import type { ProfileRemoval } from '../../shared/contract.ts';
import { PRACTICE_PROFILE_NAME } from '../../shared/practice.ts';
import { profileNameClash } from '../../shared/profile-names.ts';
import type { Credentials, ProfileMeta, SaveProfileInput } from '../../shared/schema.ts';
import { createAccount, type Account } from './bitget/account.ts';
import { createBitgetClient } from './bitget/client.ts';
import { createRequestPacer } from './bitget/pacing.ts';
import { sign } from './bitget/sign.ts';
import type { ExchangeClock } from './bitget/clock.ts';
import type { HttpPool } from './bitget/http.ts';
import { KeychainError, type Keychain } from './keychain.ts';
import type { ResolvedAccount } from './resolved-account.ts';
import { PracticeFileError, explainPracticeFile } from './practice.ts';
import { SettingsError, type SettingsStore } from './settings-file.ts';

/** A profile that lives only in memory for one run (the CLI's --from-env). */
export interface EphemeralProfile {
  name: string;
  demo: boolean;
  credentials: Credentials;
}

/** The built-in practice account: its own pool (no network) and clock, its key kept in the practice folder. */
export interface PracticeAccountSource {
  pool: HttpPool;
  clock: ExchangeClock;
  credentials(): Promise<Credentials>;
}

export const PRACTICE_SUMMARY: ProfileSummary = { name: PRACTICE_PROFILE_NAME, demo: false, practice: true, configured: true };

export function isPracticeName(name: string): boolean {
  return name.trim().toLowerCase() === PRACTICE_PROFILE_NAME.toLowerCase();
}

export interface ProfileService {
  list(): ProfileSummary[];
  save(input: SaveProfileInput): Promise<Result<ProfileSummary>>;
  remove(name: string): Promise<Result<ProfileRemoval>>;
  resolve(name: string): Promise<Result<ResolvedAccount>>;
  /** Loads every stored profile's credentials into memory, so a trigger never waits for the keychain. */
  preload(): Promise<void>;
  /** Resolves when background settings writes (a detected account kind) are done. */
  settled(): Promise<void>;
  /** Every secret in memory, so that the audit log can refuse to write one. */
  secrets(): string[];
  /** The practice account's key once loaded in this process (the real endpoint refuses it). */
  practiceKey(): string | undefined;
  /** What the live feed's socket needs to log in; the secret key stays inside `sign`. */
  loginSigner(name: string): Promise<Result<SocketLoginSigner>>;
}

export interface SocketLoginSigner {
  apiKey: string;
  passphrase: string;
  /** base64 HMAC-SHA256 of `prehash` with the profile's secret key. */
  sign(prehash: string): string;
}

const signerOf = (credentials: Credentials): SocketLoginSigner => ({
  apiKey: credentials.apiKey,
  passphrase: credentials.passphrase,
  sign: (prehash) => sign(credentials.secretKey, prehash),
});

export function keyHint(apiKey: string): string {
  return apiKey.slice(-4);
}

function summary(meta: ProfileMeta): ProfileSummary {
  return {
    name: meta.name,
    demo: meta.demo,
    configured: meta.keyHint !== undefined,
    ...(meta.keyHint ? { keyHint: meta.keyHint } : {}),
    ...(meta.accountKind ? { accountKind: meta.accountKind } : {}),
  };
}

const notFound = (name: string): ExplainedError => ({
  kind: 'not-found',
  message: `There is no profile named "${name}".`,
  hint: 'Add it in Settings → Profiles (or `bitget-panic profiles add`), or pick an existing one.',
});

export function createProfileService(deps: {
  settings: SettingsStore;
  keychain: Keychain;
  pool: HttpPool;
  clock: ExchangeClock;
  ephemeral?: EphemeralProfile[];
  practice?: PracticeAccountSource;
}): ProfileService {
  const practice = deps.practice;
  let practiceCredentials: Credentials | undefined;
  const credentialsCache = new Map<string, Credentials>();
  const pacer = createRequestPacer();
  const accounts = new Map<string, { account: Account; apiKey: string; demo: boolean }>();
  const ephemeral = new Map((deps.ephemeral ?? []).map((profile) => [profile.name, profile]));

  const metaOf = (name: string) => deps.settings.read().profiles.find((profile) => profile.name === name);

  const pendingWrites = new Set<Promise<unknown>>();

  /** Kind detection only: written in the background; a failed write costs one more detection next time, never a close. */
  function rememberKind(name: string, accountKind: AccountKind): void {
    const written = deps.settings
      .update((settings) => {
        const meta = settings.profiles.find((profile) => profile.name === name);
        if (!meta || meta.accountKind === accountKind) return undefined;
        return { ...settings, profiles: settings.profiles.map((profile) => (profile === meta ? { ...meta, accountKind } : profile)) };
      })
      .catch(() => undefined)
      .finally(() => pendingWrites.delete(written));
    pendingWrites.add(written);
  }

  async function credentialsOf(name: string): Promise<Credentials | undefined> {
    const cached = credentialsCache.get(name);
    if (cached) return cached;
    const stored = await deps.keychain.get(name);
    if (stored) credentialsCache.set(name, stored);
    return stored;
  }

  function forget(name: string): void {
    credentialsCache.delete(name);
    accounts.delete(name);
  }

  async function guarded<T>(run: () => Promise<Result<T>>): Promise<Result<T>> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof KeychainError || error instanceof SettingsError) return { ok: false, error: error.explained };
      throw error;
    }
  }

  async function resolvePractice(source: PracticeAccountSource): Promise<Result<ResolvedAccount>> {
    let credentials: Credentials;
    try {
      credentials = await source.credentials();
    } catch (error) {
      if (error instanceof PracticeFileError) return { ok: false, error: explainPracticeFile(error) };
      return { ok: false, error: { kind: 'unknown', message: `The practice account could not be opened: ${error instanceof Error ? error.message : String(error)}`, hint: 'Reset the practice account (`bitget-panic practice reset`, or Practice → Reset in the window).' } };
    }
    practiceCredentials = credentials;
    let entry = accounts.get(PRACTICE_PROFILE_NAME);
    if (!entry || entry.apiKey !== credentials.apiKey) {
      const account = createAccount({ client: createBitgetClient(source.pool, source.clock, credentials, pacer(credentials.apiKey)), demo: false, kind: 'classic' });
      entry = { account, apiKey: credentials.apiKey, demo: false };
      accounts.set(PRACTICE_PROFILE_NAME, entry);
    }
    return { ok: true, value: { account: entry.account, profile: { name: PRACTICE_PROFILE_NAME, demo: false, practice: true }, accountKey: `practice:${credentials.apiKey}` } };
  }

  return {
    // Practice is listed first while no real profile exists (the default), last once one does.
    list: () => {
      const real: ProfileSummary[] = [
        ...deps.settings.read().profiles.filter((profile) => !practice || !isPracticeName(profile.name)).map(summary),
        ...[...ephemeral.values()].map((profile) => ({ name: profile.name, demo: profile.demo, configured: true, keyHint: keyHint(profile.credentials.apiKey) })),
      ];
      if (!practice) return real;
      return real.length === 0 ? [PRACTICE_SUMMARY] : [...real, PRACTICE_SUMMARY];
    },

    // The keychain entry and the settings change under one settings lock: concurrent saves (other windows, CLI runs)
    // keep every profile and every key, and a profile's key hint always belongs to the key stored for it.
    save: (input) =>
      guarded(async () => {
        if (practice && [input.name, input.previousName ?? input.name].some(isPracticeName)) {
          return { ok: false, error: { kind: 'bad-input', message: `"${PRACTICE_PROFILE_NAME}" is the built-in practice account's name.`, hint: 'Choose another name for your Bitget profile.' } };
        }
        const previousName = input.previousName ?? input.name;
        let answer: Result<ProfileSummary> | undefined;
        const undo: (() => Promise<unknown>)[] = [];
        try {
          await deps.settings.update(async (settings) => {
            const existing = settings.profiles.find((profile) => profile.name === previousName);
            if (!existing && !input.credentials) {
              answer = { ok: false, error: { kind: 'bad-input', message: `Profile "${input.name}" needs an API key, secret key and passphrase.`, hint: 'Paste all three from Bitget’s API management page.' } };
              return undefined;
            }
            if (input.name !== previousName && settings.profiles.some((profile) => profile.name === input.name)) {
              answer = { ok: false, error: { kind: 'bad-input', message: `A profile named "${input.name}" already exists.`, hint: 'Choose another name, or edit that profile instead.' } };
              return undefined;
            }
            // A new name (added, or renamed to) must not read the same as another profile's, and is saved in its NFKC
            // form; an existing profile saved under its own name keeps it as it is.
            const isNew = !existing || input.name !== previousName;
            const others = [...settings.profiles.map((profile) => profile.name).filter((other) => other !== previousName), ...(practice ? [PRACTICE_PROFILE_NAME] : [])];
            const clash = isNew ? profileNameClash(input.name, others) : undefined;
            if (clash) {
              answer = { ok: false, error: clash };
              return undefined;
            }
            const name = isNew ? input.name.normalize('NFKC') : input.name;
            // The keychain entry this profile had: none for a new one (its name as typed may differ from the saved one).
            const from = existing ? previousName : name;
            // With new credentials the old entry is read only to put it back if the write fails; it may be unreadable.
            const before = input.credentials ? await deps.keychain.get(from).catch(() => undefined) : await deps.keychain.get(from);
            const credentials = input.credentials ?? before;
            if (!credentials) {
              answer = { ok: false, error: { kind: 'keychain', message: `The keychain has no key for profile "${from}".`, hint: 'Enter the API key, secret key and passphrase again.' } };
              return undefined;
            }
            const overwritten = name === from ? before : await deps.keychain.get(name).catch(() => undefined);
            if (input.credentials || name !== from) {
              await deps.keychain.set(name, credentials);
              undo.push(() => (overwritten ? deps.keychain.set(name, overwritten) : deps.keychain.remove(name)));
            }
            if (name !== from) {
              await deps.keychain.remove(from);
              undo.push(() => deps.keychain.set(from, credentials));
            }
            forget(from);
            forget(name);
            const keepKind = existing?.accountKind && !input.credentials ? { accountKind: existing.accountKind } : {};
            const meta: ProfileMeta = { name, demo: input.demo, keyHint: keyHint(credentials.apiKey), ...keepKind };
            const kept = settings.profiles.filter((profile) => profile.name !== from);
            const presets = settings.presets.map((preset) => (preset.profile === from ? { ...preset, profile: name } : preset));
            answer = { ok: true, value: summary(meta) };
            return { ...settings, profiles: [...kept, meta], presets };
          });
        } catch (error) {
          // The settings could not be written after the keychain changed: put the keychain back as it was.
          for (const step of undo.reverse()) await step().catch(() => undefined);
          throw error;
        }
        return answer!;
      }),

    remove: (name) =>
      guarded(async () => {
        if (practice && isPracticeName(name)) {
          return { ok: false, error: { kind: 'bad-input', message: `The ${PRACTICE_PROFILE_NAME} account is built in and cannot be removed.`, hint: 'Reset it instead (Practice → Reset, or `bitget-panic practice reset`).' } };
        }
        let answer: Result<ProfileRemoval> = { ok: false, error: notFound(name) };
        await deps.settings.update(async (settings) => {
          if (!settings.profiles.some((profile) => profile.name === name)) return undefined;
          // A locked keychain throws here: the profile stays, nothing is half removed.
          const keychainEntryRemoved = await deps.keychain.remove(name);
          forget(name);
          answer = { ok: true, value: { removed: name, keychainEntryRemoved } };
          return { ...settings, profiles: settings.profiles.filter((profile) => profile.name !== name) };
        });
        return answer;
      }),

    resolve: (name) =>
      guarded(async () => {
        if (practice && name === PRACTICE_PROFILE_NAME) return resolvePractice(practice);
        const temporary = ephemeral.get(name);
        const meta = temporary ? { name, demo: temporary.demo } : metaOf(name);
        if (!meta) return { ok: false, error: notFound(name) };
        const credentials = temporary?.credentials ?? (await credentialsOf(name));
        if (!credentials) {
          return { ok: false, error: { kind: 'keychain', message: `The keychain has no API key for profile "${name}".`, hint: 'Enter the key again in Settings → Profiles (`bitget-panic profiles add`).' } };
        }
        let entry = accounts.get(name);
        if (!entry || entry.apiKey !== credentials.apiKey || entry.demo !== meta.demo) {
          const kind: AccountKind = ('accountKind' in meta && meta.accountKind) || 'classic';
          const account = createAccount({
            client: createBitgetClient(deps.pool, deps.clock, credentials, pacer(credentials.apiKey)),
            demo: meta.demo,
            kind,
            onKindDetected: (detected) => {
              if (!temporary) rememberKind(name, detected);
            },
          });
          entry = { account, apiKey: credentials.apiKey, demo: meta.demo };
          accounts.set(name, entry);
        }
        return { ok: true, value: { account: entry.account, profile: { name, demo: meta.demo }, accountKey: credentials.apiKey } };
      }),

    practiceKey: () => practiceCredentials?.apiKey,

    loginSigner: (name) =>
      guarded(async () => {
        if (practice && name === PRACTICE_PROFILE_NAME) {
          const resolved = await resolvePractice(practice);
          return resolved.ok && practiceCredentials ? { ok: true, value: signerOf(practiceCredentials) } : (resolved as { ok: false; error: ExplainedError });
        }
        const temporary = ephemeral.get(name);
        if (!temporary && !metaOf(name)) return { ok: false, error: notFound(name) };
        const credentials = temporary?.credentials ?? (await credentialsOf(name));
        if (!credentials) {
          return { ok: false, error: { kind: 'keychain', message: `The keychain has no API key for profile "${name}".`, hint: 'Enter the key again in Settings → Profiles (`bitget-panic profiles add`).' } };
        }
        return { ok: true, value: signerOf(credentials) };
      }),

    async preload() {
      await Promise.all(deps.settings.read().profiles.map((meta) => credentialsOf(meta.name).catch(() => undefined)));
    },

    async settled() {
      await Promise.all([...pendingWrites]);
    },

    secrets: () =>
      [...credentialsCache.values(), ...[...ephemeral.values()].map((profile) => profile.credentials), ...(practiceCredentials ? [practiceCredentials] : [])].flatMap((credentials) => [
        credentials.apiKey,
        credentials.secretKey,
        credentials.passphrase,
      ]),
  };
}
