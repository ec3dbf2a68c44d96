// Practice mode in the core: the built-in practice exchange behind an HttpPool and a WebSocket transport of its own
// (no socket, no network), and the rule that keeps the two worlds apart: the practice key only ever goes to the
// practice exchange, and no other key ever does; real keys only ever go to the real endpoint, and the practice key
// never does.
import type { ExplainedError } from '../../shared/bitget.ts';
import { PracticeConnectionError, PracticeFileError, openPracticeExchange, type PracticeExchange } from '../simulator/practice.ts';
import { TransportError, type HttpPool } from './bitget/http.ts';
import type { SocketTransport } from './feed/transport.ts';

/** Shown where a real profile shows Bitget's host. */
export const PRACTICE_ENDPOINT = 'the practice exchange (built in, no network)';

export { openPracticeExchange, PracticeFileError, type PracticeExchange };

/** The practice account's file cannot be used: said as what it is (a file here, not the network), and how to start over. */
export function explainPracticeFile(error: PracticeFileError): ExplainedError {
  return {
    kind: 'local-file',
    message: `${error.message.replace(/\.$/, '')}: a problem with a file on this computer, not with the network.`,
    hint: `Nothing was done on the practice account. Run \`bitget-panic practice reset\` (or Practice → Reset in the window) to start it over; if that fails too, delete ${error.file} and try again.`,
  };
}

/** A request carrying a key that does not belong on this pool: never sent. */
export class WrongExchangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WrongExchangeError';
  }
}

const keyOf = (headers: Record<string, string>): string | undefined =>
  Object.entries(headers).find(([name]) => name.toLowerCase() === 'access-key')?.[1];

export function createPracticePool(exchange: PracticeExchange): HttpPool {
  let practiceKey: string | undefined;
  return {
    origin: PRACTICE_ENDPOINT,
    async send(request) {
      const started = performance.now();
      const key = keyOf(request.headers);
      if (key !== undefined && key !== practiceKey) practiceKey = (await exchange.credentials()).apiKey;
      if (key !== undefined && key !== practiceKey) {
        throw new WrongExchangeError('A key that is not the practice key was about to be sent to the practice exchange; nothing was sent.');
      }
      try {
        const response = await exchange.send(request);
        return { ...response, latencyMs: performance.now() - started };
      } catch (error) {
        if (error instanceof PracticeConnectionError) throw new TransportError(error.kind, error.message);
        throw error;
      }
    },
    close: async () => undefined,
  };
}

/** The real endpoint's pool, refusing the practice key (known once the practice account exists). */
export function refusingPracticeKey(pool: HttpPool, practiceKey: () => string | undefined): HttpPool {
  return {
    origin: pool.origin,
    async send(request) {
      const key = keyOf(request.headers);
      if (key !== undefined && key === practiceKey()) {
        throw new WrongExchangeError('The practice key was about to be sent to a real exchange; nothing was sent.');
      }
      return pool.send(request);
    },
    close: () => pool.close(),
  };
}

/** The practice exchange's in-memory sockets (open at once, `message` and `close` events): no network. */
export function practiceSocketTransport(exchange: PracticeExchange | undefined): SocketTransport {
  return (url, handlers) => {
    let ended = false;
    const end = (reason: string) => {
      if (ended) return;
      ended = true;
      handlers.onClose(reason);
    };
    if (!exchange) {
      queueMicrotask(() => end('practice mode is off'));
      return { send: () => undefined, close: () => end('closed by us') };
    }
    let socket: ReturnType<PracticeExchange['openSocket']>;
    try {
      socket = exchange.openSocket(new URL(url).pathname);
    } catch (error) {
      queueMicrotask(() => end(error instanceof Error ? error.message : String(error)));
      return { send: () => undefined, close: () => end('closed by us') };
    }
    socket.on('message', (text) => {
      if (!ended) handlers.onMessage(text);
    });
    socket.on('close', (code, reason) => end(`closed by the practice exchange (${code}${reason ? `: ${reason}` : ''})`));
    queueMicrotask(() => {
      if (!ended) handlers.onOpen();
    });
    return {
      send: (text) => {
        if (socket.readyState === 'open') socket.send(text);
      },
      close: () => {
        end('closed by us');
        socket.close();
      },
    };
  };
}
