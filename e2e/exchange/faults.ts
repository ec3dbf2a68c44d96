// Faults the tests inject: transport faults act before normal handling, close faults inside a close.
import type { CloseFaultKind, Fault, FaultHandle, TransportFaultKind } from './types.ts';

const CLOSE_KINDS: ReadonlySet<string> = new Set(['failure-list', 'close-partial', 'close-delayed', 'reopen']);

interface Entry {
  fault: Fault;
  hits: number;
  remaining: number;
}

export type TransportFault = Fault & TransportFaultKind;
export type CloseFault = Fault & CloseFaultKind;

function isCloseFault(fault: Fault): fault is CloseFault {
  return CLOSE_KINDS.has(fault.kind);
}

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

  /** The first transport fault matching the request, consumed once. */
  takeTransport(method: string, path: string): TransportFault | undefined {
    return this.#take(method, path, (fault) => !isCloseFault(fault)) as TransportFault | undefined;
  }

  /** The first close fault matching the close request, consumed once. */
  takeClose(method: string, path: string): CloseFault | undefined {
    return this.#take(method, path, isCloseFault) as CloseFault | undefined;
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
