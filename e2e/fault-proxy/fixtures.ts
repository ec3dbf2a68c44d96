// Position books and faults the fail-closed tests share, and how they read the simulator's book and the history.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AccountSpec } from '../../electron/simulator/index.ts';

/** One-way mode: a SOLUSDT long (that a close "SOLUSDT short" would close) and a BTCUSDT short. */
export const ONE_WAY_SOL: AccountSpec = {
  posMode: 'one_way_mode',
  positions: [
    { productType: 'USDT-FUTURES', symbol: 'SOLUSDT', holdSide: 'long', size: '10' },
    { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'short', size: '1' },
  ],
};

/** Hedge mode: four USDT-FUTURES positions, an open order and a stop-loss (so a widened cancel would show). */
export const FOUR_OPEN: AccountSpec = {
  positions: [
    { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' },
    { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'short', size: '0.2' },
    { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'long', size: '3' },
    { productType: 'USDT-FUTURES', symbol: 'SOLUSDT', holdSide: 'short', size: '40' },
  ],
  openOrders: [{ productType: 'USDT-FUTURES', symbol: 'ETHUSDT' }],
  planOrders: [{ productType: 'USDT-FUTURES', symbol: 'SOLUSDT', planType: 'loss_plan' }],
};
export const FOUR_BOOK = ['USDT-FUTURES:BTCUSDT:long:0.5', 'USDT-FUTURES:BTCUSDT:short:0.2', 'USDT-FUTURES:ETHUSDT:long:3', 'USDT-FUTURES:SOLUSDT:short:40'];

/** The exchange refuses every close item, for ever (a flash close above its maximum size). */
export const REFUSE_EVERY_CLOSE = { kind: 'failure-list', errorCode: '40888', errorMsg: 'exceeds max flash close size', times: Infinity } as const;

/** A passphrase and a secret key with a quote and a backslash: JSON and URLs escape them. */
export const QUOTED_SECRETS = { passphrase: 'pa"ss\\phr', secretKey: 'se"c\\ret-key!' };

/** "PRODUCT:SYMBOL:side:size" of every position, sorted. */
export function bookLines(positions: readonly { productType: string; symbol: string; holdSide: string; size: string }[]): string[] {
  return positions.map((position) => `${position.productType}:${position.symbol}:${position.holdSide}:${position.size}`).sort();
}

/** The history file of a data folder, '' when nothing was written. */
export function auditText(dataDir: string): string {
  try {
    return readFileSync(join(dataDir, 'audit.jsonl'), 'utf8');
  } catch {
    return '';
  }
}
