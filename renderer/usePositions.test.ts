import { describe, expect, it } from 'vitest';
import type { Position } from '../shared/bitget.ts';
import type { FeedUpdate } from '../shared/feed.ts';
import { feedRows } from './usePositions.ts';

const btc: Position = {
  symbol: 'BTCUSDT',
  productType: 'USDT-FUTURES',
  marginCoin: 'USDT',
  holdSide: 'long',
  size: '1',
  available: '1',
  entryPrice: '60000',
  markPrice: '60000',
  unrealizedPnl: '0',
  liquidationPrice: '',
  leverage: '10',
  marginMode: 'crossed',
  posMode: 'hedge_mode',
};

const now = 1_000_000;
const update = (overrides: { source?: 'websocket' | 'rest' | 'none'; stale?: boolean; confirmedAt?: number } = {}): FeedUpdate => ({
  status: { profile: 'p', socket: 'live', source: overrides.source ?? 'websocket', stale: overrides.stale ?? false, confirmedAt: overrides.confirmedAt ?? now - 500 },
  snapshot: {
    profile: 'p',
    accountKind: 'classic',
    source: 'websocket',
    positions: { 'USDT-FUTURES': [btc] },
    balances: [],
    marks: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', markPrice: '59000', receivedAt: now - 500 }],
    confirmedAt: overrides.confirmedAt ?? now - 500,
  },
});

describe('rows from the live feed', () => {
  it('shows a fresh feed at the ticker mark (the pushed position still says 60000)', () => {
    expect(feedRows(update(), 'USDT-FUTURES', now)).toMatchObject([{ symbol: 'BTCUSDT', markPrice: '59000', unrealizedPnl: '-1000' }]);
  });

  it('takes REST figures the core polled while the socket is down', () => {
    expect(feedRows(update({ source: 'rest' }), 'USDT-FUTURES', now)).toHaveLength(1);
  });

  it('gives nothing (the window reads for itself) when the feed is stale, has no source, or is too old, or the product type was not read', () => {
    expect(feedRows(update({ stale: true }), 'USDT-FUTURES', now)).toBeUndefined();
    expect(feedRows(update({ source: 'none' }), 'USDT-FUTURES', now)).toBeUndefined();
    expect(feedRows(update({ confirmedAt: now - 10_001 }), 'USDT-FUTURES', now)).toBeUndefined();
    expect(feedRows(update(), 'COIN-FUTURES', now)).toBeUndefined();
    expect(feedRows(undefined, 'USDT-FUTURES', now)).toBeUndefined();
  });
});
