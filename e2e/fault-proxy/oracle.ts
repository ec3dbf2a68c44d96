// What the exchange really answered, read from the proxy's log with a parser of its own (never the app's): the
// oracle tests use to decide whether a "flat" was earned and whether a secret reached the screen.
import type { ProxyLogEntry } from './types.ts';
import { POSITIONS_PATHS } from './types.ts';

export interface Target {
  productType: string;
  symbol?: string;
  holdSide?: 'long' | 'short';
}

export interface AnsweredPosition {
  symbol: string;
  holdSide: 'long' | 'short';
  total: string;
}

const SIZE = /^\d+(\.\d+)?$/;
const isSide = (value: unknown): value is 'long' | 'short' => value === 'long' || value === 'short';

/** The product type a positions read asked for (V2 `productType`, V3 `category`). */
export function readProductType(entry: ProxyLogEntry): string | undefined {
  const query = new URLSearchParams(entry.query);
  return (query.get('productType') ?? query.get('category'))?.toUpperCase();
}

/**
 * The positions a read showed the client, when it was a complete, unrewritten, well-formed success answer to a
 * positions request; undefined for anything else (a refusal, a reset, a rewrite, a body that does not parse).
 */
export function positionsShown(entry: ProxyLogEntry): AnsweredPosition[] | undefined {
  if (entry.method !== 'GET' || !(POSITIONS_PATHS as readonly string[]).includes(entry.path)) return undefined;
  if (entry.status !== 200 || entry.rewritten || !entry.delivered || entry.answer === undefined) return undefined;
  let envelope: { code?: unknown; data?: unknown };
  try {
    envelope = JSON.parse(entry.answer) as typeof envelope;
  } catch {
    return undefined;
  }
  if (envelope.code !== '00000') return undefined;
  const v3 = entry.path === POSITIONS_PATHS[1];
  const list: unknown = v3 ? (envelope.data as { list?: unknown } | null)?.list : envelope.data;
  if (!Array.isArray(list)) return undefined;
  const positions: AnsweredPosition[] = [];
  for (const item of list as Record<string, unknown>[]) {
    const holdSide = v3 ? item.posSide : item.holdSide;
    if (typeof item.symbol !== 'string' || !isSide(holdSide) || typeof item.total !== 'string' || !SIZE.test(item.total)) return undefined;
    positions.push({ symbol: item.symbol, holdSide, total: item.total });
  }
  return positions;
}

export function inTarget(position: { symbol: string; holdSide: string }, target: Target): boolean {
  return (!target.symbol || position.symbol === target.symbol.toUpperCase()) && (!target.holdSide || position.holdSide === target.holdSide);
}

/** Well-formed reads of the target's product type, sent at or after `from` and answered by `to`, that showed none of it. */
export function readsShowingFlat(log: readonly ProxyLogEntry[], target: Target, from: number, to: number): ProxyLogEntry[] {
  return log.filter((entry) => {
    if (entry.receivedAt < from || entry.answeredAt === undefined || entry.answeredAt > to) return false;
    if (readProductType(entry) !== target.productType.toUpperCase()) return false;
    const shown = positionsShown(entry);
    return shown !== undefined && !shown.some((position) => Number(position.total) > 0 && inTarget(position, target));
  });
}

/** Every way a secret could be printed: as is, JSON-escaped (once or twice), URL-encoded. */
export function secretForms(secret: string): string[] {
  const escaped = JSON.stringify(secret).slice(1, -1);
  return [...new Set([secret, escaped, JSON.stringify(escaped).slice(1, -1), encodeURIComponent(secret)])];
}

/** Long secrets (keys, signatures) also count as leaked when any `window`-character piece of them shows. */
export function secretPieces(secret: string, window = 12): string[] {
  if (secret.length <= window) return secretForms(secret);
  const pieces = new Set<string>();
  for (let start = 0; start + window <= secret.length; start += 1) for (const form of secretForms(secret.slice(start, start + window))) pieces.add(form);
  return [...pieces];
}

/** Descriptions of every secret (named) found in `text`; empty when none. The secret itself is never in the description. */
export function leaksIn(text: string, secrets: Record<string, string | readonly string[]>): string[] {
  const found: string[] = [];
  for (const [name, values] of Object.entries(secrets)) {
    for (const value of typeof values === 'string' ? [values] : values) {
      if (secretPieces(value).some((piece) => text.includes(piece))) found.push(name);
    }
  }
  return [...new Set(found)];
}

/** Every ACCESS-SIGN value the client sent, from any log that kept request headers. */
export function signaturesSent(...logs: readonly (readonly { headers: Record<string, string> }[])[]): string[] {
  return [...new Set(logs.flat().flatMap((entry) => (entry.headers['access-sign'] ? [entry.headers['access-sign']] : [])))];
}
