// The account guard's runner in the core: watches the live feed of every armed profile, steps the pure rule engine on
// every update and every second, and acts on what it says through the one close path (trigger 'guard').
import { accountModeOf, everythingStatus, sentNothing, type EverythingOutcome, type ProfileSummary, type Result } from '../../../shared/bitget.ts';
import { FEED_STALE_AFTER_MS, type FeedSnapshot, type FeedUpdate } from '../../../shared/feed.ts';
import { disarmGuardSchema, type GuardAuditDetail, type GuardConfig, type GuardStatus } from '../../../shared/guard.ts';
import { accountConfirmedAt, guardFigures, openPositionCount, stepGuard, type GuardEffect, type GuardObservation, type GuardRun } from '../../../shared/guard-rules.ts';
import type { AuditLog } from '../audit-log.ts';
import type { Feeds } from '../feed/feeds.ts';
import type { SettingsStore } from '../settings-file.ts';
import { guardAudit, storeArm, storeDisarm } from './guard-settings.ts';
import { createDayClock, describeOffset, systemTime, type TimeSource } from './day-clock.ts';
import { writeHeartbeat, type GuardHeartbeat } from './heartbeat.ts';
import { createRunnerLock } from './runner-lock.ts';

export const GUARD_TICK_MS = 1_000;
export const GUARD_HEARTBEAT_MS = 2_000;
/** The day's peak is written to the settings file at most this often (a trip, a new day or a new start at once). */
const DAY_PERSIST_MS = 5_000;
/**
 * Blindness is shown at once, but notified and audited only once it has lasted this long: a socket that drops and is
 * replaced by REST figures a moment later is not an alarm (the guard never acts while blind either way).
 */
export const BLIND_ALERT_AFTER_MS = 3_000;
/** After a fresh read disagreed, the same pushed figures are not read again sooner than this (new ones after 1 s). */
export const CONFIRM_AGAIN_MS = 5_000;
const CONFIRM_NEW_FIGURES_MS = 1_000;
/** How long a trip's save may hold the flatten back; past it the flatten goes out and says the trip may not be saved. */
export const TRIP_SAVE_WAIT_MS = 2_000;
/** How long a disagreement stays shown. */
export const DISAGREEMENT_SHOWN_MS = 60_000;

export interface GuardServiceOptions {
  dataDir: string;
  settings: SettingsStore;
  audit: AuditLog;
  feeds: Feeds;
  closeEverything: (request: { profile: string; cancelOrders: true; trigger: 'guard' }) => Promise<Result<EverythingOutcome>>;
  profiles: () => ProfileSummary[];
  /**
   * A fresh REST read of the profile's positions, balances and marks. A figure rule's trip is acted on only when this
   * read crosses the limit too; without it (tests of other things) the pushed figures are taken as confirmed.
   */
  confirm?: (profile: string) => Promise<Result<FeedSnapshot>>;
  /** Wall and monotonic time; tests inject them. `now` alone: a wall clock that never jumps (both read from it). */
  time?: TimeSource;
  now?: () => number;
  /** Where clock jumps and a lost runner lock are written (stderr in the app). */
  log?: (line: string) => void;
  notify?: (status: GuardStatus, message: string) => void;
  tickMs?: number;
  heartbeatMs?: number;
}

export interface GuardService {
  list(): GuardStatus[];
  arm(input: unknown): Promise<Result<GuardStatus>>;
  disarm(input: unknown): Promise<Result<GuardStatus>>;
  onStatus(listener: (status: GuardStatus) => void): () => void;
  /** Resolves when every flatten, audit entry and settings write started so far has finished. */
  settled(): Promise<void>;
  dispose(): Promise<void>;
}

interface Watched {
  run: GuardRun;
  stop: () => void;
  latest?: FeedUpdate;
  warnings: Map<string, string>;
  flattening?: Promise<void>;
  /** When the last close run started: positions known only from before it are what that run saw. */
  lastRunStartedAt?: number;
  /** Feed updates delivered so far, and at the last run's start. */
  deliveries: number;
  deliveriesAtRunStart?: number;
  /** A trip proposed by the pushed figures is being checked against a fresh read. */
  confirming?: boolean;
  lastConfirmAt?: number;
  disagreedOn?: FeedUpdate;
  disagreement?: NonNullable<GuardStatus['disagreement']> & { shownUntil: number };
  /** The trip is being saved: nothing is sent or told until it is on disk. */
  committing?: boolean;
  lastFlatten?: GuardStatus['lastFlatten'];
  persistedDay?: GuardConfig['day'];
  persistedAt: number;
  watchingSince: number;
  /** The feed delivered figures at least once: losing them later is blindness, not a feed still opening. */
  delivered?: boolean;
  /** The blindness under way: since when, why, and whether the person was told. */
  blindness?: { since: number; reason: string; alerted: boolean };
  lastEmitted?: string;
}

export function createGuardService(options: GuardServiceOptions): GuardService {
  const log = options.log ?? (() => undefined);
  const time: TimeSource = options.time ?? (options.now ? { wall: options.now, monotonic: options.now } : systemTime);
  const clock = createDayClock(time, log);
  const now = (): number => clock.wall();
  const lock = createRunnerLock(options.dataDir, (reason) => {
    log(`guard: the runner lock of ${options.dataDir} was lost (${reason}); another window or process may watch now.`);
    stopWatchingAll();
  });
  const watched = new Map<string, Watched>();
  const listeners = new Set<(status: GuardStatus) => void>();
  const pending = new Set<Promise<unknown>>();
  let disposed = false;

  const track = <T>(work: Promise<T>): Promise<T> => {
    pending.add(work);
    void work.finally(() => pending.delete(work)).catch(() => undefined);
    return work;
  };

  const guardsInFile = (): GuardConfig[] => options.settings.read().guards;
  const summaryOf = (profile: string) => options.profiles().find((candidate) => candidate.name === profile);

  function statusOf(profile: string, config: GuardConfig | undefined): GuardStatus {
    const summary = summaryOf(profile);
    const mode = summary ? accountModeOf(summary) : 'live';
    const entry = watched.get(profile);
    const base = { profile, mode, ...(config ? { config } : {}) };
    if (config?.armed && !lock.held()) {
      return { ...base, state: 'elsewhere', messages: ['Watched by another window or process using this data folder: it runs this guard (one runner per data folder). This window takes over if that one stops.'] };
    }
    if (!config?.armed || !entry) return { ...base, state: 'disarmed', messages: [] };
    const { run } = entry;
    const figuresResult = entry.latest?.snapshot ? guardFigures(entry.latest.snapshot, config.rules, config.day, now(), clock.dayTime()) : undefined;
    const messages: string[] = [];
    if (run.config.tripped) messages.push(`Tripped: ${run.config.tripped.reason} Everything opened on this profile is flattened until you re-arm.`);
    // Figures that went stale since the last step are blind now, not at the next tick.
    const blindReason = run.blind ?? (figuresResult && !figuresResult.ok ? figuresResult.reason : undefined);
    if (blindReason !== undefined) messages.push(`Blind: ${blindReason} The guard does not flatten on a guess.`);
    const disagreement = entry.disagreement && entry.disagreement.shownUntil > now() ? entry.disagreement : undefined;
    if (disagreement) messages.push(`Not confirmed: the live figures said "${disagreement.pushed}", but a fresh read of the account says: ${disagreement.read} Nothing was flattened on the live figures alone.`);
    const jump = clock.jump();
    if (jump) messages.push(clockJumpMessage(jump.byMs));
    if (run.config.repaired) messages.push(`Repaired: ${run.config.repaired}`);
    const waiting = blindReason === undefined && !entry.latest?.snapshot;
    if (waiting) messages.push('Waiting for the first account figures from the live feed.');
    for (const [rule, message] of entry.warnings) if (run.warned.includes(rule as never)) messages.push(message);
    const state = run.config.tripped ? 'tripped' : blindReason !== undefined || waiting ? 'blind' : run.warned.length > 0 ? 'warning' : 'watching';
    return {
      ...base,
      config: run.config,
      state,
      messages,
      ...(figuresResult?.ok ? { figures: figuresResult.figures } : {}),
      ...(entry.latest ? { feed: entry.latest.status } : {}),
      ...(entry.lastFlatten ? { lastFlatten: entry.lastFlatten } : {}),
      ...(disagreement ? { disagreement: { at: disagreement.at, pushed: disagreement.pushed, read: disagreement.read } } : {}),
      ...(jump ? { clockJump: { noticedAt: new Date(jump.noticedAt).toISOString(), by: describeOffset(jump.byMs) } } : {}),
    };
  }

  function emit(profile: string): void {
    const entry = watched.get(profile);
    const status = statusOf(profile, entry?.run.config ?? guardsInFile().find((guard) => guard.profile === profile));
    const key = JSON.stringify({ ...status, figures: undefined, feed: undefined });
    if (entry) {
      if (entry.lastEmitted === key) return;
      entry.lastEmitted = key;
    }
    for (const listener of listeners) {
      try {
        listener(status);
      } catch {
        // A surface that fails to show a status never changes the guard.
      }
    }
    // The CLI's `guard status` sees a change of state at once, not on the next beat.
    if (entry && !disposed) heartbeat(true);
  }

  function notify(profile: string, message: string): void {
    const entry = watched.get(profile);
    try {
      options.notify?.(statusOf(profile, entry?.run.config), message);
    } catch {
      // A notification that cannot be shown never changes the guard.
    }
  }

  const storage = { settings: options.settings, audit: options.audit, profiles: options.profiles, now };
  const audit = (profile: string, guard: GuardAuditDetail) => track(guardAudit(storage, profile, guard));

  /** Writes the day and the trip into the settings file, unless that guard was disarmed or re-armed meanwhile. */
  /** Resolves true once written (or when that guard was disarmed or re-armed meanwhile: nothing to write), false on failure. */
  function persist(profile: string, config: GuardConfig): Promise<boolean> {
    return track(
      options.settings
        .update((current) => {
          const index = current.guards.findIndex((guard) => guard.profile === profile);
          const stored = current.guards[index];
          if (!stored?.armed || stored.armedAt !== config.armedAt) return undefined;
          const guards = [...current.guards];
          guards[index] = config;
          return { ...current, guards };
        })
        .then(
          () => true,
          () => false,
        ),
    );
  }

  /**
   * What the guard sees now. The open positions are counted whatever the marks say or how old they are: a tripped guard
   * needs no price to flatten (whether they are news is decided against the last run's start).
   */
  function observe(entry: Watched): GuardObservation {
    const update = entry.latest;
    if (!update?.snapshot) return { ok: false, reason: update?.status.problem ?? 'The live feed has not delivered any account figures yet.' };
    const openPositions = openPositionCount(update.snapshot);
    const figures = guardFigures(update.snapshot, entry.run.config.rules, entry.run.config.day, now(), clock.dayTime());
    if (figures.ok) return { ...figures, openPositions };
    const reason = update.status.problem ? `${figures.reason} (${update.status.problem})` : figures.reason;
    return { ok: false, reason, openPositions };
  }

  function observeRead(entry: Watched, snapshot: FeedSnapshot): GuardObservation {
    const figures = guardFigures(snapshot, entry.run.config.rules, entry.run.config.day, now(), clock.dayTime());
    return figures.ok ? { ...figures, openPositions: openPositionCount(snapshot) } : { ok: false, reason: figures.reason };
  }

  function evaluate(profile: string): void {
    const entry = watched.get(profile);
    if (!entry || disposed || entry.committing) return;
    // A feed just opened has had no time to deliver: blind only once that takes longer than a figure may be old.
    if (!entry.latest?.snapshot && !entry.delivered && now() - entry.watchingSince < FEED_STALE_AFTER_MS) return emit(profile);
    const step = stepGuard(entry.run, observe(entry), clock.dayTime());
    const trip = step.effects.find((effect) => effect.kind === 'flatten');
    if (trip && trip.rule !== 'closeout-time' && options.confirm) {
      // The pushed figures crossed a limit: nothing is sent or told before a fresh read says so too.
      adopt(profile, entry, { run: { ...step.run, config: entry.run.config.tripped ? step.run.config : withoutTrip(step.run.config) }, effects: step.effects.filter((effect) => effect !== trip) });
      confirmTrip(profile, entry, trip.reason);
      return;
    }
    if (trip) {
      void commitTrip(profile, entry, step);
      return;
    }
    adopt(profile, entry, step);
  }

  /** Takes a step that trips nothing: its run, the day written now and then, its effects, and blindness told once it lasts. */
  function adopt(profile: string, entry: Watched, step: { run: GuardRun; effects: GuardEffect[] }): void {
    const before = entry.run.config;
    entry.run = step.run;
    const after = step.run.config;
    const dayMoved = after.day?.date !== entry.persistedDay?.date || after.day?.startEquity !== entry.persistedDay?.startEquity;
    const peakMoved = after.day?.peakEquity !== entry.persistedDay?.peakEquity && now() - entry.persistedAt >= DAY_PERSIST_MS;
    if (before.tripped !== after.tripped || dayMoved || peakMoved || after.repaired) {
      if (after.repaired) {
        notify(profile, `The guard on ${profile} repaired its saved figures: ${after.repaired}`);
        void audit(profile, { event: 'repaired', reason: after.repaired });
        const { repaired: _told, ...rest } = after;
        entry.run = { ...entry.run, config: rest };
      }
      entry.persistedDay = entry.run.config.day;
      entry.persistedAt = now();
      void persist(profile, entry.run.config);
    }
    for (const effect of step.effects) apply(profile, entry, effect);
    const blindness = entry.blindness;
    if (entry.run.blind !== undefined && blindness && !blindness.alerted && now() - blindness.since >= BLIND_ALERT_AFTER_MS) {
      blindness.alerted = true;
      notify(profile, `The guard on ${profile} cannot see the account: ${blindness.reason} It will not flatten on a guess.`);
      void audit(profile, { event: 'blind', reason: blindness.reason });
    }
    emit(profile);
  }

  /** One fresh read at a time; the same pushed figures are not read again for a while after a read disagreed. */
  function confirmTrip(profile: string, entry: Watched, pushedReason: string): void {
    if (entry.confirming || !options.confirm) return;
    const since = entry.lastConfirmAt === undefined ? Infinity : now() - entry.lastConfirmAt;
    if (entry.disagreedOn !== undefined && (since < CONFIRM_NEW_FIGURES_MS || (entry.disagreedOn === entry.latest && since < CONFIRM_AGAIN_MS))) return;
    entry.confirming = true;
    const confirm = options.confirm;
    const armedAt = entry.run.config.armedAt;
    void track(
      (async () => {
        const read = await confirm(profile).catch((error: unknown): Result<FeedSnapshot> => ({
          ok: false,
          error: { kind: 'unknown', message: error instanceof Error ? error.message : String(error), hint: '' },
        }));
        entry.confirming = false;
        entry.lastConfirmAt = now();
        if (disposed || watched.get(profile) !== entry || entry.run.config.armedAt !== armedAt || entry.run.config.tripped) return;
        const step = read.ok ? stepGuard(entry.run, observeRead(entry, read.value), clock.dayTime()) : undefined;
        if (step?.effects.some((effect) => effect.kind === 'flatten')) {
          entry.disagreement = undefined;
          entry.disagreedOn = undefined;
          await commitTrip(profile, entry, step);
          return;
        }
        const readSays = read.ok ? describeRead(observeRead(entry, read.value)) : `it could not be read (${read.error.message}).`;
        const at = new Date(now()).toISOString();
        entry.disagreement = { at, pushed: pushedReason, read: readSays, shownUntil: now() + DISAGREEMENT_SHOWN_MS };
        entry.disagreedOn = entry.latest;
        notify(profile, `The guard on ${profile} did not flatten: the live figures said "${pushedReason}", but a fresh read of the account says: ${readSays}`);
        void audit(profile, { event: 'disagreement', reason: `Live figures: ${pushedReason} Fresh read: ${readSays}` });
        emit(profile);
      })(),
    );
  }

  /**
   * A trip is saved before anything is sent or told: a process killed at this moment is still tripped when it starts
   * again. A save that fails does not stop the flatten (the outcome says the trip could not be saved).
   */
  async function commitTrip(profile: string, entry: Watched, step: { run: GuardRun; effects: GuardEffect[] }): Promise<void> {
    entry.committing = true;
    entry.run = step.run;
    entry.persistedDay = step.run.config.day;
    entry.persistedAt = now();
    // A settings file held by another process (its lock waits up to 15 s) does not hold the flatten back for long.
    let waited: NodeJS.Timeout | undefined;
    const saved = await Promise.race([persist(profile, step.run.config), new Promise<false>((resolve) => (waited = setTimeout(() => resolve(false), TRIP_SAVE_WAIT_MS)))]);
    clearTimeout(waited);
    entry.committing = false;
    if (disposed) return;
    if (!saved) notify(profile, `The guard on ${profile} tripped but could not save the trip in the settings file in time: it flattens now, and after a restart it may not know it tripped.`);
    for (const effect of step.effects) apply(profile, entry, effect);
    emit(profile);
  }

  function apply(profile: string, entry: Watched, effect: GuardEffect): void {
    switch (effect.kind) {
      case 'flatten':
        notify(profile, `Guard tripped on ${profile}: ${effect.reason} Flattening everything.`);
        flatten(profile, entry, (runIds, outcome) => {
          notify(profile, `Guard flatten on ${profile}: ${outcome}`);
          return { event: 'tripped', rules: entry.run.config.rules, rule: effect.rule, figures: effect.figures, reason: effect.reason, runIds };
        });
        return;
      case 'reflatten': {
        // Positions known only from before the last run started are what that run read and closed: no storm on them.
        const positionsAt = entry.latest?.snapshot ? accountConfirmedAt(entry.latest.snapshot) : 0;
        // After the wall clock moved back, times cannot tell: a position delivered after the run started is news.
        const clockWentBack = (clock.jump()?.byMs ?? 0) < 0 && entry.deliveries > (entry.deliveriesAtRunStart ?? 0);
        if (entry.flattening || entry.committing || (entry.lastRunStartedAt !== undefined && positionsAt <= entry.lastRunStartedAt && !clockWentBack)) return;
        flatten(
          profile,
          entry,
          (runIds, outcome, status) => {
            // Only a verified flat is told as a flatten: a close that was refused or failed is told as tried.
            const did = status === 'flat' ? 'flattened' : 'tried to flatten';
            notify(profile, `The guard on ${profile} is tripped and ${did} ${effect.openPositions} position(s) that opened again: ${outcome}`);
            return { event: 'reflatten', reason: `${effect.openPositions} position(s) open while the guard is tripped.`, runIds };
          },
          { quietWhenNothingOpen: true },
        );
        return;
      }
      case 'warn':
        entry.warnings.set(effect.rule, `Warning: ${effect.reason}`);
        notify(profile, `Guard warning on ${profile}: ${effect.reason}`);
        void audit(profile, { event: 'warning', rule: effect.rule, figures: effect.figures, reason: effect.reason });
        return;
      case 'blind':
        // Told once it lasts (see BLIND_ALERT_AFTER_MS); a first figure never arriving has already waited its grace.
        entry.blindness = { since: entry.delivered ? now() : now() - BLIND_ALERT_AFTER_MS, reason: effect.reason, alerted: false };
        return;
      case 'rearmed':
        entry.warnings.clear();
        notify(profile, `Guard on ${profile}: ${effect.reason}`);
        void audit(profile, { event: 'rearmed', reason: effect.reason });
        return;
      case 'seeing':
        entry.blindness = undefined;
        return;
    }
  }

  /** One close run at a time per profile; the audit entry names the runs it started and what came of them. */
  function flatten(
    profile: string,
    entry: Watched,
    detail: (runIds: string[], outcome: string, status: NonNullable<Watched['lastFlatten']>['status']) => GuardAuditDetail,
    how: { quietWhenNothingOpen?: boolean } = {},
  ): void {
    if (entry.flattening) return;
    const startedAt = now();
    entry.lastRunStartedAt = startedAt;
    entry.deliveriesAtRunStart = entry.deliveries;
    entry.flattening = track(
      (async () => {
        let result: Result<EverythingOutcome>;
        try {
          result = await options.closeEverything({ profile, cancelOrders: true, trigger: 'guard' });
        } catch (error) {
          result = { ok: false, error: { kind: 'unknown', message: `The close could not be run: ${error instanceof Error ? error.message : String(error)}`, hint: 'Check your positions on the exchange now.' } };
        }
        entry.flattening = undefined;
        // A feed that had not yet shown the last closes can look open for a moment: the close path read the positions
        // again and found nothing to close. Nothing happened, so nothing is told or recorded as a flatten.
        if (how.quietWhenNothingOpen && result.ok && sentNothing(result.value)) {
          emit(profile);
          return;
        }
        const runIds = result.ok ? result.value.outcomes.map((outcome) => outcome.runId) : [];
        const summary = result.ok ? summarize(result.value) : `refused: ${result.error.message}`;
        const status = result.ok ? everythingStatus(result.value) : 'refused';
        entry.lastFlatten = { at: new Date(startedAt).toISOString(), status, summary };
        await audit(profile, detail(runIds, summary, status));
        emit(profile);
      })(),
    );
  }

  /** Watches every armed guard in the settings file and stops watching the rest (arm/disarm from another process too). */
  function sync(): void {
    if (disposed) return;
    if (!lock.tryHold()) return stopWatchingAll();
    const guards = guardsInFile();
    let changed = false;
    for (const [profile, entry] of watched) {
      const stored = guards.find((guard) => guard.profile === profile);
      if (!stored?.armed) {
        changed = true;
        entry.stop();
        watched.delete(profile);
        emit(profile);
      } else if (stored.armedAt !== entry.run.config.armedAt) {
        changed = true;
        entry.run = { config: stored, warned: [] };
        entry.warnings.clear();
        entry.persistedDay = stored.day;
      }
    }
    for (const config of guards) {
      if (!config.armed || watched.has(config.profile)) continue;
      const entry: Watched = { run: { config, warned: [] }, stop: () => undefined, warnings: new Map(), persistedAt: 0, watchingSince: now(), deliveries: 0, ...(config.day ? { persistedDay: config.day } : {}) };
      watched.set(config.profile, entry);
      changed = true;
      const profile = config.profile;
      entry.stop = options.feeds.watch(profile, (update) => {
        entry.latest = update;
        entry.deliveries += 1;
        if (update.snapshot) entry.delivered = true;
        evaluate(profile);
      });
    }
    // The CLI sees an arm or a disarm at once, not on the next beat.
    if (changed) heartbeat(true);
  }

  function stopWatchingAll(): void {
    const profiles = [...watched.keys()];
    for (const entry of watched.values()) entry.stop();
    watched.clear();
    for (const profile of profiles) emit(profile);
  }

  /** A wall-clock jump is told once per jump, for every guard watched (the day's figures stay). */
  let toldJumpAt: number | undefined;
  function noticeClockJump(): void {
    const jump = clock.jump();
    if (!jump || jump.noticedAt === toldJumpAt) return;
    toldJumpAt = jump.noticedAt;
    const message = clockJumpMessage(jump.byMs);
    for (const profile of watched.keys()) {
      notify(profile, `Guard on ${profile}: ${message}`);
      void audit(profile, { event: 'clock-jump', reason: message });
    }
  }

  function tick(): void {
    try {
      sync();
      noticeClockJump();
      for (const profile of watched.keys()) evaluate(profile);
    } catch {
      // The next tick tries again; a settings file that cannot be read keeps the last good read.
    }
  }

  let lastHeartbeat = 0;
  function heartbeat(force = false): void {
    // Only the runner says what is watched; a core that watches nothing here leaves the runner's heartbeat alone.
    if (!lock.held() || (watched.size === 0 && !force)) return;
    if (!force && now() - lastHeartbeat < (options.heartbeatMs ?? GUARD_HEARTBEAT_MS)) return;
    lastHeartbeat = now();
    const beat: GuardHeartbeat = { writtenAt: new Date().toISOString(), pid: process.pid, guards: list() };
    // One write at a time, in order: an older beat never lands over a newer one.
    heartbeatWrites = heartbeatWrites.then(() => writeHeartbeat(options.dataDir, beat)).catch(() => undefined);
    void track(heartbeatWrites);
  }
  let heartbeatWrites: Promise<void> = Promise.resolve();

  function list(): GuardStatus[] {
    const guards = guardsInFile();
    const names = new Set([...options.profiles().map((summary) => summary.name), ...guards.map((guard) => guard.profile)]);
    return [...names].map((profile) => statusOf(profile, watched.get(profile)?.run.config ?? guards.find((guard) => guard.profile === profile)));
  }

  sync();
  for (const profile of watched.keys()) evaluate(profile);
  const timer = setInterval(() => {
    tick();
    heartbeat();
  }, options.tickMs ?? GUARD_TICK_MS);
  timer.unref?.();

  return {
    list,
    async arm(input) {
      const armed = await storeArm(storage, input);
      if (!armed.ok) return armed;
      sync();
      evaluate(armed.value.profile);
      return { ok: true, value: statusOf(armed.value.profile, watched.get(armed.value.profile)?.run.config ?? armed.value) };
    },
    async disarm(input) {
      const disarmed = await storeDisarm(storage, input);
      if (!disarmed.ok) return disarmed;
      sync();
      const profile = disarmGuardSchema.parse(input).profile;
      return { ok: true, value: statusOf(profile, disarmed.value) };
    },
    onStatus(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async settled() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    async dispose() {
      disposed = true;
      clearInterval(timer);
      for (const entry of watched.values()) entry.stop();
      while (pending.size > 0) await Promise.allSettled([...pending]);
      watched.clear();
      lock.release();
    },
  };
}

function withoutTrip(config: GuardConfig): GuardConfig {
  const { tripped: _proposed, ...rest } = config;
  return rest;
}

function clockJumpMessage(byMs: number): string {
  return `This computer's clock jumped ${describeOffset(byMs)} against the time elapsed: the trading day follows the earlier of the two, and the day's figures are kept until the day ends by both.`;
}

/** What a fresh read that did not cross the limit showed, in one sentence. */
function describeRead(observation: GuardObservation): string {
  if (!observation.ok) return `it cannot be measured (${observation.reason})`;
  const { figures } = observation;
  return `equity ${figures.equity} ${figures.marginCoin}, day ${figures.dayPnl} ${figures.marginCoin}, ${figures.drawdown} ${figures.marginCoin} below the day's peak${figures.worstPosition ? `, worst position ${figures.worstPosition.symbol} ${figures.worstPosition.unrealizedPnl}` : ''}: no limit reached.`;
}

function summarize(result: EverythingOutcome): string {
  const status = everythingStatus(result);
  const stillOpen = result.outcomes.reduce((count, outcome) => count + outcome.stillOpen.length, 0);
  const words: Record<typeof status, string> = {
    flat: 'everything is verified flat',
    'nothing-to-close': 'there was nothing open to close',
    partial: `partly closed: ${stillOpen} position(s) still open`,
    failed: 'the close failed: check your positions now',
    unknown: 'the outcome is unknown: check your positions now',
  };
  const refused = result.refused.length > 0 ? ` (${result.refused.map((refusal) => `${refusal.productType ?? 'profile'}: ${refusal.error.message}`).join('; ')})` : '';
  const unsettled = result.outcomes.filter((outcome) => outcome.status !== 'flat' && outcome.status !== 'nothing-to-close');
  const why = [...new Set(unsettled.flatMap((outcome) => (outcome.error ? [outcome.error.message] : [])))];
  const notRecorded = [...new Set(result.outcomes.flatMap((outcome) => outcome.notRecorded ?? []))];
  return [`${words[status]}${refused}.`, ...why, ...(notRecorded.length > 0 ? [`Not recorded: ${notRecorded.join(' ')}`] : [])].join(' ');
}
