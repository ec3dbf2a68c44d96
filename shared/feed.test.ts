import { describe, expect, it } from 'vitest';
import type { Position } from './bitget.ts';
import { liveEquity, marginCoinsOf, positionsAtMarks, unrealizedPnlAt, type FeedSnapshot } from './feed.ts';

const position = (overrides: Partial<Position>): Position => ({
  symbol: 'BTCUSDT',
  productType: 'USDT-FUTURES',
  marginCoin: 'USDT',
  holdSide: 'long',
  size: '0.5',
  available: '0.5',
  entryPrice: '60000',
  markPrice: '60000',
  unrealizedPnl: '0',
  liquidationPrice: '',
  leverage: '10',
  marginMode: 'crossed',
  posMode: 'hedge_mode',
  ...overrides,
});

describe('unrealized PnL at a mark', () => {
  it('is (mark - entry) x size for a long and the reverse for a short, in USDT', () => {
    expect(unrealizedPnlAt(position({}), 59000)).toBe(-500);
    expect(unrealizedPnlAt(position({ holdSide: 'short' }), 59000)).toBe(500);
  });

  it('is in the coin on COIN-FUTURES (inverse): the USD difference divided by the mark', () => {
    // 2 BTC long from 50000 at 40000: -20000 USD = -0.5 BTC.
    expect(unrealizedPnlAt(position({ productType: 'COIN-FUTURES', symbol: 'BTCUSD', marginCoin: 'BTC', size: '2', entryPrice: '50000' }), 40000)).toBe(-0.5);
  });

  it('is unknown for an entry or size that is not a number, or a mark that is not positive', () => {
    expect(unrealizedPnlAt(position({ entryPrice: '' }), 59000)).toBeUndefined();
    expect(unrealizedPnlAt(position({ size: 'abc' }), 59000)).toBeUndefined();
    expect(unrealizedPnlAt(position({}), 0)).toBeUndefined();
  });
});

describe('positions at the newest marks', () => {
  const snapshot = (marks: FeedSnapshot['marks']): FeedSnapshot => ({
    profile: 'p',
    accountKind: 'classic',
    source: 'websocket',
    positions: { 'USDT-FUTURES': [position({ unrealizedPnl: '0' }), position({ symbol: 'ETHUSDT', entryPrice: '3000', markPrice: '3000', size: '2' })] },
    balances: [],
    marks,
    confirmedAt: 1,
  });

  it('re-prices each position whose contract has a pushed mark, and leaves the others as the exchange sent them', () => {
    const rows = positionsAtMarks(snapshot([{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', markPrice: '61000', receivedAt: 1 }]), 'USDT-FUTURES');
    expect(rows?.map((row) => [row.symbol, row.markPrice, row.unrealizedPnl])).toEqual([
      ['BTCUSDT', '61000', '500'],
      ['ETHUSDT', '3000', '0'],
    ]);
  });

  it('is undefined (not read) for a product type the snapshot does not have, never an empty list', () => {
    expect(positionsAtMarks(snapshot([]), 'COIN-FUTURES')).toBeUndefined();
  });
});

describe('live equity', () => {
  const base = (overrides: Partial<FeedSnapshot> = {}): FeedSnapshot => ({
    profile: 'p',
    accountKind: 'classic',
    source: 'websocket',
    positions: { 'USDT-FUTURES': [position({ unrealizedPnl: '100' })], 'COIN-FUTURES': [], 'USDC-FUTURES': [] },
    // Reported with the position's +100 at the push: the wallet holds 900.
    balances: [{ marginCoin: 'USDT', equity: '1000', unrealizedPnl: '100', receivedAt: 1 }],
    marks: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', markPrice: '59000', receivedAt: 1 }],
    confirmedAt: 1,
    ...overrides,
  });

  it('replaces the reported unrealized PnL with the positions at the newest marks', () => {
    // 0.5 BTC long from 60000 at 59000: -500. 900 + -500 = 400.
    expect(liveEquity(base(), 'USDT')).toBe(400);
  });

  it('is unknown without a balance for the coin, or with a figure that is not a number', () => {
    expect(liveEquity(base(), 'USDC')).toBeUndefined();
    expect(liveEquity(base({ balances: [{ marginCoin: 'USDT', equity: '', unrealizedPnl: '0', receivedAt: 1 }] }), 'USDT')).toBeUndefined();
  });

  it('shows USDT for USDT-FUTURES and every coin but the stable ones for COIN-FUTURES', () => {
    const coins = base({ balances: [{ marginCoin: 'USDT', equity: '1', unrealizedPnl: '0', receivedAt: 1 }, { marginCoin: 'BTC', equity: '1', unrealizedPnl: '0', receivedAt: 1 }, { marginCoin: 'USD', equity: '1', unrealizedPnl: '0', receivedAt: 1 }] });
    expect(marginCoinsOf(coins, 'USDT-FUTURES')).toEqual(['USDT']);
    expect(marginCoinsOf(coins, 'COIN-FUTURES')).toEqual(['BTC']);
  });
});
