// Product types and the contracts the simulator knows.
import type { LiveProductType, ProductTypeName } from './types.ts';

export const PRODUCT_TYPE_NAMES: readonly ProductTypeName[] = [
  'USDT-FUTURES',
  'COIN-FUTURES',
  'USDC-FUTURES',
  'SUSDT-FUTURES',
  'SCOIN-FUTURES',
  'SUSDC-FUTURES',
];

/** V3 categories: the live types only. */
export const UNIFIED_CATEGORIES: readonly LiveProductType[] = ['USDT-FUTURES', 'COIN-FUTURES', 'USDC-FUTURES'];

const KNOWN_CONTRACTS: Record<LiveProductType, Record<string, { marginCoin: string; price: string }>> = {
  'USDT-FUTURES': {
    BTCUSDT: { marginCoin: 'USDT', price: '65000' },
    ETHUSDT: { marginCoin: 'USDT', price: '3400' },
    SOLUSDT: { marginCoin: 'USDT', price: '150' },
    XRPUSDT: { marginCoin: 'USDT', price: '0.6' },
  },
  'COIN-FUTURES': {
    BTCUSD: { marginCoin: 'BTC', price: '65000' },
    ETHUSD: { marginCoin: 'ETH', price: '3400' },
  },
  'USDC-FUTURES': {
    BTCPERP: { marginCoin: 'USDC', price: '65000' },
    ETHPERP: { marginCoin: 'USDC', price: '3400' },
  },
};

const SYMBOL_PATTERN = /^[A-Z0-9]{2,30}$/;
const LEGACY_DEMO_SYMBOL = /^S([A-Z0-9]+)S(USDT|USD|PERP)$/;

/** Case-insensitive: the mission page's own example sends "usdt-futures". */
export function parseProductType(value: string): ProductTypeName | undefined {
  const upper = value.toUpperCase();
  return PRODUCT_TYPE_NAMES.find((name) => name === upper);
}

export function isLegacyDemoType(type: ProductTypeName): boolean {
  return type.startsWith('S');
}

export function liveTypeOf(type: ProductTypeName): LiveProductType {
  return (isLegacyDemoType(type) ? type.slice(1) : type) as LiveProductType;
}

/**
 * The contract a symbol names under a product type, or undefined when unknown. Under an S-type both the
 * normal name (BTCUSDT) and the old demo name (SBTCSUSDT) are accepted.
 */
export function resolveSymbol(symbol: string, type: ProductTypeName): string | undefined {
  if (!SYMBOL_PATTERN.test(symbol)) return undefined;
  const live = liveTypeOf(type);
  const legacy = isLegacyDemoType(type) ? LEGACY_DEMO_SYMBOL.exec(symbol) : null;
  const name = legacy ? `${legacy[1]}${legacy[2]}` : symbol;
  return KNOWN_CONTRACTS[live][name] ? name : undefined;
}

/** How a symbol is shown back to a request: old demo names for S-types. */
export function displaySymbol(symbol: string, type: ProductTypeName): string {
  if (!isLegacyDemoType(type)) return symbol;
  const quote = ['USDT', 'USD', 'PERP'].find((q) => symbol.endsWith(q)) ?? '';
  return `S${symbol.slice(0, symbol.length - quote.length)}S${quote}`;
}

/** The contracts of a product type the simulator knows. */
export function contractsOf(type: LiveProductType): string[] {
  return Object.keys(KNOWN_CONTRACTS[type]);
}

export function contractDefaults(type: LiveProductType, symbol: string): { marginCoin: string; price: string } {
  const contract = KNOWN_CONTRACTS[type][symbol];
  if (!contract) throw new Error(`Unknown contract ${symbol} for ${type}`);
  return contract;
}
