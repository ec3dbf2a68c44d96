// One profile's live feed: the private socket (positions, account) and the public ticker for the contracts held,
// merged into one FeedSnapshot. While the private socket is not live, REST polling stands in (source 'rest'); while the
// public ticker cannot give a held contract's mark (socket down or blocked, subscription refused), REST tickers do.
import { UNIFIED_CATEGORIES, type AccountKind, type Position, type ProductType, type Result } from '../../../shared/bitget.ts';
import { FEED_STALE_AFTER_MS, unrealizedPnlAt, type AccountBalance, type FeedSnapshot, type FeedStatus, type FeedUpdate, type MarkPrice } from '../../../shared/feed.ts';
import { privateSubscriptions, tickerSubscription, type LoginSigner, type Push } from './protocol.ts';
import { createFeedSocket, type FeedSocket, type FeedSocketTiming } from './socket.ts';
import type { SocketTransport } from './transport.ts';

export const POLL_INTERVAL_MS = 2_000;
/** REST tickers standing in for the public socket: one read per product type a second, far under the documented 20/s. */
export const MARK_POLL_INTERVAL_MS = 1_000;

export interface ProfileFeedOptions {
  profile: string;
  accountKind: AccountKind;
  /** The live product types read (classic: one positions and one account channel each). */
  productTypes?: readonly ProductType[];
  privateUrl: string;
  publicUrl: string;
  transport: SocketTransport;
  login: () => LoginSigner;
  /** A REST read of the same figures, used only while the private socket is not live. */
  poll: () => Promise<Result<FeedSnapshot>>;
  /** REST tickers: the marks of these contracts, used only for held contracts the live ticker does not price. */
  readMarks?: (productType: ProductType, symbols: string[]) => Promise<Result<MarkPrice[]>>;
  markPollIntervalMs?: number;
  /** A REST read made just before opening: shown until the socket is live. */
  initial?: FeedSnapshot;
  onUpdate(update: FeedUpdate): void;
  pollIntervalMs?: number;
  socketTiming?: Partial<FeedSocketTiming>;
  now?: () => number;
  log?(line: string): void;
}

export interface ProfileFeed {
  current(): FeedUpdate;
  close(): void;
}

const positionKey = (position: Pick<Position, 'productType' | 'symbol' | 'holdSide'>) => `${position.productType}:${position.symbol}:${position.holdSide}`;
const markKey = (productType: ProductType, symbol: string) => `${productType}:${symbol}`;
const newer = (a: MarkPrice | undefined, b: MarkPrice | undefined) => (a && b ? (a.receivedAt >= b.receivedAt ? a : b) : (a ?? b));

export function createProfileFeed(options: ProfileFeedOptions): ProfileFeed {
  const now = options.now ?? Date.now;
  const productTypes = options.accountKind === 'unified' ? UNIFIED_CATEGORIES : (options.productTypes ?? UNIFIED_CATEGORIES);
  const pollIntervalMs = options.pollIntervalMs ?? POLL_INTERVAL_MS;

  // Figures from the sockets: cleared whenever the private socket leaves 'live' (a new connection sends new snapshots).
  let socketPositions: Partial<Record<ProductType, Position[]>> = {};
  let unifiedPositions: Map<string, Position> | undefined;
  let balances = new Map<string, AccountBalance>();
  // Balances pushed without their unrealized PnL: kept back until the positions and their marks can tell it.
  let unpriced = new Map<string, Omit<AccountBalance, 'unrealizedPnl'>>();
  const marks = new Map<string, MarkPrice>();
  // The ticker's marks pushed on the public socket's current connection: known current (the ticker pushes every move).
  let currentMarks = new Map<string, MarkPrice>();
  // The mark each position push carried, current as of that push: stands in for a contract the ticker has not priced
  // yet (a position just opened), so the figures are not called stale before the ticker's first push.
  let pushedMarks = new Map<string, MarkPrice>();
  // Marks read over REST for held contracts the live ticker does not price, each as of its read.
  const restMarks = new Map<string, MarkPrice>();
  let markPolling = false;
  let markPollTimer: NodeJS.Timeout | undefined;
  let markPollProblem: string | undefined;
  let privateConfirmedAt: number | undefined;
  let publicConfirmedAt: number | undefined;
  let restSnapshot: FeedSnapshot | undefined = options.initial;
  let pollProblem: string | undefined;
  let closed = false;
  let publicStarted = false;
  let polling = false;
  let pollTimer: NodeJS.Timeout | undefined;
  let lastEmitted = '';

  const privateSocket: FeedSocket = createFeedSocket({
    name: 'private',
    url: options.privateUrl,
    transport: options.transport,
    login: options.login,
    onPush: (push) => {
      readPush(push);
      emit();
    },
    onState: (state) => {
      if (state !== 'live') {
        // A REST read from before what the socket last confirmed is history, not the account now: never shown again.
        if (restSnapshot && privateConfirmedAt !== undefined && restSnapshot.confirmedAt < privateConfirmedAt) restSnapshot = undefined;
        socketPositions = {};
        unifiedPositions = undefined;
        balances = new Map();
        unpriced = new Map();
        pushedMarks = new Map();
        privateConfirmedAt = undefined;
      }
      // Connecting for the first time, the initial read stands in; once down, REST polling does until it is live.
      if (state === 'down' || (state === 'connecting' && !options.initial)) startPolling();
      emit();
    },
    onConfirmed: (at) => {
      privateConfirmedAt = at;
      emit();
    },
    ...(options.log ? { log: options.log } : {}),
    ...(options.socketTiming ? { timing: options.socketTiming } : {}),
    now,
  });

  const publicSocket: FeedSocket = createFeedSocket({
    name: 'public',
    url: options.publicUrl,
    transport: options.transport,
    onPush: (push) => {
      readPush(push);
      emit();
    },
    onState: (state) => {
      if (state !== 'live') {
        publicConfirmedAt = undefined;
        currentMarks = new Map();
      } else priceBalances();
      startMarkPolling();
      emit();
    },
    onConfirmed: (at) => {
      publicConfirmedAt = at;
      emit();
    },
    ...(options.log ? { log: options.log } : {}),
    ...(options.socketTiming ? { timing: options.socketTiming } : {}),
    now,
  });

  function readPush(push: Push) {
    const at = now();
    if (push.kind === 'positions-snapshot') {
      socketPositions = { ...socketPositions, [push.productType]: push.positions };
    } else if (push.kind === 'unified-positions') {
      if (push.snapshot || !unifiedPositions) unifiedPositions = push.snapshot ? new Map() : unifiedPositions;
      if (unifiedPositions) {
        for (const position of push.positions) {
          if (Number(position.size) > 0) unifiedPositions.set(positionKey(position), position);
          else unifiedPositions.delete(positionKey(position));
        }
        socketPositions = Object.fromEntries(productTypes.map((productType) => [productType, [...unifiedPositions!.values()].filter((position) => position.productType === productType)]));
      }
    }
    if (push.kind === 'positions-snapshot' || push.kind === 'unified-positions') {
      for (const position of push.positions) {
        if (Number(position.markPrice) > 0) pushedMarks.set(markKey(position.productType, position.symbol), { productType: position.productType, symbol: position.symbol, markPrice: position.markPrice, receivedAt: at });
      }
    }
    if (push.kind === 'balances') {
      for (const { unrealizedPnl, ...balance } of push.balances) {
        if (unrealizedPnl === undefined) {
          // Until it is priced, no balance of that coin: the guard is blind rather than reading an older equity.
          balances.delete(balance.marginCoin);
          unpriced.set(balance.marginCoin, { ...balance, receivedAt: at });
          continue;
        }
        unpriced.delete(balance.marginCoin);
        balances.set(balance.marginCoin, { ...balance, unrealizedPnl, receivedAt: at });
      }
    } else if (push.kind === 'marks') {
      for (const mark of push.marks) {
        marks.set(markKey(mark.productType, mark.symbol), { ...mark, receivedAt: at });
        currentMarks.set(markKey(mark.productType, mark.symbol), { ...mark, receivedAt: at });
      }
    }
    priceBalances();
    followHeldSymbols();
  }

  /**
   * A balance pushed without its unrealized PnL gets the one of its coin's positions at the first current ticker marks
   * for all of them (the exchange's `equity` is taken to include it, as REST `accountEquity` does: unconfirmed for the
   * push). Only marks of the ticker's current connection count: one from before a reconnect may be old.
   */
  function priceBalances() {
    if (unpriced.size === 0 || !productTypes.every((productType) => socketPositions[productType] !== undefined)) return;
    const held = Object.values(socketPositions).flat();
    for (const [coin, balance] of unpriced) {
      let total = 0;
      let priced = true;
      for (const position of held.filter((candidate) => candidate.marginCoin.toUpperCase() === coin.toUpperCase())) {
        const mark = publicSocket.state === 'live' ? currentMarks.get(markKey(position.productType, position.symbol)) : undefined;
        const pnl = mark ? unrealizedPnlAt(position, Number(mark.markPrice)) : undefined;
        if (pnl === undefined) priced = false;
        else total += pnl;
      }
      if (!priced) continue;
      unpriced.delete(coin);
      balances.set(coin, { ...balance, unrealizedPnl: String(Number(total.toFixed(8))), unrealizedFrom: 'marks' });
    }
  }

  const socketComplete = () => privateSocket.state === 'live' && privateConfirmedAt !== undefined && productTypes.every((productType) => socketPositions[productType] !== undefined);

  function heldPositions(): Position[] {
    const positions = socketComplete() ? socketPositions : (restSnapshot?.positions ?? {});
    return Object.values(positions).flat();
  }

  /** The ticker follows the contracts held: subscribe the new ones, unsubscribe those closed. */
  function followHeldSymbols() {
    const held = heldPositions();
    const args = [...new Map(held.map((position) => [markKey(position.productType, position.symbol), tickerSubscription(options.accountKind, position.productType, position.symbol)])).values()];
    if (args.length > 0 && !publicStarted) {
      publicStarted = true;
      publicSocket.setSubscriptions(args);
      publicSocket.start();
    } else publicSocket.setSubscriptions(args);
    startMarkPolling();
  }

  /** Held contracts the live ticker does not price now, by product type. */
  function unpricedByTicker(): Map<ProductType, string[]> {
    const tickerLive = publicSocket.state === 'live';
    const wanted = new Map<ProductType, string[]>();
    for (const position of heldPositions()) {
      if (tickerLive && marks.has(markKey(position.productType, position.symbol))) continue;
      const symbols = wanted.get(position.productType) ?? [];
      if (!symbols.includes(position.symbol)) symbols.push(position.symbol);
      wanted.set(position.productType, symbols);
    }
    return wanted;
  }

  async function markPollLoop() {
    for (let wanted = unpricedByTicker(); !closed && wanted.size > 0; wanted = unpricedByTicker()) {
      for (const [productType, symbols] of wanted) {
        const read = await options.readMarks!(productType, symbols).catch((error: unknown): Result<MarkPrice[]> => ({
          ok: false,
          error: { kind: 'unknown', message: error instanceof Error ? error.message : String(error), hint: '' },
        }));
        if (closed) break;
        if (read.ok) for (const mark of read.value) restMarks.set(markKey(mark.productType, mark.symbol), mark);
        const problem = read.ok ? undefined : `The mark prices could not be read over REST either: ${read.error.message}`;
        if (problem && problem !== markPollProblem) options.log?.(`[feed] ${problem}`);
        markPollProblem = problem;
      }
      emit();
      await new Promise<void>((resolve) => {
        markPollTimer = setTimeout(resolve, options.markPollIntervalMs ?? MARK_POLL_INTERVAL_MS);
      });
    }
    markPolling = false;
  }

  function startMarkPolling() {
    if (!options.readMarks || markPolling || closed || unpricedByTicker().size === 0) return;
    markPolling = true;
    void markPollLoop();
  }

  function heldMarks(held: Position[]): { marks: MarkPrice[]; confirmedAt: number | undefined } {
    const needed = new Set(held.map((position) => markKey(position.productType, position.symbol)));
    const shown = [...marks.entries()].filter(([key]) => needed.has(key)).map(([, mark]) => mark);
    if (needed.size === 0) return { marks: shown, confirmedAt: Number.POSITIVE_INFINITY };
    const tickerLive = publicSocket.state === 'live';
    if (shown.length === needed.size && tickerLive) return { marks: shown, confirmedAt: publicConfirmedAt };
    // Contracts the live ticker has not priced (yet): the mark their position push carried, current as of that push.
    const priced = new Set(tickerLive ? [...marks.keys()].filter((key) => needed.has(key)) : []);
    const standIns = [...needed].filter((key) => !priced.has(key)).map((key) => newer(pushedMarks.get(key), restMarks.get(key)));
    if (standIns.some((mark) => mark === undefined)) return { marks: shown, confirmedAt: undefined };
    const used = [...shown.filter((mark) => priced.has(markKey(mark.productType, mark.symbol))), ...(standIns as MarkPrice[])];
    const oldest = Math.min(...(standIns as MarkPrice[]).map((mark) => mark.receivedAt), ...(priced.size > 0 ? [publicConfirmedAt ?? 0] : []));
    return { marks: used, confirmedAt: oldest > 0 ? oldest : undefined };
  }

  function snapshot(): FeedSnapshot | undefined {
    if (socketComplete()) {
      const held = Object.values(socketPositions).flat();
      const live = heldMarks(held);
      // Every figure is current only as of the older of the two sockets' confirmations.
      const confirmedAt = Math.min(privateConfirmedAt!, live.confirmedAt ?? 0);
      return {
        profile: options.profile,
        accountKind: options.accountKind,
        source: 'websocket',
        positions: socketPositions,
        balances: [...balances.values()],
        marks: live.marks,
        confirmedAt: confirmedAt > 0 ? confirmedAt : privateConfirmedAt! - FEED_STALE_AFTER_MS - 1,
      };
    }
    if (!restSnapshot) return undefined;
    const fromTicker = heldMarks(Object.values(restSnapshot.positions).flat()).marks;
    const merged = new Map(restSnapshot.marks.map((mark) => [markKey(mark.productType, mark.symbol), mark]));
    for (const mark of fromTicker) if (mark.receivedAt >= (merged.get(markKey(mark.productType, mark.symbol))?.receivedAt ?? 0)) merged.set(markKey(mark.productType, mark.symbol), mark);
    return { ...restSnapshot, marks: [...merged.values()] };
  }

  function current(): FeedUpdate {
    const shown = snapshot();
    const stale = !shown || now() - shown.confirmedAt > FEED_STALE_AFTER_MS;
    const problem = privateSocket.problem || pollProblem || publicSocket.problem || markPollProblem || (shown && stale && shown.source === 'websocket' ? 'Mark prices for the contracts held are not current.' : undefined);
    const status: FeedStatus = {
      profile: options.profile,
      socket: privateSocket.state,
      source: shown?.source ?? 'none',
      ...(shown ? { confirmedAt: shown.confirmedAt } : {}),
      stale,
      ...(problem ? { problem } : {}),
    };
    return { status, ...(shown ? { snapshot: shown } : {}) };
  }

  function emit() {
    if (closed) return;
    const update = current();
    const fingerprint = JSON.stringify(update);
    if (fingerprint === lastEmitted) return;
    lastEmitted = fingerprint;
    options.onUpdate(update);
  }

  async function pollLoop() {
    // Until the socket's own figures are complete: a socket live again but not yet pushed its snapshots shows nothing.
    const live = () => socketComplete();
    while (!closed && !live()) {
      const read = await options.poll().catch((error: unknown): Result<FeedSnapshot> => ({
        ok: false,
        error: { kind: 'unknown', message: `The positions could not be read: ${error instanceof Error ? error.message : String(error)}`, hint: '' },
      }));
      if (closed) break;
      if (read.ok) {
        restSnapshot = read.value;
        pollProblem = undefined;
        followHeldSymbols();
      } else {
        pollProblem = `The positions could not be read over REST either: ${read.error.message}`;
      }
      emit();
      if (live()) break;
      await new Promise<void>((resolve) => {
        pollTimer = setTimeout(resolve, pollIntervalMs);
      });
    }
    polling = false;
  }

  function startPolling() {
    if (polling || closed) return;
    polling = true;
    void pollLoop();
  }

  // Staleness is a matter of time passing: look again every second.
  const staleTimer = setInterval(() => {
    startMarkPolling();
    emit();
  }, 1_000);
  staleTimer.unref?.();

  privateSocket.setSubscriptions(privateSubscriptions(options.accountKind, productTypes));
  privateSocket.start();
  followHeldSymbols();

  return {
    current,
    close() {
      closed = true;
      clearInterval(staleTimer);
      clearTimeout(pollTimer);
      clearTimeout(markPollTimer);
      privateSocket.close();
      publicSocket.close();
    },
  };
}
