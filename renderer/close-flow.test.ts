import { describe, expect, it } from 'vitest';
import type { AuditEntry, CloseOutcome, CloseProgressEvent, CostReport, EverythingOutcome } from '../shared/bitget.ts';
import {
  applyProgress,
  costSummary,
  costsByRun,
  countWord,
  decimalSum,
  duringClose,
  elapsedText,
  everythingRetryTargets,
  feeText,
  orderSideText,
  retryTargetOf,
  targetWords,
} from './close-flow.ts';
import { describeAuditTarget, normaliseSymbol } from './format.ts';
import { matchesTarget } from '../shared/target.ts';
import { TARGET_CASES, TARGET_POSITIONS, position, targetKeys } from '../shared/target-cases.ts';

const outcome = (patch: Partial<CloseOutcome>): CloseOutcome => ({
  runId: 'run-1',
  status: 'flat',
  profile: { name: 'main', demo: false },
  accountKind: 'classic',
  target: { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long' },
  trigger: 'window',
  closed: [],
  failed: [],
  stillOpen: [],
  verified: true,
  closeAttempts: 1,
  totalMs: 100,
  startedAt: '',
  finishedAt: '',
  ...patch,
});

const progress = (patch: Partial<CloseProgressEvent>): CloseProgressEvent => ({
  runId: 'run-1',
  profile: { name: 'main', demo: false },
  target: { productType: 'USDT-FUTURES' },
  trigger: 'hotkey',
  attempt: 1,
  waitingFor: 'the answer',
  elapsedMs: 500,
  ...patch,
});

describe('the window\'s filter holds to the one target rule (shared/target-cases.ts)', () => {
  it.each(TARGET_CASES)('the confirmation lists and the table marks closing exactly what a close covers: $target', ({ target, covers }) => {
    const shown = TARGET_POSITIONS.filter((item) => item.productType === target.productType);
    expect(targetKeys(shown.filter((item) => matchesTarget(item, target)))).toEqual(covers);
    expect([...duringClose(shown, { target }).closing]).toEqual(covers);
  });
  it('a symbol the window normalised matches; the target reads in the window\'s words', () => {
    expect([...duringClose(TARGET_POSITIONS, { target: { productType: 'USDT-FUTURES', symbol: normaliseSymbol(' btcusdt '), holdSide: 'short' } }).closing]).toEqual(['BTCUSDT|short']);
    expect(describeAuditTarget({ productType: 'USDT-FUTURES', holdSide: 'short' })).toBe('every USDT-margined futures symbol, SHORT');
    expect(describeAuditTarget({ productType: 'COIN-FUTURES', symbol: 'BTCUSD' })).toBe('BTCUSD, LONG and SHORT');
  });
});

describe('elapsedText', () => {
  it('ticks in tenths for the first minute, then minutes and seconds', () => {
    expect(elapsedText(0)).toBe('0.0 s');
    expect(elapsedText(3_470)).toBe('3.4 s');
    expect(elapsedText(65_000)).toBe('1 min 05 s');
    expect(elapsedText(-5)).toBe('0.0 s');
  });
});

describe('applyProgress', () => {
  it('starts the clock at the trigger, keeps the last still-open read of the same run, and a new run replaces it', () => {
    const first = applyProgress(undefined, progress({ stillOpen: [position('BTCUSDT', 'long')], stillOpenReadAt: 't1' }), 10_000);
    expect(first.startedAt).toBe(9_500);
    const second = applyProgress(first, progress({ attempt: 2, elapsedMs: 1_500 }), 11_000);
    expect(second.attempt).toBe(2);
    expect(second.stillOpen?.map((item) => item.symbol)).toEqual(['BTCUSDT']);
    const other = applyProgress(second, progress({ runId: 'run-2', elapsedMs: 0 }), 20_000);
    expect(other.stillOpen).toBeUndefined();
    expect(other.startedAt).toBe(20_000);
  });
});

describe('duringClose', () => {
  const rows = [position('BTCUSDT', 'long'), position('BTCUSDT', 'short'), position('ETHUSDT', 'long')];

  it('marks the target rows closing and leaves the others alone', () => {
    const view = duringClose(rows, { target: { productType: 'USDT-FUTURES', symbol: 'BTCUSDT' } });
    expect(view.rows).toHaveLength(3);
    expect([...view.closing].sort()).toEqual(['BTCUSDT|long', 'BTCUSDT|short']);
  });

  it('drops the target rows a re-read no longer lists, never the rows outside the target', () => {
    const view = duringClose(rows, { target: { productType: 'USDT-FUTURES', symbol: 'BTCUSDT' }, stillOpen: [position('BTCUSDT', 'short')] });
    expect(view.rows.map((row) => `${row.symbol}|${row.holdSide}`)).toEqual(['BTCUSDT|short', 'ETHUSDT|long']);
    expect([...view.closing]).toEqual(['BTCUSDT|short']);
  });

  it('without a run shows everything and nothing closing', () => {
    expect(duringClose(rows, undefined)).toEqual({ rows, closing: new Set() });
  });
});

describe('close what is still open', () => {
  it('offers exactly the original target on PARTIAL, FAILED, UNKNOWN and an unverified FLAT; never on FLAT or nothing-to-close', () => {
    const target = { productType: 'USDT-FUTURES' as const, symbol: 'BTCUSDT', holdSide: 'long' as const };
    for (const status of ['partial', 'failed', 'unknown'] as const) expect(retryTargetOf(outcome({ status }))).toEqual(target);
    expect(retryTargetOf(outcome({ status: 'flat', verified: false }))).toEqual(target);
    expect(retryTargetOf(outcome({ status: 'flat' }))).toBeNull();
    expect(retryTargetOf(outcome({ status: 'nothing-to-close' }))).toBeNull();
  });

  it('after flatten-everything: each part not verified flat, and refused product types, never a whole refused profile', () => {
    const result: EverythingOutcome = {
      outcomes: [
        outcome({ status: 'flat', target: { productType: 'USDT-FUTURES' } }),
        outcome({ status: 'partial', target: { productType: 'COIN-FUTURES' } }),
        outcome({ status: 'unknown', profile: { name: 'other', demo: true }, target: { productType: 'USDT-FUTURES' } }),
      ],
      alreadyFlat: [],
      refused: [
        { profile: 'main', productType: 'USDC-FUTURES', error: { kind: 'auth', message: 'm', hint: 'h' } },
        { profile: 'gone', error: { kind: 'auth', message: 'm', hint: 'h' } },
      ],
    };
    expect(everythingRetryTargets(result)).toEqual([
      { profile: 'main', target: { productType: 'COIN-FUTURES' } },
      { profile: 'other', target: { productType: 'USDT-FUTURES' } },
      { profile: 'main', target: { productType: 'USDC-FUTURES' } },
    ]);
  });
});

describe('costs', () => {
  it('says the side and the position it closed, and the fee as paid', () => {
    // Bitget's hedge-mode `side` is the position's direction (buy + close closes a long): the close itself sells.
    expect(orderSideText({ side: 'buy', holdSide: 'long' })).toBe('SELL to close LONG');
    expect(orderSideText({ side: 'sell', holdSide: 'short' })).toBe('BUY to close SHORT');
    expect(orderSideText({ side: 'buy' })).toBe('side “buy” as the exchange reports it');
    expect(orderSideText({ side: '' })).toBe('side not reported');
    expect(feeText({ fee: '-0.0312', feeCoin: 'USDT' })).toBe('paid 0.0312 USDT');
    expect(feeText({ fee: '0' })).toBe('0');
    expect(feeText({ fee: '' })).toBe('not reported');
  });

  it('sums decimals exactly, and refuses to sum what it cannot read', () => {
    expect(decimalSum(['0.1', '0.2'])).toBe('0.3');
    expect(decimalSum(['-0.0312', '-0.01'])).toBe('-0.0412');
    expect(decimalSum(['12.5', '-20'])).toBe('-7.5');
    expect(decimalSum(['1', undefined])).toBeUndefined();
    expect(decimalSum([])).toBeUndefined();
  });

  const report: CostReport = {
    runId: 'run-1',
    profile: { name: 'main', demo: false },
    orders: [
      { orderId: '1', symbol: 'BTCUSDT', side: 'sell', holdSide: 'long', filledSize: '0.5', avgPrice: '60000', realizedPnl: '12.5', fee: '-18', feeCoin: 'USDT', state: 'filled' },
      { orderId: '2', symbol: 'ETHUSDT', side: 'sell', holdSide: 'long', filledSize: '2', avgPrice: '3000', realizedPnl: '-2.25', fee: '-3.6', feeCoin: 'USDT', state: 'filled' },
    ],
    unread: [{ orderId: '3', error: { kind: 'network', message: 'no answer', hint: 'h' } }],
    complete: true,
  };

  it('summarises a run for the history', () => {
    expect(costSummary(report)).toBe('realized PnL 10.25 USDT · fees paid 21.6 USDT · 1 order could not be read');
    expect(costSummary({ ...report, orders: [report.orders[0]!, { ...report.orders[1]!, realizedPnl: undefined }] })).toContain('realized PnL not reported');
  });

  it('joins cost entries to their run, the newest entry winning', () => {
    const entries: AuditEntry[] = [
      { time: '3', type: 'costs', runId: 'run-1', costs: report },
      { time: '2', type: 'outcome', runId: 'run-1' },
      { time: '1', type: 'costs', runId: 'run-1', costs: { ...report, orders: [] } },
      { time: '0', type: 'costs', runId: 'run-0', costs: { ...report, runId: 'run-0' } },
    ];
    const byRun = costsByRun(entries);
    expect(byRun.get('run-1')).toBe(report);
    expect(byRun.get('run-0')?.runId).toBe('run-0');
    expect(byRun.get('run-9')).toBeUndefined();
  });
});

describe('history wording', () => {
  it('names the target once, with no repetition', () => {
    expect(targetWords({ productType: 'USDT-FUTURES' })).toBe('every USDT-margined futures position');
    expect(targetWords({ productType: 'USDT-FUTURES', holdSide: 'short' })).toBe('every USDT-margined futures position, SHORT only');
    expect(targetWords({ productType: 'COIN-FUTURES', symbol: 'BTCUSD', holdSide: 'long' })).toBe('BTCUSD LONG · Coin-margined futures');
  });

  it('an unknown count is "unknown", never 0', () => {
    expect(countWord(null)).toBe('unknown');
    expect(countWord(undefined)).toBe('unknown');
    expect(countWord(0)).toBe('0');
  });
});
