// What the exchange really answered, read from the proxy's log with a parser of its own (never the app's): the
// oracle tests use to decide whether a "flat" was earned and whether a secret reached the screen.
import { CLOSE_PATHS, POSITIONS_PATHS, type ProxyLogEntry } from './types.ts';

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

/** A JSON object, or undefined for anything else (absent, not JSON, an array, a scalar). */
export function parseObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The positions a read showed the client, when it was a complete, unrewritten, well-formed success answer to a
 * positions request; undefined for anything else (a refusal, a reset, a rewrite, a body that does not parse).
 */
export function positionsShown(entry: ProxyLogEntry): AnsweredPosition[] | undefined {
  if (entry.method !== 'GET' || !(POSITIONS_PATHS as readonly string[]).includes(entry.path)) return undefined;
  if (entry.status !== 200 || entry.rewritten || !entry.delivered) return undefined;
  const envelope = parseObject(entry.answer);
  if (envelope?.code !== '00000') return undefined;
  const v3 = entry.path === POSITIONS_PATHS[1];
  const data = envelope.data as { list?: unknown } | null | undefined;
  // A flat unified account answers `{"list":null}` (the live exchange's shape, ../shared/bitget-live): nothing open.
  const list: unknown = v3 ? (data && 'list' in data && data.list === null ? [] : data?.list) : envelope.data;
  if (!Array.isArray(list)) return undefined;
  const positions: AnsweredPosition[] = [];
  for (const item of list as Record<string, unknown>[]) {
    const holdSide = v3 ? item.posSide : item.holdSide;
    if (typeof item.symbol !== 'string' || !isSide(holdSide) || typeof item.total !== 'string' || !SIZE.test(item.total)) return undefined;
    positions.push({ symbol: item.symbol, holdSide, total: item.total });
  }
  return positions;
}

/** Whether a position is the target's (its product type too, when the position names one). */
export function inTarget(position: { productType?: string; symbol: string; holdSide: string }, target: Target): boolean {
  return (
    (position.productType === undefined || position.productType === target.productType.toUpperCase()) &&
    (!target.symbol || position.symbol === target.symbol.toUpperCase()) &&
    (!target.holdSide || position.holdSide === target.holdSide)
  );
}

/** Close requests in `log`, arrived within [from, to], whose body asks for exactly this target (V2 or V3 names). */
export function closesFor(log: readonly ProxyLogEntry[], target: Target, from: number, to: number): ProxyLogEntry[] {
  return log.filter((entry) => {
    if (entry.method !== 'POST' || !(CLOSE_PATHS as readonly string[]).includes(entry.path)) return false;
    if (entry.receivedAt < from || entry.receivedAt > to) return false;
    const body = parseObject(entry.body);
    if (!body) return false;
    const productType = String(body.productType ?? body.category ?? '').toUpperCase();
    const side = body.holdSide ?? body.posSide;
    return productType === target.productType.toUpperCase() && (body.symbol ?? undefined) === target.symbol && (side ?? undefined) === target.holdSide;
  });
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

/**
 * Why a "flat" or "nothing-to-close" was not earned, or undefined when it was (or the status claims neither): both need
 * a well-formed read after the last close of the target that showed none of it; "nothing-to-close" also needs that
 * the exchange took no close of it (a success code means it closed or refused positions).
 */
export function unearnedStatus(
  log: readonly ProxyLogEntry[],
  target: Target,
  outcome: { status: string; startedAt: string; finishedAt: string },
  /** False when another trigger on the same proxy asked for the same target: its closes look the same on the wire. */
  closesAreOwn = true,
): string | undefined {
  if (outcome.status !== 'flat' && outcome.status !== 'nothing-to-close') return undefined;
  const startedAt = Date.parse(outcome.startedAt);
  const finishedAt = Date.parse(outcome.finishedAt);
  const closes = closesFor(log, target, startedAt, finishedAt);
  const lastClose = closes.at(-1)?.receivedAt ?? startedAt;
  if (readsShowingFlat(log, target, lastClose, finishedAt).length === 0) {
    return `said "${outcome.status}" without a well-formed positions read after its last close that showed the target flat`;
  }
  if (outcome.status === 'nothing-to-close' && closesAreOwn && closes.some((entry) => parseObject(entry.upstream?.body)?.code === '00000')) {
    return 'said "nothing-to-close" although the exchange answered a close of it with success (positions closed or refused)';
  }
  return undefined;
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
