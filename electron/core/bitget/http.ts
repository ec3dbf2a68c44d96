// One keep-alive connection pool per exchange origin: pre-connected at start, kept warm by the clock sync,
// a timeout on every request, and the body read whatever the HTTP status.
// undici's parts are imported one by one (typed in undici-parts.d.ts): its index also loads fetch, WebSocket,
// EventSource, the cache and the mock agent, about 5 ms of every CLI start for code a pool never runs.
import Pool from 'undici/lib/dispatcher/pool.js';
import sendRequest from 'undici/lib/api/api-request.js';
import undiciErrors from 'undici/lib/core/errors.js';

export interface HttpRequest {
  method: 'GET' | 'POST';
  /** Path plus `?query` exactly as signed. */
  pathWithQuery: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  text: string;
  /** Response headers, names in lower case, repeated headers joined with ", ". */
  headers: Record<string, string>;
  latencyMs: number;
}

/** A request that got no HTTP answer: the connection failed, dropped, or the deadline passed. */
export class TransportError extends Error {
  readonly kind: 'network' | 'timeout';
  constructor(kind: 'network' | 'timeout', message: string) {
    super(message);
    this.kind = kind;
    this.name = 'TransportError';
  }
}

export interface HttpPool {
  readonly origin: string;
  send(request: HttpRequest): Promise<HttpResponse>;
  close(): Promise<void>;
}

export interface HttpPoolOptions {
  connections?: number;
  /** How long an idle connection is kept open, unless the server says less. */
  keepAliveMs?: number;
  connectTimeoutMs?: number;
  /** Extra certificate authority (PEM), e.g. the simulator's self-signed certificate. */
  ca?: string;
}

export function createHttpPool(baseUrl: string, options: HttpPoolOptions = {}): HttpPool {
  const origin = new URL(baseUrl).origin;
  const pool = new Pool(origin, {
    connections: options.connections ?? 4,
    pipelining: 1,
    keepAliveTimeout: options.keepAliveMs ?? 60_000,
    keepAliveMaxTimeout: options.keepAliveMs ?? 60_000,
    connect: { timeout: options.connectTimeoutMs ?? 5_000, ...(options.ca ? { ca: options.ca } : {}) },
  });

  async function send(request: HttpRequest): Promise<HttpResponse> {
    const started = performance.now();
    try {
      const response = await sendRequest.call(pool, {
        method: request.method,
        path: request.pathWithQuery,
        headers: request.headers,
        body: request.body,
        headersTimeout: request.timeoutMs,
        bodyTimeout: request.timeoutMs,
        signal: AbortSignal.timeout(request.timeoutMs),
      });
      const text = await response.body.text();
      // undici returns the socket to the pool one event-loop turn after the body ends: a request sent before then
      // (a close right after a read) would open a new connection and pay its handshakes. Answer once it is back.
      await socketReleased();
      return { status: response.statusCode, text, headers: flatHeaders(response.headers), latencyMs: performance.now() - started };
    } catch (error) {
      throw toTransportError(error, request.timeoutMs);
    }
  }

  return {
    origin,
    send,
    close: async () => {
      await pool.destroy();
    },
  };
}

const socketReleased = () => new Promise<void>((resolve) => setImmediate(resolve));

function flatHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/**
 * How long a `Retry-After` header asks to wait, in milliseconds: delay-seconds ("1", "2.5") or an HTTP date, measured
 * against `nowMs` (the server's clock where it is known). Undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1_000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at) || !/[a-z]/i.test(trimmed)) return undefined;
  return Math.max(0, at - nowMs);
}

function toTransportError(error: unknown, timeoutMs: number): TransportError {
  if (
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    error instanceof undiciErrors.ConnectTimeoutError ||
    (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
  ) {
    return new TransportError('timeout', `no answer within ${Math.round(timeoutMs)} ms`);
  }
  if (error instanceof Error) {
    const code = (error as { code?: string }).code;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const detail = [code ?? cause?.code, error.message].filter(Boolean).join(': ');
    return new TransportError('network', detail || 'connection failed');
  }
  return new TransportError('network', String(error));
}
