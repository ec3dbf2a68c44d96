// The live feed: what the core knows about one profile's account right now, and where it came from.
// The exchange's private WebSocket (positions, account) and public ticker (mark prices) feed it; REST polling stands
// in only while a socket is down. Pure types: no Node, no DOM.
import type { AccountKind, Position, ProductType } from './bitget.ts';

/** Where the figures come from: the exchange's WebSocket pushes, or REST reads while a socket is down. */
export type FeedSource = 'websocket' | 'rest';

/** A figure older than this (since it was last known current) is stale: shown as such, never acted on. */
export const FEED_STALE_AFTER_MS = 10_000;

/** One margin coin's balance as the exchange last reported it (account channel, or the REST account read). */
export interface AccountBalance {
  marginCoin: string;
  /** Equity including the unrealized PnL the exchange counted when it reported (decimal string). */
  equity: string;
  /** The unrealized PnL included in `equity` at that moment (decimal string). */
  unrealizedPnl: string;
  /**
   * 'marks': the exchange's push did not say (live V2 `account` pushes may come without `unrealizedPL`), so the feed
   * worked it out from the positions at the marks it had when the push came. Absent: the exchange reported it.
   */
  unrealizedFrom?: 'marks';
  /** When this balance was received (ms since epoch). */
  receivedAt: number;
}

/** A contract's mark price (public ticker push, or a REST read). */
export interface MarkPrice {
  productType: ProductType;
  symbol: string;
  markPrice: string;
  receivedAt: number;
}

/**
 * Everything the feed knows about one profile's futures account. A product type missing from `positions` was not
 * read (unknown), which is never the same as an empty list (read, and flat).
 */
export interface FeedSnapshot {
  profile: string;
  accountKind: AccountKind;
  source: FeedSource;
  positions: Partial<Record<ProductType, Position[]>>;
  balances: AccountBalance[];
  marks: MarkPrice[];
  /**
   * The newest moment at which every figure in this snapshot was known to be current: a push, a pong on a logged-in
   * and subscribed socket, or the end of a REST read. Stale when older than FEED_STALE_AFTER_MS.
   */
  confirmedAt: number;
  /**
   * When the positions and balances alone were last known current (a push, or a pong on the logged-in private socket:
   * those channels push every change). Marks are dated each by its own `receivedAt`. Absent: `confirmedAt`.
   */
  accountConfirmedAt?: number;
}

export type SocketState = 'off' | 'connecting' | 'live' | 'down';

/** What the window and the CLI show about a profile's feed. */
export interface FeedStatus {
  profile: string;
  socket: SocketState;
  /** The source of the figures shown now; 'none' before the first figure or when nothing can be read. */
  source: FeedSource | 'none';
  /** `confirmedAt` of the snapshot shown (ms since epoch); absent before the first figure. */
  confirmedAt?: number;
  stale: boolean;
  /** Why the socket is down or the figures cannot be read, in plain words. */
  problem?: string;
}

/** Pushed to the window whenever a watched profile's figures change or its feed changes state. */
export interface FeedUpdate {
  status: FeedStatus;
  snapshot?: FeedSnapshot;
}

/**
 * A position's unrealized PnL at `mark`, in its margin coin: long (mark − entry) × size, short the reverse; on
 * COIN-FUTURES (inverse: sizes in the base coin, margin in that coin) the USD difference is converted at the mark.
 * Undefined when the entry or size is not a number.
 */
export function unrealizedPnlAt(position: Pick<Position, 'productType' | 'holdSide' | 'entryPrice' | 'size'>, mark: number): number | undefined {
  const entry = Number(position.entryPrice);
  const size = Number(position.size);
  if (position.entryPrice.trim() === '' || position.size.trim() === '' || !Number.isFinite(entry) || !Number.isFinite(size) || size < 0 || !(mark > 0)) return undefined;
  const usd = position.holdSide === 'long' ? (mark - entry) * size : (entry - mark) * size;
  return position.productType === 'COIN-FUTURES' ? usd / mark : usd;
}

/**
 * The positions of one product type at the newest mark prices: the exchange pushes positions only on order events,
 * so their own mark and unrealized PnL age while prices move; the ticker's marks are current. Undefined: not read.
 */
export function positionsAtMarks(snapshot: FeedSnapshot, productType: ProductType): Position[] | undefined {
  const positions = snapshot.positions[productType];
  if (!positions) return undefined;
  return positions.map((position) => {
    const pushed = snapshot.marks.find((mark) => mark.productType === productType && mark.symbol === position.symbol);
    const mark = Number(pushed?.markPrice);
    const pnl = pushed ? unrealizedPnlAt(position, mark) : undefined;
    return pushed && pnl !== undefined ? { ...position, markPrice: pushed.markPrice, unrealizedPnl: String(Number(pnl.toFixed(8))) } : position;
  });
}

/** The margin coins whose equity a product type's table shows: its stable coin, or (coin-margined) every other coin. */
export function marginCoinsOf(snapshot: FeedSnapshot, productType: ProductType): string[] {
  if (productType.endsWith('USDT-FUTURES')) return ['USDT'];
  if (productType.endsWith('USDC-FUTURES')) return ['USDC'];
  return snapshot.balances.map((balance) => balance.marginCoin).filter((coin) => !['USD', 'USDT', 'USDC'].includes(coin));
}

/**
 * A margin coin's equity now: the balance the exchange last reported, its unrealized PnL replaced by the positions'
 * at the newest marks. Undefined when the coin's balance or a product type holding it was not read.
 */
export function liveEquity(snapshot: FeedSnapshot, marginCoin: string): number | undefined {
  const balance = snapshot.balances.find((candidate) => candidate.marginCoin === marginCoin);
  if (!balance) return undefined;
  const equity = Number(balance.equity);
  const reported = Number(balance.unrealizedPnl);
  if (balance.equity.trim() === '' || balance.unrealizedPnl.trim() === '' || !Number.isFinite(equity) || !Number.isFinite(reported)) return undefined;
  let unrealized = 0;
  for (const [productType, positions] of Object.entries(snapshot.positions) as [ProductType, Position[] | undefined][]) {
    const rows = positions ? positionsAtMarks(snapshot, productType) : undefined;
    for (const row of rows ?? []) {
      if (row.marginCoin !== marginCoin) continue;
      const pnl = Number(row.unrealizedPnl);
      if (row.unrealizedPnl.trim() === '' || !Number.isFinite(pnl)) return undefined;
      unrealized += pnl;
    }
  }
  return equity - reported + unrealized;
}
