// The composition root: createCore builds the one core every surface uses (window, hotkey, tray, CLI, the browser
// harness) from its parts, warms its connections up and disposes of them. The channel table is in handlers.ts.
import { join } from 'node:path';
import { UNIFIED_CATEGORIES, sentNothing, type CloseProgressEvent, type CostReport, type EverythingOutcome, type ExplainedError, type Result } from '../../shared/bitget.ts';
import type { AppStatus } from '../../shared/contract.ts';
import type { AppSettings } from '../../shared/schema.ts';
import { createAuditLog, type AuditLog } from './audit-log.ts';
import { createCloseGate } from './close-gate.ts';
import { createCloseEverything } from './close-everything.ts';
import type { Feeds } from './feed/feeds.ts';
import { createGuardService, type GuardService } from './guard/guard-service.ts';
import type { FeedSnapshot, FeedUpdate } from '../../shared/feed.ts';
import { readRestSnapshot } from './feed/rest-snapshot.ts';
import type { GuardStatus } from '../../shared/guard.ts';
import { SERVER_TIME_PATH, createExchangeClock, type ExchangeClock } from './bitget/clock.ts';
import { POSITION_MODE_TRUST_MS } from './bitget/account.ts';
import { createHttpPool, type HttpPool } from './bitget/http.ts';
import { BITGET_BASE_URL, EndpointError, describeCustomEndpoint, endpointFromEnv, resolveEndpoint, type Endpoint } from './endpoint.ts';
import { createKeychain, type Keychain } from './keychain.ts';
import { createScrubber } from '../../shared/scrub.ts';
import type { CostTiming } from './order-costs.ts';
import { CLOSE_INTERVAL_MS, createPanicService, type PanicService, type PanicTiming } from './panic.ts';
import { createPracticePool, openPracticeExchange, practiceSocketTransport, refusingPracticeKey, type PracticeExchange } from './practice.ts';
import { createProfileService, type EphemeralProfile, type ProfileService } from './profiles.ts';
import { feedOpener, type FeedTiming } from './feed/open-feed.ts';
import { createFeedRegistry } from './feed/registry.ts';
import { wsTransport } from './feed/transport.ts';
import type { SettingsStore } from './settings-file.ts';
import { createHandlers, type Handlers } from './handlers.ts';

const CLOCK_SYNC_INTERVAL_MS = 20_000;

export interface CoreOptions {
  dataDir: string;
  settings: SettingsStore;
  /** Defaults to BITGET_PANIC_BASE_URL or https://api.bitget.com; an invalid or insecure value is refused (EndpointError). */
  baseUrl?: string;
  appStatus?: () => AppStatus;
  keychain?: Keychain;
  ephemeralProfiles?: EphemeralProfile[];
  timing?: Partial<PanicTiming>;
  /** A PEM file of an extra certificate authority to trust (the simulator with --tls); BITGET_PANIC_CA_FILE too. */
  caFile?: string;
  /** Keep the connection warm with periodic clock syncs (the app); the CLI syncs once. */
  autoSync?: boolean;
  /** false: no order details are read after a close (the CLI's --no-costs). */
  orderCosts?: boolean;
  costTiming?: Partial<CostTiming>;
  /**
   * warmUp also reads each stored profile's positions (live product types), beside the clock sync, so a one-side close
   * soon after start finds the position mode known. Defaults to `autoSync` (the app); the CLI reads only what it closes.
   */
  learnPositionModes?: boolean;
  /** How often the app learns the position modes again while it runs; half the time a learned mode is trusted. */
  relearnPositionModesMs?: number;
  /** The built-in Practice profile (the practice exchange in `<dataDir>/practice/`, no network); on in the app and the CLI. */
  practice?: boolean;
  /** Feeds for the guard instead of this core's own live feeds (tests that script the figures). */
  feeds?: Feeds;
  /** Run the account guard on the live feeds: the app does; the CLI only reads and writes the guard settings. */
  guard?: boolean;
  /** The fresh read that confirms a guard trip; by default a REST read of the profile (tests with scripted feeds script it too). */
  guardConfirm?: (profile: string) => Promise<Result<FeedSnapshot>>;
  /** A guard warning, trip, flatten or blindness, in one sentence (the app shows a notification). */
  notifyGuard?: (status: GuardStatus, message: string) => void;
  /** The live feed's socket timing and REST poll interval (short in tests). */
  feedTiming?: FeedTiming;
  /** Where the live feed writes what it ignored or why it reconnected (scrubbed); stderr by default. */
  feedLog?: (line: string) => void;
}

/** What a close run pushes while it runs and after: its progress, then what its orders cost. */
export type CloseEvent = { kind: 'progress'; progress: CloseProgressEvent } | { kind: 'costs'; report: CostReport };

export interface Core {
  handlers: Handlers;
  panic: PanicService;
  profiles: ProfileService;
  audit: AuditLog;
  clock: ExchangeClock;
  baseUrl: string;
  /** Where signed requests go; `custom` when it is not Bitget's own host (shown on every surface). */
  endpoint: Endpoint;
  /** The one line every surface shows when `endpoint` is not Bitget's own host; undefined for Bitget's. */
  customEndpoint: string | undefined;
  /** Every secret in memory replaced in any value: for surfaces outside the core (terminal, notifications). */
  scrub<T>(value: T): T;
  /**
   * Pre-connects, syncs the clock and loads credentials into memory. Never throws. 'practice': only the practice
   * exchange (no network); 'exchange': only the real endpoint (the practice account's file is left untouched).
   */
  warmUp(scope?: 'practice' | 'exchange'): Promise<ExplainedError | undefined>;
  /** The practice exchange, when practice mode is on. */
  practice: PracticeExchange | undefined;
  /** Each profile's live feed (WebSocket, REST while it is down); nothing opens until a profile is watched. */
  feeds: Feeds;
  dispose(): Promise<void>;
  onSettingsChanged(listener: (settings: AppSettings) => void): () => void;
  /** Progress and cost reports of every close run, whatever triggered it (scrubbed); returns the unsubscribe function. */
  onCloseEvent(listener: (event: CloseEvent) => void): () => void;
  /** What each flatten the guard ran came to (scrubbed): the window and a notification show it like any trigger's. */
  onGuardFlatten(listener: (profile: string, result: Result<EverythingOutcome>) => void): () => void;
  /** Every update of every running live feed (scrubbed): the window shows them. Returns the unsubscribe function. */
  onFeedUpdate(listener: (update: FeedUpdate) => void): () => void;
  /** The account guard, when this core runs it (`guard` given). */
  guard: GuardService | undefined;
}
export async function createCore(options: CoreOptions): Promise<Core> {
  const resolvedEndpoint =
    options.baseUrl !== undefined || options.caFile !== undefined
      ? resolveEndpoint({ baseUrl: options.baseUrl, baseUrlSource: 'the exchange URL', caFile: options.caFile ?? nonEmpty(process.env.BITGET_PANIC_CA_FILE), caFileSource: 'the certificate file' })
      : endpointFromEnv(process.env);
  if (!resolvedEndpoint.ok) throw new EndpointError(resolvedEndpoint.error);
  const endpoint = resolvedEndpoint.value;
  const baseUrl = endpoint.baseUrl;
  const practiceExchange = options.practice ? openPracticeExchange(options.dataDir) : undefined;
  const practicePool = practiceExchange ? createPracticePool(practiceExchange) : undefined;
  const practiceClock = practicePool ? createExchangeClock(practicePool) : undefined;
  // Two pools chosen by profile kind; each refuses the other's key, whatever a bug upstream might hand it.
  let practiceKey: () => string | undefined = () => undefined;
  const pool: HttpPool = refusingPracticeKey(createHttpPool(baseUrl, endpoint.ca ? { ca: endpoint.ca } : {}), () => practiceKey());
  const clock = createExchangeClock(pool);
  const listeners = new Set<(settings: AppSettings) => void>();
  const settings: SettingsStore = {
    read: () => options.settings.read(),
    async update(change) {
      let changed = false;
      const after = await options.settings.update(async (current) => {
        const next = await change(current);
        changed = next !== undefined;
        return next;
      });
      if (changed) for (const listener of listeners) listener(after);
      return after;
    },
  };
  const profiles = createProfileService({
    settings,
    keychain: options.keychain ?? createKeychain(),
    pool,
    clock,
    ...(options.ephemeralProfiles ? { ephemeral: options.ephemeralProfiles } : {}),
    ...(practiceExchange && practicePool && practiceClock
      ? { practice: { pool: practicePool, clock: practiceClock, credentials: () => practiceExchange.credentials() } }
      : {}),
  });
  practiceKey = () => profiles.practiceKey();
  const audit = createAuditLog(join(options.dataDir, 'audit.jsonl'), () => profiles.secrets());
  const scrub = <T>(value: T): T => createScrubber(profiles.secrets()).value(value);
  const closeListeners = new Set<(event: CloseEvent) => void>();
  const emitCloseEvent = (event: CloseEvent) => {
    if (closeListeners.size === 0) return;
    const safe = scrub(event);
    for (const listener of closeListeners) {
      try {
        listener(safe);
      } catch {
        // A surface that fails to show an event never changes the close.
      }
    }
  };
  const panic = createPanicService({
    onProgress: (progress) => emitCloseEvent({ kind: 'progress', progress }),
    onCosts: (report) => emitCloseEvent({ kind: 'costs', report }),
    ...(options.orderCosts === false ? { readCosts: false } : {}),
    ...(options.costTiming ? { costTiming: options.costTiming } : {}),
    resolve: (name) => profiles.resolve(name),
    audit,
    guard: createCloseGate({ dir: join(options.dataDir, 'close-slots'), intervalMs: CLOSE_INTERVAL_MS }),
    ...(options.timing ? { timing: options.timing } : {}),
  });

  const closeEverything = createCloseEverything(profiles, panic);
  const guardFlattenListeners = new Set<(profile: string, result: Result<EverythingOutcome>) => void>();
  const feeds = createFeedRegistry(
    feedOpener({
      resolve: (name) => profiles.resolve(name),
      loginSigner: (name) => profiles.loginSigner(name),
      timestampMs: (isPractice) => Number((isPractice && practiceClock ? practiceClock : clock).timestamp()),
      restBaseUrl: baseUrl,
      bitgetBaseUrl: BITGET_BASE_URL,
      transport: wsTransport(endpoint.ca ? { ca: endpoint.ca } : {}),
      practiceTransport: practiceSocketTransport(practiceExchange),
      ...(options.feedTiming ? { timing: options.feedTiming } : {}),
      log: (line) => (options.feedLog ?? ((text: string) => console.warn(text)))(scrub(line)),
    }),
  );

  const guard =
    options.guard
      ? createGuardService({
          dataDir: options.dataDir,
          settings,
          audit,
          feeds: options.feeds ?? feeds,
          closeEverything: async (request) => {
            const result = await closeEverything(request);
            // A run that found nothing to close and nothing refused is no result to show.
            const nothing = result.ok && sentNothing(result.value);
            const safe = scrub(result);
            if (!nothing) for (const listener of guardFlattenListeners) listener(request.profile, safe);
            return result;
          },
          profiles: () => profiles.list(),
          confirm:
            options.guardConfirm ??
            (async (profile) => {
              const resolved = await profiles.resolve(profile);
              return resolved.ok ? readRestSnapshot(resolved.value, UNIFIED_CATEGORIES, Date.now, { oneRoundTrip: true }) : resolved;
            }),
          log: (line) => (options.feedLog ?? ((text: string) => console.warn(text)))(scrub(line)),
          notify: (status, message) => options.notifyGuard?.(scrub(status), scrub(message)),
        })
      : undefined;

  const customEndpoint = describeCustomEndpoint(endpoint);
  // Whoever builds the status (main, the harness), where signed requests go is part of it.
  const appStatus = (): AppStatus => ({
    ...(options.appStatus?.() ?? {
      shell: 'browser',
      hotkeys: [],
      notices: 'notices' in options.settings ? [...(options.settings as { notices: string[] }).notices] : [],
      auditLogPath: audit.path,
    }),
    ...(customEndpoint ? { customEndpoint } : {}),
  });

  let relearnTimer: ReturnType<typeof setInterval> | undefined;
  /** One read per stored profile and live product type: the account remembers the position mode each shows. */
  const learnPositionModes = async () => {
    const real = profiles.list().filter((summary) => !summary.practice && summary.configured);
    await Promise.allSettled(
      real.map(async (summary) => {
        const resolved = await profiles.resolve(summary.name);
        if (!resolved.ok) return;
        await Promise.allSettled(UNIFIED_CATEGORIES.map((productType) => resolved.value.account.positions(productType, 3_000)));
      }),
    );
  };

  const handlers = createHandlers({
    profiles,
    panic,
    closeEverything,
    audit,
    settings,
    ephemeralProfiles: options.ephemeralProfiles,
    practiceExchange,
    practiceClock,
    clock,
    baseUrl,
    appStatus,
    guard,
    feeds,
    scrub,
  });

  return {
    handlers,
    panic,
    profiles,
    audit,
    clock,
    baseUrl,
    endpoint,
    customEndpoint,
    scrub,
    practice: practiceExchange,
    feeds,
    async warmUp(scope) {
      if (scope === 'practice' || (scope === undefined && practiceClock && profiles.list().every((profile) => profile.practice))) {
        // Practice only (no real profile to warm): nothing leaves this computer.
        try {
          await practiceClock?.sync();
          return undefined;
        } catch (error) {
          return { kind: 'unknown', message: `The practice exchange could not be opened (${error instanceof Error ? error.message : String(error)}).`, hint: 'Reset the practice account (`bitget-panic practice reset`).' };
        } finally {
          // The app keeps trying the real endpoint in the background, for the first real profile added; a failure costs nothing.
          if (options.autoSync && scope !== 'practice') clock.startAutoSync(CLOCK_SYNC_INTERVAL_MS);
        }
      }
      await profiles.preload();
      if (scope === undefined) void practiceClock?.sync().catch(() => undefined);
      try {
        // Two requests at once open two pooled connections: a close and a position read never wait for a handshake.
        const [synced] = await Promise.allSettled([
          Promise.all([clock.sync(), pool.send({ method: 'GET', pathWithQuery: SERVER_TIME_PATH, headers: { locale: 'en-US' }, timeoutMs: 3_000 })]),
          (options.learnPositionModes ?? options.autoSync) ? learnPositionModes() : undefined,
        ]);
        if (synced.status === 'rejected') throw synced.reason;
        return undefined;
      } catch (error) {
        return { kind: 'network', message: `Could not reach the exchange at ${baseUrl} to sync the clock (${error instanceof Error ? error.message : String(error)}).`, hint: 'Check your internet connection; the app keeps trying in the background.' };
      } finally {
        if (options.autoSync) clock.startAutoSync(CLOCK_SYNC_INTERVAL_MS);
        // A learned mode is trusted for POSITION_MODE_TRUST_MS: learning again at half that keeps a press long after
        // start as fast as the first one (three reads per profile every 30 s, far under the 5/s limit).
        if ((options.learnPositionModes ?? options.autoSync) && !relearnTimer) {
          relearnTimer = setInterval(() => void learnPositionModes(), options.relearnPositionModesMs ?? POSITION_MODE_TRUST_MS / 2);
          relearnTimer.unref?.();
        }
      }
    },
    guard,
    async dispose() {
      await guard?.dispose();
      await feeds.close();
      clearInterval(relearnTimer);
      clock.stop();
      await panic.settleCosts();
      await profiles.settled();
      // A practice socket's last refresh, or a practice clock sync begun by warmUp, may still hold the account file.
      await practiceExchange?.settled();
      await audit.flush();
      await pool.close();
    },
    onSettingsChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onCloseEvent(listener) {
      closeListeners.add(listener);
      return () => void closeListeners.delete(listener);
    },
    onGuardFlatten(listener) {
      guardFlattenListeners.add(listener);
      return () => void guardFlattenListeners.delete(listener);
    },
    onFeedUpdate(listener) {
      return feeds.observe((update) => listener(scrub(update)));
    },
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === '' ? undefined : value;
}
