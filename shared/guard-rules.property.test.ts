// Random equity paths, with blind and stale observations mixed in: the guard trips exactly at the first fresh
// observation where a rule says so, never before, never twice, never on a blind one, and warns first when the path
// crosses the warning level first. Expected values are computed here from the rules' definitions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FeedSnapshot } from './feed.ts';
import { guardRulesSchema } from './guard.ts';
import { guardFigures, openPositionCount, stepGuard, type GuardEffect, type GuardObservation, type GuardRun } from './guard-rules.ts';

type Step = { kind: 'fresh'; equity: number } | { kind: 'stale'; equity: number } | { kind: 'unread' };

const NOON = new Date(2026, 0, 14, 12, 0, 0).getTime();

function snapshotOf(step: Step, now: number): FeedSnapshot {
  const empty = { 'USDT-FUTURES': [], 'COIN-FUTURES': [], 'USDC-FUTURES': [] };
  const equity = step.kind === 'unread' ? 0 : step.equity;
  return {
    profile: 'p',
    accountKind: 'classic',
    source: 'websocket',
    positions: step.kind === 'unread' ? { 'USDT-FUTURES': [] } : empty,
    balances: [{ marginCoin: 'USDT', equity: String(equity), unrealizedPnl: '0', receivedAt: now }],
    marks: [],
    confirmedAt: step.kind === 'stale' ? now - 10_001 : now,
  };
}

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  // A narrow band of equities, so paths often land exactly on a limit or a warning level.
  { weight: 6, arbitrary: fc.integer({ min: 950, max: 1_050 }).map((equity) => ({ kind: 'fresh' as const, equity })) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 3_000 }).map((equity) => ({ kind: 'stale' as const, equity })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'unread' as const }) },
);

function runPath(rulesInput: Parameters<typeof guardRulesSchema.parse>[0], steps: Step[]) {
  const rules = guardRulesSchema.parse(rulesInput);
  let run: GuardRun = { config: { profile: 'p', rules, armed: true }, warned: [] };
  const effects: GuardEffect[][] = [];
  steps.forEach((step, index) => {
    const now = NOON + index * 1_000;
    const snapshot = snapshotOf(step, now);
    const figures = guardFigures(snapshot, rules, run.config.day, now);
    const observation: GuardObservation = figures.ok ? { ...figures, openPositions: openPositionCount(snapshot) } : { ok: false, reason: figures.reason };
    const next = stepGuard(run, observation, now);
    run = next.run;
    effects.push(next.effects);
  });
  return effects;
}

/** First principles: the day starts at the first fresh equity; the peak is the highest fresh equity so far. */
function expected(steps: Step[], dailyLoss: number | undefined, drawdown: number | undefined, warnAt: number) {
  let start: number | undefined;
  let peak = -Infinity;
  let trip: number | undefined;
  let firstWarn: number | undefined;
  // A warning is given once per episode: when a figure enters its warning band from below it. An episode ends when the
  // figure falls below 90 % of the warning level (WARNING_RELEASE), not at the level itself.
  let warnings = 0;
  const inBand = { loss: false, down: false };
  steps.forEach((step, index) => {
    if (step.kind !== 'fresh' || trip !== undefined) return;
    start ??= step.equity;
    peak = Math.max(peak, step.equity);
    const loss = start - step.equity;
    const down = peak - step.equity;
    if ((dailyLoss !== undefined && loss >= dailyLoss) || (drawdown !== undefined && down >= drawdown)) {
      trip = index;
      return;
    }
    const inOrStaying = (value: number, limit: number | undefined, already: boolean) =>
      limit !== undefined && (value * 100 >= limit * warnAt || (already && value * 1000 >= limit * warnAt * 9));
    const band = { loss: inOrStaying(loss, dailyLoss, inBand.loss), down: inOrStaying(down, drawdown, inBand.down) };
    if ((band.loss || band.down) && firstWarn === undefined) firstWarn = index;
    warnings += (band.loss && !inBand.loss ? 1 : 0) + (band.down && !inBand.down ? 1 : 0);
    Object.assign(inBand, band);
  });
  return { trip, firstWarn, warnings };
}

describe('stepGuard over random equity paths', () => {
  it('trips exactly once, at the first fresh observation past a limit, and warns first when the warning level is crossed first', () => {
    fc.assert(
      fc.property(
        fc.array(stepArb, { minLength: 1, maxLength: 40 }),
        fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }),
        fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }),
        fc.integer({ min: 1, max: 99 }),
        (steps, dailyLoss, drawdown, warnAt) => {
          fc.pre(dailyLoss !== undefined || drawdown !== undefined);
          const effects = runPath(
            { ...(dailyLoss !== undefined ? { dailyLossLimit: String(dailyLoss) } : {}), ...(drawdown !== undefined ? { trailingDrawdown: String(drawdown) } : {}), warnAtPercent: warnAt },
            steps,
          );
          const { trip, firstWarn, warnings } = expected(steps, dailyLoss, drawdown, warnAt);
          const flattenAt = effects.flatMap((list, index) => (list.some((effect) => effect.kind === 'flatten') ? [index] : []));
          expect(flattenAt).toEqual(trip === undefined ? [] : [trip]);
          for (const index of flattenAt) expect(steps[index]!.kind).toBe('fresh');
          const warnAtIndex = effects.findIndex((list) => list.some((effect) => effect.kind === 'warn'));
          expect(warnAtIndex === -1 ? undefined : warnAtIndex).toBe(firstWarn);
          expect(effects.flat().filter((effect) => effect.kind === 'warn')).toHaveLength(warnings);
          // Nothing opens in these paths: a tripped guard never asks to flatten again.
          expect(effects.flat().some((effect) => effect.kind === 'reflatten')).toBe(false);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('never trips, whatever the figures, while every observation is blind or stale', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 3_000 }).map((equity) => ({ kind: 'stale' as const, equity })), fc.constant({ kind: 'unread' as const })), { minLength: 1, maxLength: 30 }), (steps) => {
        const effects = runPath({ dailyLossLimit: '1', trailingDrawdown: '1', positionLossLimit: '1' }, steps).flat();
        expect(effects.filter((effect) => effect.kind === 'flatten')).toEqual([]);
        // Blind is reported once for the whole blind episode.
        expect(effects.filter((effect) => effect.kind === 'blind')).toHaveLength(1);
      }),
      { numRuns: 200 },
    );
  });
});
