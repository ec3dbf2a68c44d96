// How the core opens a profile's feed: which URLs, which transport, how to log in, and the REST read that stands in
// while the socket is down. Kept here so createCore only wires it.
import { REST_READ_TIMEOUT_MS, readRestSnapshot } from './rest-snapshot.ts';
import { z } from 'zod';
import { UNIFIED_CATEGORIES, type Result } from '../../../shared/bitget.ts';
import type { FeedUpdate } from '../../../shared/feed.ts';
import type { ResolvedAccount } from '../resolved-account.ts';
import type { SocketLoginSigner } from '../profiles.ts';
import type { Feeds } from './feeds.ts';
import { createProfileFeed, type ProfileFeed } from './profile-feed.ts';
import type { FeedSocketTiming } from './socket.ts';
import { socketOrigin, socketPaths } from './protocol.ts';
import type { OpenProfileFeed } from './registry.ts';
import type { SocketTransport } from './transport.ts';

export interface FeedOpenerDeps {
  resolve(name: string): Promise<Result<ResolvedAccount>>;
  loginSigner(name: string): Promise<Result<SocketLoginSigner>>;
  /** Exchange time (ms) for the login timestamp: the practice clock for practice, the endpoint's otherwise. */
  timestampMs(practice: boolean): number;
  restBaseUrl: string;
  bitgetBaseUrl: string;
  /** The network transport (custom CA included), and the practice exchange's in-memory one. */
  transport: SocketTransport;
  practiceTransport: SocketTransport;
  timing?: FeedTiming;
  log?(line: string): void;
}

export interface FeedTiming {
  socket?: Partial<FeedSocketTiming>;
  pollIntervalMs?: number;
}

export function feedOpener(deps: FeedOpenerDeps): OpenProfileFeed {
  return async (name, onUpdate): Promise<Result<ProfileFeed>> => {
    const resolved = await deps.resolve(name);
    if (!resolved.ok) return resolved;
    const signer = await deps.loginSigner(name);
    if (!signer.ok) return signer;
    // One REST read first: a first figure at once (positions, balances and marks: a snapshot without balances would
    // leave the guard blind until the socket is live), and the account's kind (V2 or V3 socket) learned if it changed.
    const initial = await readRestSnapshot(resolved.value, UNIFIED_CATEGORIES);
    const { account, profile } = resolved.value;
    const practice = profile.practice === true;
    const origin = practice ? 'ws://practice.invalid' : socketOrigin(deps.restBaseUrl, deps.bitgetBaseUrl, profile.demo);
    const paths = socketPaths(account.kind);
    const login = signer.value;
    return {
      ok: true,
      value: createProfileFeed({
        profile: name,
        accountKind: account.kind,
        privateUrl: `${origin}${paths.privatePath}`,
        publicUrl: `${origin}${paths.publicPath}`,
        transport: practice ? deps.practiceTransport : deps.transport,
        login: () => ({ apiKey: login.apiKey, passphrase: login.passphrase, sign: login.sign, timestampMs: () => deps.timestampMs(practice) }),
        // While the socket is down: positions, balances and marks over REST (a failed read is never "flat").
        poll: async () => {
          const again = await deps.resolve(name);
          return again.ok ? readRestSnapshot(again.value, UNIFIED_CATEGORIES) : again;
        },
        // While the public ticker cannot price a held contract: REST tickers, paced under the documented limit.
        readMarks: async (productType, symbols) => {
          const again = await deps.resolve(name);
          if (!again.ok) return again;
          const read = await again.value.account.markPrices(productType, symbols, REST_READ_TIMEOUT_MS);
          const receivedAt = Date.now();
          return read.ok ? { ok: true, value: read.marks.map((mark) => ({ productType, symbol: mark.symbol, markPrice: mark.markPrice, receivedAt })) } : read;
        },
        onUpdate,
        ...(initial.ok ? { initial: initial.value } : {}),
        ...(deps.timing?.socket ? { socketTiming: deps.timing.socket } : {}),
        ...(deps.timing?.pollIntervalMs !== undefined ? { pollIntervalMs: deps.timing.pollIntervalMs } : {}),
        ...(deps.log ? { log: deps.log } : {}),
      }),
    };
  };
}

export const feedQuerySchema = z.object({ profile: z.string().trim().min(1) });

/** How long a getFeed call waits for a first figure, and how long it keeps the feed open after answering. */
const FIRST_FIGURE_WAIT_MS = 3_000;
const LINGER_MS = 30_000;

/** The profile's feed now; opens it briefly if nobody watches it, waiting a little for a first figure. */
export async function readFeed(feeds: Feeds, profile: string, timing: { waitMs?: number; lingerMs?: number } = {}): Promise<FeedUpdate> {
  const running = feeds.current(profile);
  if (running?.snapshot) return running;
  let latest: FeedUpdate | undefined;
  let settle: (() => void) | undefined;
  const settled = new Promise<void>((resolve) => {
    settle = resolve;
  });
  const stop = feeds.watch(profile, (update) => {
    latest = update;
    // A snapshot, or a feed that could not be opened at all (it is gone from the registry again).
    if (update.snapshot || feeds.current(profile) === undefined) settle?.();
  });
  const waitTimer = setTimeout(() => settle?.(), timing.waitMs ?? FIRST_FIGURE_WAIT_MS);
  await settled;
  clearTimeout(waitTimer);
  setTimeout(stop, timing.lingerMs ?? LINGER_MS).unref?.();
  return latest ?? { status: { profile, socket: 'connecting', source: 'none', stale: true, problem: 'The live feed is still connecting.' } };
}
