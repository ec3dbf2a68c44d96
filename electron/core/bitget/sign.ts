// Request signing exactly as Bitget documents it (API V2 and V3, HMAC keys).
import { createHmac } from 'node:crypto';

export type QueryParams = Record<string, string | undefined>;

/** Keys sorted ascending, `k=v&k=v`, blank values left out, not percent-encoded: the same string is signed and sent. */
export function canonicalQuery(params: QueryParams = {}): string {
  return Object.keys(params)
    .filter((key) => params[key] !== undefined && params[key] !== '')
    .sort()
    .map((key) => `${key}=${params[key]}`)
    .join('&');
}

export function prehash(timestamp: string, method: string, requestPath: string, queryString: string, body: string): string {
  return `${timestamp}${method.toUpperCase()}${requestPath}${queryString ? `?${queryString}` : ''}${body}`;
}

export function sign(secretKey: string, prehashString: string): string {
  return createHmac('sha256', secretKey).update(prehashString, 'utf8').digest('base64');
}

export interface SignedHeadersInput {
  apiKey: string;
  secretKey: string;
  passphrase: string;
  timestamp: string;
  method: string;
  requestPath: string;
  queryString: string;
  body: string;
  /** Demo trading on the normal product types: adds `paptrading: 1` (not part of the prehash). */
  paptrading: boolean;
}

export function signedHeaders(input: SignedHeadersInput): Record<string, string> {
  const headers: Record<string, string> = {
    'ACCESS-KEY': input.apiKey,
    'ACCESS-SIGN': sign(input.secretKey, prehash(input.timestamp, input.method, input.requestPath, input.queryString, input.body)),
    'ACCESS-TIMESTAMP': input.timestamp,
    'ACCESS-PASSPHRASE': input.passphrase,
    'Content-Type': 'application/json',
    locale: 'en-US',
  };
  if (input.paptrading) headers.paptrading = '1';
  return headers;
}
