// The close path's promises, checked from the simulator's state and request log and from the proxies' logs (what
// the exchange really did and answered), never from what the client says about itself.
import { closesFor, inTarget, unearnedStatus, type Target } from './oracle.ts';
import type { ProxyLogEntry } from './types.ts';

export interface BookPosition {
  productType: string;
  symbol: string;
  holdSide: string;
  size: string;
}

/** An outcome as any trigger reports it (the core's value, the CLI's --json). */
export interface ReportedOutcome {
  status: string;
  startedAt: string;
  finishedAt: string;
}

export type TriggerResult =
  | { ok: true; value: ReportedOutcome }
  | { ok: false; error: { kind?: unknown; message?: unknown; hint?: unknown } }
  | { threw: string };

export interface TriggerRecord {
  name: string;
  target: Target;
  /** The log of the proxy this trigger's core or process talked through (one proxy per core or process). */
  log: readonly ProxyLogEntry[];
  calledAt: number;
  resolvedAt: number;
  result: TriggerResult;
}

export interface RunFacts {
  /** The simulator's positions before the first trigger and after the last answer. */
  before: readonly BookPosition[];
  after: readonly BookPosition[];
  /** Arrival times of the account's close requests that the exchange counts against its limit. */
  closeTimes: readonly number[];
  triggers: readonly TriggerRecord[];
  /** The longest a trigger may take: deadline + the last read's timeout + slack for a busy machine. */
  answerWithinMs: number;
  /** The shortest gap allowed between two close arrivals; default 1000 ms (the exchange's 1 per second). */
  minCloseGapMs?: number;
}

const STATUSES = new Set(['flat', 'partial', 'nothing-to-close', 'failed', 'unknown']);
const positionKey = (position: BookPosition) => `${position.productType}:${position.symbol}:${position.holdSide}`;

function describeTarget(target: Target): string {
  return `${target.productType} ${target.symbol ?? 'every symbol'} ${target.holdSide ?? 'both sides'}`;
}

/** Every broken promise of one run, in words; empty when all hold. */
export function violations(facts: RunFacts): string[] {
  const found: string[] = [];
  const accepted = facts.triggers.filter((trigger) => 'ok' in trigger.result && trigger.result.ok);

  // Nothing outside the target is ever closed (one-way mode included: a side never closes the other side).
  const afterByKey = new Map(facts.after.map((position) => [positionKey(position), position]));
  for (const position of facts.before) {
    if (accepted.some((trigger) => inTarget(position, trigger.target))) continue;
    const now = afterByKey.get(positionKey(position));
    if (now?.size !== position.size) {
      found.push(`${positionKey(position)} (${position.size}) was outside every target and is now ${now ? now.size : 'closed'}`);
    }
  }

  // At most one close per second per account, across cores and processes, as the exchange counts arrivals.
  const times = [...facts.closeTimes].sort((a, b) => a - b);
  const minGap = facts.minCloseGapMs ?? 1_000;
  for (let index = 1; index < times.length; index += 1) {
    const gap = times[index]! - times[index - 1]!;
    if (gap < minGap) found.push(`two close requests arrived ${gap} ms apart`);
  }

  for (const trigger of facts.triggers) {
    const label = `${trigger.name} (${describeTarget(trigger.target)})`;
    // Only where no other trigger on the same proxy asked for the same target can a close on the wire be called its own.
    const alone = !facts.triggers.some((other) => other !== trigger && other.log === trigger.log && describeTarget(other.target) === describeTarget(trigger.target));
    const result = trigger.result;
    // Exactly one outcome or one explained refusal, in time.
    if ('threw' in result) {
      found.push(`${label} threw instead of answering: ${result.threw}`);
      continue;
    }
    const took = trigger.resolvedAt - trigger.calledAt;
    if (took > facts.answerWithinMs) found.push(`${label} answered after ${took} ms, beyond the deadline and its last read (${facts.answerWithinMs} ms)`);
    if (!result.ok) {
      const { kind, message, hint } = result.error;
      if (typeof kind !== 'string' || typeof message !== 'string' || !message || typeof hint !== 'string' || !hint) {
        found.push(`${label} was refused without an explanation`);
      }
      if (alone && closesFor(trigger.log, trigger.target, trigger.calledAt, trigger.resolvedAt).length > 0) found.push(`${label} was refused, yet a close was sent for it`);
      continue;
    }
    const outcome = result.value;
    if (!STATUSES.has(outcome.status)) {
      found.push(`${label} answered an unknown status "${outcome.status}"`);
      continue;
    }
    const unearned = unearnedStatus(trigger.log, trigger.target, outcome, alone);
    if (unearned) found.push(`${label} ${unearned}`);
  }
  return found;
}
