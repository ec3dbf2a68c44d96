// Bitget's WebSocket frames as documented (docs/ws-protocol.md): the error codes, the login and subscribe frames,
// and which channels each endpoint knows.
import { z } from 'zod';
import { PRODUCT_TYPE_NAMES, isLegacyDemoType, liveTypeOf, resolveSymbol } from '../contracts.ts';
import type { LiveProductType, ProductTypeName } from '../types.ts';

export type WsVersion = 'v2' | 'v3';
export type WsScope = 'public' | 'private';

/** The four endpoints the simulator serves (the exchange's paths; `/wspap` in front stands for the demo host). */
export const WS_PATHS: Readonly<Record<string, { version: WsVersion; scope: WsScope }>> = {
  '/v2/ws/public': { version: 'v2', scope: 'public' },
  '/v2/ws/private': { version: 'v2', scope: 'private' },
  '/v3/ws/public': { version: 'v3', scope: 'public' },
  '/v3/ws/private': { version: 'v3', scope: 'private' },
};
/** `ws://host:port/wspap/v2/ws/private` is the simulator's stand-in for `wss://wspap.bitget.com/v2/ws/private`. */
export const DEMO_PREFIX = '/wspap';

export function endpointOf(pathname: string): { version: WsVersion; scope: WsScope; demoHost: boolean } | undefined {
  const demoHost = pathname.startsWith(`${DEMO_PREFIX}/`);
  const endpoint = WS_PATHS[demoHost ? pathname.slice(DEMO_PREFIX.length) : pathname];
  return endpoint && { ...endpoint, demoHost };
}

export const WS_ERRORS = {
  '30001': 'Channel does not exist',
  '30002': 'Illegal request',
  '30003': 'Invalid op',
  '30004': 'User needs to log in',
  '30005': 'Login failed',
  '30007': 'Request over limit,connection close',
  '30011': 'Invalid ACCESS_KEY',
  '30012': 'Invalid ACCESS_PASSPHRASE',
  '30013': 'Invalid ACCESS_TIMESTAMP',
  '30014': 'Request timestamp expired',
  '30015': 'Invalid signature',
} as const;
export type WsErrorCode = keyof typeof WS_ERRORS;

export interface WsError {
  code: string;
  msg: string;
}

export function wsError(code: WsErrorCode, msg: string = WS_ERRORS[code]): WsError {
  return { code, msg };
}

/** The login timestamp may be from the server clock by at most this much, either way ([intro]: "expire in 30 seconds"). */
export const LOGIN_WINDOW_MS = 30_000;
/** The text `prehash` of a WebSocket login: timestamp + "GET" + "/user/verify". */
export const LOGIN_PATH = '/user/verify';

const loginArgSchema = z.object({ apiKey: z.string().min(1), passphrase: z.string().min(1), timestamp: z.string().min(1), sign: z.string().min(1) });
export type LoginArg = z.infer<typeof loginArgSchema>;

const frameSchema = z.object({ op: z.string(), args: z.array(z.unknown()) });

export type ClientFrame =
  | { op: 'login'; arg: LoginArg | undefined }
  | { op: 'subscribe' | 'unsubscribe'; args: unknown[] }
  | { op: 'other' };

/** A text frame as an operation, or undefined when it is not a frame Bitget would read (30002). */
export function parseFrame(text: string): ClientFrame | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const frame = frameSchema.safeParse(json);
  if (!frame.success) return undefined;
  const { op, args } = frame.data;
  if (op === 'login') {
    const arg = loginArgSchema.safeParse(args[0]);
    return { op, arg: args.length === 1 && arg.success ? arg.data : undefined };
  }
  if (op === 'subscribe' || op === 'unsubscribe') return { op, args };
  return { op: 'other' };
}

/** Timestamp in ms from the login's text: 13 digits are ms, 10 digits seconds (the docs show both); else undefined. */
export function loginTimestampMs(timestamp: string): number | undefined {
  if (/^\d{13}$/.test(timestamp)) return Number(timestamp);
  if (/^\d{10}$/.test(timestamp)) return Number(timestamp) * 1_000;
  return undefined;
}

/** A channel a session can hold, keyed so that subscribing twice is one subscription. */
export type Channel =
  | { kind: 'v2-positions'; productType: LiveProductType; requested: ProductTypeName }
  | { kind: 'v2-account'; productType: LiveProductType; requested: ProductTypeName }
  | { kind: 'v2-ticker'; productType: LiveProductType; requested: ProductTypeName; symbol: string; instId: string }
  | { kind: 'v3-position' }
  | { kind: 'v3-account' }
  | { kind: 'v3-ticker'; productType: LiveProductType; symbol: string };

export function isPrivate(channel: Channel): boolean {
  return !channel.kind.endsWith('ticker');
}

export function channelKey(channel: Channel): string {
  switch (channel.kind) {
    case 'v2-positions':
    case 'v2-account':
      return `${channel.kind}:${channel.requested}`;
    case 'v2-ticker':
      return `${channel.kind}:${channel.requested}:${channel.symbol}`;
    case 'v3-ticker':
      return `${channel.kind}:${channel.productType}:${channel.symbol}`;
    default:
      return channel.kind;
  }
}

const V2_ARG = z.object({ instType: z.string(), channel: z.string(), instId: z.string().optional(), coin: z.string().optional() });
const V3_ARG = z.object({ instType: z.string(), topic: z.string(), symbol: z.string().optional() });
const V3_PUBLIC_TYPES: Readonly<Record<string, LiveProductType>> = { 'usdt-futures': 'USDT-FUTURES', 'coin-futures': 'COIN-FUTURES', 'usdc-futures': 'USDC-FUTURES' };

/**
 * The channel an arg names on this endpoint, or undefined when the endpoint has no such channel (30001). The docs'
 * names exactly: upper-case V2 product types (S-types only on the demo host), `default` for instId/coin, V3 `UTA`.
 */
export function channelOf(arg: unknown, endpoint: { version: WsVersion; scope: WsScope; demoHost: boolean }): Channel | undefined {
  if (endpoint.version === 'v2') {
    const parsed = V2_ARG.safeParse(arg);
    if (!parsed.success) return undefined;
    const { instType, channel, instId, coin } = parsed.data;
    const requested = PRODUCT_TYPE_NAMES.find((name) => name === instType);
    if (!requested || (isLegacyDemoType(requested) && !endpoint.demoHost)) return undefined;
    const productType = liveTypeOf(requested);
    if (endpoint.scope === 'private') {
      if (channel === 'positions' && instId === 'default' && coin === undefined) return { kind: 'v2-positions', productType, requested };
      if (channel === 'account' && coin === 'default' && instId === undefined) return { kind: 'v2-account', productType, requested };
      return undefined;
    }
    if (channel !== 'ticker' || instId === undefined || coin !== undefined) return undefined;
    const symbol = resolveSymbol(instId, requested);
    return symbol ? { kind: 'v2-ticker', productType, requested, symbol, instId } : undefined;
  }
  const parsed = V3_ARG.safeParse(arg);
  if (!parsed.success) return undefined;
  const { instType, topic, symbol } = parsed.data;
  if (endpoint.scope === 'private') {
    if (instType !== 'UTA' || symbol !== undefined) return undefined;
    if (topic === 'position') return { kind: 'v3-position' };
    if (topic === 'account') return { kind: 'v3-account' };
    return undefined;
  }
  const productType = V3_PUBLIC_TYPES[instType];
  if (!productType || topic !== 'ticker' || symbol === undefined) return undefined;
  const known = resolveSymbol(symbol, productType);
  return known ? { kind: 'v3-ticker', productType, symbol: known } : undefined;
}

/** A received frame as the frame log keeps it: login's passphrase and sign removed. */
export function scrubFrame(text: string): string {
  const frame = parseFrame(text);
  if (frame === undefined && /passphrase|sign/i.test(text)) return '(unreadable frame that may hold a secret: not kept)';
  if (frame?.op !== 'login') return text;
  try {
    const json = JSON.parse(text) as { op: string; args: unknown[] };
    const args = json.args.map((arg) => {
      if (typeof arg !== 'object' || arg === null) return arg;
      const { passphrase: _passphrase, sign: _sign, ...rest } = arg as Record<string, unknown>;
      return rest;
    });
    return JSON.stringify({ ...json, args });
  } catch {
    return '(login frame)';
  }
}
