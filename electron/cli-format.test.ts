import { describe, expect, it } from 'vitest';
import type { CloseOutcome, Position } from '../shared/bitget.ts';
import { EXIT, exitCodeForError, exitCodeForOutcome, formatConfirmation, formatCosts, formatOutcome } from './cli-format.ts';

const position: Position = {
  symbol: 'BTCUSDT', productType: 'USDT-FUTURES', marginCoin: 'USDT', holdSide: 'long', size: '0.5', available: '0.5',
  entryPrice: '60000', markPrice: '59000', unrealizedPnl: '-500', liquidationPrice: '41000', leverage: '10', marginMode: 'crossed', posMode: 'hedge_mode',
};

function outcome(overrides: Partial<CloseOutcome>): CloseOutcome {
  return {
    runId: 'run-1', status: 'flat', profile: { name: 'main', demo: false }, accountKind: 'classic', target: { productType: 'USDT-FUTURES', symbol: 'BTCUSDT' },
    trigger: 'cli', closed: [{ orderId: '1', symbol: 'BTCUSDT' }], failed: [], stillOpen: [], verified: true, closeAttempts: 1,
    firstResponseMs: 40, totalMs: 300, startedAt: '', finishedAt: '', ...overrides,
  };
}

describe('CLI exit codes', () => {
  it.each([
    ['flat', undefined, EXIT.ok],
    ['nothing-to-close', undefined, EXIT.ok],
    ['partial', 'close-refused', EXIT.notFlat],
    ['failed', 'close-refused', EXIT.notFlat],
    ['failed', 'auth', EXIT.auth],
    ['failed', 'ip-whitelist', EXIT.auth],
    ['failed', 'network', EXIT.network],
    ['unknown', 'timeout', EXIT.network],
  ] as const)('%s with %s exits %i', (status, kind, code) => {
    const error = kind ? { kind, message: 'm', hint: 'h' } : undefined;
    expect(exitCodeForOutcome(outcome({ status, ...(error ? { error } : {}) }))).toBe(code);
  });

  it('maps errors before any send', () => {
    expect(exitCodeForError({ kind: 'bad-input', message: '', hint: '' })).toBe(2);
    expect(exitCodeForError({ kind: 'not-found', message: '', hint: '' })).toBe(2);
    expect(exitCodeForError({ kind: 'keychain', message: '', hint: '' })).toBe(3);
    expect(exitCodeForError({ kind: 'network', message: '', hint: '' })).toBe(4);
  });
});

describe('CLI text', () => {
  it('says LIVE or DEMO, the target and what is still open', () => {
    const text = formatOutcome(outcome({ status: 'partial', stillOpen: [position], failed: [{ symbol: 'BTCUSDT', code: '40888', message: 'too big' }] }));
    expect(text).toMatch(/^PARTIAL/);
    expect(text).toContain('LIVE "main"');
    expect(text).toContain('STILL OPEN: BTCUSDT long 0.5');
    expect(text).toContain('refused: BTCUSDT: error 40888 "too big"');
    expect(formatOutcome(outcome({ profile: { name: 'paper', demo: true } }))).toContain('DEMO "paper"');
  });

  it('lists what the confirmation will close', () => {
    const text = formatConfirmation({ name: 'main', demo: false }, { productType: 'USDT-FUTURES', holdSide: 'long' }, [position]);
    expect(text).toContain('LIVE "main"');
    expect(text).toContain('every USDT-FUTURES symbol, long side');
    expect(text).toContain('will close: BTCUSDT long 0.5');
  });
});

describe('what it cost', () => {
  it('one line per order with the closed side, fill, realized PnL and fee; unread orders say why; an absent PnL is never 0', () => {
    const text = formatCosts({
      runId: 'run-1',
      profile: { name: 'main', demo: true },
      orders: [
        { orderId: '1', symbol: 'BTCUSDT', holdSide: 'long', side: 'buy', filledSize: '0.5', avgPrice: '62000', realizedPnl: '1000', fee: '-18.6', feeCoin: 'USDT', state: 'filled' },
        { orderId: '2', symbol: 'ETHUSDT', side: 'sell', filledSize: '0', avgPrice: '', fee: '0', state: 'live' },
      ],
      unread: [{ orderId: '3', symbol: 'SOLUSDT', error: { kind: 'timeout', message: 'What close order 3 (SOLUSDT) cost could not be read: no answer', hint: 'h' } }],
      complete: true,
    });
    expect(text).toBe(
      [
        '  what it cost (DEMO "main", from the exchange\'s order details):',
        '    BTCUSDT LONG: closed 0.5 @ 62000, realized PnL 1000 USDT, fee -18.6 USDT',
        '    ETHUSDT (sell): closed 0, realized PnL not given, fee 0 (order live)',
        '    NOT READ: What close order 3 (SOLUSDT) cost could not be read: no answer',
        '',
      ].join('\n'),
    );
  });
});
