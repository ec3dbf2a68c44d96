// How the rest of the core (the guard, the window's handlers) reaches the live feed of a profile.
import type { FeedUpdate } from '../../../shared/feed.ts';

export interface Feeds {
  /**
   * Calls `listener` with the profile's feed now (if it has anything yet) and on every change after; opens the
   * profile's feed if it was not running. Returns the function that stops listening (the feed closes with its last
   * listener).
   */
  watch(profile: string, listener: (update: FeedUpdate) => void): () => void;
  /** The profile's feed now, without starting it: undefined when it is not running. */
  current(profile: string): FeedUpdate | undefined;
  /** Closes every feed. */
  close(): Promise<void>;
}
