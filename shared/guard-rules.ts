// The account guard's rule engine: pure functions shared by the core, the CLI and the window (no Node, no DOM).
// Amounts are decimal strings of at most 8 decimals; arithmetic is done on numbers rounded to 8 decimals, which is
// exact enough for account figures far beyond any real balance (2^53 > 10^15 units of 10^-8).
import { UNIFIED_CATEGORIES } from './bitget.ts';
import { FEED_STALE_AFTER_MS, unrealizedPnlAt, type FeedSnapshot, type MarkPrice } from './feed.ts';
import { figureProblem, isSaneFigure } from './figure-number.ts';
import { GUARD_RULE_TITLES, type GuardConfig, type GuardDay, type GuardFigures, type GuardRuleName, type GuardRules, type GuardTrip } from './guard.ts';

const SCALE = 1e8;
const round8 = (value: number): number => Math.round(value * SCALE) / SCALE;

/** A number as a plain decimal string (no exponent), at most 8 decimals. */
export function formatAmount(value: number): string {
  const fixed = round8(value).toFixed(8).replace(/\.?0+$/, '');
  return fixed === '-0' ? '0' : fixed;
}

function readNumber(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

const pad = (value: number) => String(value).padStart(2, '0');
const localDate = (date: Date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
const minutesOf = (timeOfDay: string) => Number(timeOfDay.slice(0, 2)) * 60 + Number(timeOfDay.slice(3, 5));

/** The local trading day ("YYYY-MM-DD") at `now`: a day that starts at `dayStartsAt` is named by the date it starts on. */
export function tradingDay(now: number, dayStartsAt: string): string {
  const date = new Date(now);
  if (date.getHours() * 60 + date.getMinutes() < minutesOf(dayStartsAt)) date.setDate(date.getDate() - 1);
  return localDate(date);
}

/** The local moment `timeOfDay` on `date` (ms since epoch). */
function localMoment(date: string, timeOfDay: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, day, Number(timeOfDay.slice(0, 2)), Number(timeOfDay.slice(3, 5))).getTime();
}

/** When the trading day `day` closes out: the first `closeoutTime` at or after the day's start. */
export function closeoutMoment(day: string, rules: Pick<GuardRules, 'dayStartsAt'> & { closeoutTime: string }): number {
  const start = localMoment(day, rules.dayStartsAt);
  const sameDate = localMoment(day, rules.closeoutTime);
  if (sameDate >= start) return sameDate;
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const next = new Date(year, month - 1, date + 1);
  return localMoment(localDate(next), rules.closeoutTime);
}


export type FiguresResult = { ok: true; figures: GuardFigures; day: GuardDay } | { ok: false; reason: string };

/** Why a figure that arrived at `at` cannot be acted on at `now`, or undefined when it is fresh. */
function ageProblem(what: { subject: string; plural: boolean }, at: number, now: number): string | undefined {
  const ageMs = now - at;
  // A figure stamped more than a second ahead of this clock (the computer's clock moved back) cannot be dated.
  if (Number.isFinite(ageMs) && ageMs < -1_000) {
    return `The ${what.subject} ${what.plural ? 'carry' : 'carries'} a time ahead of this computer's clock (did the clock move back?): the guard does not act on figures it cannot date.`;
  }
  if (!Number.isFinite(ageMs) || ageMs > FEED_STALE_AFTER_MS) {
    return `The ${what.subject} ${what.plural ? 'are' : 'is'} ${Number.isFinite(ageMs) ? `${Math.round(ageMs / 1000)} s` : 'of unknown'} old (stale after ${FEED_STALE_AFTER_MS / 1000} s): the guard does not act on old figures.`;
  }
  return undefined;
}

/** When the positions and balances were last known current (a REST snapshot: when it was read). */
export const accountConfirmedAt = (snapshot: FeedSnapshot): number => snapshot.accountConfirmedAt ?? snapshot.confirmedAt;

/** The newest mark the snapshot holds for a contract (the ticker's or the one a position push carried). */
function newestMark(snapshot: FeedSnapshot, productType: string, symbol: string): MarkPrice | undefined {
  let newest: MarkPrice | undefined;
  for (const mark of snapshot.marks) {
    if (mark.productType === productType && mark.symbol === symbol && (!newest || mark.receivedAt > newest.receivedAt)) newest = mark;
  }
  return newest;
}

/**
 * The guard's figures from a feed snapshot, or why they cannot be known (blind). Fails closed, figure by figure: the
 * positions and balances must be fresh, and so must the mark each position is valued at (its own arrival time, whatever
 * the socket does); a missing balance, a product type not read, a figure that is not a sane number make it blind.
 * `dayNow` is the time the trading day is told by (the guard's clock, which rides over wall-clock jumps); a stored day
 * later than the one `dayNow` names is kept (the clock moved back): the day's figures never go back.
 */
export function guardFigures(snapshot: FeedSnapshot, rules: GuardRules, day: GuardDay | undefined, now: number, dayNow = now): FiguresResult {
  const blind = (reason: string): FiguresResult => ({ ok: false, reason });
  const accountAt = accountConfirmedAt(snapshot);
  const accountAge = ageProblem({ subject: 'account figures', plural: true }, accountAt, now);
  if (accountAge) return blind(accountAge);
  const unread = UNIFIED_CATEGORIES.filter((productType) => snapshot.positions[productType] === undefined);
  if (unread.length > 0) return blind(`The positions of ${unread.join(', ')} could not be read: the guard cannot see the whole account.`);
  const balance = snapshot.balances.find((candidate) => candidate.marginCoin.toUpperCase() === rules.marginCoin);
  if (!balance) return blind(`The exchange has not reported a ${rules.marginCoin} balance for this account.`);
  const reportedEquity = readNumber(balance.equity);
  const reportedUnrealized = readNumber(balance.unrealizedPnl);
  if (reportedEquity === undefined || reportedUnrealized === undefined || !isSaneFigure(reportedEquity) || !isSaneFigure(reportedUnrealized)) {
    return blind(`The ${rules.marginCoin} balance the exchange reported is not a usable number.`);
  }

  let unrealized = 0;
  let oldestMark = accountAt;
  let worst: GuardFigures['worstPosition'];
  let worstValue = Infinity;
  for (const productType of UNIFIED_CATEGORIES) {
    for (const position of snapshot.positions[productType] ?? []) {
      if (position.marginCoin.toUpperCase() !== rules.marginCoin) continue;
      const pushed = newestMark(snapshot, productType, position.symbol);
      if (!pushed || figureProblem(pushed.markPrice, 'positive')) return blind(`There is no usable mark price for ${position.symbol} (${position.holdSide}).`);
      const markAge = ageProblem({ subject: `mark price of ${position.symbol}`, plural: false }, pushed.receivedAt, now);
      if (markAge) return blind(markAge);
      oldestMark = Math.min(oldestMark, pushed.receivedAt);
      const pnl = unrealizedPnlAt(position, Number(pushed.markPrice));
      if (pnl === undefined || !isSaneFigure(pnl)) return blind(`The ${position.symbol} ${position.holdSide} position has an entry price, size or value that is not a usable number.`);
      unrealized += pnl;
      if (pnl < worstValue) {
        worstValue = pnl;
        worst = { productType, symbol: position.symbol, holdSide: position.holdSide, unrealizedPnl: formatAmount(pnl) };
      }
    }
  }

  const equity = round8(reportedEquity - reportedUnrealized + unrealized);
  if (!isSaneFigure(equity)) return blind(`The ${rules.marginCoin} equity works out at ${equity}, which is not a usable number.`);
  const today = tradingDay(dayNow, rules.dayStartsAt);
  const sameDay = day && day.date >= today ? day : undefined;
  const startEquity = sameDay ? readNumber(sameDay.startEquity) : equity;
  const previousPeak = sameDay ? readNumber(sameDay.peakEquity) : equity;
  if (startEquity === undefined || previousPeak === undefined || !isSaneFigure(startEquity) || !isSaneFigure(previousPeak)) return blind("The day's stored start or peak equity is not a number.");
  const peak = Math.max(previousPeak, equity);
  const nextDay: GuardDay = { date: sameDay?.date ?? today, startEquity: formatAmount(startEquity), peakEquity: formatAmount(peak) };
  return {
    ok: true,
    day: nextDay,
    figures: {
      marginCoin: rules.marginCoin,
      equity: formatAmount(equity),
      dayStartEquity: nextDay.startEquity,
      peakEquity: nextDay.peakEquity,
      dayPnl: formatAmount(equity - startEquity),
      drawdown: formatAmount(peak - equity),
      ...(worst ? { worstPosition: worst } : {}),
      ...(balance.unrealizedFrom ? { unrealizedFrom: balance.unrealizedFrom } : {}),
      confirmedAt: oldestMark,
    },
  };
}

/** Every position in the snapshot, whatever its coin: what a tripped guard keeps flat. */
export function openPositionCount(snapshot: FeedSnapshot): number {
  return UNIFIED_CATEGORIES.reduce((count, productType) => count + (snapshot.positions[productType]?.length ?? 0), 0);
}

/** What the guard saw at one moment: figures it can act on, or why it is blind. */
export type GuardObservation =
  | { ok: true; figures: GuardFigures; day: GuardDay; openPositions: number }
  | { ok: false; reason: string; /** Known only when the positions were read fresh. */ openPositions?: number };

/** What the reducer keeps between steps: the stored config, plus the warnings and blindness of this episode. */
export interface GuardRun {
  config: GuardConfig;
  /** Rules whose warning was given in the current episode (cleared when the figure recovers, or a new day). */
  warned: GuardRuleName[];
  /** The blind reason of the current blind episode (audited once). */
  blind?: string;
}

export type GuardEffect =
  | { kind: 'flatten'; rule: GuardRuleName; reason: string; figures: Record<string, string> }
  | { kind: 'warn'; rule: GuardRuleName; reason: string; figures: Record<string, string> }
  | { kind: 'blind'; reason: string }
  | { kind: 'seeing' }
  | { kind: 'reflatten'; openPositions: number }
  | { kind: 'rearmed'; reason: string };

/**
 * A warning episode ends only when the figure falls back below this share of its warning level: a figure wavering
 * around the level (prices do) warns once, not at every tick.
 */
export const WARNING_RELEASE = 0.9;

interface Check {
  rule: GuardRuleName;
  /** The figure reached its limit. */
  tripped: boolean;
  /** The figure reached its warning level. */
  warning: boolean;
  /** The figure is still above WARNING_RELEASE of its warning level (an episode already under way goes on). */
  stillWarning: boolean;
  reason: (tripped: boolean) => string;
  figures: Record<string, string>;
}

function checksOf(rules: GuardRules, figures: GuardFigures | undefined, day: string, now: number, armedAt: number): Check[] {
  const checks: Check[] = [];
  const share = rules.warnAtPercent / 100;
  const coin = rules.marginCoin;
  if (figures) {
    // The equity rule names its source when the exchange's balance came without its unrealized PnL.
    const base = { equity: figures.equity, dayStartEquity: figures.dayStartEquity, peakEquity: figures.peakEquity, ...(figures.unrealizedFrom ? { unrealizedPnlFrom: 'positions at the marks' } : {}) };
    const basis = figures.unrealizedFrom ? ' (The exchange reported the balance without its unrealized PnL: it was worked out from the positions at the marks.)' : '';
    if (rules.dailyLossLimit) {
      const limit = Number(rules.dailyLossLimit);
      const loss = -Number(figures.dayPnl);
      checks.push({
        rule: 'daily-loss',
        tripped: loss >= limit,
        warning: loss >= round8(limit * share),
        stillWarning: loss >= round8(limit * share * WARNING_RELEASE),
        reason: (tripped) => `Daily loss ${figures.dayPnl} ${coin} ${tripped ? 'reached the limit' : `is at ${rules.warnAtPercent} % or more of the limit`} of ${rules.dailyLossLimit} ${coin}.${basis}`,
        figures: { ...base, dayPnl: figures.dayPnl, limit: rules.dailyLossLimit },
      });
    }
    if (rules.trailingDrawdown) {
      const limit = Number(rules.trailingDrawdown);
      const drawdown = Number(figures.drawdown);
      checks.push({
        rule: 'trailing-drawdown',
        tripped: drawdown >= limit,
        warning: drawdown >= round8(limit * share),
        stillWarning: drawdown >= round8(limit * share * WARNING_RELEASE),
        reason: (tripped) => `Equity ${figures.equity} ${coin} is ${figures.drawdown} ${coin} below the day's peak of ${figures.peakEquity} ${coin}: ${tripped ? 'the trailing drawdown limit' : `${rules.warnAtPercent} % or more of the limit`} of ${rules.trailingDrawdown} ${coin}.${basis}`,
        figures: { ...base, drawdown: figures.drawdown, limit: rules.trailingDrawdown },
      });
    }
    if (rules.positionLossLimit) {
      const limit = Number(rules.positionLossLimit);
      const worst = figures.worstPosition;
      const loss = worst ? -Number(worst.unrealizedPnl) : 0;
      checks.push({
        rule: 'position-loss',
        tripped: worst !== undefined && loss >= limit,
        warning: worst !== undefined && loss >= round8(limit * share),
        stillWarning: worst !== undefined && loss >= round8(limit * share * WARNING_RELEASE),
        reason: (tripped) => `The ${worst?.symbol} ${worst?.holdSide} position is at ${worst?.unrealizedPnl} ${coin}: ${tripped ? 'the loss limit per position' : `${rules.warnAtPercent} % or more of the limit per position`} of ${rules.positionLossLimit} ${coin}.`,
        figures: { ...base, ...(worst ? { symbol: worst.symbol, holdSide: worst.holdSide, unrealizedPnl: worst.unrealizedPnl } : {}), limit: rules.positionLossLimit },
      });
    }
  }
  if (rules.closeoutTime) {
    const closeout = rules.closeoutTime;
    const at = closeoutMoment(day, { dayStartsAt: rules.dayStartsAt, closeoutTime: closeout });
    // A closeout that had passed when the guard was armed is not one it was set for: the first is the next day's.
    const setFor = !(armedAt > at);
    const warning = setFor && now >= at - rules.warnMinutesBeforeCloseout * 60_000;
    checks.push({
      rule: 'closeout-time',
      tripped: setFor && now >= at,
      warning,
      stillWarning: warning,
      reason: (tripped) => (tripped ? `It is the daily closeout time (${closeout}).` : `The daily closeout time (${closeout}) is less than ${rules.warnMinutesBeforeCloseout} minutes away.`),
      figures: { closeoutTime: closeout, tradingDay: day },
    });
  }
  return checks;
}

/**
 * One step of a profile's guard: the next run and what to do. Never trips a figure rule on a blind observation (the
 * closeout time needs no figure and trips on the clock). Trips once per breach: a tripped guard only asks to flatten
 * again what opens after, until it is re-armed by hand, or by itself on the next trading day (`rearm: 'next-day'`).
 */
export function stepGuard(run: GuardRun, observation: GuardObservation, now: number): { run: GuardRun; effects: GuardEffect[] } {
  const { rules } = run.config;
  if (!run.config.armed) return { run, effects: [] };
  const effects: GuardEffect[] = [];
  let config: GuardConfig = observation.ok ? { ...run.config, day: observation.day } : run.config;
  // The stored day is never left for an earlier one (the clock moved back): its figures stay until it really ends.
  const clockDay = tradingDay(now, rules.dayStartsAt);
  const today = config.day && config.day.date > clockDay ? config.day.date : clockDay;
  let warned = config.day?.date === today ? run.warned : [];
  let blind = run.blind;

  if (!observation.ok) {
    if (blind === undefined) effects.push({ kind: 'blind', reason: observation.reason });
    blind = observation.reason;
  } else if (blind !== undefined) {
    effects.push({ kind: 'seeing' });
    blind = undefined;
  }

  if (config.tripped && rules.rearm === 'next-day' && tradingDay(Date.parse(config.tripped.at), rules.dayStartsAt) < today) {
    effects.push({ kind: 'rearmed', reason: `A new trading day (${today}) started: the guard re-armed by itself.` });
    const { tripped: _tripped, ...rest } = config;
    config = rest;
    warned = [];
  }

  if (config.tripped) {
    const open = observation.openPositions ?? 0;
    if (open > 0) effects.push({ kind: 'reflatten', openPositions: open });
    return { run: { config, warned, ...(blind !== undefined ? { blind } : {}) }, effects };
  }

  const armedAt = run.config.armedAt ? Date.parse(run.config.armedAt) : Number.NaN;
  const checks = checksOf(rules, observation.ok ? observation.figures : undefined, today, now, armedAt);
  const trip = checks.find((check) => check.tripped);
  if (trip) {
    const tripped: GuardTrip = { at: new Date(now).toISOString(), rule: trip.rule, figures: trip.figures, reason: trip.reason(true) };
    effects.push({ kind: 'flatten', rule: trip.rule, reason: tripped.reason, figures: trip.figures });
    return { run: { config: { ...config, tripped }, warned, ...(blind !== undefined ? { blind } : {}) }, effects };
  }
  const nextWarned: GuardRuleName[] = [];
  for (const check of checks) {
    const episodeGoesOn = warned.includes(check.rule) && check.stillWarning;
    if (!check.warning && !episodeGoesOn) continue;
    nextWarned.push(check.rule);
    if (!warned.includes(check.rule)) effects.push({ kind: 'warn', rule: check.rule, reason: check.reason(false), figures: check.figures });
  }
  // A blind step keeps the warnings of the figure rules it could not check.
  if (!observation.ok) for (const rule of warned) if (rule !== 'closeout-time' && !nextWarned.includes(rule)) nextWarned.push(rule);
  return { run: { config, warned: nextWarned, ...(blind !== undefined ? { blind } : {}) }, effects };
}

/** Plain sentences for the rules, e.g. for a confirmation: "Daily loss limit: 500 USDT". */
export function describeRules(rules: GuardRules): string[] {
  const coin = rules.marginCoin;
  return [
    ...(rules.dailyLossLimit ? [`${GUARD_RULE_TITLES['daily-loss']}: ${rules.dailyLossLimit} ${coin}`] : []),
    ...(rules.trailingDrawdown ? [`${GUARD_RULE_TITLES['trailing-drawdown']}: ${rules.trailingDrawdown} ${coin}`] : []),
    ...(rules.positionLossLimit ? [`${GUARD_RULE_TITLES['position-loss']}: ${rules.positionLossLimit} ${coin}`] : []),
    ...(rules.closeoutTime ? [`${GUARD_RULE_TITLES['closeout-time']}: ${rules.closeoutTime} (local time)`] : []),
    `Warn at ${rules.warnAtPercent} % of a limit${rules.closeoutTime ? ` and ${rules.warnMinutesBeforeCloseout} min before the closeout` : ''}; the trading day starts at ${rules.dayStartsAt}; after a trip: ${rules.rearm === 'manual' ? 'stay flat until re-armed by hand' : 're-arm on the next trading day'}.`,
  ];
}
