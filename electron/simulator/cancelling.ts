// Cancels shared by V2 and V3: which matched orders a cancel fault keeps open.
import type { CancelFault } from './faults.ts';
import type { RouteContext } from './route.ts';
import type { OpenOrder } from './types.ts';

/**
 * Which of the matched orders a cancel fault keeps open (all, or the one it names). The fault is consumed only
 * when the cancel has orders to act on.
 */
export function refusedByFault<T extends OpenOrder>(context: RouteContext, matched: readonly T[]): { fault: CancelFault | undefined; refused: Set<T> } {
  if (matched.length === 0) return { fault: undefined, refused: new Set() };
  const fault = context.faults.takeCancel(context.method, context.path);
  if (!fault) return { fault, refused: new Set() };
  return { fault, refused: new Set(matched.filter((o) => fault.orderId === undefined || o.orderId === fault.orderId)) };
}
