// What the live feed reads over REST while its socket is down: each margin coin's equity and unrealized PnL (classic
// V2 account list per product type; unified V3 assets for the whole account) and the mark prices of contracts held
// (V2 symbol-price per symbol; V3 tickers per category). Strictly in the documented shapes: anything else is a failed read.
import { UNIFIED_CATEGORIES, isLegacyDemoProductType, type ProductType } from '../../../shared/bitget.ts';
import {
  v2AccountListSchema,
  v2SymbolPriceSchema,
  v3AccountAssetsSchema,
  v3TickersSchema,
  type ExchangeMark,
} from '../../../shared/exchange-schema.ts';
import type { BitgetClient, CallOptions } from './client.ts';
import { parseData, send, type Failure, type Logged } from './answer.ts';

export const V2_ACCOUNTS_PATH = '/api/v2/mix/account/accounts';
export const V3_ASSETS_PATH = '/api/v3/account/assets';
export const V2_SYMBOL_PRICE_PATH = '/api/v2/mix/market/symbol-price';
export const V3_TICKERS_PATH = '/api/v3/market/tickers';

/** One margin coin's figures, in the coin. A unified account's answer has no unrealized PnL per coin. */
export interface CoinBalance {
  marginCoin: string;
  equity: string;
  unrealizedPnl?: string;
}

/**
 * `product-type`: the coins of that product type, unrealized PnL included (classic). `account`: every coin of the
 * whole account, without unrealized PnL (unified); the product type asked for does not matter.
 */
export type BalancesResult = { ok: true; scope: 'product-type' | 'account'; balances: CoinBalance[] } | Failure;
export type MarksResult = { ok: true; marks: ExchangeMark[] } | Failure;

export interface FeedReadEndpoints {
  balances(productType: ProductType, timeoutMs: number, log?: Logged): Promise<BalancesResult>;
  /** The mark price of each symbol asked for; a symbol the answer does not price fails the read. */
  markPrices(productType: ProductType, symbols: readonly string[], timeoutMs: number, log?: Logged): Promise<MarksResult>;
}

function unpriced(path: string, missing: readonly string[]): Failure {
  return {
    ok: false,
    error: {
      kind: 'unknown',
      message: `The exchange's answer to ${path} gave no mark price for ${missing.join(', ')}.`,
      hint: 'The figures are shown as unknown until a read gives every mark price; nothing is decided on them.',
    },
  };
}

/** The marks of `symbols` from an answer that may price more; any symbol left unpriced fails the read. */
function marksOf(path: string, listed: readonly ExchangeMark[], symbols: readonly string[]): MarksResult {
  const bySymbol = new Map(listed.map((mark) => [mark.symbol, mark]));
  const missing = symbols.filter((symbol) => !bySymbol.has(symbol));
  if (missing.length > 0) return unpriced(path, missing);
  return { ok: true, marks: symbols.map((symbol) => bySymbol.get(symbol)!) };
}

export function classicFeedReads(client: BitgetClient, demo: boolean): FeedReadEndpoints {
  const paptrading = (productType: ProductType) => demo && !isLegacyDemoProductType(productType);
  const get = (path: string, query: CallOptions['query'], productType: ProductType, timeoutMs: number, log?: Logged) =>
    send(client, { method: 'GET', path, query, paptrading: paptrading(productType), timeoutMs }, log);

  async function markOf(productType: ProductType, symbol: string, timeoutMs: number, log?: Logged): Promise<MarksResult> {
    const result = await get(V2_SYMBOL_PRICE_PATH, { productType, symbol }, productType, timeoutMs, log);
    if (!result.ok) return result;
    const parsed = parseData(v2SymbolPriceSchema, result);
    return parsed.ok ? marksOf(V2_SYMBOL_PRICE_PATH, parsed.value, [symbol]) : parsed;
  }

  return {
    async balances(productType, timeoutMs, log) {
      const result = await get(V2_ACCOUNTS_PATH, { productType }, productType, timeoutMs, log);
      if (!result.ok) return result;
      const parsed = parseData(v2AccountListSchema, result);
      return parsed.ok ? { ok: true, scope: 'product-type', balances: parsed.value } : parsed;
    },
    async markPrices(productType, symbols, timeoutMs, log) {
      const unique = [...new Set(symbols)];
      const results = await Promise.all(unique.map((symbol) => markOf(productType, symbol, timeoutMs, log)));
      const marks: ExchangeMark[] = [];
      for (const result of results) {
        if (!result.ok) return result;
        marks.push(...result.marks);
      }
      return { ok: true, marks };
    },
  };
}

export function unifiedFeedReads(client: BitgetClient, demo: boolean): FeedReadEndpoints {
  const get = (path: string, query: CallOptions['query'], timeoutMs: number, log?: Logged) =>
    send(client, { method: 'GET', path, query, paptrading: demo, timeoutMs }, log);

  return {
    async balances(_productType, timeoutMs, log) {
      const result = await get(V3_ASSETS_PATH, undefined, timeoutMs, log);
      if (!result.ok) return result;
      const parsed = parseData(v3AccountAssetsSchema, result);
      if (!parsed.ok) return parsed;
      return { ok: true, scope: 'account', balances: parsed.value.map((asset) => ({ marginCoin: asset.coin, equity: asset.equity })) };
    },
    async markPrices(productType, symbols, timeoutMs, log) {
      if (!UNIFIED_CATEGORIES.includes(productType)) {
        return {
          ok: false,
          error: {
            kind: 'environment',
            message: `Unified accounts have no ${productType} product type.`,
            hint: `Use ${UNIFIED_CATEGORIES.join(', ')}; for demo trading mark the profile as demo instead of using S-prefixed types.`,
          },
        };
      }
      if (symbols.length === 0) return { ok: true, marks: [] };
      const result = await get(V3_TICKERS_PATH, { category: productType }, timeoutMs, log);
      if (!result.ok) return result;
      const parsed = parseData(v3TickersSchema, result);
      return parsed.ok ? marksOf(V3_TICKERS_PATH, parsed.value, [...new Set(symbols)]) : parsed;
    },
  };
}
