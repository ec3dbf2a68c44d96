import { describe, expect, it } from 'vitest';
import type { Position } from './bitget.ts';
import type { FeedSnapshot } from './feed.ts';
import { guardRulesSchema, type GuardConfig } from './guard.ts';
import { closeoutMoment, guardFigures, stepGuard, tradingDay, type GuardObservation, type GuardRun } from './guard-rules.ts';

const at = (year: number, month: number, day: number, hours: number, minutes: number, seconds = 0) => new Date(year, month - 1, day, hours, minutes, seconds).getTime();
const NOW = at(2026, 3, 10, 15, 0);

function position(overrides: Partial<Position>): Position {
  return { symbol: 'BTCUSDT', productType: 'USDT-FUTURES', marginCoin: 'USDT', holdSide: 'long', size: '1', available: '1', entryPrice: '100', markPrice: '100', unrealizedPnl: '0', liquidationPrice: '', leverage: '10', marginMode: 'crossed', posMode: 'hedge_mode', ...overrides };
}

function snapshot(overrides: Partial<FeedSnapshot> = {}): FeedSnapshot {
  return {
    profile: 'p',
    accountKind: 'classic',
    source: 'websocket',
    positions: { 'USDT-FUTURES': [], 'COIN-FUTURES': [], 'USDC-FUTURES': [] },
    balances: [{ marginCoin: 'USDT', equity: '1000', unrealizedPnl: '0', receivedAt: NOW }],
    marks: [],
    confirmedAt: NOW,
    ...overrides,
  };
}

const rules = guardRulesSchema.parse({ dailyLossLimit: '100', positionLossLimit: '50' });

describe('guardFigures', () => {
  it('recomputes unrealized PnL at the newest dated mark of each contract, never at a position\'s own undated one', () => {
    // Balance says 1000 equity including +10 unrealized (stale): the account's cash part is 990.
    const result = guardFigures(
      snapshot({
        balances: [{ marginCoin: 'USDT', equity: '1000', unrealizedPnl: '10', receivedAt: NOW }],
        positions: {
          'USDT-FUTURES': [position({ symbol: 'BTCUSDT', holdSide: 'long', size: '2', entryPrice: '100', markPrice: '999' }), position({ symbol: 'ETHUSDT', holdSide: 'short', size: '3', entryPrice: '50', markPrice: '1' })],
          'COIN-FUTURES': [position({ symbol: 'BTCUSD', productType: 'COIN-FUTURES', marginCoin: 'BTC', markPrice: '1' })],
          'USDC-FUTURES': [],
        },
        marks: [
          { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', markPrice: '80', receivedAt: NOW - 2_000 },
          { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', markPrice: '90', receivedAt: NOW - 1_000 },
          { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', markPrice: '60', receivedAt: NOW - 9_000 },
        ],
      }),
      rules,
      undefined,
      NOW,
    );
    // long BTC: (90 - 100) x 2 = -20 (the newer mark, not 80 nor 999); short ETH: (50 - 60) x 3 = -30; BTC-margined ignored.
    expect(result).toMatchObject({ ok: true, figures: { equity: '940', dayStartEquity: '940', peakEquity: '940', dayPnl: '0', drawdown: '0', worstPosition: { symbol: 'ETHUSDT', unrealizedPnl: '-30' }, confirmedAt: NOW - 9_000 } });
  });

  it('measures the day from the stored start and peak, and starts a new day at the current equity', () => {
    const day = { date: tradingDay(NOW, '00:00'), startEquity: '1200', peakEquity: '1300' };
    expect(guardFigures(snapshot(), rules, day, NOW)).toMatchObject({ ok: true, figures: { dayPnl: '-200', drawdown: '300', peakEquity: '1300' } });
    const yesterday = { ...day, date: '2026-03-09' };
    expect(guardFigures(snapshot(), rules, yesterday, NOW)).toMatchObject({ ok: true, day: { date: '2026-03-10', startEquity: '1000', peakEquity: '1000' }, figures: { dayPnl: '0' } });
  });

  it.each([
    ['stale', snapshot({ confirmedAt: NOW - 10_001 }), /old/],
    ['stale positions and balances, whatever the marks', snapshot({ confirmedAt: NOW, accountConfirmedAt: NOW - 10_001 }), /account figures are 10 s old/],
    [
      'a position valued at a mark older than 10 s, though the account is fresh',
      snapshot({ positions: { 'USDT-FUTURES': [position({})], 'COIN-FUTURES': [], 'USDC-FUTURES': [] }, marks: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', markPrice: '100', receivedAt: NOW - 10_001 }] }),
      /mark price of BTCUSDT is 10 s old/,
    ],
    ['a position with only its own undated mark', snapshot({ positions: { 'USDT-FUTURES': [position({ markPrice: '100' })], 'COIN-FUTURES': [], 'USDC-FUTURES': [] } }), /no usable mark price/],
    ['an absurd equity (1e308)', snapshot({ balances: [{ marginCoin: 'USDT', equity: '1e308', unrealizedPnl: '0', receivedAt: NOW }] }), /not a usable number/],
    ['a product type not read', snapshot({ positions: { 'USDT-FUTURES': [], 'COIN-FUTURES': [] } }), /USDC-FUTURES could not be read/],
    ['no balance of the coin', snapshot({ balances: [] }), /USDT balance/],
    ['a balance that is not a number', snapshot({ balances: [{ marginCoin: 'USDT', equity: 'NaN', unrealizedPnl: '0', receivedAt: NOW }] }), /not a usable number/],
    ['a position without a usable mark', snapshot({ positions: { 'USDT-FUTURES': [position({ markPrice: '' })], 'COIN-FUTURES': [], 'USDC-FUTURES': [] } }), /mark price/],
    [
      'a position with a size that is not a number',
      snapshot({ positions: { 'USDT-FUTURES': [position({ size: 'x' })], 'COIN-FUTURES': [], 'USDC-FUTURES': [] }, marks: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', markPrice: '100', receivedAt: NOW }] }),
      /not a usable number/,
    ],
  ])('is blind on %s', (_name, given, reason) => {
    const result = guardFigures(given, rules, undefined, NOW);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe('tradingDay and the closeout time', () => {
  it('names the day by the date it started on', () => {
    expect(tradingDay(at(2026, 3, 10, 21, 59), '22:00')).toBe('2026-03-09');
    expect(tradingDay(at(2026, 3, 10, 22, 0), '22:00')).toBe('2026-03-10');
    expect(tradingDay(at(2026, 3, 1, 0, 30), '01:00')).toBe('2026-02-28');
  });

  it('puts a closeout earlier than the day start on the next calendar date', () => {
    expect(closeoutMoment('2026-03-09', { dayStartsAt: '22:00', closeoutTime: '21:30' })).toBe(at(2026, 3, 10, 21, 30));
    expect(closeoutMoment('2026-03-10', { dayStartsAt: '00:00', closeoutTime: '21:30' })).toBe(at(2026, 3, 10, 21, 30));
  });

  it('trips at the closeout time without figures, warns before it, and never trips on a blind figure rule', () => {
    const closeout = guardRulesSchema.parse({ closeoutTime: '21:30', dayStartsAt: '22:00', dailyLossLimit: '1', warnMinutesBeforeCloseout: 5 });
    const blind: GuardObservation = { ok: false, reason: 'feed down' };
    const config: GuardConfig = { profile: 'p', rules: closeout, armed: true };
    // 22:10 on the 9th belongs to the day that closes out at 21:30 on the 10th.
    expect(stepGuard({ config, warned: [] }, blind, at(2026, 3, 9, 22, 10)).effects.map((effect) => effect.kind)).toEqual(['blind']);
    const warned = stepGuard({ config, warned: [], blind: 'feed down' }, blind, at(2026, 3, 10, 21, 25));
    expect(warned.effects).toMatchObject([{ kind: 'warn', rule: 'closeout-time' }]);
    const tripped = stepGuard(warned.run, blind, at(2026, 3, 10, 21, 30));
    expect(tripped.effects).toMatchObject([{ kind: 'flatten', rule: 'closeout-time' }]);
    expect(tripped.run.config.tripped?.rule).toBe('closeout-time');
  });

  it('does not trip on a closeout that had passed when the guard was armed; the next day\'s counts', () => {
    const closeout = guardRulesSchema.parse({ closeoutTime: '21:30' });
    const config: GuardConfig = { profile: 'p', rules: closeout, armed: true, armedAt: new Date(at(2026, 3, 10, 22, 0)).toISOString() };
    const blind: GuardObservation = { ok: false, reason: 'feed down' };
    expect(stepGuard({ config, warned: [], blind: 'x' }, blind, at(2026, 3, 10, 22, 1)).effects).toEqual([]);
    expect(stepGuard({ config, warned: [], blind: 'x' }, blind, at(2026, 3, 11, 21, 30)).effects).toMatchObject([{ kind: 'flatten', rule: 'closeout-time' }]);
  });
});

describe('a tripped guard', () => {
  const figures = (day: string): GuardObservation => ({
    ok: true,
    day: { date: day, startEquity: '1000', peakEquity: '1000' },
    figures: { marginCoin: 'USDT', equity: '1000', dayStartEquity: '1000', peakEquity: '1000', dayPnl: '0', drawdown: '0', confirmedAt: NOW },
    openPositions: 1,
  });
  const trip = { at: new Date(NOW).toISOString(), rule: 'daily-loss' as const, figures: {}, reason: 'x' };

  it('asks only to flatten again what is open, and stays tripped with manual re-arm', () => {
    const config: GuardConfig = { profile: 'p', rules, armed: true, tripped: trip };
    const next = stepGuard({ config, warned: [] }, figures('2026-03-11'), at(2026, 3, 11, 9, 0));
    expect(next.effects).toEqual([{ kind: 'reflatten', openPositions: 1 }]);
    expect(next.run.config.tripped).toEqual(trip);
  });

  it('re-arms itself on the next trading day with rearm next-day, not before', () => {
    const config: GuardConfig = { profile: 'p', rules: { ...rules, rearm: 'next-day' }, armed: true, tripped: trip };
    expect(stepGuard({ config, warned: [] }, figures('2026-03-10'), at(2026, 3, 10, 23, 59)).run.config.tripped).toEqual(trip);
    const next = stepGuard({ config, warned: [] }, figures('2026-03-11'), at(2026, 3, 11, 0, 0));
    expect(next.effects.map((effect) => effect.kind)).toEqual(['rearmed']);
    expect(next.run.config.tripped).toBeUndefined();
  });
});

describe('limits are reached at exactly the limit, not one unit of 10^-8 before', () => {
  const observe = (equity: string, day: { startEquity: string; peakEquity: string }, worst?: string): GuardObservation => {
    const date = tradingDay(NOW, '00:00');
    const result = guardFigures(
      snapshot({
        balances: [{ marginCoin: 'USDT', equity, unrealizedPnl: '0', receivedAt: NOW }],
        ...(worst
          ? {
              positions: { 'USDT-FUTURES': [position({ entryPrice: '100' })], 'COIN-FUTURES': [], 'USDC-FUTURES': [] },
              marks: [{ productType: 'USDT-FUTURES' as const, symbol: 'BTCUSDT', markPrice: String(100 + Number(worst)), receivedAt: NOW }],
            }
          : {}),
      }),
      guardRulesSchema.parse({ dailyLossLimit: '100', trailingDrawdown: '100', positionLossLimit: '50' }),
      { date, ...day },
      NOW,
    );
    if (!result.ok) throw new Error(result.reason);
    return { ...result, openPositions: worst ? 1 : 0 };
  };
  const tripsOn = (observation: GuardObservation) => {
    const config: GuardConfig = { profile: 'p', rules: guardRulesSchema.parse({ dailyLossLimit: '100', trailingDrawdown: '100', positionLossLimit: '50' }), armed: true };
    return stepGuard({ config, warned: [] }, observation, NOW).effects.find((effect) => effect.kind === 'flatten');
  };

  it.each([
    ['daily-loss', '900.00000001', { startEquity: '1000', peakEquity: '1000' }, '900', undefined],
    ['trailing-drawdown', '1000.00000001', { startEquity: '990', peakEquity: '1100' }, '1000', undefined],
    ['position-loss', '1000', { startEquity: '1000', peakEquity: '1000' }, '1000', ['-49.99999999', '-50']],
  ] as const)('%s', (rule, before, day, at, worst) => {
    expect(tripsOn(observe(before, day, worst?.[0]))).toBeUndefined();
    expect(tripsOn(observe(at, day, worst?.[1]))).toMatchObject({ kind: 'flatten', rule });
  });
});

describe('a warning episode', () => {
  // Daily loss limit 100, warning at 80 %: the warning level is 80; the episode ends below 72 (90 % of it).
  const warnRules = guardRulesSchema.parse({ dailyLossLimit: '100', warnAtPercent: 80 });
  const observe = (equity: number): GuardObservation => {
    const result = guardFigures(
      snapshot({ balances: [{ marginCoin: 'USDT', equity: String(equity), unrealizedPnl: '0', receivedAt: NOW }] }),
      warnRules,
      { date: tradingDay(NOW, '00:00'), startEquity: '1000', peakEquity: '1000' },
      NOW,
    );
    if (!result.ok) throw new Error(result.reason);
    return { ...result, openPositions: 0 };
  };
  const warningsAlong = (equities: number[]) => {
    let run = { config: { profile: 'p', rules: warnRules, armed: true } as GuardConfig, warned: [] as GuardRun['warned'] };
    let warnings = 0;
    for (const equity of equities) {
      const step = stepGuard(run, observe(equity), NOW);
      run = step.run;
      warnings += step.effects.filter((effect) => effect.kind === 'warn').length;
    }
    return warnings;
  };

  it('warns once while the loss wavers around the warning level (prices do), not at each crossing', () => {
    // Losses 81, 79, 80.5, 73, 85: never back below 72.
    expect(warningsAlong([919, 921, 919.5, 927, 915])).toBe(1);
  });

  it('ends when the loss falls back below 90 % of the warning level; a new crossing warns again', () => {
    // Losses 81, 71.9 (episode over), 80 (a new one).
    expect(warningsAlong([919, 928.1, 920])).toBe(2);
  });
});

describe('figures the guard cannot date', () => {
  it('are blind when stamped ahead of this clock (the clock moved back), fresh within a second of it', () => {
    const rulesOnly = guardRulesSchema.parse({ dailyLossLimit: '100' });
    expect(guardFigures(snapshot({ confirmedAt: NOW + 5_000 }), rulesOnly, undefined, NOW)).toMatchObject({ ok: false, reason: expect.stringMatching(/ahead of this computer's clock/) });
    expect(guardFigures(snapshot({ confirmedAt: NOW + 500 }), rulesOnly, undefined, NOW).ok).toBe(true);
  });
});
