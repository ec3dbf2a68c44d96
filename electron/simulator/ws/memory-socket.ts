// An in-memory WebSocket for practice mode: the same protocol session as the simulator's network endpoints, no
// network. The interface is the small part of a WebSocket the feed needs:
//   send(text)   a text frame to the exchange (ignored once closed)
//   close()      closes it (the 'close' event follows, code 1000)
//   on/off('message', (text) => …)          each text frame from the exchange, in order, delivered asynchronously
//   on/off('close', (code, reason) => …)    once, when either side closes
//   readyState   'open' | 'closed'
import { EventEmitter } from 'node:events';
import { WsSession, type WsSessionOptions } from './session.ts';

export interface MemorySocket {
  readonly readyState: 'open' | 'closed';
  send(text: string): void;
  close(): void;
  on(event: 'message', listener: (text: string) => void): this;
  on(event: 'close', listener: (code: number, reason: string) => void): this;
  off(event: 'message', listener: (text: string) => void): this;
  off(event: 'close', listener: (code: number, reason: string) => void): this;
}

/** The exchange's side of it: closes the socket from the server (an unreadable account, a failure). */
export interface ServedMemorySocket extends MemorySocket {
  serverClose(code: number, reason: string): void;
}

class InMemorySocket extends EventEmitter implements ServedMemorySocket {
  #state: 'open' | 'closed' = 'open';
  /** Closed by this side: frames still on their way are not delivered (a server close delivers them first). */
  #closedHere = false;
  #session: WsSession | undefined;
  #pending: string[] | undefined = [];
  readonly #onClosed: () => void;

  constructor(onClosed: () => void) {
    super();
    this.#onClosed = onClosed;
  }

  get readyState(): 'open' | 'closed' {
    return this.#state;
  }

  /** Frames sent before the session could start (the account not yet read) wait for it. */
  start(session: WsSession): void {
    this.#session = session;
    const pending = this.#pending ?? [];
    this.#pending = undefined;
    for (const text of pending) session.receive(text);
  }

  send(text: string): void {
    if (this.#state !== 'open') return;
    if (this.#pending) this.#pending.push(text);
    else this.#session?.receive(text);
  }

  close(): void {
    if (this.#state === 'open') this.#closedHere = true;
    this.serverClose(1000, '');
  }

  deliver(text: string): void {
    if (this.#state !== 'open') return;
    setImmediate(() => {
      if (!this.#closedHere) this.emit('message', text);
    });
  }

  serverClose(code: number, reason: string): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#session?.dispose();
    this.#onClosed();
    setImmediate(() => this.emit('close', code, reason));
  }
}

/**
 * A socket whose session starts once `ready` resolves (frames sent before wait); if `ready` rejects, the socket
 * closes with 1011 and the reason (a practice account that cannot be read is never an empty one).
 */
export function openMemorySocket(options: Omit<WsSessionOptions, 'transport'>, ready: Promise<void>, onClosed: () => void = () => undefined): ServedMemorySocket {
  const socket = new InMemorySocket(onClosed);
  ready.then(
    () => {
      if (socket.readyState !== 'open') return;
      socket.start(new WsSession({ ...options, transport: { send: (text) => socket.deliver(text), close: (code, reason) => socket.serverClose(code, reason) } }));
    },
    (error: unknown) => socket.serverClose(1011, error instanceof Error ? error.message : String(error)),
  );
  return socket;
}
