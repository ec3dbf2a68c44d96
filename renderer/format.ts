// Small pure helpers for showing domain values to a person in a hurry.
import {
  PRODUCT_TYPE_LABELS,
  type CloseStatus,
  type HoldSide,
  type ProductType,
} from '../shared/bitget.ts';
import { describeTarget, type CloseTarget } from '../shared/target.ts';

export const STATUS_WORDS: Record<CloseStatus, string> = {
  flat: 'FLAT',
  partial: 'PARTIAL',
  'nothing-to-close': 'NOTHING TO CLOSE',
  failed: 'FAILED',
  unknown: 'UNKNOWN',
};

export const STATUS_LINES: Record<CloseStatus, string> = {
  flat: 'Every targeted position is closed.',
  partial: 'Some positions were closed, others were not.',
  'nothing-to-close': 'No open position matched the target. Nothing was closed.',
  failed: 'The close did not go through.',
  unknown: 'The result could not be confirmed.',
};

/** What the final re-read of positions established, in words that cannot be mistaken for "all clear". */
export function verificationLine(outcome: { verified: boolean; stillOpen: readonly unknown[] }): string {
  if (!outcome.verified) return 'NOT VERIFIED: positions could not be re-read. Check them on the exchange now.';
  if (outcome.stillOpen.length > 0) {
    return `STILL OPEN: ${outcome.stillOpen.length} position${outcome.stillOpen.length === 1 ? '' : 's'}, listed below.`;
  }
  return 'Verified by re-reading positions: nothing of the target is open.';
}

export function productTypeName(productType: ProductType): string {
  return PRODUCT_TYPE_LABELS[productType];
}

export function sideName(holdSide: HoldSide | undefined): string {
  return holdSide ? holdSide.toUpperCase() : 'LONG and SHORT';
}

/** "+12.5" for gains, "-3.1" for losses: the sign is spelled out, colour only repeats it. */
export function signed(value: string): string {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0 || value.startsWith('+')) return value;
  return `+${value}`;
}

export function pnlTone(value: string): 'gain' | 'loss' | 'even' {
  const number = Number(value);
  if (!Number.isFinite(number) || number === 0) return 'even';
  return number > 0 ? 'gain' : 'loss';
}

export function normaliseSymbol(symbol: string): string {
  return symbol.trim().toUpperCase();
}

/** Mirrors shared/schema.ts symbolSchema (kept here so the window does not ship zod); main re-checks every request. */
export function symbolProblem(symbol: string): string | undefined {
  const value = normaliseSymbol(symbol);
  if (value === '') return undefined;
  if (/^[A-Z0-9][A-Z0-9_]{1,39}$/.test(value)) return undefined;
  return 'Symbol must look like BTCUSDT: letters and digits only, no spaces or slashes. Leave it blank for every symbol.';
}

export function clockTime(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** 2026-11-24 03:12:05 in local time: no day/month order to misread. */
export function dateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso || '—';
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${clockTime(date)}`;
}

export function ms(value: number | undefined): string {
  return value === undefined ? '—' : `${Math.round(value)} ms`;
}

export function newId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `p-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** The window's words for a target: "every USDT-margined futures symbol, LONG and SHORT". */
export function describeAuditTarget(target: CloseTarget): string {
  return describeTarget(target, { productType: productTypeName, side: sideName });
}
