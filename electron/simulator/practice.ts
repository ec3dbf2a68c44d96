// The practice exchange: the simulator's request pipeline run in this process, with no socket at all, on one seeded
// account whose state lives in a file (`<dataDir>/practice/account.json`). Every request is handled under a file lock
// (read, answer, write), so the app and any CLI run can practise at once without losing a change. The same strict
// checks as the simulator's HTTP server apply: practice more forgiving than the exchange would teach the wrong thing.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { z } from 'zod';
import { PRACTICE_SCENARIO_NAMES, type PracticeScenarioName, type PracticeState } from '../../shared/practice.ts';
import { FaultRegistry } from './faults.ts';
import { processArrival, type Pipeline } from './pipeline.ts';
import { RateLimiter } from './rate-limit.ts';
import { BALANCE_ROUTES, marketRoutes, markFromPositions } from './balances-and-marks.ts';
import { ORDER_DETAIL_ROUTES } from './order-details.ts';
import { V2_CLOSE_PATH, V2_ROUTES } from './routes-v2.ts';
import { V3_CLOSE_PATH, V3_ROUTES } from './routes-v3.ts';
import { Scheduler } from './scheduler.ts';
import { AccountStore, DEFAULT_BALANCES, createAccount, type AccountState } from './state.ts';
import type { AccountKind, AccountSpec, Credentials, Fault, LiveProductType, RequestLogEntry } from './types.ts';
import { contractDefaults } from './contracts.ts';
import { openMemorySocket, type MemorySocket } from './ws/memory-socket.ts';
import { endpointOf } from './ws/protocol.ts';
import type { WsLimits } from './ws/session.ts';

/** Several symbols on every live product type, both sides, hedge (USDT, COIN) and one-way (USDC) mode, resting orders, TP/SL and trailing stops. */
export const PRACTICE_ACCOUNT: AccountSpec = {
  kind: 'classic',
  posMode: 'hedge_mode',
  positions: [
    { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.05', entryPrice: '64000' },
    { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'short', size: '0.02', entryPrice: '66000' },
    { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'long', size: '1.2', entryPrice: '3300' },
    { productType: 'USDT-FUTURES', symbol: 'SOLUSDT', holdSide: 'short', size: '10', entryPrice: '155' },
    { productType: 'COIN-FUTURES', symbol: 'BTCUSD', holdSide: 'long', size: '0.2', entryPrice: '63000', marginCoin: 'BTC' },
    { productType: 'COIN-FUTURES', symbol: 'ETHUSD', holdSide: 'short', size: '3', entryPrice: '3500', marginCoin: 'ETH' },
    // The exchange sets the position mode per product type: USDC-FUTURES is in one-way mode here.
    { productType: 'USDC-FUTURES', symbol: 'BTCPERP', holdSide: 'short', size: '0.03', entryPrice: '66500', posMode: 'one_way_mode' },
    { productType: 'USDC-FUTURES', symbol: 'ETHPERP', holdSide: 'long', size: '2', entryPrice: '3250', posMode: 'one_way_mode' },
  ],
  openOrders: [
    { productType: 'USDT-FUTURES', symbol: 'BTCUSDT' },
    { productType: 'USDT-FUTURES', symbol: 'ETHUSDT' },
    { productType: 'COIN-FUTURES', symbol: 'BTCUSD' },
  ],
  planOrders: [
    { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', planType: 'pos_profit', holdSide: 'long', size: '0.05' },
    { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', planType: 'pos_loss', holdSide: 'long', size: '0.05' },
    { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', planType: 'moving_plan', holdSide: 'long', size: '1.2' },
    { productType: 'USDT-FUTURES', symbol: 'SOLUSDT', planType: 'normal_plan', holdSide: 'short', size: '5' },
    { productType: 'COIN-FUTURES', symbol: 'BTCUSD', planType: 'loss_plan', holdSide: 'long', size: '0.2' },
    { productType: 'USDC-FUTURES', symbol: 'BTCPERP', planType: 'track_plan', holdSide: 'short', size: '0.03' },
  ],
};

/** Each second that passes moves every mark price by up to this fraction either way (a random walk). */
const WALK_STEP = 0.0008;
/** Steps beyond this many seconds are not walked one by one (an account left for a week). */
const MAX_WALK_STEPS = 600;
/** In the falling-prices scenario every mark price falls by this fraction each second (deterministic). */
const FALL_STEP = 0.003;
/** How often a practice socket re-reads the account file (other processes change it; prices move when read). */
const SOCKET_REFRESH_MS = 500;
const LOCK_STALE_MS = 5_000;
const LOCK_WAIT_MS = 10_000;

/** The request as the practice pool hands it over (what would have gone on the wire). */
export interface PracticeRequest {
  method: 'GET' | 'POST';
  pathWithQuery: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface PracticeResponse {
  status: number;
  text: string;
  headers: Record<string, string>;
}

/** A request that got no answer, as a dropped or hung connection would: the core turns it into its transport error. */
export class PracticeConnectionError extends Error {
  readonly kind: 'network' | 'timeout';
  constructor(kind: 'network' | 'timeout', message: string) {
    super(message);
    this.kind = kind;
    this.name = 'PracticeConnectionError';
  }
}

/** The practice account's file on this computer could not be read or written: a local problem, not the network. */
export class PracticeFileError extends Error {
  readonly file: string;
  constructor(file: string, what: 'read' | 'written', cause: unknown) {
    super(`The practice account file ${file} cannot be ${what} (${cause instanceof Error ? cause.message : String(cause)}).`, { cause });
    this.file = file;
    this.name = 'PracticeFileError';
  }
}

export interface PracticeExchange {
  /** The practice folder; shown where a real exchange would show its host. */
  readonly dir: string;
  /** The practice account's key (created and stored in the practice folder on first use). */
  credentials(): Promise<Credentials>;
  send(request: PracticeRequest): Promise<PracticeResponse>;
  state(): Promise<PracticeState>;
  runScenario(name: PracticeScenarioName): Promise<PracticeState>;
  /** Back to the seeded positions and orders (a new account), scenario calm. */
  reset(): Promise<PracticeState>;
  /** What this process sent to the practice exchange (tests, diagnostics). */
  readonly requests: readonly RequestLogEntry[];
  /** The account as stored now (tests). */
  account(): Promise<AccountState>;
  /** Resolves once every read and write of the account file begun so far has ended (a shutdown waits for it). */
  settled(): Promise<void>;
  /**
   * An in-memory WebSocket to the practice exchange (`/v2/ws/private`, `/v2/ws/public`, `/v3/ws/private`,
   * `/v3/ws/public`): the simulator's protocol, no network. It re-reads the account file every `refreshMs` (default
   * 500 ms) and pushes what changed. Throws on an unknown path.
   */
  openSocket(path: string, options?: { refreshMs?: number; limits?: Partial<WsLimits> }): MemorySocket;
}

const positionSchema = z.object({
  productType: z.enum(['USDT-FUTURES', 'COIN-FUTURES', 'USDC-FUTURES']),
  symbol: z.string(),
  holdSide: z.enum(['long', 'short']),
  posMode: z.enum(['hedge_mode', 'one_way_mode']),
  size: z.string(),
  entryPrice: z.string(),
  markPrice: z.string(),
  marginCoin: z.string(),
  leverage: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
const orderFields = { productType: z.enum(['USDT-FUTURES', 'COIN-FUTURES', 'USDC-FUTURES']), symbol: z.string(), orderId: z.string(), clientOid: z.string(), createdAt: z.number() };
const closeOrderSchema = z.object({
  orderId: z.string(),
  clientOid: z.string(),
  productType: z.enum(['USDT-FUTURES', 'COIN-FUTURES', 'USDC-FUTURES']),
  symbol: z.string(),
  holdSide: z.enum(['long', 'short']),
  posMode: z.enum(['hedge_mode', 'one_way_mode']),
  marginCoin: z.string(),
  leverage: z.string(),
  size: z.string(),
  filledSize: z.string(),
  price: z.string(),
  realizedPnl: z.string(),
  fee: z.string(),
  createdAt: z.number(),
  filledAt: z.number(),
});
const storedSchema = z.object({
  version: z.literal(1),
  credentials: z.object({ apiKey: z.string(), secretKey: z.string(), passphrase: z.string(), uid: z.string() }),
  kind: z.enum(['classic', 'unified']),
  posMode: z.enum(['hedge_mode', 'one_way_mode']),
  positions: z.array(positionSchema),
  openOrders: z.array(z.object(orderFields)),
  planOrders: z.array(
    z.object({ ...orderFields, planType: z.enum(['normal_plan', 'profit_plan', 'loss_plan', 'pos_profit', 'pos_loss', 'moving_plan', 'track_plan']), size: z.string(), holdSide: z.enum(['long', 'short']), takeProfit: z.string(), stopLoss: z.string() }),
  ),
  /** Filled close orders, for their details (files written before they were kept have none). */
  closeOrders: z.array(closeOrderSchema).default([]),
  /** Wallet balance per margin coin (files written before balances were kept start from the defaults). */
  balances: z.record(z.string(), z.string()).default({ ...DEFAULT_BALANCES }),
  scenario: z.enum(PRACTICE_SCENARIO_NAMES),
  /** Faults still waiting; `remaining` null means for ever (JSON has no Infinity). */
  faults: z.array(z.object({ fault: z.record(z.string(), z.unknown()), remaining: z.number().nullable() })),
  skewMs: z.number(),
  walkedAt: z.number(),
  rateLimit: z.record(z.string(), z.array(z.number())),
});
type Stored = z.infer<typeof storedSchema>;

export function openPracticeExchange(dataDir: string, options: { random?: () => number; now?: () => number } = {}): PracticeExchange {
  const dir = join(dataDir, 'practice');
  const file = join(dir, 'account.json');
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const requests: RequestLogEntry[] = [];

  function seed(): Stored {
    const account = createAccount(PRACTICE_ACCOUNT, now());
    return {
      version: 1,
      credentials: account.credentials,
      kind: account.kind,
      posMode: account.posMode,
      positions: account.positions,
      openOrders: account.openOrders,
      planOrders: account.planOrders,
      closeOrders: [],
      balances: account.balances,
      scenario: 'calm',
      faults: [],
      skewMs: 0,
      walkedAt: now(),
      rateLimit: {},
    };
  }

  /** A new account with the seeded positions; the key stays (a window or a CLI run may hold it). */
  function reseeded(): Stored {
    const fresh = seed();
    try {
      return { ...fresh, credentials: read().credentials };
    } catch {
      return fresh;
    }
  }

  /** A file that cannot be read is never replaced silently: practice stops and says how to start over. */
  function read(): Stored {
    if (!existsSync(file)) return seed();
    try {
      return storedSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    } catch (error) {
      throw new PracticeFileError(file, 'read', error);
    }
  }

  function write(stored: Stored): void {
    const temporary = `${file}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, `${JSON.stringify(stored)}\n`, { mode: 0o600 });
      renameSync(temporary, file);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw new PracticeFileError(file, 'written', error);
    }
  }

  /** Mark prices move a little every second (one factor per symbol, so both sides of a symbol share a price). */
  function walk(stored: Stored): void {
    const steps = Math.min(MAX_WALK_STEPS, Math.floor((now() - stored.walkedAt) / 1_000));
    if (steps <= 0) return;
    stored.walkedAt += steps * 1_000;
    const factors = new Map<string, number>();
    for (const position of stored.positions) {
      let factor = factors.get(position.symbol);
      if (factor === undefined) {
        factor = 1;
        for (let step = 0; step < steps; step += 1) factor *= stored.scenario === 'falling-prices' ? 1 - FALL_STEP : 1 + (random() * 2 - 1) * WALK_STEP;
        factors.set(position.symbol, factor);
      }
    }
    for (const position of stored.positions) position.markPrice = priceText(Number(position.markPrice) * factors.get(position.symbol)!);
  }

  const inFlight = new Set<Promise<unknown>>();

  function locked<T>(work: (stored: Stored) => T | Promise<T>, options: { fresh?: boolean } = {}): Promise<T> {
    const run = lockedRun(work, options);
    inFlight.add(run);
    void run.then(
      () => inFlight.delete(run),
      () => inFlight.delete(run),
    );
    return run;
  }

  async function lockedRun<T>(work: (stored: Stored) => T | Promise<T>, options: { fresh?: boolean }): Promise<T> {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const release = await lockfile.lock(file, {
      realpath: false,
      stale: LOCK_STALE_MS,
      retries: { retries: 1_000, factor: 1.3, minTimeout: 5, maxTimeout: 100, randomize: true, maxRetryTime: LOCK_WAIT_MS },
      onCompromised: () => undefined,
    });
    try {
      const stored = options.fresh ? reseeded() : read();
      walk(stored);
      const result = await work(stored);
      write(stored);
      return result;
    } finally {
      await release().catch(() => undefined);
    }
  }

  const stateOf = (stored: Stored): PracticeState => ({ scenario: stored.scenario, openPositions: stored.positions.length, accountKind: stored.kind });

  function accountStateOf(stored: Stored): AccountState {
    return {
      credentials: stored.credentials,
      kind: stored.kind,
      posMode: stored.posMode,
      demo: false,
      readOnly: false,
      authorities: ['coow', 'cpow'],
      utaPermissions: ['uta_mgt', 'uta_trade'],
      ipWhitelist: undefined,
      frozen: false,
      balances: stored.balances,
      positions: stored.positions,
      openOrders: stored.openOrders,
      planOrders: stored.planOrders,
      closeOrders: stored.closeOrders,
      requests: [],
      closeRequestTimes: [],
    };
  }

  async function send(request: PracticeRequest): Promise<PracticeResponse> {
    // Arrived now, as on the wire; the wait for the account file below is this exchange's own, not the caller's.
    const receivedAt = now();
    const handled = await locked(async (stored) => {
      const account = accountStateOf(stored);
      const store = new AccountStore();
      store.put(account);
      const faults = new FaultRegistry();
      faults.restore(stored.faults.map((entry) => ({ fault: entry.fault as unknown as Fault, remaining: entry.remaining ?? Number.POSITIVE_INFINITY })));
      const limiter = new RateLimiter();
      limiter.restore(stored.rateLimit);
      const scheduler = new Scheduler();
      const pipeline: Pipeline = {
        store,
        faults,
        limiter,
        scheduler,
        publicRoutes: [{ method: 'GET', path: '/api/v2/public/time', handle: (serverNow) => ({ serverTime: String(serverNow) }) }, ...marketRoutes(markFromPositions(account.positions))],
        routes: [...V2_ROUTES, ...V3_ROUTES, ...ORDER_DETAIL_ROUTES, ...BALANCE_ROUTES],
        closePaths: new Set([V2_CLOSE_PATH, V3_CLOSE_PATH]),
        requests,
        serverNow: () => now() + stored.skewMs,
      };
      const [path = '', ...query] = request.pathWithQuery.split('?');
      const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value]));
      if (request.body !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
      const result = await processArrival(
        pipeline,
        { method: request.method, path, query: query.join('?'), body: Buffer.from(request.body ?? ''), headers, remoteAddress: '127.0.0.1', receivedAt },
        1,
      );
      // Timed faults (late fills after a delay) would act after the file is written: practice scenarios use none.
      scheduler.cancelAll();
      stored.kind = account.kind;
      stored.positions = account.positions;
      stored.openOrders = account.openOrders;
      stored.planOrders = account.planOrders;
      stored.closeOrders = account.closeOrders;
      stored.balances = account.balances;
      stored.faults = faults.snapshot().map((entry) => ({ fault: entry.fault as unknown as Record<string, unknown>, remaining: Number.isFinite(entry.remaining) ? entry.remaining : null }));
      stored.rateLimit = limiter.snapshot(now());
      return result;
    });
    if (requests.length > 1_000) requests.splice(0, requests.length - 1_000);
    if (handled.kind === 'dropped') throw new PracticeConnectionError('network', 'the practice exchange dropped the connection (scenario)');
    if (handled.kind === 'hung') {
      await new Promise((resolve) => setTimeout(resolve, request.timeoutMs));
      throw new PracticeConnectionError('timeout', `no answer within ${Math.round(request.timeoutMs)} ms`);
    }
    const { reply } = handled;
    return { status: reply.status, text: reply.body, headers: Object.fromEntries(Object.entries(reply.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value])) };
  }

  function closePath(kind: AccountKind): string {
    return kind === 'unified' ? V3_CLOSE_PATH : V2_CLOSE_PATH;
  }

  /** Each scenario replaces the one before: faults cleared, clock right, classic account, then its own change. */
  function applyScenario(stored: Stored, name: PracticeScenarioName): void {
    stored.scenario = name;
    stored.faults = [];
    stored.skewMs = 0;
    stored.kind = 'classic';
    const close = { method: 'POST', path: closePath(stored.kind) };
    const add = (fault: Fault, remaining: number | null) => stored.faults.push({ fault: fault as unknown as Record<string, unknown>, remaining });
    switch (name) {
      case 'calm':
        return;
      case 'partial-refusal':
        add({ ...close, kind: 'failure-list', errorCode: '40888', errorMsg: 'The order quantity exceeds the maximum flash close size', symbol: 'ETHUSDT' }, null);
        return;
      case 'network-drop':
        add({ ...close, kind: 'drop' }, 2);
        return;
      case 'exchange-busy':
        add({ ...close, kind: 'error-code', code: '40015', msg: 'System is abnormal, please try again later' }, 2);
        return;
      case 'late-fill':
        add({ ...close, kind: 'reopen', size: '0.01' }, 1);
        return;
      case 'clock-off':
        stored.skewMs = 60_000;
        return;
      case 'unified-account':
        stored.kind = 'unified';
        return;
      case 'falling-prices':
        // walk() lets every mark fall FALL_STEP a second while this scenario is in force.
        return;
    }
  }

  function openSocket(path: string, socketOptions: { refreshMs?: number; limits?: Partial<WsLimits> } = {}): MemorySocket {
    const endpoint = endpointOf(path);
    if (!endpoint || endpoint.demoHost) throw new Error(`The practice exchange has no WebSocket at ${path}`);
    let current: { account: AccountState; skewMs: number } | undefined;
    const listeners = new Set<() => void>();
    let refreshing = false;
    const refresh = async () => {
      if (refreshing) return;
      refreshing = true;
      try {
        current = await locked((stored) => ({ account: accountStateOf(stored), skewMs: stored.skewMs }));
      } finally {
        refreshing = false;
      }
      for (const listener of listeners) listener();
    };
    const markPrice = (productType: LiveProductType, symbol: string) =>
      current?.account.positions.find((position) => position.productType === productType && position.symbol === symbol)?.markPrice ?? contractDefaults(productType, symbol).price;
    // A file that cannot be read closes the socket: the feed must not mistake it for a quiet account.
    const timer = setInterval(() => {
      refresh().catch((error: unknown) => {
        clearInterval(timer);
        socket.serverClose(1011, error instanceof Error ? error.message : String(error));
      });
    }, socketOptions.refreshMs ?? SOCKET_REFRESH_MS);
    timer.unref();
    const socket = openMemorySocket(
      {
        ...endpoint,
        limits: socketOptions.limits,
        source: {
          find: (apiKey) => (current?.account.credentials.apiKey === apiKey ? current.account : undefined),
          markPrice,
          serverNow: () => now() + (current?.skewMs ?? 0),
          onChange: (listener) => {
            listeners.add(listener);
            return () => void listeners.delete(listener);
          },
        },
      },
      refresh(),
      () => clearInterval(timer),
    );
    return socket;
  }

  return {
    dir,
    requests,
    credentials: () => locked((stored) => ({ ...stored.credentials })),
    send,
    state: () => locked(stateOf),
    runScenario: (name) =>
      locked((stored) => {
        applyScenario(stored, name);
        return stateOf(stored);
      }),
    // A damaged file is replaced here, and only here: the person asked to start over.
    reset: () => locked(stateOf, { fresh: true }),
    account: () => locked(accountStateOf),
    async settled() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    openSocket,
  };
}

/** Six significant figures, as a price is shown (no exponent). */
function priceText(value: number): string {
  const digits = Math.max(0, 5 - Math.floor(Math.log10(Math.abs(value) || 1)));
  return Number(value.toFixed(Math.min(digits, 8))).toString();
}
