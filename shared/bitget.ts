// Domain types shared by every process. Pure TypeScript: no Node, no DOM.
import type { GuardAuditDetail } from './guard-limits.ts';

import { type CloseTarget, type HoldSide, type ProductType } from './target.ts';
export { HOLD_SIDES, PRODUCT_TYPES, UNIFIED_CATEGORIES, type CloseTarget, type HoldSide, type ProductType } from './target.ts';

/** Plain names for people; the wire value stays the exchange's. */
export const PRODUCT_TYPE_LABELS: Record<ProductType, string> = {
  'USDT-FUTURES': 'USDT-margined futures',
  'COIN-FUTURES': 'Coin-margined futures',
  'USDC-FUTURES': 'USDC-margined futures',
  'SUSDT-FUTURES': 'USDT-margined futures (old demo, S-prefixed)',
  'SCOIN-FUTURES': 'Coin-margined futures (old demo, S-prefixed)',
  'SUSDC-FUTURES': 'USDC-margined futures (old demo, S-prefixed)',
};

/** The S-prefixed product types are the older demo environment: they never carry `paptrading: 1`. */
export function isLegacyDemoProductType(productType: ProductType): boolean {
  return productType.startsWith('S');
}

/** On a unified account, the category a margin coin's positions belong to: USDT and USDC have their own, any other
 * coin margins coin futures. */
export function unifiedCategoryOfCoin(marginCoin: string): ProductType {
  if (marginCoin === 'USDT') return 'USDT-FUTURES';
  if (marginCoin === 'USDC') return 'USDC-FUTURES';
  return 'COIN-FUTURES';
}

export type AccountKind = 'classic' | 'unified';

/** 'guard': the account guard flattened on its own, because a rule set while calm tripped. */
export const TRIGGERS = ['window', 'hotkey', 'tray', 'cli', 'app-cli', 'guard'] as const;
export type Trigger = (typeof TRIGGERS)[number];

/** One open position, normalised from V2 (`all-position`) or V3 (`current-position`). Numbers stay strings. */
export interface Position {
  symbol: string;
  productType: ProductType;
  marginCoin: string;
  holdSide: HoldSide;
  /** Total size in contracts/base coin, as the exchange reports it. */
  size: string;
  available: string;
  entryPrice: string;
  markPrice: string;
  unrealizedPnl: string;
  /** Empty string when the exchange reports none. */
  liquidationPrice: string;
  leverage: string;
  marginMode: string;
  posMode: 'hedge_mode' | 'one_way_mode' | string;
}

export const ERROR_KINDS = [
  'bad-input',
  'auth',
  'permission',
  'ip-whitelist',
  'clock',
  'restricted',
  'rate-limit',
  'busy',
  'network',
  'timeout',
  'close-refused',
  'environment',
  'account-kind',
  'symbol',
  'nothing-to-close',
  'keychain',
  /** A file on this computer that a command needs cannot be read or written (named in the message). */
  'local-file',
  'not-found',
  'exchange',
  'unknown',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** What happened and what the person can do about it, in plain words. Never contains a secret. */
export interface ExplainedError {
  kind: ErrorKind;
  code?: string;
  message: string;
  hint: string;
  httpStatus?: number;
  /** How long the exchange asked us to wait before the next request (Retry-After), clamped to a few seconds. */
  retryAfterMs?: number;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ExplainedError };

/** What a trigger asks for. `profile` names a stored profile (or "env" for CLI --from-env). */
export interface PanicRequest {
  profile: string;
  productType: ProductType;
  /** Blank/absent: every symbol of the product type. */
  symbol?: string;
  /** Absent: both sides (hedge mode) or the one position (one-way mode). */
  holdSide?: HoldSide;
  cancelOrders?: boolean;
  trigger: Trigger;
}

export interface CloseEverythingRequest {
  /** Absent: every stored profile. */
  profile?: string;
  cancelOrders?: boolean;
  trigger: Trigger;
}

/** What "flatten everything" did, per profile and live product type. */
export interface EverythingOutcome {
  /** One per profile and product type that had positions (or whose positions could not be read). */
  outcomes: CloseOutcome[];
  /** Read and found flat: nothing was sent for these. */
  alreadyFlat: { profile: string; demo: boolean; practice?: boolean; productTypes: ProductType[] }[];
  /** What could not be acted on: a whole profile (no key in the keychain...) or one of its product types. */
  refused: { profile: string; productType?: ProductType; error: ExplainedError }[];
}

const STATUS_SEVERITY: Record<CloseStatus, number> = { 'nothing-to-close': 0, flat: 1, partial: 2, failed: 3, unknown: 4 };

/** The worst status of the whole run: "flat" only when every part is verified flat (or had nothing to close). */
/** Nothing was sent: every product type read flat, nothing refused (no close run, no request to close). */
export function sentNothing(result: EverythingOutcome): boolean {
  return result.outcomes.length === 0 && result.refused.length === 0;
}

export function everythingStatus(result: EverythingOutcome): CloseStatus {
  if (result.refused.length > 0) return result.outcomes.some((outcome) => outcome.status !== 'failed') ? 'partial' : 'failed';
  const statuses = result.outcomes.map((outcome) => outcome.status);
  if (statuses.length === 0) return 'nothing-to-close';
  return statuses.reduce((worst, status) => (STATUS_SEVERITY[status] > STATUS_SEVERITY[worst] ? status : worst));
}

export const CLOSE_STATUSES = ['flat', 'partial', 'nothing-to-close', 'failed', 'unknown'] as const;
export type CloseStatus = (typeof CLOSE_STATUSES)[number];

export interface ClosedOrder {
  orderId: string;
  clientOid?: string;
  symbol?: string;
}

export interface FailedClose {
  symbol?: string;
  orderId?: string;
  code: string;
  /** The exchange's own words for this item; the explanation comes from `code`. */
  message: string;
}

export interface CancelSummary {
  openOrders: 'cancelled' | 'none' | 'failed' | 'skipped';
  triggerOrders: 'cancelled' | 'none' | 'failed' | 'skipped';
  errors: ExplainedError[];
}

export interface CloseOutcome {
  /** One close run: its progress events, its cost report and its history entries carry the same id. */
  runId: string;
  status: CloseStatus;
  profile: { name: string; demo: boolean; practice?: boolean };
  accountKind: AccountKind;
  target: CloseTarget;
  trigger: Trigger;
  /** What the exchange accepted as close orders, over every attempt. */
  closed: ClosedOrder[];
  /** What the exchange refused (failureList items, V3 list items with a code). */
  failed: FailedClose[];
  /** Positions of the target still open at the last re-read (empty when verified flat). */
  stillOpen: Position[];
  /** True when the final status was confirmed by re-reading positions. */
  verified: boolean;
  cancel?: CancelSummary;
  /** The last error that decided a failed/unknown/partial outcome. */
  error?: ExplainedError;
  closeAttempts: number;
  /** Round trip of the first close request, milliseconds. */
  firstResponseMs?: number;
  /**
   * What this computer could not write while the close went ahead, one plain sentence each: the shared close queue
   * (the close was then paced within its own process) and the history. Absent when everything was written.
   */
  notRecorded?: string[];
  totalMs: number;
  startedAt: string;
  finishedAt: string;
}

/** Where a close run is, pushed while it runs (to the window, and the CLI's stderr). */
export interface CloseProgressEvent {
  runId: string;
  profile: { name: string; demo: boolean; practice?: boolean };
  target: CloseTarget;
  trigger: Trigger;
  /** Close requests sent so far (0 before the first). */
  attempt: number;
  /** What the run waits for now, in plain words ("the exchange's answer to close request 2"). */
  waitingFor: string;
  /** Since the trigger. */
  elapsedMs: number;
  /** The target's positions at the latest read made after a close request (absent until there is one). */
  stillOpen?: Position[];
  /** When that read was made (ISO time). */
  stillOpenReadAt?: string;
  /** The last event of the run: its outcome follows. */
  done?: boolean;
}

/** What one close order did, from the exchange's order details (V2 order detail; V3 order info and fills). */
export interface OrderCost {
  orderId: string;
  symbol: string;
  /** The position side the order closed, when the exchange says. */
  holdSide?: HoldSide;
  /** buy / sell, as the exchange reports it. */
  side: string;
  /** Filled size, in the same unit as a position's size. */
  filledSize: string;
  /** Average fill price; empty when nothing filled. */
  avgPrice: string;
  /** Realized PnL of this order in the margin coin; absent when the exchange does not give it. */
  realizedPnl?: string;
  /** The fee as the exchange reports it (Bitget reports a fee paid as a negative number). */
  fee: string;
  feeCoin?: string;
  /** The exchange's order state (filled, partially_filled, live, canceled, ...). */
  state: string;
}

/** What a close run's orders cost, read after its verified outcome; pushed as order details arrive and kept in the history. */
export interface CostReport {
  runId: string;
  profile: { name: string; demo: boolean; practice?: boolean };
  orders: OrderCost[];
  /** Orders whose details could not be read (after the retries allowed), with why. */
  unread: { orderId: string; symbol?: string; error: ExplainedError }[];
  /** False while more details are still to come; true on the last report of the run. */
  complete: boolean;
}

/** What the UI may know about a stored profile: never a secret. */
export interface ProfileSummary {
  name: string;
  demo: boolean;
  /** The built-in practice account (simulated exchange, no key, no network). */
  practice?: boolean;
  configured: boolean;
  /** The last four characters of the API key, e.g. "a1b2" (shown as "key ending …a1b2"). */
  keyHint?: string;
  accountKind?: AccountKind;
}

/** One permission the close path needs, as the key's listed permissions show it. */
export interface KeyPermissionFinding {
  /** 'futures orders write', 'futures holdings write' (classic) or 'unified trade'. */
  permission: string;
  status: 'yes' | 'no' | 'not shown';
  /** What was seen, e.g. "read only (cpor): the key needs cpow". */
  detail: string;
}

export interface ConnectionTestResult {
  profile: string;
  demo: boolean;
  practice?: boolean;
  accountKind: AccountKind;
  openPositions: number;
  clockOffsetMs: number;
  latencyMs: number;
  /** Whether the key may close positions, learned without trading; 'unknown' when the exchange would not say. */
  canClose?: 'yes' | 'no' | 'unknown';
  /** Why canClose is 'no' or 'unknown': the exchange's answer to the permission probe, explained. */
  canCloseReason?: ExplainedError;
  /** Each permission the close path needs, as the key's listed permissions show it (and 'not shown' when they do not say). */
  permissions?: KeyPermissionFinding[];
  /** Permission names the exchange listed that the app does not know: shown as seen, never interpreted. */
  unknownPermissionNames?: string[];
  /** The account's UID as the exchange reports it. */
  uid?: string;
  /** Where the requests went (Bitget's host, or the practice exchange). */
  endpoint?: string;
}

/** One line of the audit log. */
export interface AuditEntry {
  time: string;
  type: 'attempt' | 'outcome' | 'cancel' | 'positions' | 'profile' | 'costs' | 'guard';
  /** Guard entries: armed, disarmed, warned, tripped (with the rule and the figures), re-flattened, blind. */
  guard?: GuardAuditDetail;
  /** The close run an attempt, outcome or cost report belongs to. */
  runId?: string;
  /** Cost entries: the run's final cost report. */
  costs?: CostReport;
  /** Attempts: 'sending' is written (and synced) before the request leaves, 'answered' when its answer came. */
  phase?: 'sending' | 'answered';
  trigger?: Trigger;
  /** What a close attempt aimed at. */
  target?: CloseTarget;
  profile?: string;
  demo?: boolean;
  practice?: boolean;
  request?: { method: string; path: string; body?: string; query?: string };
  httpStatus?: number;
  code?: string;
  message?: string;
  successList?: unknown[];
  failureList?: unknown[];
  /** V3 answers: one list, items with a `code` are failures. */
  list?: unknown[];
  latencyMs?: number;
  status?: CloseStatus;
  /** `stillOpen` is null when positions could not be re-read (unknown, never 0). */
  verification?: { flat: boolean; stillOpen: number | null; reads: number };
  error?: ExplainedError;
  /** Older entries have no runId. */
  outcome?: Omit<CloseOutcome, 'stillOpen' | 'runId'> & { stillOpen: number | null; runId?: string };
}

/** LIVE is real money, DEMO is Bitget's demo trading, PRACTICE is the app's built-in simulated exchange. */
export type AccountMode = 'live' | 'demo' | 'practice';

export function accountModeOf(profile: { demo: boolean; practice?: boolean }): AccountMode {
  return profile.practice ? 'practice' : profile.demo ? 'demo' : 'live';
}

export function describeProfile(profile: { name: string; demo: boolean; practice?: boolean }): string {
  return `${accountModeOf(profile).toUpperCase()} "${profile.name}"`;
}
