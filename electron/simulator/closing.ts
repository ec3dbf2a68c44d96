// Flash close, shared by V2 and V3: which positions a request targets, and what closing them does
// (including the close faults: refusals in failureList, partial fills, late fills, re-opening orders).
import { resolveSymbol } from './contracts.ts';
import { scaleSize } from './decimal.ts';
import type { CloseFault } from './faults.ts';
import { newClientOid, newOrderId } from './ids.ts';
import type { Scheduler } from './scheduler.ts';
import type { AccountState } from './state.ts';
import type { HoldSide, LiveProductType, Position } from './types.ts';

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

function fill(account: AccountState, positions: Position[], fault: CloseFault | undefined, scheduler: Scheduler, now: number): void {
  const filled = new Set(positions);
  switch (fault?.kind) {
    case 'close-partial': {
      const fraction = fault.remainingFraction ?? 0.5;
      for (const position of positions) {
        position.size = scaleSize(position.size, fraction);
        position.updatedAt = now;
      }
      account.positions = account.positions.filter((p) => !filled.has(p) || Number(p.size) > 0);
      return;
    }
    case 'close-delayed':
      scheduler.after(fault.ms, () => removePositions(account, filled));
      return;
    case 'reopen': {
      removePositions(account, filled);
      const reopen = () => {
        const at = Date.now();
        account.positions.push(...positions.map((p) => ({ ...p, size: fault.size, createdAt: at, updatedAt: at })));
      };
      if (fault.afterMs) scheduler.after(fault.afterMs, reopen);
      else reopen();
      return;
    }
    default:
      removePositions(account, filled);
  }
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
  fill(account, closing, fault, scheduler, now);
  const errorCode = fault?.kind === 'failure-list' ? fault.errorCode : '';
  const errorMsg = fault?.kind === 'failure-list' ? fault.errorMsg : '';
  return {
    closed: closing.map((p) => ({ orderId: newOrderId(), clientOid: newClientOid(), symbol: p.symbol })),
    failed: [...failing].map((p) => ({ orderId: '', clientOid: '', symbol: p.symbol, errorCode, errorMsg })),
  };
}
