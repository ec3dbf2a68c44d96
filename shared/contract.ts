// The IPC contract: one list of channels, their payloads and replies, and the renderer-side API built on `invoke`.
// Main (electron/main/ipc.ts), the preload, the CLI and the browser test harness all use this one file.
import type {
  AuditEntry,
  CloseEverythingRequest,
  CloseProgressEvent,
  CostReport,
  EverythingOutcome,
  CloseOutcome,
  ConnectionTestResult,
  PanicRequest,
  Position,
  ProductType,
  ProfileSummary,
  Result,
  Trigger,
} from './bitget.ts';
import type { FeedUpdate } from './feed.ts';
import type { ArmGuardInput, GuardStatus } from './guard.ts';
import type { PracticeScenarioName, PracticeState } from './practice.ts';
import type { HistoryCursor, SaveProfileInput, UiSettings, UiSettingsInput } from './schema.ts';

export const CHANNELS = {
  listProfiles: 'panic:profiles:list',
  saveProfile: 'panic:profiles:save',
  removeProfile: 'panic:profiles:remove',
  testProfile: 'panic:profiles:test',
  listPositions: 'panic:positions:list',
  close: 'panic:close',
  closeEverything: 'panic:close-everything',
  listHistory: 'panic:history:list',
  getSettings: 'panic:settings:get',
  saveSettings: 'panic:settings:save',
  getAppStatus: 'panic:app:status',
  getPractice: 'panic:practice:get',
  runPracticeScenario: 'panic:practice:scenario',
  resetPractice: 'panic:practice:reset',
  listGuards: 'panic:guard:list',
  armGuard: 'panic:guard:arm',
  disarmGuard: 'panic:guard:disarm',
  getFeed: 'panic:feed:get',
} as const;
export type ChannelName = keyof typeof CHANNELS;
export type Channel = (typeof CHANNELS)[ChannelName];

/** Events pushed from main to the window (outcomes of hotkey/tray/command-line triggers, hotkey state, close progress
 * of every trigger, what a close cost once the exchange's order details are read, the live feed and the guard). */
export const EVENTS = {
  outcome: 'panic:event:outcome',
  appStatus: 'panic:event:app-status',
  progress: 'panic:event:progress',
  costs: 'panic:event:costs',
  feed: 'panic:event:feed',
  guard: 'panic:event:guard',
} as const;
export type EventChannel = (typeof EVENTS)[keyof typeof EVENTS];

export interface HotkeyStatus {
  presetId: string;
  accelerator: string;
  registered: boolean;
  /** Why it is not registered, in plain words. */
  problem?: string;
}

/** What the window needs to know about the app around it. */
export interface AppStatus {
  /** 'electron' in the real app, 'browser' in the test harness. */
  shell: 'electron' | 'browser';
  hotkeys: HotkeyStatus[];
  /** Messages the person must see once, e.g. "settings file was corrupted and has been reset". */
  notices: string[];
  auditLogPath: string;
  /** Set when requests go somewhere other than Bitget's own host: one line the window shows in its header. */
  customEndpoint?: string;
}

export interface OutcomeEvent {
  /** What ran it (hotkey, tray, app command line), even when nothing was closed or it was refused. */
  trigger?: Trigger;
  outcome?: CloseOutcome;
  /** The result of a flatten-everything preset. */
  everythingResult?: EverythingOutcome;
  error?: { message: string; hint: string; kind: string; code?: string };
  presetName?: string;
}

/** What removing a profile did: the keychain entry may already have been gone (then nothing was deleted there). */
export interface ProfileRemoval {
  removed: string;
  keychainEntryRemoved: boolean;
}

/** One page of history entries, newest first, and how many lines in the part of the audit files this page read could
 * not be read as entries. */
export interface HistoryPage {
  entries: AuditEntry[];
  skipped: number;
  /** Where the next older page starts (pass it as `before`); absent when this page reached the oldest entry kept. */
  older?: HistoryCursor;
}

/** Payload and reply of every channel. */
export interface ContractMap {
  listProfiles: { payload: undefined; reply: ProfileSummary[] };
  saveProfile: { payload: SaveProfileInput; reply: ProfileSummary };
  removeProfile: { payload: { name: string }; reply: ProfileRemoval };
  testProfile: { payload: { name: string }; reply: ConnectionTestResult };
  listPositions: { payload: { profile: string; productType: ProductType }; reply: Position[] };
  close: { payload: PanicRequest; reply: CloseOutcome };
  closeEverything: { payload: CloseEverythingRequest; reply: EverythingOutcome };
  listHistory: { payload: { limit?: number; before?: HistoryCursor }; reply: HistoryPage };
  getSettings: { payload: undefined; reply: UiSettings };
  saveSettings: { payload: UiSettingsInput; reply: UiSettings };
  getAppStatus: { payload: undefined; reply: AppStatus };
  /** The practice account's state (practice mode: the built-in simulated exchange). */
  getPractice: { payload: undefined; reply: PracticeState };
  runPracticeScenario: { payload: { name: PracticeScenarioName }; reply: PracticeState };
  /** Back to the seeded practice positions and orders, scenario 'calm'. */
  resetPractice: { payload: undefined; reply: PracticeState };
  /** Every profile's guard (disarmed ones included), with its live state and figures. */
  listGuards: { payload: undefined; reply: GuardStatus[] };
  armGuard: { payload: ArmGuardInput; reply: GuardStatus };
  disarmGuard: { payload: { profile: string }; reply: GuardStatus };
  /** A profile's live feed now: its status and the latest snapshot (starts the feed if it was not running). */
  getFeed: { payload: { profile: string }; reply: FeedUpdate };
}

export type Invoke = (channel: Channel, payload?: unknown) => Promise<unknown>;
export type Subscribe = (event: EventChannel, listener: (payload: unknown) => void) => () => void;

export type PanicApi = {
  [K in ChannelName]: ContractMap[K]['payload'] extends undefined
    ? () => Promise<Result<ContractMap[K]['reply']>>
    : (payload: ContractMap[K]['payload']) => Promise<Result<ContractMap[K]['reply']>>;
} & {
  /** Subscribe to outcome and status events; returns the unsubscribe function. */
  onOutcome: (listener: (event: OutcomeEvent) => void) => () => void;
  onAppStatus: (listener: (status: AppStatus) => void) => () => void;
  onProgress: (listener: (progress: CloseProgressEvent) => void) => () => void;
  onCosts: (listener: (report: CostReport) => void) => () => void;
  onFeed: (listener: (update: FeedUpdate) => void) => () => void;
  onGuard: (listener: (status: GuardStatus) => void) => () => void;
};

const noSubscribe: Subscribe = () => () => undefined;

/** Builds the API the window uses from any `invoke` (ipcRenderer.invoke in Electron, fetch in the browser harness). */
export function createPanicApi(invoke: Invoke, subscribe: Subscribe = noSubscribe): PanicApi {
  const call = (name: ChannelName) => (payload?: unknown) => invoke(CHANNELS[name], payload) as Promise<never>;
  const api = Object.fromEntries(
    (Object.keys(CHANNELS) as ChannelName[]).map((name) => [name, call(name)]),
  ) as unknown as PanicApi;
  api.onOutcome = (listener) => subscribe(EVENTS.outcome, (payload) => listener(payload as OutcomeEvent));
  api.onAppStatus = (listener) => subscribe(EVENTS.appStatus, (payload) => listener(payload as AppStatus));
  api.onProgress = (listener) => subscribe(EVENTS.progress, (payload) => listener(payload as CloseProgressEvent));
  api.onCosts = (listener) => subscribe(EVENTS.costs, (payload) => listener(payload as CostReport));
  api.onFeed = (listener) => subscribe(EVENTS.feed, (payload) => listener(payload as FeedUpdate));
  api.onGuard = (listener) => subscribe(EVENTS.guard, (payload) => listener(payload as GuardStatus));
  return api;
}

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (Object.values(CHANNELS) as string[]).includes(value);
}

export function channelName(channel: Channel): ChannelName {
  return (Object.keys(CHANNELS) as ChannelName[]).find((name) => CHANNELS[name] === channel)!;
}
