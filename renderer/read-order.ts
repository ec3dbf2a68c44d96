// What the window shows arrives two ways: read on demand, and pushed by main when it changes. A read's answer is only
// as new as the moment it was asked, so a push (or a later read) that came in while it was on its way is newer, and
// the late answer must not undo it. In Electron replies and pushes share one ordered channel; in the browser harness
// they do not, and nothing here assumes either. Keys let one read answer for many things (every profile's guard)
// while each push speaks for one.

/** Given when a read's answer arrives: whether the answer may set what `key` shows. */
export type MayShow<K> = (key: K) => boolean;

export interface ReadOrder<K> {
  /** A push for `key` was shown. */
  pushed(key: K): void;
  /** Call when a read is sent; call what it returns when its answer arrives (and only then, for a good answer).
   * It returns undefined when a read asked later has already answered: this answer is older than what is shown. */
  reading(): () => MayShow<K> | undefined;
}

export function createReadOrder<K>(): ReadOrder<K> {
  let sequence = 0;
  let newestReadShown = 0;
  const pushedAt = new Map<K, number>();
  return {
    pushed(key) {
      sequence += 1;
      pushedAt.set(key, sequence);
    },
    reading() {
      sequence += 1;
      const asked = sequence;
      return () => {
        if (asked < newestReadShown) return undefined;
        newestReadShown = asked;
        return (key) => (pushedAt.get(key) ?? 0) < asked;
      };
    },
  };
}

/** One value kept whole (the app status, one profile's feed): a late read's answer is shown only if nothing newer was. */
export function createNewestValue<T>(show: (value: T) => void): { pushed(value: T): void; reading(): (value: T) => void } {
  const order = createReadOrder<'value'>();
  return {
    pushed(value) {
      order.pushed('value');
      show(value);
    },
    reading() {
      const answered = order.reading();
      return (value) => {
        if (answered()?.('value')) show(value);
      };
    },
  };
}
