// Small decimal helpers for sizes and prices kept as strings.

function decimalsOf(value: string): number {
  const dot = value.indexOf('.');
  return dot < 0 ? 0 : value.length - dot - 1;
}

function trimZeros(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

/** size × fraction, with a few more decimals than the size had, trailing zeros trimmed. */
export function scaleSize(size: string, fraction: number): string {
  return trimZeros((Number(size) * fraction).toFixed(Math.min(decimalsOf(size) + 4, 12)));
}

export function isPositive(value: string): boolean {
  return Number(value) > 0;
}

export function formatNumber(value: number, decimals = 4): string {
  return trimZeros(value.toFixed(decimals));
}
