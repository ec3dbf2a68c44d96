// Public types of the fault proxy: the rules a test sets and the log of what passed through.

export const POSITIONS_PATHS = ['/api/v2/mix/position/all-position', '/api/v3/position/current-position'] as const;
export const CLOSE_PATHS = ['/api/v2/mix/order/close-positions', '/api/v3/trade/close-positions'] as const;

interface RuleTarget {
  /** Upper-case HTTP method; absent: any (status-on-reads only ever matches GET). */
  method?: 'GET' | 'POST';
  /** Exact request path(s) without the query; absent: any (positions-* modes: both positions paths). */
  path?: string | readonly string[];
  /** How many matching requests it applies to; default Infinity (forever). */
  times?: number;
}

export type ProxyMode =
  /** Forward, then send the answer's head and `afterBytes` bytes of its body (default 16) and destroy the socket. */
  | { mode: 'reset'; afterBytes?: number }
  /**
   * A successful positions answer with `data: null` (V3 with `nullAt: 'list'`: `data: {}`, the list missing; never
   * `{list: null}`, which is how the live exchange says a unified account is flat: ../shared/bitget-live).
   */
  | { mode: 'positions-data-null'; nullAt?: 'data' | 'list' }
  /** Every position of a successful positions answer gets `total` = this value (default "abc"). */
  | { mode: 'positions-bad-size'; total?: string }
  /**
   * Not forwarded: an error answer that echoes every request header, as a misbehaving proxy or WAF would.
   * html: HTTP 403 text/html; json: `{code, msg: <headers>}`. `firstHeader` is echoed first (short snippets show it).
   */
  | { mode: 'echo-headers'; format?: 'html' | 'json'; status?: number; code?: string; firstHeader?: string }
  /** Not forwarded: GET requests answer this status (default 502, a gateway's HTML page); POSTs pass. */
  | { mode: 'status-on-reads'; status?: number; body?: string }
  /** Wait before forwarding and/or before answering; the request is forwarded even when the client gave up. */
  | { mode: 'delay'; beforeForwardMs?: number; beforeAnswerMs?: number };

export type ProxyModeName = ProxyMode['mode'];
export type ProxyRule = RuleTarget & ProxyMode;

export interface RuleHandle {
  readonly rule: ProxyRule;
  /** How many requests it has applied to so far. */
  readonly hits: number;
  remove(): void;
}

/** One request as it passed through. Headers as received, lower-case names, access-passphrase removed. */
export interface ProxyLogEntry {
  method: string;
  path: string;
  /** Raw query string without '?', '' when there is none. */
  query: string;
  body: string;
  headers: Record<string, string>;
  /** The rule that applied, if any. */
  mode?: ProxyModeName;
  /** Epoch ms when the request arrived at the proxy. */
  receivedAt: number;
  /** Whether the request was sent on to the upstream (the simulator). */
  forwarded: boolean;
  /** The upstream's answer, as it came back (absent when not forwarded or when the upstream never answered). */
  upstream?: { status: number; body: string };
  /** What the client was sent: a status, or 'reset' when the socket was destroyed mid-answer. */
  status?: number | 'reset';
  /** The body the client was sent (after any rewrite); absent for a reset and for echoed headers. */
  answer?: string;
  /** True when the upstream's answer was changed (or replaced) before it reached the client. */
  rewritten: boolean;
  /**
   * Epoch ms when the proxy handed the answer to the connection (or, for a client that left first, when it left).
   * A client cannot have seen the answer before this moment.
   */
  answeredAt?: number;
  /** True when the whole answer was written while the client was still connected. */
  delivered: boolean;
  /** receivedAt → answeredAt. */
  ms?: number;
}
