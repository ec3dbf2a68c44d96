// Public types of the exchange simulator: what tests and the command see.
import type { WsLimits } from './ws/session.ts';

export type AccountKind = 'classic' | 'unified';
export type PositionMode = 'hedge_mode' | 'one_way_mode';
export type HoldSide = 'long' | 'short';

/** The three live product types; the S-prefixed demo types map onto these. */
export type LiveProductType = 'USDT-FUTURES' | 'COIN-FUTURES' | 'USDC-FUTURES';
export type ProductTypeName = LiveProductType | 'SUSDT-FUTURES' | 'SCOIN-FUTURES' | 'SUSDC-FUTURES';

export type PlanType =
  | 'normal_plan'
  | 'profit_plan'
  | 'loss_plan'
  | 'pos_profit'
  | 'pos_loss'
  | 'moving_plan'
  | 'track_plan';

export interface PositionSpec {
  productType: ProductTypeName | Lowercase<ProductTypeName>;
  symbol: string;
  holdSide: HoldSide;
  size: string;
  entryPrice?: string;
  markPrice?: string;
  marginCoin?: string;
  leverage?: string;
  /** Simulator liberty: a position may override the account's mode (the real exchange sets it per product type). */
  posMode?: PositionMode;
}

export interface OpenOrderSpec {
  productType: ProductTypeName | Lowercase<ProductTypeName>;
  symbol: string;
  orderId?: string;
}

export interface PlanOrderSpec {
  productType: ProductTypeName | Lowercase<ProductTypeName>;
  symbol: string;
  planType: PlanType;
  orderId?: string;
  /** Quantity the order would close or open; default '1'. */
  size?: string;
  /** The position side it belongs to; default 'long'. */
  holdSide?: HoldSide;
  /** Trigger prices; by default take-profit kinds get one above the contract price, stop-loss kinds one below. */
  takeProfit?: string;
  stopLoss?: string;
}

export interface AccountSpec {
  kind?: AccountKind;
  /** Wallet balance per margin coin (realized; unrealized PnL comes from the positions). Default DEFAULT_BALANCES. */
  balances?: Record<string, string>;
  posMode?: PositionMode;
  demo?: boolean;
  positions?: PositionSpec[];
  openOrders?: OpenOrderSpec[];
  planOrders?: PlanOrderSpec[];
  /** 'read-only' answers 40014 to every write (POST). */
  permissions?: 'trade' | 'read-only';
  /**
   * The key's `authorities` in V2 spot account info, in the docs' codes (coow/cpow futures orders/holdings read-write,
   * coor/cpor read only…). Default: ['coow', 'cpow'] for a trading key, ['coor', 'cpor'] for a read-only one.
   */
  authorities?: string[];
  /** The key's `permissions` in V3 account info (uta_mgt, uta_trade…). Default: uta_trade unless read-only. */
  utaPermissions?: string[];
  /** When set, a request from any other address answers 40018. */
  ipWhitelist?: string[];
  /** Answers 40024 to every private request. */
  frozen?: boolean;
  /** A chosen secret key / passphrase (printable ASCII without spaces, 1–256 characters); random when absent. */
  secretKey?: string;
  passphrase?: string;
}

export interface Credentials {
  apiKey: string;
  secretKey: string;
  passphrase: string;
  uid: string;
}

export interface Position {
  productType: LiveProductType;
  symbol: string;
  holdSide: HoldSide;
  posMode: PositionMode;
  size: string;
  entryPrice: string;
  markPrice: string;
  marginCoin: string;
  leverage: string;
  createdAt: number;
  updatedAt: number;
}

/**
 * A close order the simulator filled (flash close is a market order per position): at the mark price, with the
 * realized PnL against the entry price and a taker fee, as the order-detail, order-info and fills answers show it.
 */
export interface CloseOrder {
  orderId: string;
  clientOid: string;
  productType: LiveProductType;
  symbol: string;
  holdSide: HoldSide;
  posMode: PositionMode;
  marginCoin: string;
  leverage: string;
  /** The size ordered (the position's size) and the size filled. */
  size: string;
  filledSize: string;
  /** The fill price: the mark price at the close. */
  price: string;
  /** In the margin coin. */
  realizedPnl: string;
  /** Negative: a fee paid, in the margin coin. */
  fee: string;
  createdAt: number;
  /** Server time the fill happens (a late fill); before it the order is live with nothing filled. */
  filledAt: number;
}

export interface OpenOrder {
  productType: LiveProductType;
  symbol: string;
  orderId: string;
  clientOid: string;
  createdAt: number;
}

export interface PlanOrder extends OpenOrder {
  planType: PlanType;
  size: string;
  holdSide: HoldSide;
  takeProfit: string;
  stopLoss: string;
}

/** One request as it arrived, byte for byte (secrets removed from the headers). */
export interface RequestLogEntry {
  method: string;
  path: string;
  /** The raw query string without '?', '' when there is none. */
  query: string;
  /** The raw body as received, '' when there is none. */
  body: string;
  /** Lower-case header names; access-passphrase is removed. */
  headers: Record<string, string>;
  receivedAt: number;
  /** Which TCP connection carried it (equal numbers: the connection was reused). */
  connection: number;
  /** Filled in when the answer is sent; absent while in flight, dropped or hung. */
  response?: { status: number; code?: string };
}

export interface AccountView {
  readonly apiKey: string;
  readonly uid: string;
  readonly kind: AccountKind;
  readonly posMode: PositionMode;
  readonly demo: boolean;
  readonly positions: readonly Position[];
  readonly openOrders: readonly OpenOrder[];
  readonly planOrders: readonly PlanOrder[];
  readonly closeOrders: readonly CloseOrder[];
  readonly requests: readonly RequestLogEntry[];
  /** Every close request (V2 or V3) that carried this account's key: count and arrival times. */
  readonly closeRequests: { readonly count: number; readonly times: readonly number[] };
  /** Wallet balance per margin coin: realized only (close fills add their PnL and fee). */
  readonly balances: Readonly<Record<string, string>>;
  /** Balance + the unrealized PnL of that coin's positions at their mark price. */
  equity(marginCoin: string): string;
  /** The unrealized PnL of that coin's positions at their mark price. */
  unrealizedPnl(marginCoin: string): string;
  /** Adds a position now, as if an order had just filled. */
  addPosition(spec: PositionSpec): void;
}

interface FaultTarget {
  /** Upper-case HTTP method; absent: any. */
  method?: string;
  /** Exact request path without the query; absent: any (for close faults: either close route). */
  path?: string;
  /** How many matching requests it applies to; default 1, Infinity allowed. */
  times?: number;
}

/** `retryAfter`: the value of a `Retry-After` header to send with the answer (seconds, or an HTTP date). */
export type TransportFaultKind =
  | { kind: 'delay'; ms: number }
  | { kind: 'drop' }
  | { kind: 'hang' }
  | { kind: 'http-status'; status: 500 | 502 | 503 | 504; body?: string; retryAfter?: string }
  | { kind: 'rate-limit'; retryAfter?: string }
  | { kind: 'malformed' }
  /** HTTP 200 with a zero-byte body, as live V3 once answered (bitget-api.md): no answer at all. */
  | { kind: 'empty-body' }
  | { kind: 'html' }
  /** `noData`: the body is `{"code","msg"}` only, as the exchange sends 40084. */
  | { kind: 'error-code'; code: string; msg?: string; status?: number; retryAfter?: string; noData?: boolean };

export type CloseFaultKind =
  | { kind: 'failure-list'; errorCode: string; errorMsg: string; symbol?: string }
  | { kind: 'close-partial'; remainingFraction?: number }
  | { kind: 'close-delayed'; ms: number }
  /** The positions close at once, but the orders' details say live, nothing filled, for `ms` more (order records lag positions). */
  | { kind: 'order-lag'; ms: number }
  | { kind: 'reopen'; size: string; afterMs?: number };

/**
 * Cancel faults act inside a cancel (V2 cancel-all-orders and cancel-plan-order, V3 cancel-symbol-order): the orders
 * (one, with orderId) stay open and are listed as failures. V2 items carry errorCode only when it is given (the docs'
 * cancel-all-orders item has none); V3 items always carry a code (default "24056", the docs' example).
 */
export type CancelFaultKind = { kind: 'cancel-failure'; errorMsg?: string; errorCode?: string; orderId?: string };

/**
 * Answer faults rewrite a success answer after the request was handled (state changes stay): the body an exchange
 * sends when something upstream is broken. They wait for a success answer: errors do not consume them.
 */
export type AnswerFaultKind =
  /** `data` replaced by this JSON value (null, "x", {}…). */
  | { kind: 'replace-data'; data: unknown }
  /** No `data` key at all. */
  | { kind: 'omit-data' }
  /** `field` set to `value` on every item of the answer's list (`data[]` or `data.list[]`), e.g. total = "abc". */
  | { kind: 'item-field'; field: string; value: unknown };

export type Fault = FaultTarget & (TransportFaultKind | CloseFaultKind | CancelFaultKind | AnswerFaultKind);

export interface FaultHandle {
  readonly fault: Fault;
  /** How many requests it has applied to so far. */
  readonly hits: number;
  readonly remaining: number;
  remove(): void;
}

/**
 * Which of the exchange's answer shapes the simulator sends where the live exchange and its docs differ
 * (../shared/bitget-live): 'live' (the default: practice mode and the tests meet what a trader's app meets) or 'docs'.
 * live: V3 `list: null` when there is none, V2 position pushes without `markPrice`, V2 account pushes without
 * `unrealizedPL`, numeric WebSocket codes, V3 position pushes `positionStatus: "opening"`.
 */
export type AnswerShapes = 'live' | 'docs';

export interface ExchangeOptions {
  /** Default 'live'. */
  shapes?: AnswerShapes;
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  tls?: boolean;
  /** WebSocket limits (ping timeout, message rate, lifetime); the documented ones by default. */
  ws?: Partial<WsLimits>;
  /** Called once per answered (or dropped) request; the command uses it to log. */
  onRequest?: (event: RequestEvent) => void;
}

export interface RequestEvent {
  method: string;
  path: string;
  status: number | 'dropped' | 'hung';
  code?: string;
  apiKey?: string;
  ms: number;
}
