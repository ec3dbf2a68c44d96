// A small signed client for the simulator's own tests. It signs with node:crypto on its own (it does not
// import the simulator's signer), and can break any part of a request on purpose.
import { createHmac } from 'node:crypto';
import { request } from 'undici';
import type { Dispatcher } from 'undici';

export interface Keys {
  apiKey: string;
  secretKey: string;
  passphrase: string;
}

export interface CallOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  path: string;
  /** Raw query string, sent and signed as given. */
  query?: string;
  /** A string is sent as is; an object is JSON.stringify-ed. */
  body?: string | object;
  timestamp?: string;
  /** Override or (with undefined) remove headers; names as sent. */
  headers?: Record<string, string | undefined>;
  /** Sign this body instead of the one sent. */
  signedBody?: string;
  /** Sign this query instead of the one sent. */
  signedQuery?: string;
  dispatcher?: Dispatcher;
  headersTimeout?: number;
}

export interface CallResult {
  status: number;
  text: string;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed body; undefined when it is not JSON. */
  json: { code?: string; msg?: string; requestTime?: number; data?: unknown } | undefined;
}

export function hmacBase64(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64');
}

function parse(text: string): CallResult['json'] {
  try {
    return JSON.parse(text) as CallResult['json'];
  } catch {
    return undefined;
  }
}

export async function call(baseUrl: string, keys: Keys, options: CallOptions): Promise<CallResult> {
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  const body = options.body === undefined ? '' : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const query = options.query ?? '';
  const timestamp = options.timestamp ?? String(Date.now());
  const signedQuery = options.signedQuery ?? query;
  const payload = `${timestamp}${method}${options.path}${signedQuery ? `?${signedQuery}` : ''}${options.signedBody ?? body}`;
  const headers: Record<string, string> = {
    'ACCESS-KEY': keys.apiKey,
    'ACCESS-SIGN': hmacBase64(keys.secretKey, payload),
    'ACCESS-TIMESTAMP': timestamp,
    'ACCESS-PASSPHRASE': keys.passphrase,
    'Content-Type': 'application/json',
    locale: 'en-US',
  };
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === undefined) delete headers[name];
    else headers[name] = value;
  }
  const response = await request(`${baseUrl}${options.path}${query ? `?${query}` : ''}`, {
    method,
    headers,
    body: method === 'GET' ? undefined : body,
    dispatcher: options.dispatcher,
    headersTimeout: options.headersTimeout,
  });
  const text = await response.body.text();
  return { status: response.statusCode, text, headers: response.headers, json: parse(text) };
}
