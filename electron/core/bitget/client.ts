// A signed call to the exchange: build, sign, send on the warm pool, parse the body whatever the status,
// explain the code (and pass on a Retry-After). A refused timestamp re-syncs the clock and is retried once.
import type { ExplainedError } from '../../../shared/bitget.ts';
import { envelopeSchema } from '../../../shared/exchange-schema.ts';
import type { Credentials } from '../../../shared/schema.ts';
import { createScrubber } from '../../../shared/scrub.ts';
import type { ExchangeClock } from './clock.ts';
import { CLOCK_CODES, apiFamilyOf, explainCode, explainHttpStatus, explainTransport, type ApiFamily } from './errors.ts';
import { TransportError, parseRetryAfter, type HttpPool, type HttpResponse } from './http.ts';
import { canonicalQuery, signedHeaders, type QueryParams } from './sign.ts';

export const SUCCESS_CODE = '00000';
/** A Retry-After longer than this is clamped: the close has a deadline of its own, and the person is waiting. */
export const MAX_RETRY_AFTER_MS = 10_000;

/** What was sent and what came back, for the audit log. Never holds a header, a key or a signature. */
export interface WireRecord {
  method: 'GET' | 'POST';
  path: string;
  query?: string;
  body?: string;
  httpStatus?: number;
  code?: string;
  message?: string;
  data?: unknown;
  latencyMs: number;
}

export type CallResult =
  | { ok: true; data: unknown; record: WireRecord }
  | { ok: false; error: ExplainedError; record: WireRecord };

/** A JSON body: text fields (blank ones are left out) and, for cancels by id, a list of id objects. */
export type RequestBody = Record<string, string | undefined | readonly Record<string, string>[]>;

export interface CallOptions {
  method: 'GET' | 'POST';
  path: string;
  query?: QueryParams;
  body?: RequestBody;
  /** Adds `paptrading: 1` (demo trading on the normal product types). */
  paptrading: boolean;
  timeoutMs: number;
}

export interface BitgetClient {
  call(options: CallOptions): Promise<CallResult>;
  readonly clock: ExchangeClock;
}

/** Waits until a call to this path keeps within the exchange's limit (see pacing.ts). */
export type Pace = (path: string) => Promise<void>;

export function createBitgetClient(pool: HttpPool, clock: ExchangeClock, credentials: Credentials, pace: Pace = async () => undefined): BitgetClient {
  async function callOnce(options: CallOptions): Promise<CallResult> {
    await pace(options.path);
    const queryString = canonicalQuery(options.query);
    const body = options.body ? JSON.stringify(withoutBlanks(options.body)) : '';
    const headers = signedHeaders({
      ...credentials,
      timestamp: clock.timestamp(),
      method: options.method,
      requestPath: options.path,
      queryString,
      body,
      paptrading: options.paptrading,
    });
    const record: WireRecord = {
      method: options.method,
      path: options.path,
      ...(queryString ? { query: queryString } : {}),
      ...(body ? { body } : {}),
      latencyMs: 0,
    };
    try {
      const response = await pool.send({
        method: options.method,
        pathWithQuery: queryString ? `${options.path}?${queryString}` : options.path,
        headers,
        ...(body ? { body } : {}),
        timeoutMs: options.timeoutMs,
      });
      record.httpStatus = response.status;
      record.latencyMs = Math.round(response.latencyMs);
      // A proxy or gateway that echoes the request must not carry this request's key, passphrase or signature onward.
      const answer = createScrubber([headers['ACCESS-SIGN'] ?? '', credentials.apiKey, credentials.secretKey, credentials.passphrase]).text(response.text);
      const result = interpret(response.status, answer, record, apiFamilyOf(options.path));
      return result.ok ? result : withRetryAfter(result, response, Number(clock.timestamp()));
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      record.message = error.message;
      return { ok: false, error: explainTransport(error.kind, error.message, pool.origin), record };
    }
  }

  return {
    clock,
    async call(options) {
      const first = await callOnce(options);
      if (first.ok || !first.error.code || !CLOCK_CODES.has(first.error.code)) return first;
      try {
        await clock.sync();
      } catch {
        return first;
      }
      return callOnce(options);
    },
  };
}

/** Adds the wait the exchange asked for (Retry-After), clamped to [0, MAX_RETRY_AFTER_MS], to a refused call. */
function withRetryAfter(result: CallResult & { ok: false }, response: HttpResponse, exchangeNowMs: number): CallResult {
  const waitMs = parseRetryAfter(response.headers['retry-after'], exchangeNowMs);
  if (waitMs === undefined) return result;
  return { ...result, error: { ...result.error, retryAfterMs: Math.min(MAX_RETRY_AFTER_MS, Math.max(0, waitMs)) } };
}

/** Reads an answer: any JSON object with a `code` is the exchange speaking, whether or not it carries `data`. */
function interpret(status: number, text: string, record: WireRecord, api: ApiFamily): CallResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON, or a zero-byte body (live V3 once answered HTTP 200 with nothing): no answer, never "nothing open".
    record.message = text.slice(0, 200);
    return { ok: false, error: explainHttpStatus(status, text.trim() === '' ? '(an empty body)' : text.slice(0, 80)), record };
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    record.message = text.slice(0, 200);
    return { ok: false, error: explainHttpStatus(status, text.slice(0, 80)), record };
  }
  const { code, msg, data } = envelope.data;
  record.code = code;
  if (msg) record.message = msg;
  if ('data' in envelope.data) record.data = data;
  if (code === SUCCESS_CODE && status >= 200 && status < 300) return { ok: true, data, record };
  if (code === SUCCESS_CODE) return { ok: false, error: explainHttpStatus(status), record };
  return { ok: false, error: explainCode(code, msg, status, api), record };
}

function withoutBlanks(body: RequestBody): RequestBody {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined && value !== ''));
}
