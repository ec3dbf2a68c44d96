// What a close is aimed at, and the one rule for which positions it covers. Every surface (core, window, CLI, tray,
// notifications) takes the target's type, its matching rule and its description from here. Pure TypeScript.

export const PRODUCT_TYPES = [
  'USDT-FUTURES',
  'COIN-FUTURES',
  'USDC-FUTURES',
  'SUSDT-FUTURES',
  'SCOIN-FUTURES',
  'SUSDC-FUTURES',
] as const;
export type ProductType = (typeof PRODUCT_TYPES)[number];

export const HOLD_SIDES = ['long', 'short'] as const;
export type HoldSide = (typeof HOLD_SIDES)[number];

/** Unified (V3) accounts know only the three live categories. */
export const UNIFIED_CATEGORIES: readonly ProductType[] = ['USDT-FUTURES', 'COIN-FUTURES', 'USDC-FUTURES'];

/** The product types "everything" covers; the S-prefixed ones belong to the retired demo environment. */
export const EVERYTHING_PRODUCT_TYPES: readonly ProductType[] = UNIFIED_CATEGORIES;

/**
 * One close's aim: a product type, optionally one symbol (absent: every symbol), optionally one side (absent: both).
 * `share` is room for closing part of each position (a fraction in (0, 1]); no engine reads it yet, so absent = whole.
 */
export interface CloseTarget {
  productType: ProductType;
  symbol?: string;
  holdSide?: HoldSide;
  share?: number;
}

/** What the matching rule needs of a position. */
export interface TargetedPosition {
  productType: ProductType;
  symbol: string;
  holdSide: HoldSide;
}

/**
 * Whether a close for `target` covers `position`: same product type, same symbol (if named), same side (if named).
 * Symbols compare exactly: the exchange's are upper case and every way in upper-cases the trader's input (the
 * request schema's symbolSchema, the window's normaliseSymbol), so a lower-case symbol here is a bug, not a match.
 */
export function matchesTarget(position: TargetedPosition, target: CloseTarget): boolean {
  return (
    position.productType === target.productType &&
    (!target.symbol || position.symbol === target.symbol) &&
    (!target.holdSide || position.holdSide === target.holdSide)
  );
}

/** The same product type and symbol, both sides: what the exchange closes in one-way mode, where it ignores the side. */
export function everySideOf(target: CloseTarget): CloseTarget {
  return { productType: target.productType, ...(target.symbol ? { symbol: target.symbol } : {}) };
}

/** How a surface names a product type and a side; the sentence around them is the same everywhere. */
export interface TargetNames {
  productType: (productType: ProductType) => string;
  side: (holdSide: HoldSide | undefined) => string;
}

/** The exchange's own words: "USDT-FUTURES", "long side" (CLI, tray, notifications). */
export const WIRE_NAMES: TargetNames = {
  productType: (productType) => productType,
  side: (holdSide) => (holdSide ? `${holdSide} side` : 'both sides'),
};

/** "BTCUSDT, long side", "every USDT-FUTURES symbol, both sides" (or in the names a surface passes). */
export function describeTarget(target: CloseTarget, names: TargetNames = WIRE_NAMES): string {
  const symbol = target.symbol || `every ${names.productType(target.productType)} symbol`;
  return `${symbol}, ${names.side(target.holdSide)}`;
}
