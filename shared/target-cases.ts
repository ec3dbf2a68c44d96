// Test cases for shared/target.ts: positions and targets with the selection written out by hand, fed to every
// surface's filter (electron/close-target.test.ts, renderer/close-flow.test.ts) so that all of them are held to one answer.
import type { Position } from './bitget.ts';
import type { CloseTarget } from './target.ts';

/** A position of size 1 (tests need only its product type, symbol, side and mode). */
export const position = (symbol: string, holdSide: 'long' | 'short', productType: Position['productType'] = 'USDT-FUTURES', posMode: Position['posMode'] = 'hedge_mode'): Position => ({
  productType,
  symbol,
  holdSide,
  posMode,
  marginCoin: 'USDT',
  size: '1',
  available: '1',
  entryPrice: '1',
  markPrice: '1',
  unrealizedPnl: '0',
  liquidationPrice: '',
  leverage: '10',
  marginMode: 'crossed',
});

/** Distinct symbol and side per row, so a row's key names one position. */
export const TARGET_POSITIONS: readonly Position[] = [
  position('BTCUSDT', 'long'),
  position('BTCUSDT', 'short'),
  position('ETHUSDT', 'long'),
  position('SOLUSDT', 'short', 'USDT-FUTURES', 'one_way_mode'),
  position('BTCUSD', 'long', 'COIN-FUTURES'),
];

export const targetKeys = (list: readonly Position[]): string[] => list.map((item) => `${item.symbol}|${item.holdSide}`);

export const TARGET_CASES: readonly { target: CloseTarget; covers: string[] }[] = [
  { target: { productType: 'USDT-FUTURES' }, covers: ['BTCUSDT|long', 'BTCUSDT|short', 'ETHUSDT|long', 'SOLUSDT|short'] },
  { target: { productType: 'USDT-FUTURES', symbol: 'BTCUSDT' }, covers: ['BTCUSDT|long', 'BTCUSDT|short'] },
  { target: { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'short' }, covers: ['BTCUSDT|short'] },
  { target: { productType: 'USDT-FUTURES', holdSide: 'long' }, covers: ['BTCUSDT|long', 'ETHUSDT|long'] },
  { target: { productType: 'USDT-FUTURES', symbol: 'SOLUSDT', holdSide: 'long' }, covers: [] },
  { target: { productType: 'COIN-FUTURES' }, covers: ['BTCUSD|long'] },
  { target: { productType: 'USDC-FUTURES' }, covers: [] },
  // Every way in upper-cases the trader's symbol; one that was not is a bug and matches nothing.
  { target: { productType: 'USDT-FUTURES', symbol: 'btcusdt' }, covers: [] },
];
