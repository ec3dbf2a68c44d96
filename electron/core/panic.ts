// The close action every trigger takes: validate → guard → send → retry → verify flat → audit.
import type {
  AccountKind,
  CancelSummary,
  CloseOutcome,
  CloseProgressEvent,
  CloseStatus,
  ClosedOrder,
  CostReport,
  ExplainedError,
  FailedClose,
  PanicRequest,
  Position,
  Result,
} from '../../shared/bitget.ts';
import { randomUUID } from 'node:crypto';
import { panicRequestSchema, parseOrExplain } from '../../shared/schema.ts';
import { everySideOf, matchesTarget, type CloseTarget } from '../../shared/target.ts';
import type { AuditLog } from './audit-log.ts';
import type { Account } from './bitget/account.ts';
import type { WireRecord } from './bitget/client.ts';
import { V2_PATHS, V3_PATHS, closedAgainstChosenSide, type CancelResult } from './bitget/endpoints.ts';
import { TRANSIENT_KINDS, explainRefusedItem } from './bitget/errors.ts';
import { DEFAULT_COST_TIMING, readCloseCosts, type CostTiming } from './order-costs.ts';
import { notBeforeDeadline, type RateGuard } from './rate-guard.ts';
import type { ResolvedAccount } from './resolved-account.ts';

export interface PanicTiming {
  /** Everything (retries, re-closes, verification) ends by this long after the trigger. */
  deadlineMs: number;
  requestTimeoutMs: number;
  /**
   * The longest pause between verification reads. A read that still shows the position is followed by a short pause
   * (VERIFY_FIRST_PAUSE_MS) that doubles up to this; the read pacing keeps the exchange's limit whatever the pause.
   */
  verifyIntervalMs: number;
  retryBackoffMs: number;
}

/**
 * A quarter second over one: the exchange counts arrivals, and a slot granted on time can leave late (the attempt's
 * audit line is synced first, a busy machine schedules a process late) while the next one leaves at once.
 */
export const CLOSE_INTERVAL_MS = 1_250;

export const DEFAULT_TIMING: PanicTiming = { deadlineMs: 15_000, requestTimeoutMs: 5_000, verifyIntervalMs: 250, retryBackoffMs: 300 };

export interface PanicDeps {
  resolve(profile: string): Promise<Result<ResolvedAccount>>;
  audit: AuditLog;
  guard: RateGuard;
  timing?: Partial<PanicTiming>;
  /** Every run's progress, whatever the trigger (the core forwards it to the window). A throw here changes nothing. */
  onProgress?: (progress: CloseProgressEvent) => void;
  /** Every run's cost reports, read after its outcome is decided. */
  onCosts?: (report: CostReport) => void;
  /** false: no order details are read after a close (a CLI run that wants the fastest exit). */
  readCosts?: boolean;
  costTiming?: Partial<CostTiming>;
}

/** Where a close is, for a surface that shows progress while it takes long (the CLI's stderr, the window). */
export type CloseProgress = CloseProgressEvent;

export interface CloseOptions {
  onProgress?: (progress: CloseProgress) => void;
  /** This run's cost reports (complete: true last), after its outcome is returned. */
  onCosts?: (report: CostReport) => void;
}

export interface PanicService {
  close(request: unknown, options?: CloseOptions): Promise<Result<CloseOutcome>>;
  /** Stops reading order details (what is not read by now is reported unread) and resolves once every report is written. */
  settleCosts(): Promise<void>;
}

type ProgressReporter = (attempt: number, waitingFor: string, read?: { positions: Position[]; at: string }) => void;

/** Worth sending again: faults that pass, an answer that could not be read, and refusals a moment may lift. */
const RETRYABLE_KINDS: ReadonlySet<string> = new Set([...TRANSIENT_KINDS, 'unknown', 'close-refused']);

/** The first pause before re-reading positions that still show what was closed: the exchange often shows a fill late by tens of ms. */
export const VERIFY_FIRST_PAUSE_MS = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
/** A read of positions after the deadline still gets this long, so the person learns what is open. */
const FINAL_READ_MS = 3_000;

export function createPanicService(deps: PanicDeps): PanicService {
  const timing = { ...DEFAULT_TIMING, ...deps.timing };
  const inFlight = new Map<string, Promise<Result<CloseOutcome>>>();
  const costTiming = { ...DEFAULT_COST_TIMING, ...deps.costTiming };
  /** Closes running per account: order details wait for none, so they never take a close's place in the exchange's limits. */
  const closing = new Map<string, number>();
  const costReads = new Set<Promise<unknown>>();
  const stopCosts = new AbortController();

  const closeIdle = async (accountKey: string) => {
    while ((closing.get(accountKey) ?? 0) > 0 && !stopCosts.signal.aborted) await sleep(50);
  };
  /** Each account's order-detail reads, one after another. */
  const costLanes = new Map<string, Promise<unknown>>();
  const costTurn = <T>(accountKey: string, read: () => Promise<T>): Promise<T> => {
    const previous = costLanes.get(accountKey) ?? Promise.resolve();
    const mine = previous.then(async () => {
      await closeIdle(accountKey);
      try {
        return await read();
      } finally {
        await sleep(costTiming.spacingMs);
      }
    });
    const settled = mine.catch(() => undefined);
    costLanes.set(accountKey, settled);
    void settled.then(() => {
      if (costLanes.get(accountKey) === settled) costLanes.delete(accountKey);
    });
    return mine;
  };

  function readCosts(outcome: CloseOutcome, resolved: ResolvedAccount, onCosts: CloseOptions['onCosts']): void {
    if (deps.readCosts === false || stopCosts.signal.aborted) return;
    const report = (costs: CostReport) => {
      for (const listener of [deps.onCosts, onCosts]) {
        try {
          listener?.(costs);
        } catch {
          // A surface that fails to show a cost report never changes the reading or the history.
        }
      }
    };
    const reading = readCloseCosts(outcome, {
      account: resolved.account,
      audit: deps.audit,
      turn: (read) => costTurn(resolved.accountKey, read),
      report,
      timing: costTiming,
      signal: stopCosts.signal,
    })
      .catch(() => undefined)
      .finally(() => costReads.delete(reading));
    costReads.add(reading);
  }

  async function close(raw: unknown, options: CloseOptions = {}): Promise<Result<CloseOutcome>> {
    // Every timing the outcome reports starts here, at the trigger: the side check's read is part of it.
    const startedAt = new Date();
    const startedMs = performance.now();
    const runId = randomUUID();
    const parsed = parseOrExplain(panicRequestSchema, raw, 'close request');
    if (!parsed.ok) return parsed;
    const request = parsed.value as PanicRequest;
    const resolved = await deps.resolve(request.profile);
    if (!resolved.ok) return resolved;
    const target: CloseTarget = {
      productType: request.productType,
      ...(request.symbol ? { symbol: request.symbol } : {}),
      ...(request.holdSide ? { holdSide: request.holdSide } : {}),
    };
    const listeners = [deps.onProgress, options.onProgress];
    const base = { runId, profile: resolved.value.profile, target, trigger: request.trigger };
    let latest: CloseProgressEvent | undefined;
    const emit = (event: CloseProgressEvent) => {
      latest = event;
      for (const listener of listeners) {
        try {
          listener?.(event);
        } catch {
          // A surface's progress display never changes what the close does.
        }
      }
    };
    const progress: ProgressReporter = (attempt, waitingFor, read) =>
      emit({
        ...base,
        attempt,
        waitingFor,
        elapsedMs: Date.now() - startedAt.getTime(),
        ...(read ? { stillOpen: read.positions, stillOpenReadAt: read.at } : latest?.stillOpen ? { stillOpen: latest.stillOpen, stillOpenReadAt: latest.stillOpenReadAt! } : {}),
      });
    try {
      progress(0, 'a read of positions (one-way mode check)');
      const sideCheck = await refuseOneWaySideMismatch(resolved.value.account, target, timing.requestTimeoutMs);
      if (sideCheck) return { ok: false, error: sideCheck };
      const joinKey = [resolved.value.accountKey, target.productType, target.symbol ?? '*', target.holdSide ?? '*', request.cancelOrders ? 'c' : ''].join('|');
      const running = inFlight.get(joinKey);
      if (running) {
        progress(0, 'the same close already running (its outcome is this one)');
        return await running;
      }
      const { accountKey } = resolved.value;
      closing.set(accountKey, (closing.get(accountKey) ?? 0) + 1);
      const run = closeTarget(runId, request, target, resolved.value, { startedAt, startedMs }, progress).finally(() => {
        inFlight.delete(joinKey);
        closing.set(accountKey, (closing.get(accountKey) ?? 1) - 1);
      });
      inFlight.set(joinKey, run);
      const result = await run;
      // Read after the outcome is decided, beside it: the outcome is returned now, never later because of them.
      if (result.ok) readCosts(result.value, resolved.value, options.onCosts);
      return result;
    } finally {
      // The last event of the run, whatever ended it: its outcome (or refusal) follows.
      emit({ ...latest!, waitingFor: 'nothing: the close has ended', elapsedMs: Date.now() - startedAt.getTime(), done: true });
    }
  }

  async function closeTarget(
    runId: string,
    request: PanicRequest,
    target: CloseTarget,
    resolved: ResolvedAccount,
    { startedAt, startedMs }: { startedAt: Date; startedMs: number },
    progress: ProgressReporter,
  ): Promise<Result<CloseOutcome>> {
    const { account, profile, accountKey } = resolved;
    const deadline = startedAt.getTime() + timing.deadlineMs;
    const remaining = () => deadline - Date.now();
    const context = { runId, trigger: request.trigger, profile: profile.name, demo: profile.demo, ...(profile.practice ? { practice: true } : {}) };
    const audits: Promise<void>[] = [];
    const auditFailures: string[] = [];
    /** Resolves once the line is written or known not to be: a line that cannot be written is counted, never thrown. */
    const audit = (entry: Parameters<AuditLog['append']>[0]): Promise<void> => {
      const written = deps.audit.append(entry).catch((error: unknown) => void auditFailures.push(error instanceof Error ? error.message : String(error)));
      audits.push(written);
      return written;
    };
    /** What this computer could not write while the close went ahead: said in the outcome, never a reason not to close. */
    const notRecorded: string[] = [];
    const logAs = (type: 'attempt' | 'cancel') => (record: WireRecord) =>
      void audit({ type, ...(type === 'attempt' ? { phase: 'answered' as const } : {}), ...context, ...wireFields(record) });

    const cancelling = request.cancelOrders ? cancelOrders(account, target, timing.requestTimeoutMs, logAs('cancel')) : undefined;

    const closed: ClosedOrder[] = [];
    const failed: FailedClose[] = [];
    let lastError: ExplainedError | undefined;
    let closeAttempts = 0;
    let firstResponseMs: number | undefined;
    let uncertain = false;
    let stopped = false;
    let verified = false;
    let stillOpen: Position[] = [];
    /** A well-formed read made after the last close request was sent: only such a read says what is open now. */
    let positionsKnown = false;
    let positionReads = 0;
    let backoff = timing.retryBackoffMs;

    let waitingAfterRead = 'a re-read of positions to verify they are closed';
    const readTarget = async (timeoutMs: number): Promise<Position[] | undefined> => {
      const read = await account.positions(target.productType, timeoutMs);
      positionReads += 1;
      if (!read.ok) {
        lastError ??= read.error;
        return undefined;
      }
      positionsKnown = true;
      stillOpen = read.positions.filter((position) => matchesTarget(position, target));
      if (closeAttempts > 0) progress(closeAttempts, waitingAfterRead, { positions: stillOpen, at: new Date().toISOString() });
      return stillOpen;
    };
    /** Refusals stay in the outcome whatever a later read says; the same refusal repeated once a second is one item. */
    const recordRefusals = (items: readonly FailedClose[]) => {
      for (const item of items) {
        const same = failed.some((known) => known.symbol === item.symbol && known.code === item.code && known.message === item.message);
        if (!same) failed.push(item);
      }
    };

    const who = `${request.trigger}: ${[target.productType, target.symbol ?? 'all symbols', target.holdSide].filter(Boolean).join(' ')}`;
    for (;;) {
      progress(closeAttempts, closeAttempts === 0 ? 'a close slot (one close per second per account)' : 'the next close slot (one close per second per account)');
      const slot = await deps.guard.slot(accountKey, deadline - 200, who);
      if (slot.ok && slot.unshared && !notRecorded.includes(slot.unshared)) notRecorded.push(slot.unshared);
      if (!slot.ok) {
        // Says what was ahead of it; when closes were already sent, their own errors tell the story better.
        if (closeAttempts === 0) lastError = slot.error;
        break;
      }
      const timeoutMs = Math.min(timing.requestTimeoutMs, remaining());
      if (timeoutMs < 200) {
        if (closeAttempts === 0) lastError = notBeforeDeadline([]);
        break;
      }
      closeAttempts += 1;
      // Written (and on disk) before the request leaves: a process killed mid-request still leaves its trace.
      await audit({ type: 'attempt', phase: 'sending', ...context, target, request: { method: 'POST', path: closePath(account.kind) } });
      positionsKnown = false;
      progress(closeAttempts, 'the exchange to answer the close request');
      const result = await account.close(target, timeoutMs, logAs('attempt'));
      // From the trigger, like every timing the outcome reports: the side check's read and the slot wait are part of it.
      if (result.ok || result.error.httpStatus !== undefined) firstResponseMs ??= Math.round(performance.now() - startedMs);

      if (!result.ok) {
        lastError = result.error;
        if (!RETRYABLE_KINDS.has(result.error.kind)) {
          stopped = true;
          break;
        }
        if (result.error.kind !== 'rate-limit' && result.error.kind !== 'close-refused') uncertain = true;
        // The exchange may say how long to wait (Retry-After): never sooner than that.
        const wait = Math.max(backoff, result.error.retryAfterMs ?? 0);
        if (remaining() <= wait) break;
        progress(closeAttempts, `${Math.round(wait)} ms before retrying (${result.error.message})`);
        await sleep(wait);
        backoff = Math.min(backoff * 2, 2_000);
        // A lost answer may hide a close that went through: look before sending again.
        if ((await readTarget(Math.min(timing.requestTimeoutMs, remaining()))) && stillOpen.length === 0) {
          verified = true;
          break;
        }
        continue;
      }

      closed.push(...result.closed);
      recordRefusals(result.failed);
      if (result.failed[0]) lastError = explainRefusedItem(result.failed[0]);

      // Re-read until flat, or until the next close slot for what is still open.
      progress(closeAttempts, 'a re-read of positions to verify they are closed');
      // Re-read as soon as the read pacing allows; a short pause, doubling, only while the position is still shown.
      const reCloseAt = Math.min(deadline, Date.now() + CLOSE_INTERVAL_MS);
      let pause = Math.min(VERIFY_FIRST_PAUSE_MS, timing.verifyIntervalMs);
      while (Date.now() < reCloseAt) {
        const open = await readTarget(Math.min(timing.requestTimeoutMs, Math.max(200, reCloseAt - Date.now())));
        if (open && open.length === 0) {
          verified = true;
          break;
        }
        await sleep(Math.min(pause, reCloseAt - Date.now()));
        pause = Math.min(pause * 2, timing.verifyIntervalMs);
      }
      if (verified || remaining() <= 200) break;
    }

    if (!verified) {
      progress(closeAttempts, 'a final read of positions');
      waitingAfterRead = 'the outcome to be written to the history';
      const open = await readTarget(Math.max(remaining(), Math.min(timing.requestTimeoutMs, FINAL_READ_MS)));
      if (open && open.length === 0) verified = true;
    }

    const status = decideStatus({ verified, positionsKnown, closedAny: closed.length > 0, refusedAny: failed.length > 0, uncertain, stopped });
    const cancel = cancelling ? await cancelling : undefined;
    const decidedAt = new Date();
    const outcome: CloseOutcome = {
      runId,
      status,
      profile,
      accountKind: account.kind,
      target,
      trigger: request.trigger,
      closed,
      failed,
      stillOpen: verified || !positionsKnown ? [] : stillOpen,
      verified: verified || positionsKnown,
      ...(cancel ? { cancel } : {}),
      ...(status !== 'flat' && status !== 'nothing-to-close' && lastError ? { error: closeAttempts === 0 ? lastError : finalExplanation(lastError, positionsKnown, timing.deadlineMs, profile.practice ?? false) } : {}),
      closeAttempts,
      ...(firstResponseMs !== undefined ? { firstResponseMs } : {}),
      ...(notRecorded.length > 0 ? { notRecorded: [...notRecorded] } : {}),
      // The history line holds the time the outcome was decided; the returned outcome, below, when it can be shown.
      totalMs: Math.round(performance.now() - startedMs),
      startedAt: startedAt.toISOString(),
      finishedAt: decidedAt.toISOString(),
    };
    void audit({
      type: 'outcome',
      ...context,
      status,
      // An unverified outcome does not know what is open: the history says "unknown", never 0.
      verification: { flat: verified, stillOpen: outcome.verified ? outcome.stillOpen.length : null, reads: positionReads },
      outcome: { ...outcome, stillOpen: outcome.verified ? outcome.stillOpen.length : null },
    });
    await Promise.all(audits);
    // Ends once the outcome is on disk (or known not to be), i.e. when a surface can show it.
    outcome.totalMs = Math.round(performance.now() - startedMs);
    outcome.finishedAt = new Date().toISOString();
    if (auditFailures.length > 0) {
      const missing = auditFailures.length === audits.length ? 'this close is not in it' : `${auditFailures.length} of this close's ${audits.length} lines are missing from it`;
      outcome.notRecorded = [...notRecorded, `The history (${deps.audit.path}) could not be written (${auditFailures[0]}): ${missing}. Free some disk space, or check the data folder.`];
    }
    return { ok: true, value: outcome };
  }

  return {
    close,
    async settleCosts() {
      stopCosts.abort();
      await Promise.all([...costReads]);
    },
  };
}

/**
 * A close for one side is checked against the account's position mode: in one-way mode the exchange ignores the side
 * and would close the other side's position. The mode is known from reads in the last POSITION_MODE_TRUST_MS (the app's
 * warm-up, the window's table, the last verification); only when it is not known to be hedge mode does this cost a
 * read before the close. A check that
 * cannot be made refuses the close: nothing is sent on a guess.
 */
async function refuseOneWaySideMismatch(account: Account, target: CloseTarget, timeoutMs: number): Promise<ExplainedError | undefined> {
  if (!target.holdSide || account.knownPositionMode(target.productType) === 'hedge_mode') return undefined;
  const side = target.holdSide.toUpperCase();
  const where = target.symbol ?? `${target.productType} positions`;
  const read = await account.positions(target.productType, timeoutMs);
  if (!read.ok) {
    return {
      ...read.error,
      message: `Could not check whether ${where} ${target.symbol ? 'is' : 'are'} in one-way mode, so the ${side} close was not sent: ${read.error.message}`,
      hint: `Nothing was sent. In one-way mode the exchange ignores the side and would close the position whatever its direction, so a one-side close waits for a readable answer. Try again, or close both sides. (${read.error.hint})`,
    };
  }
  const inScope = read.positions.filter((position) => matchesTarget(position, everySideOf(target)));
  const unknownMode = inScope.filter((position) => position.posMode !== 'hedge_mode' && position.posMode !== 'one_way_mode');
  if (unknownMode.length > 0) {
    return {
      kind: 'unknown',
      message: `The exchange did not say whether ${unknownMode.map((position) => position.symbol).join(', ')} ${unknownMode.length === 1 ? 'is' : 'are'} in one-way or hedge mode, so the ${side} close was not sent.`,
      hint: 'Nothing was sent. In one-way mode the exchange ignores the side; close both sides, or close on the Bitget website or app.',
    };
  }
  const wrong = closedAgainstChosenSide(read.positions, target);
  if (wrong.length === 0) return undefined;
  const listed = wrong.map((position) => `${position.symbol} ${position.holdSide.toUpperCase()} ${position.size}`).join(', ');
  return {
    kind: 'bad-input',
    message: `Only ${side} positions were chosen, but ${listed} ${wrong.length === 1 ? 'is' : 'are'} in one-way mode, where the exchange ignores the side and would close ${wrong.length === 1 ? 'it' : 'them'}.`,
    hint: 'Nothing was sent. Choose "both sides" (or the position\'s own side) to close it, or pick another symbol.',
  };
}

function closePath(kind: AccountKind): string {
  return kind === 'unified' ? V3_PATHS.close : V2_PATHS.close;
}

/** Hints written for "the app is still trying" become, at the end, what the person can do now. */
function finalExplanation(error: ExplainedError, positionsKnown: boolean, deadlineMs: number, practice: boolean): ExplainedError {
  const seconds = Math.round(deadlineMs / 1000);
  // Practice has no website to fall back on: what ends a rehearsed bad minute is the practice panel.
  const elsewhere = practice ? 'in the practice panel ("Calm market" or "Reset practice account")' : 'on the Bitget website or app';
  if (error.kind === 'close-refused') {
    return {
      ...error,
      hint: `The app closed again once a second for up to ${seconds} s and the exchange kept refusing. ${
        practice ? `End the rehearsal ${elsewhere}.` : `Close what is still open ${elsewhere}, in parts if it is large.`
      }`,
    };
  }
  if (!TRANSIENT_KINDS.has(error.kind)) return error;
  // A busy or rate-limited exchange answered: the person's connection is not the problem.
  const exchangeBusy = error.kind === 'busy' || error.kind === 'rate-limit';
  return {
    ...error,
    hint: positionsKnown
      ? `The app retried for ${seconds} s. What is listed as still open is open now: try again, or close it ${elsewhere}.`
      : exchangeBusy
        ? `The exchange answered but was too busy to act, for ${seconds} s, and positions could not be re-read: check them ${elsewhere} now, and try again in a moment.`
        : `The app retried for ${seconds} s and could not re-read positions either: check them ${elsewhere} now. Then check your connection.`,
  };
}

function decideStatus(facts: {
  verified: boolean;
  positionsKnown: boolean;
  closedAny: boolean;
  refusedAny: boolean;
  uncertain: boolean;
  stopped: boolean;
}): CloseStatus {
  // A refusal that stopped the close (key, permission, symbol, environment) is the answer, even if nothing is open.
  if (facts.stopped && !facts.closedAny) return 'failed';
  // Flat without a single accepted or refused close item, and no answer lost on the way: there was nothing to close.
  if (facts.verified) return facts.closedAny || facts.refusedAny || facts.uncertain ? 'flat' : 'nothing-to-close';
  if (facts.positionsKnown) return facts.closedAny ? 'partial' : 'failed';
  return 'unknown';
}

async function cancelOrders(account: Account, target: CloseTarget, timeoutMs: number, log: (record: WireRecord) => void): Promise<CancelSummary> {
  const [open, trigger] = await Promise.all([account.cancelOpenOrders(target, timeoutMs, log), account.cancelTriggerOrders(target, timeoutMs, log)]);
  const summarize = (result: CancelResult): CancelSummary['openOrders'] =>
    !result.ok || result.failed.length > 0 ? 'failed' : result.cancelled > 0 ? 'cancelled' : 'none';
  const errors = [open, trigger].flatMap((result) =>
    !result.ok ? [result.error] : result.failed.map(explainRefusedItem),
  );
  return { openOrders: summarize(open), triggerOrders: summarize(trigger), errors };
}

function wireFields(record: WireRecord) {
  const data = record.data as { successList?: unknown[]; failureList?: unknown[]; list?: unknown[] } | undefined;
  const lists =
    data && typeof data === 'object' && !Array.isArray(data)
      ? {
          ...(Array.isArray(data.successList) ? { successList: data.successList } : {}),
          ...(Array.isArray(data.failureList) ? { failureList: data.failureList } : {}),
          ...(Array.isArray(data.list) ? { list: data.list } : {}),
        }
      : {};
  return {
    request: { method: record.method, path: record.path, ...(record.body ? { body: record.body } : {}), ...(record.query ? { query: record.query } : {}) },
    ...(record.httpStatus !== undefined ? { httpStatus: record.httpStatus } : {}),
    ...(record.code ? { code: record.code } : {}),
    ...(record.message ? { message: record.message } : {}),
    ...lists,
    latencyMs: record.latencyMs,
  };
}
