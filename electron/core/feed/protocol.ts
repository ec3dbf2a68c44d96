// Bitget's WebSocket frames as documented (common/websocket-intro; contract/websocket/private Positions and Account
// channels; contract/websocket/public Tickers channel; uta/websocket private Position and Account, public Ticker).
// Anything that does not fit is unreadable: logged and ignored by the socket, never read as "flat".
import { z } from 'zod';
import { PRODUCT_TYPES, UNIFIED_CATEGORIES, unifiedCategoryOfCoin, type AccountKind, type Position, type ProductType } from '../../../shared/bitget.ts';
import { v2PositionSchema } from '../../../shared/exchange-schema.ts';
import { figureNumber } from '../../../shared/figure-number.ts';

/** The string the server answers a string "ping" with. */
export const PONG = 'pong';
export const PING = 'ping';

/** V2 channels name themselves `channel`, V3 topics `topic`; the rest of the argument identifies the stream. */
export type SubscriptionArg = Record<string, string>;

export const subscriptionKey = (arg: SubscriptionArg): string =>
  Object.keys(arg)
    .sort()
    .map((key) => `${key}=${arg[key]}`)
    .join('&');

const text = z.union([z.string(), z.number()]).transform(String);
/** A decimal the exchange writes as a string; "", "abc", "NaN", "1e308" are not one. */
const decimal = figureNumber('signed');

const argSchema = z.record(z.string(), text);

/** login / subscribe / unsubscribe / error answers. `code` is "0" (or 0, or absent) on success. */
export const eventFrameSchema = z.object({
  event: z.string(),
  arg: argSchema.optional(),
  code: text.optional(),
  msg: z.string().nullish(),
});
export type EventFrame = z.infer<typeof eventFrameSchema>;

export const pushFrameSchema = z.object({
  action: z.string().optional(),
  arg: argSchema,
  data: z.array(z.unknown()),
  ts: text.optional(),
});
export type PushFrame = z.infer<typeof pushFrameSchema>;

export type Frame = { kind: 'pong' } | { kind: 'event'; frame: EventFrame } | { kind: 'push'; frame: PushFrame } | { kind: 'unreadable'; reason: string };

export function parseFrame(raw: string): Frame {
  if (raw === PONG) return { kind: 'pong' };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { kind: 'unreadable', reason: 'not JSON' };
  }
  if (json && typeof json === 'object' && 'event' in json) {
    const event = eventFrameSchema.safeParse(json);
    return event.success ? { kind: 'event', frame: event.data } : { kind: 'unreadable', reason: `event frame: ${event.error.issues[0]?.message ?? 'bad shape'}` };
  }
  const push = pushFrameSchema.safeParse(json);
  return push.success ? { kind: 'push', frame: push.data } : { kind: 'unreadable', reason: `push frame: ${push.error.issues[0]?.message ?? 'bad shape'}` };
}

export const isSuccessCode = (code: string | undefined): boolean => code === undefined || code === '' || code === '0' || code === '00000';

// ---- URLs ----

export const BITGET_WS_ORIGIN = 'wss://ws.bitget.com';
/** Bitget's demo-trading WebSocket host (common/demotrading/websocket). */
export const BITGET_DEMO_WS_ORIGIN = 'wss://wspap.bitget.com';

export function socketPaths(kind: AccountKind): { privatePath: string; publicPath: string } {
  return kind === 'unified' ? { privatePath: '/v3/ws/private', publicPath: '/v3/ws/public' } : { privatePath: '/v2/ws/private', publicPath: '/v2/ws/public' };
}

/** Where a custom endpoint (the simulator) serves what stands for Bitget's demo WS host. */
export const CUSTOM_DEMO_WS_PREFIX = '/wspap';

/**
 * The WS base for a REST origin: Bitget's own host → its documented WS host (demo: wspap); any other → http→ws, with
 * the demo host behind CUSTOM_DEMO_WS_PREFIX.
 */
export function socketOrigin(restBaseUrl: string, bitgetBaseUrl: string, demo: boolean): string {
  if (restBaseUrl === bitgetBaseUrl) return demo ? BITGET_DEMO_WS_ORIGIN : BITGET_WS_ORIGIN;
  return `${new URL(restBaseUrl).origin.replace(/^http/, 'ws')}${demo ? CUSTOM_DEMO_WS_PREFIX : ''}`;
}

// ---- login ----

/** What the core hands the socket to log in: the key and passphrase, and a signer that keeps the secret inside. */
export interface LoginSigner {
  apiKey: string;
  passphrase: string;
  /** base64 HMAC-SHA256 of `prehash` with the profile's secret key. */
  sign(prehash: string): string;
  /** Exchange time in milliseconds. */
  timestampMs(): number;
}

/** op:login, signed over `timestamp + "GET" + "/user/verify"`, timestamp in seconds (websocket-intro, Login). */
export function loginFrame(signer: LoginSigner): string {
  const timestamp = String(Math.floor(signer.timestampMs() / 1000));
  const sign = signer.sign(`${timestamp}GET/user/verify`);
  return JSON.stringify({ op: 'login', args: [{ apiKey: signer.apiKey, passphrase: signer.passphrase, timestamp, sign }] });
}

export const subscribeFrame = (op: 'subscribe' | 'unsubscribe', args: SubscriptionArg[]): string => JSON.stringify({ op, args });

// ---- subscriptions ----

export function privateSubscriptions(kind: AccountKind, productTypes: readonly ProductType[]): SubscriptionArg[] {
  if (kind === 'unified') return [{ instType: 'UTA', topic: 'position' }, { instType: 'UTA', topic: 'account' }];
  return productTypes.flatMap((instType): SubscriptionArg[] => [
    { instType, channel: 'positions', instId: 'default' },
    { instType, channel: 'account', coin: 'default' },
  ]);
}

export function tickerSubscription(kind: AccountKind, productType: ProductType, symbol: string): SubscriptionArg {
  if (kind === 'unified') return { instType: productType.toLowerCase(), topic: 'ticker', symbol };
  return { instType: productType, channel: 'ticker', instId: symbol };
}

// ---- pushes ----

const productTypeSchema = z.enum(PRODUCT_TYPES);

const v3WsPositionSchema = z.object({
  category: z.string().optional(),
  symbol: z.string().min(1),
  marginCoin: z.string().min(1),
  holdMode: z.string().default(''),
  posSide: z.enum(['long', 'short']),
  size: figureNumber('non-negative'),
  available: text.default('0'),
  avgPrice: text.optional(),
  openPriceAvg: text.optional(),
  markPrice: text.default(''),
  unrealisedPnl: text.default(''),
  liqPrice: text.default(''),
  leverage: text.default(''),
  marginMode: z.string().default(''),
  positionStatus: z.string().optional(),
});

/** A unified push names its category, or else its margin coin tells it. */
function unifiedProductType(category: string | undefined, marginCoin: string): ProductType | undefined {
  if (category === undefined) return unifiedCategoryOfCoin(marginCoin);
  const upper = category.toUpperCase();
  return UNIFIED_CATEGORIES.find((productType) => productType === upper);
}

export type PositionPush =
  /** Every open position of one product type (V2 positions channel: each push is the whole list). */
  | { kind: 'positions-snapshot'; productType: ProductType; positions: Position[] }
  /** Unified position topic: a snapshot of every category, or changes keyed by symbol and side (size 0 = closed). */
  | { kind: 'unified-positions'; snapshot: boolean; positions: Position[] };

export interface BalancePush {
  kind: 'balances';
  /** `unrealizedPnl` absent: the push did not carry one (live V2 pushes may not); the feed works it out from the marks. */
  balances: { marginCoin: string; equity: string; unrealizedPnl?: string }[];
}

export interface TickerPush {
  kind: 'marks';
  marks: { productType: ProductType; symbol: string; markPrice: string }[];
}

export type Push = PositionPush | BalancePush | TickerPush;

/** `unread`: fields of an otherwise readable push that could not be read and were left out (the caller logs them once). */
type Parsed = { ok: true; push: Push; unread?: string[] } | { ok: false; reason: string } | { ok: 'ignored' };

const firstIssue = (error: z.ZodError) => {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.')}: ${issue.message}` : 'bad shape';
};

/** The live push may come without `unrealizedPL` (bitget-live/ws_v2_account.no_unrealizedPL.live.json). */
const v2AccountSchema = z.object({ marginCoin: z.string().min(1), equity: decimal, unrealizedPL: z.unknown().optional() });
const v3CoinSchema = z.object({ coin: z.string().min(1), equity: decimal, balance: decimal });
const v3AccountSchema = z.object({ totalEquity: decimal, unrealisedPnL: decimal, coin: z.array(v3CoinSchema).optional() });
const tickerSchema = z.object({ instId: z.string().optional(), symbol: z.string().optional(), markPrice: figureNumber('positive') });

/** Reads a data push into what the feed keeps. Channels we did not subscribe to are ignored; a bad one is unreadable. */
export function readPush(frame: PushFrame): Parsed {
  const name = frame.arg.channel ?? frame.arg.topic;
  const instType = frame.arg.instType;
  if (name === 'positions') {
    const productType = productTypeSchema.safeParse(instType);
    if (!productType.success) return { ok: false, reason: `positions push for unknown product type "${instType}"` };
    // The V2 push writes the symbol as instId, where the REST answer writes symbol.
    const items = z.array(z.record(z.string(), z.unknown())).safeParse(frame.data);
    if (!items.success) return { ok: false, reason: `positions push: ${firstIssue(items.error)}` };
    const positions = z.array(v2PositionSchema).safeParse(items.data.map((item) => ({ symbol: item.instId, ...item })));
    if (!positions.success) return { ok: false, reason: `positions push: ${firstIssue(positions.error)}` };
    return { ok: true, push: { kind: 'positions-snapshot', productType: productType.data, positions: positions.data.map((position) => ({ ...position, productType: productType.data })) } };
  }
  if (name === 'position' && instType === 'UTA') {
    const items = z.array(v3WsPositionSchema).safeParse(frame.data);
    if (!items.success) return { ok: false, reason: `position push: ${firstIssue(items.error)}` };
    const positions: Position[] = [];
    for (const item of items.data) {
      const productType = unifiedProductType(item.category, item.marginCoin);
      if (!productType) return { ok: false, reason: `position push for unknown category "${item.category}"` };
      positions.push({
        symbol: item.symbol,
        productType,
        marginCoin: item.marginCoin,
        holdSide: item.posSide,
        size: item.positionStatus === 'ended' ? '0' : item.size,
        available: item.available,
        entryPrice: item.avgPrice ?? item.openPriceAvg ?? '',
        markPrice: item.markPrice,
        unrealizedPnl: item.unrealisedPnl,
        liquidationPrice: Number(item.liqPrice) > 0 ? item.liqPrice : '',
        leverage: item.leverage,
        marginMode: item.marginMode,
        posMode: item.holdMode,
      });
    }
    return { ok: true, push: { kind: 'unified-positions', snapshot: frame.action !== 'update', positions } };
  }
  if (name === 'account' && instType === 'UTA') {
    const accounts = z.array(v3AccountSchema).min(1).safeParse(frame.data);
    if (!accounts.success) return { ok: false, reason: `account push: ${firstIssue(accounts.error)}` };
    // The whole account in USD, and each coin (equity = balance + that coin's unrealized PnL), as the REST read gives
    // them: the guard measures in one coin.
    const balances = accounts.data.flatMap((account) => [
      { marginCoin: 'USD', equity: account.totalEquity, unrealizedPnl: account.unrealisedPnL },
      ...(account.coin ?? []).map((coin) => ({ marginCoin: coin.coin, equity: coin.equity, unrealizedPnl: String(Number(coin.equity) - Number(coin.balance)) })),
    ]);
    return { ok: true, push: { kind: 'balances', balances } };
  }
  if (name === 'account') {
    const accounts = z.array(v2AccountSchema).safeParse(frame.data);
    if (!accounts.success) return { ok: false, reason: `account push: ${firstIssue(accounts.error)}` };
    const unread: string[] = [];
    const balances = accounts.data.map((account) => {
      if (account.unrealizedPL === undefined) return { marginCoin: account.marginCoin, equity: account.equity };
      const unrealized = decimal.safeParse(account.unrealizedPL);
      if (unrealized.success) return { marginCoin: account.marginCoin, equity: account.equity, unrealizedPnl: unrealized.data };
      // One unreadable figure does not cost the equity beside it: it is read as absent, like a push without it.
      unread.push(`account push: ${account.marginCoin} unrealizedPL is not a number`);
      return { marginCoin: account.marginCoin, equity: account.equity };
    });
    return { ok: true, push: { kind: 'balances', balances }, ...(unread.length > 0 ? { unread } : {}) };
  }
  if (name === 'ticker') {
    const productType = productTypeSchema.safeParse(instType?.toUpperCase());
    if (!productType.success) return { ok: false, reason: `ticker push for unknown product type "${instType}"` };
    const tickers = z.array(tickerSchema).safeParse(frame.data);
    if (!tickers.success) return { ok: false, reason: `ticker push: ${firstIssue(tickers.error)}` };
    const marks: TickerPush['marks'] = [];
    for (const ticker of tickers.data) {
      const symbol = ticker.instId ?? ticker.symbol ?? frame.arg.instId ?? frame.arg.symbol;
      if (!symbol) return { ok: false, reason: 'ticker push without a symbol' };
      marks.push({ productType: productType.data, symbol, markPrice: ticker.markPrice });
    }
    return { ok: true, push: { kind: 'marks', marks } };
  }
  return { ok: 'ignored' };
}

/** A login or subscription refusal in plain words; the exchange's own message is kept (it never carries our secret). */
export function explainRefusal(code: string | undefined, msg: string | null | undefined): string {
  const said = msg ? ` ("${msg}")` : '';
  switch (code) {
    case '30005':
    case '30011':
    case '30012':
    case '30015':
      return `The exchange refused the live feed's login: the API key, passphrase or signature was not accepted (code ${code}${said}). Check the profile's key in Settings → Profiles.`;
    case '30013':
    case '30014':
      return `The exchange refused the live feed's login because its timestamp was off (code ${code}${said}); the computer's clock may be wrong.`;
    default:
      return `The exchange refused the live feed (code ${code ?? 'none'}${said}).`;
  }
}
