// The account guard: limits set while calm, after which the app flattens a profile by itself and keeps it flat until
// the person re-arms. The rules, what is stored, and what the window and the CLI show. The rule engine itself is
// pure (shared/guard-rules.ts); the runner lives in the core.
import { z } from 'zod';
import type { CloseStatus, HoldSide, ProductType } from './bitget.ts';
import type { FeedStatus } from './feed.ts';
import { figureProblem, saneFigure } from './figure-number.ts';
import { GUARD_RULE_NAMES, guardRulesSchema } from './guard-limits.ts';

export {
  GUARD_RULE_NAMES,
  GUARD_RULE_TITLES,
  guardAuditDetailSchema,
  guardRulesSchema,
  timeOfDaySchema,
  type GuardAuditDetail,
  type GuardRuleName,
  type GuardRules,
  type GuardRulesInput,
} from './guard-limits.ts';

/** The day's reference figures, kept so a restart mid-day measures from the same start and peak. */
export const guardDaySchema = z.strictObject({
  /** The trading day (local date at dayStartsAt), "YYYY-MM-DD". */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  startEquity: saneFigure('signed'),
  peakEquity: saneFigure('signed'),
});
export type GuardDay = z.infer<typeof guardDaySchema>;

/**
 * A saved day whose figures are not sane numbers ("Infinity" from an absurd mark) is repaired, never trusted: a sane
 * start equity is kept with the peak set back to it (the trailing drawdown measures from there), else the day starts
 * again at the next figures. `repaired` says what was done, so the guard tells the person once.
 */
function repairDay(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const config = value as Record<string, unknown>;
  const day = config.day as Record<string, unknown> | undefined;
  if (day === undefined || guardDaySchema.safeParse(day).success) return value;
  const saved = (key: string) => (typeof day?.[key] === 'string' ? (day[key] as string) : JSON.stringify(day?.[key]));
  const start = typeof day?.startEquity === 'string' && figureProblem(day.startEquity, 'signed') === undefined ? day.startEquity : undefined;
  const date = typeof day?.date === 'string' ? day.date : undefined;
  const repairedDay = start !== undefined && date !== undefined ? { date, startEquity: start, peakEquity: start } : undefined;
  const repaired = repairedDay
    ? `The saved peak equity of the day (${saved('peakEquity')}) was not a usable number: it was set back to the day's start equity ${start}.`
    : `The saved figures of the day (start ${saved('startEquity')}, peak ${saved('peakEquity')}) were not usable numbers: the day is measured again from the next figures.`;
  const { day: _damaged, ...rest } = config;
  return { ...rest, ...(repairedDay ? { day: repairedDay } : {}), repaired };
}

/** What tripped the guard, kept until it is re-armed. */
export const guardTripSchema = z.strictObject({
  at: z.iso.datetime(),
  rule: z.enum(GUARD_RULE_NAMES),
  /** The figures that tripped it, e.g. { dayPnl: "-512.4", limit: "500" }. */
  figures: z.record(z.string(), z.string()),
  /** One sentence for people: "Daily loss -512.40 USDT reached the limit of 500 USDT." */
  reason: z.string(),
});
export type GuardTrip = z.infer<typeof guardTripSchema>;

/** One profile's guard as the settings file keeps it (survives a restart). */
export const guardConfigSchema = z.preprocess(
  repairDay,
  z.strictObject({
    profile: z.string().min(1),
    rules: guardRulesSchema,
    armed: z.boolean().default(false),
    armedAt: z.iso.datetime().optional(),
    day: guardDaySchema.optional(),
    tripped: guardTripSchema.optional(),
    /** What was repaired in the saved state when it was read (told once, then saved without it). */
    repaired: z.string().optional(),
  }),
);
export type GuardConfig = z.infer<typeof guardConfigSchema>;

/** Arm a profile's guard with these rules (the window's confirmation or `bitget-panic guard arm`). */
export const armGuardSchema = z.strictObject({ profile: z.string().trim().min(1, 'profile name is empty'), rules: guardRulesSchema });
export type ArmGuardInput = z.input<typeof armGuardSchema>;
export const disarmGuardSchema = z.strictObject({ profile: z.string().trim().min(1, 'profile name is empty') });

/** The live figures a guard decides on (decimal strings in the margin coin), and when they were known current. */
export interface GuardFigures {
  marginCoin: string;
  equity: string;
  dayStartEquity: string;
  peakEquity: string;
  /** equity - dayStartEquity (negative: a loss). */
  dayPnl: string;
  /** peakEquity - equity (positive: below the peak). */
  drawdown: string;
  worstPosition?: { productType: ProductType; symbol: string; holdSide: HoldSide; unrealizedPnl: string };
  /** 'marks': the balance came without the exchange's unrealized PnL; the one at the marks when it came was used. */
  unrealizedFrom?: 'marks';
  confirmedAt: number;
}

/**
 * - disarmed: not watching.
 * - watching: armed, figures fresh, every rule below its warning.
 * - warning: armed, a figure reached its warning threshold (or the closeout time is near).
 * - blind: armed, but the figures cannot be read or are stale: the guard warns and never flattens on a guess.
 * - tripped: a rule tripped; the profile was flattened and anything that opens again is flattened too.
 * - elsewhere: armed, and watched by another window or process using the same data folder (one runner per folder).
 */
export type GuardState = 'disarmed' | 'watching' | 'warning' | 'blind' | 'tripped' | 'elsewhere';

/** The states of an armed guard, most urgent first: how every surface that lists guards orders them. */
export const ARMED_STATES_BY_URGENCY: readonly GuardState[] = ['tripped', 'blind', 'warning', 'watching', 'elsewhere'];

export interface GuardStatus {
  profile: string;
  mode: 'live' | 'demo' | 'practice';
  state: GuardState;
  config?: GuardConfig;
  figures?: GuardFigures;
  /** Plain sentences: the warnings in force, or why the guard is blind. */
  messages: string[];
  feed?: FeedStatus;
  /** The last flatten the guard ran, if any. */
  lastFlatten?: { at: string; status: CloseStatus | 'refused'; summary: string };
  /** The live figures crossed a limit but a fresh read of the account did not confirm it: nothing was flattened. */
  disagreement?: { at: string; pushed: string; read: string };
  /** The computer's wall clock jumped against the time elapsed: the trading day follows the earlier of the two. */
  clockJump?: { noticedAt: string; by: string };
}

