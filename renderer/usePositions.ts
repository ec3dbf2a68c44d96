// Live positions of one profile and product type. First from the core's live feed (the exchange's WebSocket, or the
// core's own REST polling while the socket is down), re-priced at the ticker's marks. Only when the feed has nothing
// fresh does the window read for itself, by TanStack Query: every 2 s while visible (never while hidden), never two
// reads at once, paused while a close runs, re-read after a close or a pushed outcome.
import { QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { ExplainedError, Position, ProductType } from '../shared/bitget.ts';
import { FEED_STALE_AFTER_MS, liveEquity, marginCoinsOf, positionsAtMarks, type FeedStatus, type FeedUpdate } from '../shared/feed.ts';
import { api, call } from './api.ts';
import { createNewestValue } from './read-order.ts';
import { useNow } from './useNow.ts';

/** The exchange allows 5 position reads a second; one every 2 s leaves room for the close path's own re-reads. */
export const POSITIONS_REFRESH_MS = 2000;
/** After a close the core has just re-read positions several times: the window's own re-read waits a moment. */
export const AFTER_CLOSE_READ_DELAY_MS = 1000;
/** Rows older than two missed reads are stale (and are re-read at once when the window becomes visible again). */
export const POSITIONS_STALE_MS = 2 * POSITIONS_REFRESH_MS;

export interface PositionsState {
  /** Whose positions these are: stale state from another profile/product type is never shown as current. */
  key: string;
  positions: Position[] | null;
  error: ExplainedError | null;
  updatedAt: Date | null;
  /** True from a close (or a pushed outcome) until the next read lands: the rows shown predate that close. */
  outdated: boolean;
  /** A read is on its way. */
  reading: boolean;
  /** The rows are older than POSITIONS_STALE_MS (or there are none yet). */
  stale: boolean;
  /** Where the rows come from: the live feed (its status says WebSocket or the core's REST polling), or this window's reads. */
  source: 'feed' | 'window';
  /** The profile's live feed, when the core has one running. */
  feed: FeedStatus | undefined;
  /** The equity of this product type's margin coin(s) now, from a fresh feed (absent when it cannot be known). */
  equity: { coin: string; equity: string }[];
}

/** Equity per margin coin of the product type, from the feed's balances and the positions at the newest marks. */
export function feedEquity(update: FeedUpdate | undefined, productType: ProductType): { coin: string; equity: string }[] {
  const snapshot = update?.snapshot;
  if (!snapshot) return [];
  return marginCoinsOf(snapshot, productType).flatMap((coin) => {
    const equity = liveEquity(snapshot, coin);
    return equity === undefined ? [] : [{ coin, equity: String(Number(equity.toFixed(8))) }];
  });
}

/** The core keeps a feed open a while after each getFeed; the window asks again well within that while it shows one. */
export const FEED_LEASE_MS = 15_000;

/** The profile's live feed as the core pushes it; asked for (which opens it) on mount and every FEED_LEASE_MS. */
export function useFeed(profile: string | undefined): FeedUpdate | undefined {
  // Kept with the profile it belongs to: another profile's feed is never shown as this one's.
  const [latest, setLatest] = useState<{ profile: string; update: FeedUpdate } | undefined>(undefined);
  useEffect(() => {
    if (!profile) return;
    let stopped = false;
    const newest = createNewestValue((update: FeedUpdate) => {
      if (!stopped) setLatest({ profile, update });
    });
    const ask = () => {
      const answered = newest.reading();
      void call((panic) => panic.getFeed({ profile })).then((result) => result.ok && answered(result.value));
    };
    const off = api().onFeed((update) => {
      if (update.status.profile === profile) newest.pushed(update);
    });
    ask();
    const lease = setInterval(ask, FEED_LEASE_MS);
    return () => {
      stopped = true;
      off();
      clearInterval(lease);
    };
  }, [profile]);
  return latest && latest.profile === profile ? latest.update : undefined;
}

/** The feed's rows for this product type, when they are fresh enough to show as current; undefined otherwise. */
export function feedRows(update: FeedUpdate | undefined, productType: ProductType, now: number): Position[] | undefined {
  if (!update?.snapshot || update.status.source === 'none' || update.status.stale) return undefined;
  if (now - update.snapshot.confirmedAt > FEED_STALE_AFTER_MS) return undefined;
  return positionsAtMarks(update.snapshot, productType);
}

/** A failed read carries its explained error through the query library, which only knows thrown errors. */
class PositionsReadError extends Error {
  readonly explained: ExplainedError;
  constructor(explained: ExplainedError) {
    super(explained.message);
    this.explained = explained;
  }
}

export function positionsKey(profile: string | undefined, productType: ProductType): string {
  return `${profile ?? ''}\u0000${productType}`;
}

export function positionsQueryKey(profile: string | undefined, productType: ProductType) {
  return ['positions', profile ?? '', productType] as const;
}

/** The window's query client. Reads go over IPC to the core: the browser's idea of "offline" never holds them back. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { networkMode: 'always', retry: false, refetchOnReconnect: false },
      mutations: { networkMode: 'always' },
    },
  });
}

/**
 * `refreshToken` changes after a close (or an outcome pushed by a hotkey): the rows are `outdated` until the next read
 * lands, which is asked for a moment later. `paused` stops reading while a close is in flight, leaving the rate budget
 * to the close path.
 */
export function usePositions(
  profile: string | undefined,
  productType: ProductType,
  refreshToken: number,
  paused: boolean,
): PositionsState {
  const key = positionsKey(profile, productType);
  const queryKey = positionsQueryKey(profile, productType);
  const queryClient = useQueryClient();
  const feed = useFeed(profile);
  const now = useNow(1000);
  const fromFeed = feedRows(feed, productType, now);

  const query = useQuery({
    queryKey,
    queryFn: async (): Promise<Position[]> => {
      const result = await call((panic) => panic.listPositions({ profile: profile ?? '', productType }));
      if (!result.ok) throw new PositionsReadError(result.error);
      return result.value;
    },
    // The feed has fresh rows: no read of the window's own (REST polling only while the live feed cannot serve).
    enabled: Boolean(profile) && !paused && fromFeed === undefined,
    refetchInterval: POSITIONS_REFRESH_MS,
    refetchIntervalInBackground: false,
    // Visible again: read at once, however fresh the last read looks (the old rows were taken while hidden).
    refetchOnWindowFocus: 'always',
    staleTime: POSITIONS_STALE_MS,
    // Another profile or product type starts from nothing: its old rows are never shown as current.
    gcTime: 0,
  });

  // A new refresh token: the rows on screen predate a close; ask for a new read a moment later.
  const [outdatedSince, setOutdatedSince] = useState<{ token: number; at: number } | null>(null);
  const seenToken = useRef(refreshToken);
  useEffect(() => {
    if (seenToken.current === refreshToken) return;
    seenToken.current = refreshToken;
    setOutdatedSince({ token: refreshToken, at: Date.now() });
    const timer = setTimeout(() => {
      // cancelRefetch false: a read already on its way is awaited, never doubled.
      void queryClient.invalidateQueries({ queryKey: ['positions'] }, { cancelRefetch: false });
    }, AFTER_CLOSE_READ_DELAY_MS);
    return () => clearTimeout(timer);
  }, [refreshToken, queryClient]);

  if (fromFeed && feed?.snapshot) {
    const confirmedAt = feed.snapshot.confirmedAt;
    return {
      key,
      positions: fromFeed,
      error: null,
      updatedAt: new Date(confirmedAt),
      outdated: outdatedSince !== null && confirmedAt < outdatedSince.at,
      reading: false,
      stale: false,
      source: 'feed',
      feed: feed.status,
      equity: feedEquity(feed, productType),
    };
  }
  const error = query.error instanceof PositionsReadError ? query.error.explained : query.error ? unexpected(query.error) : null;
  // The feed's last rows stay on screen (marked by the error or the feed line) until a read of the window's own is newer.
  const lastKnown = feed?.snapshot ? positionsAtMarks(feed.snapshot, productType) : undefined;
  const lastKnownAt = lastKnown ? feed?.snapshot?.confirmedAt : undefined;
  const windowRead = query.data !== undefined && (lastKnownAt === undefined || query.dataUpdatedAt >= lastKnownAt);
  const positions = windowRead ? query.data! : (lastKnown ?? null);
  const updatedAt = windowRead && query.dataUpdatedAt > 0 ? new Date(query.dataUpdatedAt) : lastKnownAt !== undefined ? new Date(lastKnownAt) : null;
  const outdated = outdatedSince !== null && updatedAt !== null && positions !== null && updatedAt.getTime() < outdatedSince.at;
  return {
    key,
    positions,
    error: query.isError ? error : null,
    updatedAt,
    outdated,
    reading: query.isFetching,
    stale: query.isStale,
    source: 'window',
    feed: feed?.status,
    equity: [],
  };
}

function unexpected(error: Error): ExplainedError {
  return {
    kind: 'unknown',
    message: `Positions could not be read: ${error.message}`,
    hint: 'The window will try again in a moment. If this stays, restart the app.',
  };
}
