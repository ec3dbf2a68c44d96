// Contract channel → core function. Used by electron/main/ipc.ts, the CLI and the browser test harness alike.
// Every handler parses its payload with the shared schemas first and answers `{ ok, value | error }`. The core's parts
// are built in compose.ts (createCore).
import type { z, ZodType } from 'zod';
import type { ExplainedError, Result } from '../../shared/bitget.ts';
import type { AppStatus, ChannelName, ContractMap } from '../../shared/contract.ts';
import { PRACTICE_PROFILE_NAME } from '../../shared/practice.ts';
import {
  historyQuerySchema,
  parseOrExplain,
  positionsQuerySchema,
  practiceScenarioRefSchema,
  profileRefSchema,
  saveProfileSchema,
  uiSettingsSchema,
  type AppSettings,
  type UiSettings,
} from '../../shared/schema.ts';
import type { AuditLog } from './audit-log.ts';
import type { createCloseEverything } from './close-everything.ts';
import type { Feeds } from './feed/feeds.ts';
import type { GuardService } from './guard/guard-service.ts';
import { testConnection } from './connection-test.ts';
import type { ExchangeClock } from './bitget/clock.ts';
import type { PanicService } from './panic.ts';
import { PRACTICE_ENDPOINT, PracticeFileError, explainPracticeFile, type PracticeExchange } from './practice.ts';
import type { EphemeralProfile, ProfileService } from './profiles.ts';
import { feedQuerySchema, readFeed } from './feed/open-feed.ts';
import { SettingsError, type SettingsStore } from './settings-file.ts';

export { BITGET_BASE_URL } from './endpoint.ts';

export type Handlers = { [K in ChannelName]: (payload: unknown) => Promise<Result<ContractMap[K]['reply']>> };

/** The core's parts the channels answer from (built by createCore). */
export interface HandlerParts {
  profiles: ProfileService;
  panic: PanicService;
  closeEverything: ReturnType<typeof createCloseEverything>;
  audit: AuditLog;
  settings: SettingsStore;
  ephemeralProfiles: EphemeralProfile[] | undefined;
  practiceExchange: PracticeExchange | undefined;
  practiceClock: ExchangeClock | undefined;
  clock: ExchangeClock;
  baseUrl: string;
  appStatus: () => AppStatus;
  guard: GuardService | undefined;
  feeds: Feeds;
  scrub: <T>(value: T) => T;
}

export function createHandlers(parts: HandlerParts): Handlers {
  const { profiles, panic, closeEverything, audit, settings, ephemeralProfiles, practiceExchange, practiceClock, clock, baseUrl, appStatus, guard, feeds, scrub } = parts;
  const withPractice = async <T>(run: (exchange: PracticeExchange) => Promise<T>): Promise<Result<T>> => {
    if (!practiceExchange) return practiceOff;
    return guardUnexpected(async () => ({ ok: true, value: await run(practiceExchange) }));
  };

  const unscrubbed: Handlers = {
    listProfiles: async () => ({ ok: true, value: profiles.list() }),
    saveProfile: (payload) => withParsed(saveProfileSchema, payload, 'profile', (input) => profiles.save(input)),
    removeProfile: (payload) => withParsed(profileRefSchema, payload, 'profile', ({ name }) => profiles.remove(name)),
    testProfile: (payload) =>
      withParsed(profileRefSchema, payload, 'profile', async ({ name }) => {
        const resolved = await profiles.resolve(name);
        if (!resolved.ok) return resolved;
        const { account, profile } = resolved.value;
        const isPractice = profile.practice === true && practiceClock !== undefined;
        return testConnection({
          account,
          profile: { name, demo: profile.demo },
          practice: isPractice,
          endpoint: isPractice ? PRACTICE_ENDPOINT : baseUrl,
          syncClock: () => (isPractice ? practiceClock : clock).sync(),
        });
      }),
    listPositions: (payload) =>
      withParsed(positionsQuerySchema, payload, 'positions request', async ({ profile, productType }) => {
        const resolved = await profiles.resolve(profile);
        if (!resolved.ok) return resolved;
        const read = await resolved.value.account.positions(productType, 5_000);
        return read.ok ? { ok: true, value: read.positions } : read;
      }),
    close: (payload) => guardUnexpected(() => panic.close(payload)),
    closeEverything: (payload) => guardUnexpected(() => closeEverything(payload)),
    listHistory: (payload) =>
      withParsed(historyQuerySchema, payload ?? {}, 'history request', async ({ limit, before }) => {
        try {
          return { ok: true, value: await audit.read(limit, before) };
        } catch (error) {
          const message = `The history could not be read (${error instanceof Error ? error.message : String(error)}).`;
          return { ok: false, error: { kind: 'unknown', message, hint: `Closes do not depend on it. Check the audit files next to ${audit.path} (owned by you, regular files).` } };
        }
      }),
    getSettings: async () => ({ ok: true, value: uiSettingsOf(settings.read()) }),
    saveSettings: (payload) =>
      withParsed(uiSettingsSchema, payload, 'settings', async (next) => {
        let refusal: ExplainedError | undefined;
        const saved = await settings.update((current) => {
          const known = new Set([
            ...current.profiles.map((profile) => profile.name),
            ...(ephemeralProfiles ?? []).map((profile) => profile.name),
            ...(practiceExchange ? [PRACTICE_PROFILE_NAME] : []),
          ]);
          const orphan = next.presets.find((preset) => !known.has(preset.profile));
          if (!orphan) return { ...current, ...next };
          refusal = { kind: 'bad-input', message: `Preset "${orphan.name}" uses profile "${orphan.profile}", which does not exist.`, hint: 'Pick an existing profile for the preset, or add that profile first.' };
          return undefined;
        });
        return refusal ? { ok: false, error: refusal } : { ok: true, value: uiSettingsOf(saved) };
      }),
    getAppStatus: async () => ({ ok: true, value: appStatus() }),
    getPractice: () => withPractice((exchange) => exchange.state()),
    runPracticeScenario: (payload) => withParsed(practiceScenarioRefSchema, payload, 'practice scenario', ({ name }) => withPractice((exchange) => exchange.runScenario(name))),
    resetPractice: () => withPractice((exchange) => exchange.reset()),
    listGuards: async () => (guard ? { ok: true, value: guard.list() } : guardNotRunning),
    armGuard: (payload) => (guard ? guardUnexpected(() => guard.arm(payload)) : Promise.resolve(guardNotRunning)),
    disarmGuard: (payload) => (guard ? guardUnexpected(() => guard.disarm(payload)) : Promise.resolve(guardNotRunning)),
    getFeed: (payload) => withParsed(feedQuerySchema, payload, 'feed request', async ({ profile }) => ({ ok: true, value: await readFeed(feeds, profile) })),
  };

  // Every reply crosses into another process or onto a screen: no secret leaves in one, whatever an answer echoed.
  return Object.fromEntries(
    Object.entries(unscrubbed).map(([channel, handler]) => [channel, async (payload: unknown) => scrub(await handler(payload))]),
  ) as Handlers;
}

// A core made without practice mode (tests, embedders) answers its channels plainly.
const practiceOff: { ok: false; error: ExplainedError } = {
  ok: false,
  error: { kind: 'not-found', message: 'Practice mode is not switched on here.', hint: 'Use a demo profile (Bitget demo trading) to rehearse.' },
};

const guardNotRunning: { ok: false; error: ExplainedError } = {
  ok: false,
  error: { kind: 'not-found', message: 'The account guard does not run in this process.', hint: 'Use the app (it runs the guard, also with the window closed) or `bitget-panic guard`.' },
};

function uiSettingsOf({ presets, doublePressWindowMs, startMinimized, launchAtLogin }: AppSettings): UiSettings {
  return { presets, doublePressWindowMs, startMinimized, launchAtLogin };
}

async function withParsed<S extends ZodType, T>(
  schema: S,
  payload: unknown,
  what: string,
  run: (value: z.infer<S>) => Promise<Result<T>>,
): Promise<Result<T>> {
  const parsed = parseOrExplain(schema, payload, what);
  if (!parsed.ok) return parsed;
  return guardUnexpected(() => run(parsed.value));
}

async function guardUnexpected<T>(run: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof SettingsError) return { ok: false, error: error.explained };
    if (error instanceof PracticeFileError) return { ok: false, error: explainPracticeFile(error) };
    return {
      ok: false,
      error: {
        kind: 'unknown',
        message: `Something unexpected went wrong: ${error instanceof Error ? error.message : String(error)}`,
        hint: 'Nothing more was sent. Try again; if it repeats, report it with the history entry.',
      },
    };
  }
}
