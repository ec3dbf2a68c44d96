import { describe, expect, it } from 'vitest';
import type { GuardStatus } from '../shared/guard.ts';
import { EMPTY_GUARD_FORM, feedLine, formOf, guardHeadline, ruleLines, rulesOf } from './guard.ts';

const status = (profile: string, state: GuardStatus['state']): GuardStatus => ({ profile, mode: 'demo', state, messages: [] });

describe('guard rules form', () => {
  it('refuses a form with no rule set, naming what to set', () => {
    const result = rulesOf(EMPTY_GUARD_FORM);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join(' ')).toMatch(/at least one rule/);
  });

  it('names the field of a bad amount, a bad time and a bad percentage', () => {
    const bad = rulesOf({ ...EMPTY_GUARD_FORM, dailyLossLimit: '-5', closeoutTime: '25:00' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.problems.some((problem) => problem.startsWith('Daily loss limit:'))).toBe(true);
      expect(bad.problems.some((problem) => problem.startsWith('Closeout time:'))).toBe(true);
    }
    const percent = rulesOf({ ...EMPTY_GUARD_FORM, dailyLossLimit: '500', warnAtPercent: '8.5' });
    expect(percent.ok).toBe(false);
    if (!percent.ok) expect(percent.problems[0]).toMatch(/^Warn at:/);
  });

  it('reads blank fields as rules not set, and round-trips through formOf', () => {
    const result = rulesOf({ ...EMPTY_GUARD_FORM, dailyLossLimit: ' 500 ', marginCoin: 'usdt' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rules).toMatchObject({ marginCoin: 'USDT', dailyLossLimit: '500', warnAtPercent: 80, rearm: 'manual' });
    expect(result.rules.trailingDrawdown).toBeUndefined();
    expect(formOf(result.rules)).toEqual({ ...EMPTY_GUARD_FORM, dailyLossLimit: '500' });
  });

  it('describes each rule set with its warning level', () => {
    const result = rulesOf({ ...EMPTY_GUARD_FORM, dailyLossLimit: '500', positionLossLimit: '125', closeoutTime: '21:30', warnAtPercent: '80' });
    if (!result.ok) throw new Error(result.problems.join('; '));
    const lines = ruleLines(result.rules);
    expect(lines).toContain('Daily loss limit: 500 USDT (warns at 400)');
    expect(lines).toContain('Loss limit per position: 125 USDT (warns at 100)');
    expect(lines.some((line) => line.startsWith('Daily closeout at 21:30'))).toBe(true);
    expect(lines.some((line) => line.startsWith('Trailing drawdown'))).toBe(false);
  });
});

describe('guard headline', () => {
  it('is absent when no guard is armed', () => {
    expect(guardHeadline([status('A', 'disarmed')])).toBeUndefined();
  });

  it('puts the most urgent state first: tripped, then blind, warning, watching', () => {
    expect(guardHeadline([status('A', 'watching'), status('B', 'tripped')])).toEqual({ text: 'GUARD TRIPPED: B', tone: 'tripped' });
    expect(guardHeadline([status('A', 'watching'), status('B', 'blind')])?.tone).toBe('blind');
    expect(guardHeadline([status('A', 'watching'), status('C', 'watching')])?.text).toBe('GUARD ARMED: A, C');
  });

  it('names a guard watched by another window or process last (issue 18)', () => {
    expect(guardHeadline([status('A', 'elsewhere')])).toEqual({ text: 'GUARD WATCHED ELSEWHERE: A', tone: 'elsewhere' });
    expect(guardHeadline([status('A', 'elsewhere'), status('B', 'watching')])?.text).toBe('GUARD ARMED: B');
  });
});

describe('feed line', () => {
  const now = 1_000_000;
  it('says live and how long ago when the socket is live and fresh', () => {
    expect(feedLine({ profile: 'A', socket: 'live', source: 'websocket', confirmedAt: now - 400, stale: false }, now)).toEqual({ text: 'Live feed, 0.4 s ago', stale: false });
  });

  it('says REST polling and why while the socket is down', () => {
    const line = feedLine({ profile: 'A', socket: 'down', source: 'rest', confirmedAt: now - 1200, stale: false, problem: 'login refused' }, now);
    expect(line.text).toBe('REST polling (live feed down: login refused), 1.2 s ago');
  });

  it('calls a figure older than the limit stale even if the status was not updated', () => {
    const line = feedLine({ profile: 'A', socket: 'live', source: 'websocket', confirmedAt: now - 14_000, stale: false }, now);
    expect(line).toEqual({ text: 'STALE: Live feed, 14 s ago', stale: true });
    expect(feedLine(undefined, now).stale).toBe(true);
  });
});
