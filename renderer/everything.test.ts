import { describe, expect, it } from 'vitest';
import type { CloseOutcome, EverythingOutcome, Position, ProductType } from '../shared/bitget.ts';
import {
  byProfile,
  confirmLabel,
  everythingShownStatus,
  everythingSummary,
  planOf,
  scopeOfResult,
  shownFromEvent,
  shownStatus,
  type EverythingScope,
} from './everything.ts';

const position = (symbol: string, productType: ProductType = 'USDT-FUTURES'): Position => ({
  symbol,
  productType,
  holdSide: 'long',
  marginCoin: 'USDT',
  size: '1',
  available: '1',
  entryPrice: '1',
  markPrice: '1',
  unrealizedPnl: '0',
  liquidationPrice: '',
  leverage: '10',
  marginMode: 'crossed',
  posMode: 'one_way_mode',
});

const outcome = (profile: string, productType: ProductType, fields: Partial<CloseOutcome> = {}): CloseOutcome => ({
  runId: `run-${profile}-${productType}`,
  status: 'flat',
  profile: { name: profile, demo: false },
  accountKind: 'classic',
  target: { productType },
  trigger: 'window',
  closed: [{ orderId: '1' }],
  failed: [],
  stillOpen: [],
  verified: true,
  closeAttempts: 1,
  totalMs: 10,
  startedAt: '2026-01-01T00:00:00Z',
  finishedAt: '2026-01-01T00:00:01Z',
  ...fields,
});

const scope: EverythingScope = { all: true, profiles: [{ name: 'main', demo: false }, { name: 'paper', demo: true }] };

describe('the confirmation plan', () => {
  it('counts nothing as ready until every read has landed', () => {
    const plan = planOf(scope, { main: { 'USDT-FUTURES': { state: 'read', positions: [position('BTCUSDT')] } } });
    expect(plan).toEqual({ positions: 1, unread: 0, reading: 5 });
    expect(confirmLabel(plan)).toBe('Reading positions…');
  });

  it('says exactly how many positions it closes, and which product types it closes unread', () => {
    const read = { state: 'read' as const, positions: [] };
    const reads = {
      main: { 'USDT-FUTURES': { state: 'read' as const, positions: [position('BTCUSDT'), position('ETHUSDT')] }, 'COIN-FUTURES': read, 'USDC-FUTURES': read },
      paper: {
        'USDT-FUTURES': read,
        'COIN-FUTURES': { state: 'failed' as const, error: { kind: 'network' as const, message: 'm', hint: 'h' } },
        'USDC-FUTURES': { state: 'read' as const, positions: [position('BTCPERP', 'USDC-FUTURES')] },
      },
    };
    expect(confirmLabel(planOf(scope, reads))).toBe('Close 3 positions + whatever is open in 1 unread product type');
    expect(confirmLabel(planOf({ all: false, profiles: [scope.profiles[0]!] }, reads))).toBe('Close 2 positions');
    expect(confirmLabel({ positions: 1, unread: 0, reading: 0 })).toBe('Close 1 position');
  });
});

describe('the outcome', () => {
  it('never shows FLAT for a close that was not verified', () => {
    expect(shownStatus(outcome('main', 'USDT-FUTURES', { verified: false }))).toBe('unknown');
    const result: EverythingOutcome = {
      outcomes: [outcome('main', 'USDT-FUTURES'), outcome('main', 'COIN-FUTURES', { verified: false })],
      alreadyFlat: [],
      refused: [],
    };
    expect(everythingShownStatus(result)).toBe('unknown');
    expect(everythingShownStatus({ ...result, outcomes: [result.outcomes[0]!] })).toBe('flat');
  });

  it('groups per profile in the order of the profiles, refused ones included, each with its own status', () => {
    const result: EverythingOutcome = {
      outcomes: [outcome('main', 'USDT-FUTURES', { status: 'partial', stillOpen: [position('ETHUSDT')] })],
      alreadyFlat: [
        { profile: 'main', demo: false, productTypes: ['COIN-FUTURES', 'USDC-FUTURES'] },
      ],
      refused: [{ profile: 'paper', error: { kind: 'keychain', message: 'No key', hint: 'Add it' } }],
    };
    const parts = byProfile(result, scope.profiles);
    expect(parts.map((part) => [part.name, part.demo, part.status])).toEqual([
      ['main', false, 'partial'],
      ['paper', true, 'failed'],
    ]);
    expect(parts[0]!.alreadyFlat).toEqual(['COIN-FUTURES', 'USDC-FUTURES']);
    expect(everythingShownStatus(result)).toBe('partial');
    expect(everythingSummary(result)).toBe(
      '0 product types closed and verified flat · 1 position STILL OPEN · 2 product types already flat (nothing sent) · 1 REFUSED',
    );
  });
});

describe('a pushed flatten-everything result', () => {
  const received = new Date('2026-01-01T03:00:00Z');

  it('goes to the flatten-everything panel, for the profile it names, with the preset name kept', () => {
    const result: EverythingOutcome = {
      outcomes: [outcome('main', 'USDT-FUTURES', { trigger: 'hotkey' })],
      alreadyFlat: [{ profile: 'main', demo: false, productTypes: ['COIN-FUTURES', 'USDC-FUTURES'] }],
      refused: [],
    };
    const shown = shownFromEvent({ everythingResult: result, presetName: 'Panic all' }, [], received);
    expect(shown).toMatchObject({ presetName: 'Panic all', receivedAt: received, pushed: true });
    expect(shown.everything).toEqual({ scope: { all: false, profiles: [{ name: 'main', demo: false }] }, result });
  });

  it('takes DEMO/LIVE from the profiles the window knows when the result does not say, and LIVE when nobody knows', () => {
    const refused = (profile: string): EverythingOutcome['refused'][number] => ({
      profile,
      error: { kind: 'keychain', message: 'no key', hint: 'add it' },
    });
    const result: EverythingOutcome = { outcomes: [], alreadyFlat: [], refused: [refused('paper')] };
    expect(scopeOfResult(result, [{ name: 'paper', demo: true }])).toEqual({ all: false, profiles: [{ name: 'paper', demo: true }] });
    expect(scopeOfResult(result, [])).toEqual({ all: false, profiles: [{ name: 'paper', demo: false }] });
  });

  it('keeps PRACTICE from the result, or from the profiles the window knows, and never makes a live account practice', () => {
    const practiceOutcome = outcome('Practice', 'USDT-FUTURES', { profile: { name: 'Practice', demo: false, practice: true } });
    const result: EverythingOutcome = {
      outcomes: [practiceOutcome, outcome('main', 'USDT-FUTURES')],
      alreadyFlat: [{ profile: 'Practice', demo: false, practice: true, productTypes: ['COIN-FUTURES'] }],
      refused: [{ profile: 'gone', error: { kind: 'keychain', message: 'no key', hint: 'add it' } }],
    };
    expect(byProfile(result, []).map((part) => [part.name, part.demo, part.practice])).toEqual([
      ['Practice', false, true],
      ['main', false, undefined],
      ['gone', undefined, undefined],
    ]);
    // A refused practice profile is known only from the window's list; a name it does not know stays LIVE.
    const refusedOnly: EverythingOutcome = { outcomes: [], alreadyFlat: [], refused: [{ profile: 'Practice', error: { kind: 'unknown', message: 'x', hint: 'y' } }] };
    expect(scopeOfResult(refusedOnly, [{ name: 'Practice', demo: false, practice: true }]).profiles).toEqual([{ name: 'Practice', demo: false, practice: true }]);
    expect(scopeOfResult(refusedOnly, []).profiles).toEqual([{ name: 'Practice', demo: false }]);
  });

  it('leaves a plain close or an error as it was', () => {
    const close = outcome('main', 'USDT-FUTURES', { trigger: 'tray' });
    expect(shownFromEvent({ outcome: close, presetName: 'BTC' }, [], received)).toEqual({
      outcome: close,
      presetName: 'BTC',
      receivedAt: received,
      pushed: true,
    });
    const error = { kind: 'not-found', message: 'There is no preset named "x".', hint: 'Nothing was sent.' };
    expect(shownFromEvent({ error, presetName: 'x' }, [], received).everything).toBeUndefined();
  });
});

describe('what "EVERY profile" covers', async () => {
  const { everyProfile } = await import('./everything.ts');
  it('is every real profile, and the practice account only while no real one exists (the core acts the same)', () => {
    type Listed = { name: string; practice?: boolean };
    const practice: Listed = { name: 'Practice', practice: true };
    const names = (listed: Listed[]) => everyProfile(listed).map((profile) => profile.name);
    expect(names([practice, { name: 'main' }])).toEqual(['main']);
    expect(names([{ name: 'a' }, practice, { name: 'b' }])).toEqual(['a', 'b']);
    expect(names([practice])).toEqual(['Practice']);
  });
});
