// Accounts, their positions and orders, and the log of what each account's key sent.
import { contractDefaults, liveTypeOf, parseProductType, resolveSymbol } from './contracts.ts';
import { formatNumber } from './decimal.ts';
import { newClientOid, newOrderId, newUid, randomHex } from './ids.ts';
import type {
  AccountKind,
  AccountSpec,
  AccountView,
  CloseOrder,
  Credentials,
  OpenOrder,
  OpenOrderSpec,
  PlanOrder,
  PlanOrderSpec,
  Position,
  PositionMode,
  PositionSpec,
  RequestLogEntry,
} from './types.ts';

export interface AccountState {
  credentials: Credentials;
  kind: AccountKind;
  posMode: PositionMode;
  demo: boolean;
  readOnly: boolean;
  /** The key's permission names as account info lists them (V2 authorities, V3 permissions). */
  authorities: string[];
  utaPermissions: string[];
  ipWhitelist: string[] | undefined;
  frozen: boolean;
  /** Wallet balance per margin coin (realized only). */
  balances: Record<string, string>;
  positions: Position[];
  openOrders: OpenOrder[];
  planOrders: PlanOrder[];
  /** The close orders filled, newest last (the most recent few hundred). */
  closeOrders: CloseOrder[];
  requests: RequestLogEntry[];
  closeRequestTimes: number[];
}

function seedProductType(value: string): ReturnType<typeof liveTypeOf> {
  const type = parseProductType(value);
  if (!type) throw new Error(`Unknown productType ${value}`);
  return liveTypeOf(type);
}

function seedSymbol(symbol: string, type: ReturnType<typeof liveTypeOf>): string {
  const known = resolveSymbol(symbol, type);
  if (!known) throw new Error(`Unknown contract ${symbol} for ${type}`);
  return known;
}

export function makePosition(spec: PositionSpec, accountMode: PositionMode, now: number): Position {
  const productType = seedProductType(spec.productType);
  const symbol = seedSymbol(spec.symbol, productType);
  const defaults = contractDefaults(productType, symbol);
  return {
    productType,
    symbol,
    holdSide: spec.holdSide,
    posMode: spec.posMode ?? accountMode,
    size: spec.size,
    entryPrice: spec.entryPrice ?? defaults.price,
    markPrice: spec.markPrice ?? spec.entryPrice ?? defaults.price,
    marginCoin: spec.marginCoin ?? defaults.marginCoin,
    leverage: spec.leverage ?? '10',
    createdAt: now,
    updatedAt: now,
  };
}

function makeOpenOrder(spec: OpenOrderSpec, now: number): OpenOrder {
  const productType = seedProductType(spec.productType);
  return {
    productType,
    symbol: seedSymbol(spec.symbol, productType),
    orderId: spec.orderId ?? newOrderId(),
    clientOid: newClientOid(),
    createdAt: now,
  };
}

const TAKE_PROFIT_KINDS: ReadonlySet<string> = new Set(['profit_plan', 'pos_profit']);
const STOP_LOSS_KINDS: ReadonlySet<string> = new Set(['loss_plan', 'pos_loss']);

function makePlanOrder(spec: PlanOrderSpec, now: number): PlanOrder {
  const order = makeOpenOrder(spec, now);
  const holdSide = spec.holdSide ?? 'long';
  const price = Number(contractDefaults(order.productType, order.symbol).price);
  const away = (up: boolean) => formatNumber(price * (up === (holdSide === 'long') ? 1.1 : 0.9));
  return {
    ...order,
    planType: spec.planType,
    size: spec.size ?? '1',
    holdSide,
    takeProfit: spec.takeProfit ?? (TAKE_PROFIT_KINDS.has(spec.planType) ? away(true) : ''),
    stopLoss: spec.stopLoss ?? (STOP_LOSS_KINDS.has(spec.planType) ? away(false) : ''),
  };
}

/** What Bitget's API-key form and the app accept: printable ASCII, no spaces. Anything else is a broken test. */
function chosenSecret(value: string | undefined, name: string): string | undefined {
  if (value !== undefined && !/^[\x21-\x7e]{1,256}$/.test(value)) throw new Error(`${name} must be 1-256 printable ASCII characters without spaces`);
  return value;
}

/** What a new simulated account holds in each margin coin. */
export const DEFAULT_BALANCES: Readonly<Record<string, string>> = { USDT: '10000', USDC: '10000', BTC: '1', ETH: '10' };

/** Unrealized PnL in the margin coin: (mark − entry) × size for a long, the reverse for a short (COIN-FUTURES: in the coin, at the mark). */
export function unrealizedPnlOf(position: Position): number {
  const direction = position.holdSide === 'long' ? 1 : -1;
  const mark = Number(position.markPrice);
  const pnl = (mark - Number(position.entryPrice)) * Number(position.size) * direction;
  return position.productType === 'COIN-FUTURES' ? pnl / mark : pnl;
}

export function accountUnrealizedPnl(state: Pick<AccountState, 'positions'>, marginCoin: string): number {
  return state.positions.filter((position) => position.marginCoin === marginCoin).reduce((sum, position) => sum + unrealizedPnlOf(position), 0);
}

export function accountEquity(state: Pick<AccountState, 'positions' | 'balances'>, marginCoin: string): number {
  return Number(state.balances[marginCoin] ?? '0') + accountUnrealizedPnl(state, marginCoin);
}

/** A filled close moves its realized PnL and fee into the wallet balance. */
export function settleCloseOrder(state: Pick<AccountState, 'balances'>, order: Pick<CloseOrder, 'marginCoin' | 'realizedPnl' | 'fee'>): void {
  const before = Number(state.balances[order.marginCoin] ?? '0');
  state.balances[order.marginCoin] = formatNumber(before + Number(order.realizedPnl) + Number(order.fee), 8);
}

/** Sets the mark price of every position on that contract (prices move for everyone at once). */
export function setMarkPriceOf(states: Iterable<Pick<AccountState, 'positions'>>, productType: string, symbol: string, price: string): void {
  for (const state of states) {
    for (const position of state.positions) {
      // A price move is not a position update: updatedAt stays (the exchange's uTime changes on order events).
      if (position.productType === productType && position.symbol === symbol) position.markPrice = price;
    }
  }
}

export function createAccount(spec: AccountSpec, now: number): AccountState {
  const posMode = spec.posMode ?? 'hedge_mode';
  const secretKey = chosenSecret(spec.secretKey, 'secretKey') ?? randomHex(32);
  const passphrase = chosenSecret(spec.passphrase, 'passphrase') ?? randomHex(8);
  return {
    credentials: { apiKey: `bg_${randomHex(16)}`, secretKey, passphrase, uid: newUid() },
    kind: spec.kind ?? 'classic',
    posMode,
    demo: spec.demo ?? false,
    readOnly: spec.permissions === 'read-only',
    authorities: spec.authorities ?? (spec.permissions === 'read-only' ? ['coor', 'cpor'] : ['coow', 'cpow']),
    utaPermissions: spec.utaPermissions ?? (spec.permissions === 'read-only' ? ['uta_mgt'] : ['uta_mgt', 'uta_trade']),
    ipWhitelist: spec.ipWhitelist,
    frozen: spec.frozen ?? false,
    balances: { ...DEFAULT_BALANCES, ...spec.balances },
    positions: (spec.positions ?? []).map((p) => makePosition(p, posMode, now)),
    openOrders: (spec.openOrders ?? []).map((o) => makeOpenOrder(o, now)),
    planOrders: (spec.planOrders ?? []).map((o) => makePlanOrder(o, now)),
    closeOrders: [],
    requests: [],
    closeRequestTimes: [],
  };
}

/** A live view: every read goes to the current state. */
export function viewOf(state: AccountState, onAdded?: () => void): AccountView {
  return {
    get apiKey() {
      return state.credentials.apiKey;
    },
    get uid() {
      return state.credentials.uid;
    },
    get kind() {
      return state.kind;
    },
    get posMode() {
      return state.posMode;
    },
    get demo() {
      return state.demo;
    },
    get positions() {
      return state.positions;
    },
    get openOrders() {
      return state.openOrders;
    },
    get planOrders() {
      return state.planOrders;
    },
    get closeOrders() {
      return state.closeOrders;
    },
    get requests() {
      return state.requests;
    },
    get balances() {
      return state.balances;
    },
    equity(marginCoin: string) {
      return formatNumber(accountEquity(state, marginCoin), 8);
    },
    unrealizedPnl(marginCoin: string) {
      return formatNumber(accountUnrealizedPnl(state, marginCoin), 8);
    },
    get closeRequests() {
      return { count: state.closeRequestTimes.length, times: state.closeRequestTimes };
    },
    addPosition(spec: PositionSpec) {
      state.positions.push(makePosition(spec, state.posMode, Date.now()));
      onAdded?.();
    },
  };
}

export class AccountStore {
  readonly #accounts = new Map<string, AccountState>();
  readonly #listeners = new Set<(apiKey: string | undefined) => void>();

  /** Something in an account may have changed (undefined: in any account). Listeners compare what they show. */
  changed(apiKey?: string): void {
    for (const listener of this.#listeners) listener(apiKey);
  }

  onChange(listener: (apiKey: string | undefined) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  add(spec: AccountSpec): AccountState {
    const state = createAccount(spec, Date.now());
    this.#accounts.set(state.credentials.apiKey, state);
    return state;
  }

  /** An account kept elsewhere (the practice exchange's file), served as it is. */
  put(state: AccountState): void {
    this.#accounts.set(state.credentials.apiKey, state);
  }

  find(apiKey: string): AccountState | undefined {
    return this.#accounts.get(apiKey);
  }

  get(apiKey: string): AccountState {
    const state = this.#accounts.get(apiKey);
    if (!state) throw new Error(`No account with key ${apiKey}`);
    return state;
  }

  all(): AccountState[] {
    return [...this.#accounts.values()];
  }
}
