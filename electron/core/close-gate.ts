// One close per interval per exchange account for every process of the app on this computer: the app and any number
// of CLI runs. Each account has a small line file under <dataDir>/close-slots/, named by a hash of the account key:
// when the last slot was given out and who waits for the next ones, first come first served. The file is read and
// changed only under a proper-lockfile lock held for that moment, never while waiting. A process killed while waiting
// or holding blocks nobody: its place in line is dropped once its pid is gone or its deadline has passed, and a lock it
// held goes stale. A queue that cannot be used (a full disk, a file where the folder should be, any error) never
// stops a close: it is then paced within this process, and the answer says so.
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { z } from 'zod';
import { readFileNoFollow, writeFileNoFollow } from './data-folder.ts';
import { notBeforeDeadline, type RateGuard, type SlotAnswer } from './rate-guard.ts';

const waiterSchema = z.object({ id: z.string(), pid: z.number().int(), name: z.string(), since: z.number(), deadline: z.number() });
const lineSchema = z.object({
  lastSlot: z.object({ at: z.number(), name: z.string() }).nullable(),
  queue: z.array(waiterSchema),
});

export type Waiter = z.infer<typeof waiterSchema>;
export type SlotLine = z.infer<typeof lineSchema>;

export type SlotStep =
  | { kind: 'granted' }
  | { kind: 'refused'; ahead: string[] }
  | { kind: 'wait'; ms: number };

/** proper-lockfile's shortest stale time: a lock whose holder died is taken over after this. */
const LOCK_STALE_MS = 2_000;
/** Longest sleep between looks at the line while others are ahead (someone ahead may give up). */
const DEFAULT_POLL_MS = 100;
/** No caller waits longer than the longest close deadline the CLI accepts. */
const LONGEST_WAIT_MS = 120_000;

export interface CloseGateOptions {
  /** e.g. <dataDir>/close-slots */
  dir: string;
  intervalMs: number;
  /** How this process is named to the others in line. */
  processName?: string;
  now?: () => number;
  isAlive?: (pid: number) => boolean;
  pollMs?: number;
}

export function defaultProcessName(): string {
  return process.versions.electron ? 'the app' : `CLI pid ${process.pid}`;
}

/** The account key is the API key: only a hash of it names a file. */
export function lineFileName(accountKey: string): string {
  return `${createHash('sha256').update(accountKey).digest('hex').slice(0, 32)}.json`;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One look at the line, as a pure function: drop the dead and the expired, take this caller's place (kept by arrival
 * time), then either give it the slot, refuse it because the slot cannot come by its deadline, or say how long to wait.
 */
export function decideSlot(
  line: SlotLine,
  me: Waiter,
  now: number,
  intervalMs: number,
  isAlive: (pid: number) => boolean,
  pollMs = DEFAULT_POLL_MS,
): { line: SlotLine; step: SlotStep } {
  // A clock that went back must not stall every close: wait one interval from now instead.
  const lastSlot = line.lastSlot && line.lastSlot.at > now ? { ...line.lastSlot, at: now } : line.lastSlot;
  const kept = line.queue.filter((waiter) => waiter.id === me.id || (waiter.deadline >= now && isAlive(waiter.pid)));
  // A newcomer (or one whose place was lost with a damaged file) goes behind everyone who came before or at the same time.
  const queue = kept.some((waiter) => waiter.id === me.id) ? kept : insertByArrival(kept, me);
  const without = queue.filter((waiter) => waiter.id !== me.id);
  const nextFree = lastSlot ? lastSlot.at + intervalMs : Number.NEGATIVE_INFINITY;
  const position = queue.findIndex((waiter) => waiter.id === me.id);

  if (position === 0 && now >= nextFree && now <= me.deadline) {
    return { line: { lastSlot: { at: now, name: me.name }, queue: without }, step: { kind: 'granted' } };
  }
  // Project the line forward: each waiter ahead takes a slot if it comes by that waiter's own deadline.
  const ahead: string[] = lastSlot && nextFree > now ? [`${lastSlot.name} — sent just before`] : [];
  let slotAt = Math.max(now, nextFree);
  for (const waiter of queue.slice(0, position)) {
    if (slotAt > waiter.deadline) continue;
    ahead.push(waiter.name);
    slotAt += intervalMs;
  }
  if (slotAt > me.deadline) return { line: { lastSlot, queue: without }, step: { kind: 'refused', ahead } };
  const ms = position === 0 ? nextFree - now : Math.min(pollMs, slotAt - now);
  return { line: { lastSlot, queue }, step: { kind: 'wait', ms: Math.max(1, ms) } };
}

function insertByArrival(queue: Waiter[], me: Waiter): Waiter[] {
  const after = queue.findIndex((waiter) => waiter.since > me.since);
  return after === -1 ? [...queue, me] : [...queue.slice(0, after), me, ...queue.slice(after)];
}

export function createCloseGate(options: CloseGateOptions): RateGuard {
  const now = options.now ?? Date.now;
  const isAlive = options.isAlive ?? isProcessAlive;
  const processName = options.processName ?? defaultProcessName();

  function readLine(file: string): SlotLine {
    let text: string;
    try {
      text = readFileNoFollow(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { lastSlot: null, queue: [] };
      throw error;
    }
    try {
      return lineSchema.parse(JSON.parse(text));
    } catch {
      // A damaged line file: assume a close was just sent, so the limit holds; the waiters take their places again.
      return { lastSlot: { at: now(), name: 'an earlier close (its record was unreadable)' }, queue: [] };
    }
  }

  function writeLine(file: string, line: SlotLine): void {
    const temporary = `${file}.${process.pid}.tmp`;
    try {
      writeFileNoFollow(temporary, JSON.stringify(line));
      renameSync(temporary, file);
    } catch (error) {
      // On a full disk a half-written file would only take what little space is left.
      rmSync(temporary, { force: true });
      throw error;
    }
  }

  /** This process's latest close slot per account, wherever it came from: the pacing that holds when the queue cannot be used. */
  const sentHere = new Map<string, NonNullable<SlotLine['lastSlot']>>();

  /** A slot this process gave out while the queue could not be used is one the file does not know of. */
  function withSentHere(line: SlotLine, accountKey: string): SlotLine {
    const mine = sentHere.get(accountKey);
    return mine && mine.at <= now() && mine.at > (line.lastSlot?.at ?? Number.NEGATIVE_INFINITY) ? { ...line, lastSlot: mine } : line;
  }

  async function look(file: string, me: Waiter, accountKey: string): Promise<SlotStep> {
    mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    const lockOptions = {
      realpath: false,
      stale: LOCK_STALE_MS,
      // The lock is held for a synchronous read and write only; losing it afterwards changes nothing.
      onCompromised: () => undefined,
    };
    // Uncontended, one try costs well under a millisecond; only when the lock is busy is a retry schedule built.
    const release = await lockfile.lock(file, lockOptions).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ELOCKED') throw error;
      const waitMs = Math.max(0, me.deadline - now());
      return lockfile.lock(file, { ...lockOptions, retries: { retries: Math.min(1_000, Math.ceil(waitMs / 10) + 20), factor: 1.2, minTimeout: 2, maxTimeout: 20, maxRetryTime: waitMs } });
    });
    try {
      const { line, step } = decideSlot(withSentHere(readLine(file), accountKey), me, now(), options.intervalMs, isAlive, options.pollMs);
      writeLine(file, line);
      return step;
    } finally {
      // Not awaited: a granted close goes out now; the next look retries for the moment the lock is still there.
      void release().catch(() => undefined);
    }
  }

  /** One close per interval per account within this process, for when the machine-wide queue cannot be used. */
  async function paceHere(accountKey: string, me: Waiter, problem: string): Promise<SlotAnswer> {
    const last = sentHere.get(accountKey);
    const at = Math.max(now(), last ? last.at + options.intervalMs : Number.NEGATIVE_INFINITY);
    if (at > me.deadline) {
      const ahead = last ? [`${last.name} — sent just before`] : [];
      return { ok: false, ahead, error: notBeforeDeadline(ahead) };
    }
    sentHere.set(accountKey, { at, name: me.name });
    if (at > now()) await new Promise((resolve) => setTimeout(resolve, at - now()));
    return {
      ok: true,
      unshared: `The close queue in the data folder (${options.dir}) could not be used (${problem}): this close was paced within this process only, not with the app's other windows or commands on this computer.`,
    };
  }

  return {
    async slot(accountKey, deadline = now() + LONGEST_WAIT_MS, who = 'a close') {
      const me: Waiter = { id: randomUUID(), pid: process.pid, name: `${processName} (${who})`, since: now(), deadline: Math.min(deadline, now() + LONGEST_WAIT_MS) };
      if (!accountKey) return paceHere(accountKey, me, 'the account has no key to queue under');
      const file = join(options.dir, lineFileName(accountKey));
      for (;;) {
        let step: SlotStep;
        try {
          step = await look(file, me, accountKey);
        } catch (error) {
          // A lock busy until the deadline is a queue in use by others ahead (a dead holder's lock goes stale): the
          // slot cannot come in time. Any other error is a queue that cannot be used.
          if ((error as NodeJS.ErrnoException).code === 'ELOCKED') return { ok: false, ahead: [], error: notBeforeDeadline([]) };
          return paceHere(accountKey, me, error instanceof Error ? error.message : String(error));
        }
        if (step.kind === 'granted') {
          sentHere.set(accountKey, { at: now(), name: me.name });
          return { ok: true };
        }
        if (step.kind === 'refused') return { ok: false, ahead: step.ahead, error: notBeforeDeadline(step.ahead) };
        await new Promise((resolve) => setTimeout(resolve, step.ms));
      }
    },
  };
}
