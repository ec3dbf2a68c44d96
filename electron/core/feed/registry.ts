// The Feeds the core hands out: a profile's feed opens with its first watcher and closes with its last.
import type { ExplainedError, Result } from '../../../shared/bitget.ts';
import type { FeedUpdate } from '../../../shared/feed.ts';
import type { Feeds } from './feeds.ts';
import type { ProfileFeed } from './profile-feed.ts';

/** Opens one profile's feed, reporting every change to `onUpdate`; an error when it cannot be opened at all. */
export type OpenProfileFeed = (profile: string, onUpdate: (update: FeedUpdate) => void) => Promise<Result<ProfileFeed>>;

interface Entry {
  listeners: Set<(update: FeedUpdate) => void>;
  feed?: ProfileFeed;
  latest?: FeedUpdate;
  closed: boolean;
}

const cannotOpen = (profile: string, error: ExplainedError): FeedUpdate => ({
  status: { profile, socket: 'down', source: 'none', stale: true, problem: `${error.message} ${error.hint}`.trim() },
});

/** The registry also tells an observer every update of every running feed (the window shows them; it starts none). */
export interface FeedRegistry extends Feeds {
  observe(listener: (update: FeedUpdate) => void): () => void;
}

export function createFeedRegistry(open: OpenProfileFeed): FeedRegistry {
  const entries = new Map<string, Entry>();
  const observers = new Set<(update: FeedUpdate) => void>();

  const publish = (entry: Entry, update: FeedUpdate) => {
    entry.latest = update;
    for (const listener of [...entry.listeners, ...observers]) {
      try {
        listener(update);
      } catch {
        // One watcher failing never stops the others.
      }
    }
  };

  function start(profile: string): Entry {
    const entry: Entry = { listeners: new Set(), closed: false };
    entries.set(profile, entry);
    void open(profile, (update) => {
      if (!entry.closed) publish(entry, update);
    })
      .catch((error: unknown): Result<ProfileFeed> => ({
        ok: false,
        error: { kind: 'unknown', message: `The live feed could not be opened: ${error instanceof Error ? error.message : String(error)}`, hint: '' },
      }))
      .then((opened) => {
        if (!opened.ok) {
          if (entries.get(profile) === entry) entries.delete(profile);
          if (!entry.closed) publish(entry, cannotOpen(profile, opened.error));
          entry.closed = true;
          return;
        }
        if (entry.closed) return opened.value.close();
        entry.feed = opened.value;
        publish(entry, opened.value.current());
      });
    return entry;
  }

  function stop(profile: string, entry: Entry) {
    entry.closed = true;
    entry.feed?.close();
    if (entries.get(profile) === entry) entries.delete(profile);
  }

  return {
    watch(profile, listener) {
      const entry = entries.get(profile) ?? start(profile);
      entry.listeners.add(listener);
      if (entry.latest) listener(entry.latest);
      return () => {
        if (!entry.listeners.delete(listener)) return;
        if (entry.listeners.size === 0) stop(profile, entry);
      };
    },
    current: (profile) => entries.get(profile)?.latest,
    observe(listener) {
      observers.add(listener);
      return () => void observers.delete(listener);
    },
    async close() {
      for (const [profile, entry] of [...entries]) stop(profile, entry);
    },
  };
}
