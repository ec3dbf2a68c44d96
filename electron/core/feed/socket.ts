// One Bitget WebSocket kept alive: connect, log in (private), subscribe, string ping, pong timeout, reconnect with
// capped exponential backoff and jitter, log in and subscribe again. A refused login closes the socket (the exchange
// leaves it open) and waits long before trying again. A refused subscription (30016…) is given up until the next
// connection, never a reconnect; a push for anything not subscribed is dropped unread; 30033 (service upgrade
// announced) reconnects at once.
import type { SocketState } from '../../../shared/feed.ts';
import {
  PING,
  explainRefusal,
  isSuccessCode,
  loginFrame,
  parseFrame,
  readPush,
  subscribeFrame,
  subscriptionKey,
  type LoginSigner,
  type Push,
  type SubscriptionArg,
} from './protocol.ts';
import type { SocketConnection, SocketTransport } from './transport.ts';

export interface FeedSocketTiming {
  /** A string ping this often (Bitget asks for one at least every 30 s; ≤ 10 messages/s). */
  pingIntervalMs: number;
  /** No pong this long after a ping: the link is dead, reconnect. */
  pongTimeoutMs: number;
  /** From connecting to logged in and subscribed. */
  readyTimeoutMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** After a refused login: wait this long (doubling, up to 10 min) before trying again. */
  refusedRetryMs: number;
}

/** A dead link is noticed within ping + pong timeout (6 s), well inside FEED_STALE_AFTER_MS (10 s). */
export const DEFAULT_SOCKET_TIMING: FeedSocketTiming = {
  pingIntervalMs: 3_000,
  pongTimeoutMs: 3_000,
  readyTimeoutMs: 8_000,
  backoffBaseMs: 500,
  backoffMaxMs: 30_000,
  refusedRetryMs: 60_000,
};
const REFUSED_RETRY_MAX_MS = 600_000;
/** The exchange announces a service upgrade with this code; the socket may drop within 60 s. */
const SERVICE_UPGRADE_CODE = '30033';
/** After this many connections in a row that never opened (a blocked path, a refused upgrade), retry slowly. */
const FAILED_OPENS_BEFORE_SLOW_RETRY = 5;
/** Distinct "ignored" lines logged per socket; past this, one more line says the rest are not logged. */
const LOGGED_ONCE_MAX = 50;

/**
 * Whether a frame's arg belongs to a wanted subscription: every field both carry agrees (case aside), and the channel or
 * topic is named. Lower-cased `wanted`.
 */
function argMatches(wanted: Readonly<Record<string, string>>, arg: Readonly<Record<string, string>>): boolean {
  if (arg['channel'] === undefined && arg['topic'] === undefined) return false;
  for (const key in wanted) {
    const value = arg[key];
    if (value !== undefined && value.toLowerCase() !== wanted[key]) return false;
  }
  return true;
}

const lowerCased = (arg: SubscriptionArg): Record<string, string> => Object.fromEntries(Object.entries(arg).map(([key, value]) => [key, value.toLowerCase()]));

export interface FeedSocketOptions {
  /** 'private' or 'public', in logs and problems. */
  name: string;
  url: string;
  transport: SocketTransport;
  /** Private sockets log in with this before subscribing; it is asked again for every connection. */
  login?: () => LoginSigner;
  onPush(push: Push): void;
  onState(state: SocketState, problem?: string): void;
  /** A pong or a push on a logged-in, fully subscribed socket: the feed is current as of `at`. */
  onConfirmed(at: number): void;
  /** The exchange refused a subscription (given up until the next connection); `arg` when the refusal named it. */
  onRefused?(arg: SubscriptionArg, words: string): void;
  /** A push on a subscribed stream that could not be read: what it said is unknown from now on. */
  onUnreadable?(arg: Record<string, string>, reason: string): void;
  log?(line: string): void;
  timing?: Partial<FeedSocketTiming>;
  random?: () => number;
  now?: () => number;
}

export interface FeedSocket {
  readonly state: SocketState;
  readonly problem: string | undefined;
  start(): void;
  /** The streams wanted now; subscribes and unsubscribes the difference on a connected socket. */
  setSubscriptions(args: SubscriptionArg[]): void;
  close(): void;
}

/** Full-jitter-ish: between half and all of base·2^attempt, capped. */
export function backoffDelay(attempt: number, timing: Pick<FeedSocketTiming, 'backoffBaseMs' | 'backoffMaxMs'>, random: () => number): number {
  const ceiling = Math.min(timing.backoffMaxMs, timing.backoffBaseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function createFeedSocket(options: FeedSocketOptions): FeedSocket {
  const timing = { ...DEFAULT_SOCKET_TIMING, ...options.timing };
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const log = (line: string) => options.log?.(`[feed ${options.name}] ${line}`);

  let desired = new Map<string, SubscriptionArg>();
  let desiredLower: [string, Record<string, string>][] = [];
  let state: SocketState = 'off';
  let problem: string | undefined;
  let running = false;
  let attempt = 0;
  let refusals = 0;
  let failedOpens = 0;
  let reconnectTimer: NodeJS.Timeout | undefined;

  // The current connection; every callback of an older one is ignored.
  let generation = 0;
  let connection: SocketConnection | undefined;
  let opened = false;
  let loggedIn = false;
  let acked = new Set<string>();
  let refusedKeys = new Set<string>();
  const loggedOnce = new Set<string>();
  let pingTimer: NodeJS.Timeout | undefined;
  let pongTimer: NodeJS.Timeout | undefined;
  let readyTimer: NodeJS.Timeout | undefined;
  let secrets: string[] = [];

  const setState = (next: SocketState, why?: string) => {
    if (state === next && problem === why) return;
    state = next;
    problem = why;
    options.onState(next, why);
  };

  const hide = (words: string) => secrets.reduce((shown, secret) => (secret ? shown.split(secret).join('***') : shown), words);

  const clearConnectionTimers = () => {
    clearInterval(pingTimer);
    clearTimeout(pongTimer);
    clearTimeout(readyTimer);
    pingTimer = pongTimer = readyTimer = undefined;
  };

  const allSubscribed = () => [...desired.keys()].every((key) => acked.has(key) || refusedKeys.has(key));
  const wantedKeyOf = (arg: Readonly<Record<string, string>>) => desiredLower.find(([, wanted]) => argMatches(wanted, arg))?.[0];

  function logOnce(key: string, line: string) {
    if (loggedOnce.has(key) || loggedOnce.size > LOGGED_ONCE_MAX) return;
    loggedOnce.add(key);
    log(loggedOnce.size > LOGGED_ONCE_MAX ? `${line} (further lines like this are not logged)` : line);
  }

  /** A subscription the exchange will not give: given up until the next connection, never a reason to reconnect. */
  function subscriptionRefused(arg: Record<string, string> | undefined, code: string | undefined, msg: string | null | undefined) {
    const named = arg ? wantedKeyOf(arg) : undefined;
    // An error that names no subscription refuses those still unanswered.
    const keys = named ? [named] : [...desired.keys()].filter((key) => !acked.has(key) && !refusedKeys.has(key));
    const words = code === undefined ? `the exchange did not answer the subscription (${msg ?? 'no answer'})` : `the exchange refused the subscription (code ${code}${msg ? `, "${msg}"` : ''})`;
    if (keys.length === 0) logOnce(`error ${code ?? ''} ${msg ?? ''}`, hide(`ignored an error that names no pending subscription: ${words}`));
    for (const key of keys) {
      refusedKeys.add(key);
      logOnce(`refused ${key}`, hide(`${key}: ${words}; not asked again until the next connection`));
      const wanted = desired.get(key);
      if (wanted) options.onRefused?.(wanted, words);
    }
    becomeLiveIfReady();
  }
  const ready = () => (options.login ? loggedIn : true) && allSubscribed();

  function becomeLiveIfReady() {
    if (state === 'live' || !ready()) return;
    clearTimeout(readyTimer);
    readyTimer = undefined;
    setState('live');
    options.onConfirmed(now());
  }

  function sendSubscriptions(op: 'subscribe' | 'unsubscribe', args: SubscriptionArg[]) {
    if (args.length > 0) connection?.send(subscribeFrame(op, args));
  }

  /** Ends the current connection and, unless closed, schedules the next one after `delayMs`. */
  function drop(reason: string, next: { state: SocketState; problem: string; delayMs: number }) {
    generation += 1;
    clearConnectionTimers();
    const ending = connection;
    connection = undefined;
    ending?.close();
    if (!running) return;
    log(`${reason}; next try in ${next.delayMs} ms`);
    setState(next.state, next.problem);
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(connect, next.delayMs);
  }

  function dropAndRetry(reason: string) {
    const delayMs = backoffDelay(attempt, timing, random);
    attempt += 1;
    drop(reason, { state: 'down', problem: `The live ${options.name} connection to the exchange was lost (${reason}); reconnecting.`, delayMs });
  }

  function refused(words: string) {
    const delayMs = Math.min(REFUSED_RETRY_MAX_MS, timing.refusedRetryMs * 2 ** Math.min(refusals, 10));
    refusals += 1;
    drop('login refused', { state: 'down', problem: hide(words), delayMs });
  }

  /** Unreadable fields already logged: a field that is unreadable in every push is logged once, not every push. */
  const loggedUnread = new Set<string>();

  function onMessage(text: string) {
    const frame = parseFrame(text);
    if (frame.kind === 'pong') {
      clearTimeout(pongTimer);
      pongTimer = undefined;
      if (state === 'live') {
        attempt = 0;
        options.onConfirmed(now());
      }
      return;
    }
    if (frame.kind === 'unreadable') {
      log(`ignored an unreadable frame (${frame.reason})`);
      return;
    }
    if (frame.kind === 'event') {
      const { event, code, msg, arg } = frame.frame;
      if (code === SERVICE_UPGRADE_CODE) {
        return drop(`the exchange announced a service upgrade (${SERVICE_UPGRADE_CODE})`, {
          state: 'down',
          problem: `The exchange announced a service upgrade; the live ${options.name} connection is being renewed.`,
          delayMs: timing.backoffBaseMs,
        });
      }
      if (event === 'login') {
        if (!isSuccessCode(code)) return refused(explainRefusal(code, msg));
        loggedIn = true;
        refusals = 0;
        sendSubscriptions('subscribe', [...desired.values()]);
        becomeLiveIfReady();
        return;
      }
      if (event === 'error') {
        if (options.login && !loggedIn) return refused(explainRefusal(code, msg));
        return subscriptionRefused(arg, code, msg);
      }
      if (event === 'subscribe' && arg) {
        acked.add(wantedKeyOf(arg) ?? subscriptionKey(arg));
        becomeLiveIfReady();
      }
      return;
    }
    // Pushes for what was not subscribed (or no longer is) are dropped before they are read.
    if (wantedKeyOf(frame.frame.arg) === undefined) {
      const { instType, channel, topic, instId, symbol } = frame.frame.arg;
      logOnce(`push ${instType}|${channel ?? topic}|${instId ?? symbol}`, `ignored pushes for ${[instType, channel ?? topic, instId ?? symbol].filter(Boolean).join(' ')}: not subscribed`);
      return;
    }
    const read = readPush(frame.frame);
    if (read.ok === 'ignored') return;
    if (read.ok === false) {
      log(`ignored an unreadable push (${read.reason})`);
      options.onUnreadable?.(frame.frame.arg, read.reason);
      return;
    }
    for (const field of read.unread ?? []) {
      if (loggedUnread.has(field)) continue;
      loggedUnread.add(field);
      log(`read a push without a field it could not read (${field})`);
    }
    options.onPush(read.push);
    if (state === 'live') options.onConfirmed(now());
  }

  function connect() {
    reconnectTimer = undefined;
    if (!running) return;
    generation += 1;
    const mine = generation;
    opened = false;
    loggedIn = false;
    acked = new Set();
    refusedKeys = new Set();
    setState('connecting', problem);
    const current = () => mine === generation;
    let signer: LoginSigner | undefined;
    try {
      signer = options.login?.();
    } catch (error) {
      refused(`The live feed cannot log in: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (signer) secrets = [signer.apiKey, signer.passphrase];
    readyTimer = setTimeout(() => {
      if (!current()) return;
      // A public socket that has answered some subscriptions but not others: the silent ones are refused, not retried
      // by reconnecting (one symbol the exchange ignores would otherwise loop the socket forever).
      if (!options.login && opened && acked.size > 0) return subscriptionRefused(undefined, undefined, `no answer within ${timing.readyTimeoutMs} ms`);
      dropAndRetry(`no ${options.login ? 'login and ' : ''}subscription answer within ${timing.readyTimeoutMs} ms`);
    }, timing.readyTimeoutMs);
    connection = options.transport(options.url, {
      onOpen: () => {
        if (!current()) return;
        opened = true;
        if (signer) connection?.send(loginFrame(signer));
        else {
          sendSubscriptions('subscribe', [...desired.values()]);
          becomeLiveIfReady();
        }
        pingTimer = setInterval(() => {
          if (!current()) return;
          connection?.send(PING);
          pongTimer ??= setTimeout(() => {
            if (current()) dropAndRetry(`no pong within ${timing.pongTimeoutMs} ms`);
          }, timing.pongTimeoutMs);
        }, timing.pingIntervalMs);
      },
      onMessage: (text) => {
        if (current()) onMessage(text);
      },
      onClose: (reason) => {
        if (!current()) return;
        failedOpens = opened ? 0 : failedOpens + 1;
        if (failedOpens < FAILED_OPENS_BEFORE_SLOW_RETRY) return dropAndRetry(hide(reason));
        // The path cannot be used (blocked, or the upgrade refused): try again slowly, never in a loop.
        const delayMs = Math.min(REFUSED_RETRY_MAX_MS, timing.refusedRetryMs * 2 ** Math.min(failedOpens - FAILED_OPENS_BEFORE_SLOW_RETRY, 10));
        drop(hide(`could not be opened ${failedOpens} times in a row (${reason})`), {
          state: 'down',
          problem: `The live ${options.name} connection to the exchange cannot be opened (${hide(reason)}); trying again in ${Math.round(delayMs / 1_000)} s.`,
          delayMs,
        });
      },
    });
  }

  return {
    get state() {
      return state;
    },
    get problem() {
      return problem;
    },
    start() {
      if (running) return;
      running = true;
      connect();
    },
    setSubscriptions(args) {
      const next = new Map(args.map((arg) => [subscriptionKey(arg), arg]));
      const added = [...next].filter(([key]) => !desired.has(key)).map(([, arg]) => arg);
      const removed = [...desired].filter(([key]) => !next.has(key)).map(([, arg]) => arg);
      desired = next;
      desiredLower = [...next].map(([key, arg]) => [key, lowerCased(arg)]);
      for (const arg of removed) {
        acked.delete(subscriptionKey(arg));
        refusedKeys.delete(subscriptionKey(arg));
      }
      if (!connection || !opened || (options.login && !loggedIn)) return;
      sendSubscriptions('unsubscribe', removed);
      sendSubscriptions('subscribe', added);
      becomeLiveIfReady();
    },
    close() {
      running = false;
      clearTimeout(reconnectTimer);
      drop('closed', { state: 'off', problem: '', delayMs: 0 });
      setState('off');
    },
  };
}
