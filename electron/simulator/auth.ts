// What Bitget verifies before it looks at a private request: headers, timestamp, key, passphrase,
// signature over the exact bytes received, content type, locale, then the key's restrictions.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ApiError, apiError } from './responses.ts';
import type { AccountState, AccountStore } from './state.ts';

/** How far the ACCESS-TIMESTAMP may be from the server clock, either way. */
export const TIMESTAMP_WINDOW_MS = 30_000;
const ALLOWED_LOCALES: ReadonlySet<string> = new Set(['en-US', 'zh-CN']);

export interface SignedRequest {
  method: string;
  path: string;
  /** Raw query string as received, without '?'. */
  query: string;
  /** Raw body bytes as received. */
  body: Buffer;
  headers: Record<string, string>;
  remoteAddress: string;
}

/** timestamp + METHOD + path + ('?' + query if any) + body, as bytes. */
export function prehash(timestamp: string, method: string, path: string, query: string, body: Buffer | string): Buffer {
  const head = `${timestamp}${method.toUpperCase()}${path}${query ? `?${query}` : ''}`;
  return Buffer.concat([Buffer.from(head), typeof body === 'string' ? Buffer.from(body) : body]);
}

/** base64(HMAC-SHA256(secretKey, prehash)). */
export function sign(secretKey: string, payload: Buffer | string): string {
  return createHmac('sha256', secretKey).update(payload).digest('base64');
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** '::ffff:127.0.0.1' and '127.0.0.1' are the same client. */
export function normaliseAddress(address: string): string {
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}

function requireHeader(headers: Record<string, string>, name: string, code: '40001' | '40002' | '40003' | '40011'): string {
  const value = headers[name];
  if (value === undefined || value === '') throw apiError(400, code);
  return value;
}

function checkContentType(request: SignedRequest): void {
  if (request.method !== 'POST') return;
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') throw apiError(400, '40007');
}

function checkLocale(headers: Record<string, string>): void {
  const locale = headers['locale'];
  if (locale !== undefined && !ALLOWED_LOCALES.has(locale)) {
    throw new ApiError(400, '40020', 'Parameter locale error');
  }
}

function checkRestrictions(account: AccountState, request: SignedRequest): void {
  const whitelist = account.ipWhitelist;
  if (whitelist && !whitelist.includes(normaliseAddress(request.remoteAddress))) throw apiError(400, '40018');
  if (account.frozen) throw apiError(400, '40024');
  if (account.readOnly && request.method === 'POST') throw apiError(400, '40014');
}

/**
 * The account whose key signed the request, or an ApiError saying what is wrong. `beforeSignature` runs once the key
 * and passphrase are known good, before the signature is checked (checks the exchange makes that early).
 */
export function authenticate(request: SignedRequest, store: AccountStore, serverNow: number, beforeSignature?: (account: AccountState) => void): AccountState {
  const { headers } = request;
  const apiKey = requireHeader(headers, 'access-key', '40001');
  const signature = requireHeader(headers, 'access-sign', '40002');
  const timestamp = requireHeader(headers, 'access-timestamp', '40003');
  const passphrase = requireHeader(headers, 'access-passphrase', '40011');

  if (!/^\d{1,16}$/.test(timestamp)) throw apiError(400, '40005');
  if (Math.abs(Number(timestamp) - serverNow) > TIMESTAMP_WINDOW_MS) throw apiError(400, '40008');

  const account = store.find(apiKey);
  if (!account) throw apiError(400, '40006');
  if (!sameText(passphrase, account.credentials.passphrase)) throw apiError(400, '40012');
  beforeSignature?.(account);

  const expected = sign(account.credentials.secretKey, prehash(timestamp, request.method, request.path, request.query, request.body));
  if (!sameText(signature, expected)) throw apiError(400, '40009');

  checkContentType(request);
  checkLocale(headers);
  checkRestrictions(account, request);
  return account;
}
