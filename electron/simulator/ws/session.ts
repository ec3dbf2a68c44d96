// One WebSocket connection's protocol, independent of the transport: text frames in, text frames out, close.
// Login, subscriptions, pushes on change (against what this connection last pushed), the string ping, the message
// rate limit and the ping timeout, as docs/ws-protocol.md records them.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sign } from '../auth.ts';
import type { AccountState } from '../state.ts';
import type { AnswerShapes, LiveProductType } from '../types.ts';
import {
  LOGIN_PATH,
  LOGIN_WINDOW_MS,
  channelKey,
  channelOf,
  isPrivate,
  loginTimestampMs,
  parseFrame,
  scrubFrame,
  wsError,
  type Channel,
  type LoginArg,
  type WsError,
  type WsScope,
  type WsVersion,
} from './protocol.ts';
import { v2Account, v2Positions, v2Ticker, v3Account, v3PositionItem, v3Ticker } from './pushes.ts';

/** Where a session reads accounts and prices (the simulator's store, or the practice file). */
export interface WsAccountSource {
  find(apiKey: string): AccountState | undefined;
  markPrice(productType: LiveProductType, symbol: string): string;
  serverNow(): number;
  /** The live exchange's shapes (numeric codes, no markPrice…) or the docs'; absent: live. */
  shapes?(): AnswerShapes;
  /** Called whenever anything may have changed; returns the unsubscribe function. */
  onChange(listener: () => void): () => void;
}

export interface WsLimits {
  /** No string "ping" for this long → disconnect ([intro]: 2 min). */
  pingTimeoutMs: number;
  /** More frames than this within one second → 30007 and disconnect ([intro]: 10). */
  maxMessagesPerSecond: number;
  /** Forced disconnect after this long ([intro]: every 24 hours). */
  maxLifetimeMs: number;
}

export const DEFAULT_WS_LIMITS: WsLimits = { pingTimeoutMs: 120_000, maxMessagesPerSecond: 10, maxLifetimeMs: 24 * 60 * 60 * 1_000 };

export interface WsTransport {
  send(text: string): void;
  close(code: number, reason: string): void;
}

export interface WsSessionOptions {
  version: WsVersion;
  scope: WsScope;
  /** Connected to the demo host (wspap): only demo keys log in. */
  demoHost: boolean;
  source: WsAccountSource;
  transport: WsTransport;
  limits?: Partial<WsLimits>;
  /** A login refusal fault in force (checked before anything else), or undefined. */
  loginRefusal?: () => WsError | undefined;
  /** A subscription refusal fault: the error a subscribe with this arg is answered with ('no answer': none), or undefined. */
  subscriptionRefusal?: (arg: unknown) => WsError | 'no answer' | undefined;
  /** Each frame received, secrets removed. */
  onFrame?: (text: string) => void;
  /** A broken or hostile feed, for tests: the rewrite in force for pushed data, or undefined. */
  rewritePush?: () => PushRewrite | undefined;
}

/**
 * Rewrites the data of one push before it is sent (by channel kind: 'v2-ticker', 'v3-position', 'v2-account', …);
 * undefined sends nothing (a ticker that answers pings but pushes no price).
 */
export type PushRewrite = (kind: string, data: unknown[]) => unknown[] | undefined;

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function positionKey(position: { productType: string; symbol: string; holdSide: string }): string {
  return `${position.productType}|${position.symbol}|${position.holdSide}`;
}

interface Held {
  channel: Channel;
  arg: unknown;
  /** What was last pushed, to compare against (V3 position: per position). */
  last?: string;
  lastPositions?: Map<string, { text: string; item: Record<string, string> }>;
}

export class WsSession {
  readonly #options: WsSessionOptions;
  readonly #limits: WsLimits;
  readonly #held = new Map<string, Held>();
  readonly #received: number[] = [];
  #apiKey: string | undefined;
  #silenced = false;
  #closed = false;
  /** The connection id the live exchange's login answer carries. */
  readonly #connId = randomBytes(8).toString('hex');
  #pingTimer: NodeJS.Timeout | undefined;
  readonly #lifetimeTimer: NodeJS.Timeout;
  readonly #stopListening: () => void;

  constructor(options: WsSessionOptions) {
    this.#options = options;
    this.#limits = { ...DEFAULT_WS_LIMITS, ...options.limits };
    this.#armPingTimer();
    this.#lifetimeTimer = setTimeout(() => this.close(1000, 'connection lifetime over (24 h)'), this.#limits.maxLifetimeMs);
    this.#lifetimeTimer.unref();
    this.#stopListening = options.source.onChange(() => this.#pushChanges());
  }

  get loggedIn(): boolean {
    return this.#apiKey !== undefined;
  }

  get silenced(): boolean {
    return this.#silenced;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** A dead link: the connection stays open, but nothing is answered or pushed and no timer closes it. */
  silence(): void {
    this.#silenced = true;
    this.#clearTimers();
  }

  receive(text: string): void {
    if (this.#closed) return;
    this.#options.onFrame?.(scrubFrame(text));
    if (this.#silenced) return;
    if (this.#overRate()) {
      this.#send({ event: 'error', ...wsError('30007') });
      this.close(1008, 'message rate over 10 per second');
      return;
    }
    if (text === 'ping') {
      this.#armPingTimer();
      this.#sendText('pong');
      return;
    }
    const frame = parseFrame(text);
    if (!frame) return this.#send({ event: 'error', ...wsError('30002') });
    if (frame.op === 'other') return this.#send({ event: 'error', ...wsError('30003') });
    if (frame.op === 'login') return this.#login(frame.arg);
    for (const arg of frame.args) {
      if (frame.op === 'subscribe') this.#subscribe(arg);
      else this.#unsubscribe(arg);
    }
  }

  close(code: number, reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.dispose();
    this.#options.transport.close(code, reason);
  }

  /** The transport closed: stop timers and listening. */
  dispose(): void {
    this.#closed = true;
    this.#clearTimers();
    this.#stopListening();
  }

  #clearTimers(): void {
    if (this.#pingTimer) clearTimeout(this.#pingTimer);
    this.#pingTimer = undefined;
    clearTimeout(this.#lifetimeTimer);
  }

  #armPingTimer(): void {
    if (this.#pingTimer) clearTimeout(this.#pingTimer);
    this.#pingTimer = setTimeout(() => this.close(1000, 'no ping received in time'), this.#limits.pingTimeoutMs);
    this.#pingTimer.unref();
  }

  #overRate(): boolean {
    const now = Date.now();
    this.#received.push(now);
    while (this.#received.length > 0 && this.#received[0]! <= now - 1_000) this.#received.shift();
    return this.#received.length > this.#limits.maxMessagesPerSecond;
  }

  #sendText(text: string): void {
    if (!this.#closed && !this.#silenced) this.#options.transport.send(text);
  }

  #shapes(): AnswerShapes {
    return this.#options.source.shapes?.() ?? 'live';
  }

  /** A frame's `code`: a number on the live exchange (`"code":0`, `"code":30015`), a string in the docs. */
  #code(code: string): string | number {
    return this.#shapes() === 'live' && /^\d+$/.test(code) ? Number(code) : code;
  }

  #send(frame: unknown): void {
    const coded = frame as { code?: unknown };
    const withCode = typeof coded.code === 'string' && coded.code !== '' ? { ...coded, code: this.#code(coded.code) } : frame;
    this.#sendText(JSON.stringify(withCode));
  }

  #loginError(error: WsError): void {
    // The docs say a failed login disconnects ([intro]); the live exchange leaves the socket open
    // (bitget-live/ws_login.err30015.live.json): the client has to close it.
    this.#send({ event: 'error', code: error.code, msg: error.msg });
  }

  #login(arg: LoginArg | undefined): void {
    const refusal = this.#options.loginRefusal?.();
    if (refusal) return this.#loginError(refusal);
    if (this.#options.scope !== 'private') return this.#loginError(wsError('30003', 'Login is only possible on the private endpoint'));
    if (!arg) return this.#loginError(wsError('30005'));
    const { source } = this.#options;
    const timestampMs = loginTimestampMs(arg.timestamp);
    if (timestampMs === undefined) return this.#loginError(wsError('30013'));
    if (Math.abs(timestampMs - source.serverNow()) > LOGIN_WINDOW_MS) return this.#loginError(wsError('30014'));
    const account = source.find(arg.apiKey);
    // A demo key does not exist on the live host, nor a live key on the demo host.
    if (!account || account.demo !== this.#options.demoHost) return this.#loginError(wsError('30011'));
    if (!sameText(arg.passphrase, account.credentials.passphrase)) return this.#loginError(wsError('30012'));
    if (!sameText(arg.sign, sign(account.credentials.secretKey, `${arg.timestamp}GET${LOGIN_PATH}`))) return this.#loginError(wsError('30015'));
    const wanted = this.#options.version === 'v3' ? 'unified' : 'classic';
    if (account.kind !== wanted) {
      const use = account.kind === 'unified' ? 'the V3 (unified account) WebSocket' : 'the V2 (classic account) WebSocket';
      return this.#loginError(wsError('30005', `Login failed: this key belongs to a ${account.kind} account; use ${use}`));
    }
    this.#apiKey = arg.apiKey;
    this.#send(this.#shapes() === 'live' ? { event: 'login', code: '0', connId: this.#connId } : { event: 'login', code: '0', msg: '' });
  }

  #answer(event: 'subscribe' | 'unsubscribe', arg: unknown): void {
    this.#send(this.#options.version === 'v3' ? { event, arg, code: '', msg: '' } : { event, arg });
  }

  #subscribe(arg: unknown): void {
    const refusal = this.#options.subscriptionRefusal?.(arg);
    if (refusal === 'no answer') return;
    if (refusal) return this.#send({ event: 'error', arg, code: refusal.code, msg: refusal.msg });
    const channel = channelOf(arg, this.#options);
    if (!channel) return this.#send({ event: 'error', arg, ...wsError('30001') });
    if (isPrivate(channel) && !this.loggedIn) return this.#send({ event: 'error', arg, ...wsError('30004') });
    const key = channelKey(channel);
    const held: Held = { channel, arg };
    this.#held.set(key, held);
    this.#answer('subscribe', arg);
    this.#push(held, true);
  }

  #unsubscribe(arg: unknown): void {
    const channel = channelOf(arg, this.#options);
    if (!channel) return this.#send({ event: 'error', arg, ...wsError('30001') });
    this.#held.delete(channelKey(channel));
    this.#answer('unsubscribe', arg);
  }

  #account(): AccountState | undefined {
    return this.#apiKey === undefined ? undefined : this.#options.source.find(this.#apiKey);
  }

  #pushChanges(): void {
    if (this.#closed || this.#silenced) return;
    for (const held of this.#held.values()) this.#push(held, false);
  }

  /** Pushes the channel's data when it differs from what was last pushed (always on subscribe). */
  #push(held: Held, first: boolean): void {
    const { channel } = held;
    const { source } = this.#options;
    const now = source.serverNow();
    const arg = held.arg;
    const send = (action: 'snapshot' | 'update', data: unknown[], compare: string) => {
      if (!first && compare === held.last) return;
      held.last = compare;
      const sent = this.#rewritten(channel.kind, data);
      if (sent) this.#send({ action, arg, data: sent, ts: now });
    };
    switch (channel.kind) {
      case 'v2-ticker': {
        const mark = source.markPrice(channel.productType, channel.symbol);
        return send(first ? 'snapshot' : 'update', [v2Ticker(channel.instId, channel.symbol, mark, now)], mark);
      }
      case 'v3-ticker': {
        const mark = source.markPrice(channel.productType, channel.symbol);
        return send(first ? 'snapshot' : 'update', [v3Ticker(channel.symbol, mark, now)], mark);
      }
      case 'v2-positions': {
        const account = this.#account();
        if (!account) return;
        const data = v2Positions(account, channel.productType, channel.requested, this.#shapes());
        return send('snapshot', data, withoutPriceFields(data));
      }
      case 'v2-account': {
        const account = this.#account();
        if (!account) return;
        const data = v2Account(account, channel.productType, (type, symbol) => source.markPrice(type, symbol), this.#shapes());
        return send('snapshot', data, withoutPriceFields(data));
      }
      case 'v3-account': {
        const account = this.#account();
        if (!account) return;
        const data = [v3Account(account, (type, symbol) => source.markPrice(type, symbol))];
        return send(first ? 'snapshot' : 'update', data, withoutPriceFields(data));
      }
      case 'v3-position': {
        const account = this.#account();
        if (!account) return;
        return this.#pushV3Positions(held, account, first, now);
      }
    }
  }

  /** V3 pushes are incremental: the snapshot lists every open position, updates only the changed and the ended ones. */
  #pushV3Positions(held: Held, account: AccountState, first: boolean, now: number): void {
    const current = new Map<string, { text: string; item: Record<string, string> }>();
    for (const position of account.positions) {
      const item = v3PositionItem(position, this.#shapes());
      current.set(positionKey(position), { text: withoutPriceFields(item), item });
    }
    const previous = held.lastPositions ?? new Map();
    held.lastPositions = current;
    if (first) {
      const sent = this.#rewritten(held.channel.kind, [...current.values()].map((entry) => entry.item));
      if (sent) this.#send({ action: 'snapshot', arg: held.arg, data: sent, ts: now });
      return;
    }
    const changed = [...current].filter(([key, entry]) => previous.get(key)?.text !== entry.text).map(([, entry]) => entry.item);
    const ended = [...previous].filter(([key]) => !current.has(key)).map(([, entry]) => ({ ...entry.item, size: '0', available: '0', marginSize: '0', unrealisedPnl: '0', positionStatus: 'ended', updatedTime: String(now) }));
    const data = this.#rewritten(held.channel.kind, [...changed, ...ended]);
    if (data && data.length > 0) this.#send({ action: 'update', arg: held.arg, data, ts: now });
  }

  #rewritten(kind: string, data: unknown[]): unknown[] | undefined {
    const rewrite = this.#options.rewritePush?.();
    return rewrite ? rewrite(kind, data) : data;
  }
}

/**
 * The exchange pushes positions and the account on order events (orders created, filled, cancelled; transfers), never
 * because a price moved: what a price moves (mark, unrealized PnL, equity) is left out of the comparison that decides
 * whether to push, so a client can only learn live prices from the ticker, as against the real exchange.
 */
const PRICE_FIELDS: ReadonlySet<string> = new Set([
  'markPrice',
  'unrealizedPL',
  'unrealizedPLR',
  'unrealisedPnl',
  'unrealisedPnL',
  'liquidationPrice',
  'liqPrice',
  'profitRate',
  'equity',
  'usdtEquity',
  'totalEquity',
  'effEquity',
  'usdValue',
]);

function withoutPriceFields(data: unknown): string {
  return JSON.stringify(data, (key, value: unknown) => (PRICE_FIELDS.has(key) ? undefined : value));
}
