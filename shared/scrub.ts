// The last guard on every surface (terminal, IPC reply, notification, audit log): a known secret that slipped into a
// value is replaced, on the raw strings before anything encodes them, and in the encodings an echo may carry it in.
export const REDACTED = '[redacted]';

/** Shorter strings are not secrets (and would redact ordinary words). */
const MIN_SECRET_LENGTH = 6;

function forms(secret: string): string[] {
  const html = secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  return [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), html];
}

export interface Scrubber {
  text(value: string): string;
  /** A copy of any JSON-like value with every string scrubbed. */
  value<T>(value: T): T;
}

export function createScrubber(secrets: readonly string[]): Scrubber {
  const needles = [...new Set(secrets.filter((secret) => secret.length >= MIN_SECRET_LENGTH).flatMap(forms))].sort((a, b) => b.length - a.length);
  const text = (value: string) => needles.reduce((result, needle) => (result.includes(needle) ? result.split(needle).join(REDACTED) : result), value);
  const value = <T>(input: T): T => {
    if (needles.length === 0) return input;
    if (typeof input === 'string') return text(input) as T;
    if (Array.isArray(input)) return input.map((item) => value(item)) as T;
    if (input && typeof input === 'object' && Object.getPrototypeOf(input) === Object.prototype) {
      return Object.fromEntries(Object.entries(input).map(([key, item]) => [text(key), value(item)])) as T;
    }
    return input;
  };
  return { text, value };
}
