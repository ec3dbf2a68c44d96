// Faults the tests inject: transport faults act before normal handling, close and cancel faults inside a close or a
// cancel, answer faults on a success answer after it was handled.
import type { AnswerFaultKind, CancelFaultKind, CloseFaultKind, Fault, FaultHandle, TransportFaultKind } from './types.ts';

const CLOSE_KINDS: ReadonlySet<string> = new Set(['failure-list', 'close-partial', 'close-delayed', 'order-lag', 'reopen']);
const CANCEL_KINDS: ReadonlySet<string> = new Set(['cancel-failure']);
const ANSWER_KINDS: ReadonlySet<string> = new Set(['replace-data', 'omit-data', 'item-field']);

interface Entry {
  fault: Fault;
  hits: number;
  remaining: number;
}

export type TransportFault = Fault & TransportFaultKind;
export type CloseFault = Fault & CloseFaultKind;
export type CancelFault = Fault & CancelFaultKind;
export type AnswerFault = Fault & AnswerFaultKind;

const isCloseFault = (fault: Fault): fault is CloseFault => CLOSE_KINDS.has(fault.kind);
const isCancelFault = (fault: Fault): fault is CancelFault => CANCEL_KINDS.has(fault.kind);
const isAnswerFault = (fault: Fault): fault is AnswerFault => ANSWER_KINDS.has(fault.kind);
const isTransportFault = (fault: Fault): fault is TransportFault => !isCloseFault(fault) && !isCancelFault(fault) && !isAnswerFault(fault);

export class FaultRegistry {
  #entries: Entry[] = [];

  add(fault: Fault): FaultHandle {
    const times = fault.times ?? 1;
    if (!(times > 0)) throw new Error('fault.times must be positive');
    const entry: Entry = { fault, hits: 0, remaining: times };
    this.#entries.push(entry);
    const remove = () => {
      this.#entries = this.#entries.filter((e) => e !== entry);
    };
    return {
      fault,
      get hits() {
        return entry.hits;
      },
      get remaining() {
        return entry.remaining;
      },
      remove,
    };
  }

  clear(): void {
    this.#entries = [];
  }

  /** The faults still waiting and how many requests each has left, for a persistent exchange (practice). */
  snapshot(): { fault: Fault; remaining: number }[] {
    return this.#entries.map((entry) => ({ fault: entry.fault, remaining: entry.remaining }));
  }

  restore(saved: readonly { fault: Fault; remaining: number }[]): void {
    this.#entries = saved.filter((entry) => entry.remaining > 0).map((entry) => ({ fault: entry.fault, hits: 0, remaining: entry.remaining }));
  }

  /** The first transport fault matching the request, consumed once. */
  takeTransport(method: string, path: string): TransportFault | undefined {
    return this.#take(method, path, isTransportFault) as TransportFault | undefined;
  }

  /** The first close fault matching the close request, consumed once. */
  takeClose(method: string, path: string): CloseFault | undefined {
    return this.#take(method, path, isCloseFault) as CloseFault | undefined;
  }

  /** The first cancel fault matching the cancel request, consumed once. */
  takeCancel(method: string, path: string): CancelFault | undefined {
    return this.#take(method, path, isCancelFault) as CancelFault | undefined;
  }

  /** The first answer fault matching a request that is about to get a success answer, consumed once. */
  takeAnswer(method: string, path: string): AnswerFault | undefined {
    return this.#take(method, path, isAnswerFault) as AnswerFault | undefined;
  }

  #take(method: string, path: string, wanted: (fault: Fault) => boolean): Fault | undefined {
    const entry = this.#entries.find(
      (e) =>
        wanted(e.fault) &&
        (e.fault.method === undefined || e.fault.method.toUpperCase() === method) &&
        (e.fault.path === undefined || e.fault.path === path),
    );
    if (!entry) return undefined;
    entry.hits += 1;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.#entries = this.#entries.filter((e) => e !== entry);
    return entry.fault;
  }
}
