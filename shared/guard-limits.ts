// The guard's limits as a person sets them, and what a guard audit entry records. Apart from shared/guard.ts so the
// audit entry (shared/bitget.ts) can name them without an import circle (guard.ts reads shared/bitget.ts types).
import { z } from 'zod';

/** An amount of the margin coin, as typed by a person: positive, at most 8 decimals. Kept as a decimal string. */
const amountSchema = z
  .string()
  .trim()
  .regex(/^\d+(\.\d{1,8})?$/, 'must be a positive amount like 250 or 250.5 (in the margin coin)')
  .refine((value) => Number(value) > 0, 'must be more than 0');

/** Local time of day, 24-hour "HH:MM". */
export const timeOfDaySchema = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day like 21:30 (24-hour, local time)');

export const GUARD_RULE_NAMES = ['daily-loss', 'trailing-drawdown', 'position-loss', 'closeout-time'] as const;
export type GuardRuleName = (typeof GUARD_RULE_NAMES)[number];

export const GUARD_RULE_TITLES: Record<GuardRuleName, string> = {
  'daily-loss': 'Daily loss limit',
  'trailing-drawdown': "Trailing drawdown from the day's peak equity",
  'position-loss': 'Loss limit per position',
  'closeout-time': 'Daily closeout time',
};

export const guardRulesSchema = z
  .strictObject({
    /** The coin the amounts are in, and whose account the figures come from (unified accounts: USDT). */
    marginCoin: z.string().trim().toUpperCase().regex(/^[A-Z0-9]{2,10}$/, 'margin coin must look like USDT').default('USDT'),
    /** Realized + unrealized loss since the day's start, in the margin coin. */
    dailyLossLimit: amountSchema.optional(),
    /** Drop of equity from the day's peak equity, in the margin coin. */
    trailingDrawdown: amountSchema.optional(),
    /** Unrealized loss of any one position, in the margin coin. */
    positionLossLimit: amountSchema.optional(),
    /** Flatten at this local time every day. */
    closeoutTime: timeOfDaySchema.optional(),
    /** Notify when a figure reaches this share of its limit. */
    warnAtPercent: z.number().int().min(1, 'warning must be 1-99 % of the limit').max(99, 'warning must be 1-99 % of the limit').default(80),
    /** Minutes before the closeout time at which to warn. */
    warnMinutesBeforeCloseout: z.number().int().min(1).max(120).default(5),
    /** When the trading day starts (local time): the day's loss and peak are measured from here. */
    dayStartsAt: timeOfDaySchema.default('00:00'),
    /** After a trip: stay tripped until re-armed by hand, or re-arm by itself when the next trading day starts. */
    rearm: z.enum(['manual', 'next-day']).default('manual'),
  })
  .refine(
    (rules) => rules.dailyLossLimit || rules.trailingDrawdown || rules.positionLossLimit || rules.closeoutTime,
    'set at least one rule: a daily loss limit, a trailing drawdown, a loss limit per position or a closeout time',
  );
export type GuardRules = z.infer<typeof guardRulesSchema>;
export type GuardRulesInput = z.input<typeof guardRulesSchema>;

/** What a guard audit entry records. */
export interface GuardAuditDetail {
  event: 'armed' | 'disarmed' | 'warning' | 'tripped' | 'reflatten' | 'blind' | 'rearmed' | 'disagreement' | 'clock-jump' | 'repaired';
  rules?: GuardRules;
  rule?: GuardRuleName;
  figures?: Record<string, string>;
  reason?: string;
  /** The close run(s) the guard started (their outcomes are audit entries of their own). */
  runIds?: string[];
}

export const guardAuditDetailSchema = z.object({
  event: z.enum(['armed', 'disarmed', 'warning', 'tripped', 'reflatten', 'blind', 'rearmed', 'disagreement', 'clock-jump', 'repaired']),
  rules: guardRulesSchema.optional(),
  rule: z.enum(GUARD_RULE_NAMES).optional(),
  figures: z.record(z.string(), z.string()).optional(),
  reason: z.string().optional(),
  runIds: z.array(z.string()).optional(),
});
