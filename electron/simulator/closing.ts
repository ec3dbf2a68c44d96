// Flash close, shared by V2 and V3: which positions a request targets, and what closing them does
// (including the close faults: refusals in failureList, partial fills, late fills, re-opening orders).
import { resolveSymbol } from './contracts.ts';
import { formatNumber, scaleSize } from './decimal.ts';
import type { CloseFault } from './faults.ts';
import { newClientOid, newOrderId } from './ids.ts';
import type { Scheduler } from './scheduler.ts';
import { settleCloseOrder, type AccountState } from './state.ts';
import type { CloseOrder, HoldSide, LiveProductType, Position } from './types.ts';

/** Bitget's base taker fee on futures: 0.06 % of the notional. */
export const TAKER_FEE_RATE = 0.0006;
const KEPT_CLOSE_ORDERS = 500;

export interface CloseTarget {
  productType: LiveProductType;
  symbol?: string;
  /** Ignored for one-way positions; absent: both sides. */
  side?: HoldSide;
}

export interface ClosedItem {
  orderId: string;
  clientOid: string;
  symbol: string;
}

export interface FailedItem extends ClosedItem {
  errorCode: string;
  errorMsg: string;
}

export interface CloseResult {
  closed: ClosedItem[];
  failed: FailedItem[];
}

/**
 * The exchange's selection, not the client's rule (shared/target.ts): a one-way position is closed whatever side was
 * asked. Kept apart on purpose, so that the simulator stays an independent exchange the client is tested against.
 */
export function matchesTarget(position: Position, target: CloseTarget): boolean {
  if (position.productType !== target.productType) return false;
  if (target.symbol !== undefined && position.symbol !== target.symbol) return false;
  if (target.side !== undefined && position.posMode === 'hedge_mode' && position.holdSide !== target.side) return false;
  return true;
}

function removePositions(account: AccountState, gone: ReadonlySet<Position>): void {
  account.positions = account.positions.filter((p) => !gone.has(p));
}

function failingPositions(selected: Position[], fault: CloseFault | undefined, productType: LiveProductType): Set<Position> {
  if (fault?.kind !== 'failure-list') return new Set();
  const symbol = fault.symbol === undefined ? undefined : (resolveSymbol(fault.symbol, productType) ?? fault.symbol);
  return new Set(selected.filter((p) => symbol === undefined || p.symbol === symbol));
}

/** When each position's close fills (server time) and how much of it: the close faults shape both. */
function fill(account: AccountState, positions: Position[], fault: CloseFault | undefined, scheduler: Scheduler, now: number): { filledAt: number; filledSize: (position: Position) => string } {
  const filled = new Set(positions);
  const whole = { filledAt: now, filledSize: (position: Position) => position.size };
  switch (fault?.kind) {
    case 'close-partial': {
      const fraction = fault.remainingFraction ?? 0.5;
      const before = new Map(positions.map((position) => [position, position.size]));
      for (const position of positions) {
        position.size = scaleSize(position.size, fraction);
        position.updatedAt = now;
      }
      account.positions = account.positions.filter((p) => !filled.has(p) || Number(p.size) > 0);
      return { filledAt: now, filledSize: (position) => scaleSize(before.get(position)!, 1 - fraction) };
    }
    case 'close-delayed':
      scheduler.after(fault.ms, () => removePositions(account, filled));
      return { ...whole, filledAt: now + fault.ms };
    case 'order-lag':
      removePositions(account, filled);
      return { ...whole, filledAt: now + fault.ms };
    case 'reopen': {
      removePositions(account, filled);
      const reopen = () => {
        const at = Date.now();
        account.positions.push(...positions.map((p) => ({ ...p, size: fault.size, createdAt: at, updatedAt: at })));
      };
      if (fault.afterMs) scheduler.after(fault.afterMs, reopen);
      else reopen();
      return whole;
    }
    default:
      removePositions(account, filled);
      return whole;
  }
}

/**
 * A market close at the mark price. Realized PnL in the margin coin: (mark − entry) × size for a long, the reverse for
 * a short; on COIN-FUTURES (sizes in the base coin, margin in that coin) the USD difference is converted to the coin
 * at the fill price. The taker fee is 0.06 % of the notional in the margin coin, reported negative.
 */
export function closeOrderFor(position: Position, filledSize: string, ids: { orderId: string; clientOid: string }, now: number, filledAt: number): CloseOrder {
  const size = Number(filledSize);
  const mark = Number(position.markPrice);
  const direction = position.holdSide === 'long' ? 1 : -1;
  const inverse = position.productType === 'COIN-FUTURES';
  const pnl = (mark - Number(position.entryPrice)) * size * direction;
  const notional = size * mark;
  return {
    ...ids,
    productType: position.productType,
    symbol: position.symbol,
    holdSide: position.holdSide,
    posMode: position.posMode,
    marginCoin: position.marginCoin,
    leverage: position.leverage,
    size: position.size,
    filledSize,
    price: position.markPrice,
    realizedPnl: formatNumber(inverse ? pnl / mark : pnl, 8),
    fee: formatNumber(-(inverse ? size : notional) * TAKER_FEE_RATE, 8),
    createdAt: now,
    filledAt,
  };
}

/** Closes what the target selects; undefined when it selects nothing (the caller answers "no position"). */
export function closePositions(
  account: AccountState,
  target: CloseTarget,
  fault: CloseFault | undefined,
  scheduler: Scheduler,
  now: number,
): CloseResult | undefined {
  const selected = account.positions.filter((p) => matchesTarget(p, target));
  if (selected.length === 0) return undefined;
  const failing = failingPositions(selected, fault, target.productType);
  const closing = selected.filter((p) => !failing.has(p));
  // Priced before the fill changes sizes: what each order takes is the position as it was.
  const priced = closing.map((position) => ({ position, ids: { orderId: newOrderId(), clientOid: newClientOid() }, snapshot: { ...position } }));
  const { filledAt, filledSize } = fill(account, closing, fault, scheduler, now);
  const orders = priced.map(({ position, ids, snapshot }) => closeOrderFor(snapshot, filledSize(position), ids, now, filledAt));
  account.closeOrders.push(...orders);
  for (const order of orders) settleCloseOrder(account, order);
  if (account.closeOrders.length > KEPT_CLOSE_ORDERS) account.closeOrders.splice(0, account.closeOrders.length - KEPT_CLOSE_ORDERS);
  const errorCode = fault?.kind === 'failure-list' ? fault.errorCode : '';
  const errorMsg = fault?.kind === 'failure-list' ? fault.errorMsg : '';
  return {
    closed: orders.map((order) => ({ orderId: order.orderId, clientOid: order.clientOid, symbol: order.symbol })),
    failed: [...failing].map((p) => ({ orderId: '', clientOid: '', symbol: p.symbol, errorCode, errorMsg })),
  };
}
