// One profile's live feed: the private socket (positions, account) and the public ticker for the contracts held,
// merged into one FeedSnapshot. While the private socket is not live, REST polling stands in (source 'rest'); while the
// public ticker cannot give a held contract's mark (socket down or blocked, subscription refused), REST tickers do.
import { UNIFIED_CATEGORIES, type AccountKind, type Position, type ProductType, type Result } from '../../../shared/bitget.ts';
import { FEED_STALE_AFTER_MS, unrealizedPnlAt, type AccountBalance, type FeedSnapshot, type FeedStatus, type FeedUpdate, type MarkPrice } from '../../../shared/feed.ts';
import { figureProblem } from '../../../shared/figure-number.ts';
import { privateSubscriptions, tickerSubscription, type LoginSigner, type Push } from './protocol.ts';
import { createFeedSocket, type FeedSocket, type FeedSocketTiming } from './socket.ts';
import type { SocketTransport } from './transport.ts';

export const POLL_INTERVAL_MS = 2_000;
/** REST tickers standing in for the public socket: one read per product type a second, far under the documented 20/s. */
export const MARK_POLL_INTERVAL_MS = 1_000;
/** A held contract's mark older than this is read over REST too (marks are stale after FEED_STALE_AFTER_MS). */
export const MARK_REFRESH_AFTER_MS = 5_000;

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
  /**
   * REST tickers: the marks of these contracts, read for held contracts the live ticker does not price, or whose newest
   * mark is older than MARK_REFRESH_AFTER_MS (a ticker that pushes only on moves, or not at all).
   */
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
  // The mark each position push carried, current as of that push: stands in for a contract the ticker has not priced
  // yet (a position just opened), so the figures are not called stale before the ticker's first push.
  let pushedMarks = new Map<string, MarkPrice>();
  // Marks read over REST for held contracts the live ticker does not price, each as of its read.
  const restMarks = new Map<string, MarkPrice>();
  let markPolling = false;
  let markPollTimer: NodeJS.Timeout | undefined;
  let markPollProblem: string | undefined;
  let privateConfirmedAt: number | undefined;
  let restSnapshot: FeedSnapshot | undefined = options.initial;
  let pollProblem: string | undefined;
  let unreadProblem: string | undefined;
  let balancesUnread = false;
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
        unreadProblem = undefined;
        balancesUnread = false;
      }
      // Connecting for the first time, the initial read stands in; once down, REST polling does until it is live.
      if (state === 'down' || (state === 'connecting' && !options.initial)) startPolling();
      emit();
    },
    onConfirmed: (at) => {
      privateConfirmedAt = at;
      emit();
    },
    onUnreadable: (arg, reason) => {
      forgetUnread(arg, reason);
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
      if (state === 'live') priceBalances();
      startMarkPolling();
      emit();
    },
    // A pong dates no mark: each mark is as current as its own arrival.
    onConfirmed: () => undefined,
    ...(options.log ? { log: options.log } : {}),
    ...(options.socketTiming ? { timing: options.socketTiming } : {}),
    now,
  });

  function readPush(push: Push) {
    const at = now();
    if (push.kind === 'positions-snapshot' || (push.kind === 'unified-positions' && push.snapshot)) unreadProblem = undefined;
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
        if (!figureProblem(position.markPrice, 'positive')) pushedMarks.set(markKey(position.productType, position.symbol), { productType: position.productType, symbol: position.symbol, markPrice: position.markPrice, receivedAt: at });
      }
    }
    if (push.kind === 'balances') {
      balancesUnread = false;
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
      for (const mark of push.marks) marks.set(markKey(mark.productType, mark.symbol), { ...mark, receivedAt: at });
    }
    priceBalances();
    followHeldSymbols();
  }

  /**
   * A balance pushed without its unrealized PnL gets the one of its coin's positions at the first current ticker marks
   * for all of them (the exchange's `equity` is taken to include it, as REST `accountEquity` does: unconfirmed for the
   * push). Only fresh marks count, each dated by its arrival.
   */
  function priceBalances() {
    if (unpriced.size === 0 || !productTypes.every((productType) => socketPositions[productType] !== undefined)) return;
    const held = Object.values(socketPositions).flat();
    for (const [coin, balance] of unpriced) {
      let total = 0;
      let priced = true;
      for (const position of held.filter((candidate) => candidate.marginCoin.toUpperCase() === coin.toUpperCase())) {
        const mark = freshMark(markKey(position.productType, position.symbol));
        const pnl = mark ? unrealizedPnlAt(position, Number(mark.markPrice)) : undefined;
        if (pnl === undefined) priced = false;
        else total += pnl;
      }
      if (!priced) continue;
      unpriced.delete(coin);
      balances.set(coin, { ...balance, unrealizedPnl: String(Number(total.toFixed(8))), unrealizedFrom: 'marks' });
    }
  }

  /**
   * A positions or account push that could not be read leaves what it was about unknown (positions: that product type,
   * a unified one every category; balances: all), never the old figures shown as live: the figures come over REST until
   * the socket sends them again.
   */
  function forgetUnread(arg: Record<string, string>, reason: string) {
    const name = arg.channel ?? arg.topic;
    if (name === 'positions') {
      const { [arg.instType as ProductType]: _unread, ...rest } = socketPositions;
      socketPositions = rest;
    } else if (name === 'position') {
      unifiedPositions = undefined;
      socketPositions = {};
    } else if (name === 'account') {
      balances = new Map();
      balancesUnread = true;
    } else {
      return;
    }
    if (restSnapshot && privateConfirmedAt !== undefined && restSnapshot.confirmedAt < privateConfirmedAt) restSnapshot = undefined;
    unreadProblem = `An update of the ${name === 'account' ? 'balances' : 'positions'} (${arg.instType ?? 'unknown product type'}) could not be read (${reason}): the account is read over REST until the live feed sends it again.`;
    startPolling();
  }

  const socketComplete = () => privateSocket.state === 'live' && privateConfirmedAt !== undefined && !balancesUnread && productTypes.every((productType) => socketPositions[productType] !== undefined);

  function heldPositions(): Position[] {
    const positions = socketComplete() ? socketPositions : (restSnapshot?.positions ?? {});
    return Object.values(positions).flat();
  }

  /** The ticker follows the contracts held: subscribe the new ones, unsubscribe those closed. */
  function followHeldSymbols() {
    const held = heldPositions();
    const followed = new Map(held.map((position) => [markKey(position.productType, position.symbol), tickerSubscription(options.accountKind, position.productType, position.symbol)]));
    // The last mark of a ticker left is history: a position that opens again waits for the ticker's new one.
    for (const key of marks.keys()) if (!followed.has(key)) marks.delete(key);
    for (const key of pushedMarks.keys()) if (!followed.has(key)) pushedMarks.delete(key);
    for (const key of restMarks.keys()) if (!followed.has(key)) restMarks.delete(key);
    const args = [...followed.values()];
    if (args.length > 0 && !publicStarted) {
      publicStarted = true;
      publicSocket.setSubscriptions(args);
      publicSocket.start();
    } else publicSocket.setSubscriptions(args);
    startMarkPolling();
  }

  /** The newest mark of a contract: the ticker's, its position push's or the REST ticker's, each dated by its arrival. */
  function newestMark(key: string): MarkPrice | undefined {
    return newer(newer(marks.get(key), pushedMarks.get(key)), restMarks.get(key));
  }

  function freshMark(key: string): MarkPrice | undefined {
    const mark = newestMark(key);
    return mark && now() - mark.receivedAt <= FEED_STALE_AFTER_MS ? mark : undefined;
  }

  /** Held contracts to price over REST, by product type: the live ticker does not price them, or their mark is aging. */
  function wantingRestMarks(): Map<ProductType, string[]> {
    const tickerLive = publicSocket.state === 'live';
    const wanted = new Map<ProductType, string[]>();
    for (const position of heldPositions()) {
      const key = markKey(position.productType, position.symbol);
      const newest = newestMark(key);
      if (tickerLive && marks.has(key) && newest && now() - newest.receivedAt <= MARK_REFRESH_AFTER_MS) continue;
      const symbols = wanted.get(position.productType) ?? [];
      if (!symbols.includes(position.symbol)) symbols.push(position.symbol);
      wanted.set(position.productType, symbols);
    }
    return wanted;
  }

  async function markPollLoop() {
    for (let wanted = wantingRestMarks(); !closed && wanted.size > 0; wanted = wantingRestMarks()) {
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
    if (!options.readMarks || markPolling || closed || wantingRestMarks().size === 0) return;
    markPolling = true;
    void markPollLoop();
  }

  /**
   * The mark of each contract held: the newest of the ticker's, the one its position push carried and the REST ticker's,
   * each dated by its arrival (a ticker that answers pings but pushes nothing leaves its marks to age). confirmedAt: the oldest of them.
   */
  function heldMarks(held: Position[]): { marks: MarkPrice[]; confirmedAt: number | undefined } {
    const needed = new Set(held.map((position) => markKey(position.productType, position.symbol)));
    if (needed.size === 0) return { marks: [], confirmedAt: Number.POSITIVE_INFINITY };
    const used = [...needed].map(newestMark).filter((mark) => mark !== undefined);
    if (used.length < needed.size) return { marks: used, confirmedAt: undefined };
    return { marks: used, confirmedAt: Math.min(...used.map((mark) => mark.receivedAt)) };
  }

  function snapshot(): FeedSnapshot | undefined {
    if (socketComplete()) {
      const held = Object.values(socketPositions).flat();
      const live = heldMarks(held);
      // The figures are current as of the private socket's confirmation while every mark is fresh by its own arrival;
      // once one is stale (or missing), only as of that mark.
      const marksFresh = live.confirmedAt !== undefined && now() - live.confirmedAt <= FEED_STALE_AFTER_MS;
      const confirmedAt = marksFresh ? privateConfirmedAt! : Math.min(privateConfirmedAt!, live.confirmedAt ?? 0);
      return {
        profile: options.profile,
        accountKind: options.accountKind,
        source: 'websocket',
        positions: socketPositions,
        balances: [...balances.values()],
        marks: live.marks,
        confirmedAt: confirmedAt > 0 ? confirmedAt : privateConfirmedAt! - FEED_STALE_AFTER_MS - 1,
        accountConfirmedAt: privateConfirmedAt!,
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
    const problem = privateSocket.problem || pollProblem || unreadProblem || publicSocket.problem || markPollProblem || (shown && stale && shown.source === 'websocket' ? 'Mark prices for the contracts held are not current.' : undefined);
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
