// The account guard in words: what a form's fields mean as rules, each rule as one line, each state as a headline,
// and how fresh the feed behind the figures is. Pure, so the words are unit-tested.
import type { FeedStatus } from '../shared/feed.ts';
import { FEED_STALE_AFTER_MS } from '../shared/feed.ts';
import { ARMED_STATES_BY_URGENCY, guardRulesSchema, type GuardRules, type GuardRulesInput, type GuardState, type GuardStatus } from '../shared/guard.ts';

/** What the rules form holds: text as typed, blank meaning "rule not set". */
export interface GuardForm {
  marginCoin: string;
  dailyLossLimit: string;
  trailingDrawdown: string;
  positionLossLimit: string;
  closeoutTime: string;
  warnAtPercent: string;
  dayStartsAt: string;
  rearm: 'manual' | 'next-day';
}

export const EMPTY_GUARD_FORM: GuardForm = {
  marginCoin: 'USDT',
  dailyLossLimit: '',
  trailingDrawdown: '',
  positionLossLimit: '',
  closeoutTime: '',
  warnAtPercent: '80',
  dayStartsAt: '00:00',
  rearm: 'manual',
};

export function formOf(rules: GuardRules | undefined): GuardForm {
  if (!rules) return EMPTY_GUARD_FORM;
  return {
    marginCoin: rules.marginCoin,
    dailyLossLimit: rules.dailyLossLimit ?? '',
    trailingDrawdown: rules.trailingDrawdown ?? '',
    positionLossLimit: rules.positionLossLimit ?? '',
    closeoutTime: rules.closeoutTime ?? '',
    warnAtPercent: String(rules.warnAtPercent),
    dayStartsAt: rules.dayStartsAt,
    rearm: rules.rearm,
  };
}

/** The form as rules, checked by the shared schema: the rules, or every problem in plain words. */
export function rulesOf(form: GuardForm): { ok: true; rules: GuardRules } | { ok: false; problems: string[] } {
  const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());
  const percent = Number(form.warnAtPercent.trim());
  if (form.warnAtPercent.trim() === '' || !Number.isInteger(percent)) return { ok: false, problems: ['Warn at: must be a whole number from 1 to 99 (% of each limit)'] };
  const input: GuardRulesInput = {
    marginCoin: form.marginCoin,
    dayStartsAt: form.dayStartsAt,
    rearm: form.rearm,
    warnAtPercent: percent,
    ...(optional(form.dailyLossLimit) ? { dailyLossLimit: optional(form.dailyLossLimit) } : {}),
    ...(optional(form.trailingDrawdown) ? { trailingDrawdown: optional(form.trailingDrawdown) } : {}),
    ...(optional(form.positionLossLimit) ? { positionLossLimit: optional(form.positionLossLimit) } : {}),
    ...(optional(form.closeoutTime) ? { closeoutTime: optional(form.closeoutTime) } : {}),
  };
  const parsed = guardRulesSchema.safeParse(input);
  if (parsed.success) return { ok: true, rules: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => {
      const field = FIELD_NAMES[String(issue.path[0] ?? '')];
      return field ? `${field}: ${issue.message}` : issue.message;
    }),
  };
}

const FIELD_NAMES: Record<string, string> = {
  marginCoin: 'Margin coin',
  dailyLossLimit: 'Daily loss limit',
  trailingDrawdown: 'Trailing drawdown',
  positionLossLimit: 'Loss limit per position',
  closeoutTime: 'Closeout time',
  warnAtPercent: 'Warn at',
  dayStartsAt: 'Trading day starts at',
};

/** One line per rule that is set, e.g. "Daily loss limit: 500 USDT (warns at 400)". */
export function ruleLines(rules: GuardRules): string[] {
  const coin = rules.marginCoin;
  const warnAt = (limit: string) => trimNumber((Number(limit) * rules.warnAtPercent) / 100);
  const lines: string[] = [];
  if (rules.dailyLossLimit) lines.push(`Daily loss limit: ${rules.dailyLossLimit} ${coin} (warns at ${warnAt(rules.dailyLossLimit)})`);
  if (rules.trailingDrawdown) lines.push(`Trailing drawdown from the day's peak equity: ${rules.trailingDrawdown} ${coin} (warns at ${warnAt(rules.trailingDrawdown)})`);
  if (rules.positionLossLimit) lines.push(`Loss limit per position: ${rules.positionLossLimit} ${coin} (warns at ${warnAt(rules.positionLossLimit)})`);
  if (rules.closeoutTime) lines.push(`Daily closeout at ${rules.closeoutTime} (local time; warns ${rules.warnMinutesBeforeCloseout} min before)`);
  lines.push(`Trading day starts at ${rules.dayStartsAt} local time; after a trip: ${rules.rearm === 'manual' ? 'stays tripped until you re-arm' : 're-arms when the next trading day starts'}`);
  return lines;
}

export const GUARD_STATE_WORDS: Record<GuardState, string> = {
  disarmed: 'Not armed',
  watching: 'Armed: watching',
  warning: 'Armed: WARNING',
  blind: 'Armed: CANNOT SEE THE ACCOUNT',
  tripped: 'TRIPPED: flattened',
  elsewhere: 'Armed: watched by another window or process',
};

/** The header's one line about the guards: the most urgent armed guard first; undefined when none is armed. */
export function guardHeadline(statuses: readonly GuardStatus[]): { text: string; tone: GuardState } | undefined {
  for (const state of ARMED_STATES_BY_URGENCY) {
    const matching = statuses.filter((status) => status.state === state);
    if (matching.length === 0) continue;
    const names = matching.map((status) => status.profile).join(', ');
    const text =
      state === 'tripped' ? `GUARD TRIPPED: ${names}` : state === 'blind' ? `GUARD CANNOT SEE: ${names}` : state === 'warning' ? `GUARD WARNING: ${names}` : state === 'elsewhere' ? `GUARD WATCHED ELSEWHERE: ${names}` : `GUARD ARMED: ${names}`;
    return { text, tone: state };
  }
  return undefined;
}

/** "Live feed, 0.4 s ago", "REST polling (live feed down: …), 1.2 s ago", "STALE: last figure 14 s ago". */
export function feedLine(status: FeedStatus | undefined, now: number): { text: string; stale: boolean } {
  if (!status || status.socket === 'off') return { text: 'Live feed off', stale: true };
  const age = status.confirmedAt === undefined ? undefined : Math.max(0, now - status.confirmedAt);
  const ago = age === undefined ? 'no figures yet' : `${seconds(age)} ago`;
  const stale = status.stale || age === undefined || age > FEED_STALE_AFTER_MS;
  const source =
    status.source === 'websocket'
      ? 'Live feed'
      : status.source === 'rest'
        ? `REST polling (live feed ${status.socket === 'connecting' ? 'connecting' : 'down'}${status.problem ? `: ${status.problem}` : ''})`
        : `No figures${status.problem ? `: ${status.problem}` : ''}`;
  return { text: stale ? `STALE: ${source}, ${ago}` : `${source}, ${ago}`, stale };
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

function trimNumber(value: number): string {
  return String(Number(value.toFixed(8)));
}
