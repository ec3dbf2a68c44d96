// What the live feed polls while its socket is down: account balances (V2 account list per product type, V3 unified
// assets) and mark prices (V2 symbol-price, V3 tickers), in the shapes of Bitget's docs (docs/exchange-facts.md,
// docs-shaped/). Equity and unrealized PnL come from the account model (state.ts); marks from the exchange's marks.
import { UNIFIED_CATEGORIES, contractDefaults, contractsOf, displaySymbol, liveTypeOf, parseProductType, resolveSymbol } from './contracts.ts';
import { formatNumber } from './decimal.ts';
import { optionalText } from './params.ts';
import { parameterDoesNotExist, parameterEmpty, parameterError } from './responses.ts';
import type { RouteContext, PublicRouteDefinition, RouteDefinition } from './route.ts';
import { accountUnrealizedPnl, type AccountState } from './state.ts';
import type { AnswerShapes, LiveProductType, Position, ProductTypeName } from './types.ts';

export const V2_ACCOUNTS_PATH = '/api/v2/mix/account/accounts';
export const V3_ASSETS_PATH = '/api/v3/account/assets';
export const V2_SYMBOL_PRICE_PATH = '/api/v2/mix/market/symbol-price';
export const V3_TICKERS_PATH = '/api/v3/market/tickers';

/** A contract's mark price now. */
export type MarkSource = (productType: LiveProductType, symbol: string) => string;

/** The mark price of a contract as positions hold it (they all share one), else the contract's default. */
export function markFromPositions(positions: readonly Position[]): MarkSource {
  return (productType, symbol) =>
    positions.find((position) => position.productType === productType && position.symbol === symbol)?.markPrice ?? contractDefaults(productType, symbol).price;
}

const STABLE_COINS: ReadonlySet<string> = new Set(['USDT', 'USDC']);

/** A margin coin's price in USD (USDT/USDC count as 1): the mark of its coin-margined contract, as the account holds it. */
function usdPriceOf(account: AccountState, coin: string): number {
  if (STABLE_COINS.has(coin)) return 1;
  const symbol = `${coin}USD`;
  if (!contractsOf('COIN-FUTURES').includes(symbol)) return 0;
  return Number(markFromPositions(account.positions)('COIN-FUTURES', symbol));
}

function marginCoinsOf(productType: LiveProductType): string[] {
  return [...new Set(contractsOf(productType).map((symbol) => contractDefaults(productType, symbol).marginCoin))];
}

/** The margin held by a coin's positions: notional at entry ÷ leverage (COIN-FUTURES: in the coin, at the mark). */
function marginOf(account: AccountState, coin: string): number {
  return account.positions
    .filter((position) => position.marginCoin === coin)
    .reduce((sum, position) => {
      const notional = (Number(position.entryPrice) * Number(position.size)) / (Number(position.leverage) || 1);
      return sum + (position.productType === 'COIN-FUTURES' ? notional / Number(position.markPrice) : notional);
    }, 0);
}

const amount = (value: number) => formatNumber(value, 8);

/**
 * One item of the V2 account list. Live (bitget-live/v2_accounts_item.null_unrealized.live.json): the first fourteen
 * fields only, `crossedUnrealizedPL` and `isolatedUnrealizedPL` null; docs: every field of the docs' example.
 */
function v2AccountItem(account: AccountState, coin: string, shapes: AnswerShapes): Record<string, unknown> {
  const balance = Number(account.balances[coin] ?? '0');
  const unrealized = accountUnrealizedPnl(account, coin);
  const equity = balance + unrealized;
  const margin = marginOf(account, coin);
  const available = Math.max(0, balance - margin);
  const usdt = equity * usdPriceOf(account, coin);
  const btcPrice = usdPriceOf(account, 'BTC');
  return {
    marginCoin: coin,
    locked: '0',
    available: amount(available),
    crossedMaxAvailable: amount(Math.max(0, equity - margin)),
    isolatedMaxAvailable: amount(Math.max(0, equity - margin)),
    maxTransferOut: amount(Math.max(0, Math.min(available, equity - margin))),
    accountEquity: amount(equity),
    usdtEquity: amount(usdt),
    btcEquity: amount(btcPrice > 0 ? usdt / btcPrice : 0),
    crossedRiskRate: '0',
    unrealizedPL: amount(unrealized),
    coupon: '0',
    ...(shapes === 'live' ? { crossedUnrealizedPL: null, isolatedUnrealizedPL: null } : docsOnlyAccountFields(coin, balance, available, margin, unrealized)),
  };
}

function docsOnlyAccountFields(coin: string, balance: number, available: number, margin: number, unrealized: number): Record<string, unknown> {
  return {
    // Sic: the docs' example spells it so.
    unionTotalMagin: '0',
    unionAvailable: '0',
    unionMm: '0',
    assetList: [{ coin, balance: amount(balance), available: amount(available) }],
    isolatedMargin: '0',
    crossedMargin: amount(margin),
    crossedUnrealizedPL: amount(unrealized),
    isolatedUnrealizedPL: '0',
    assetMode: 'single',
  };
}

/** V2 account list: one item per margin coin of the product type (every simulated position is cross margin). */
function accountList(context: RouteContext): unknown {
  const { productType } = context;
  if (!productType) throw new Error('route without a product type');
  context.admit();
  return marginCoinsOf(productType).map((coin) => v2AccountItem(context.account, coin, context.shapes));
}

/** V3 unified assets: account-wide figures in USD/USDT/BTC, and every coin with a balance or a position. */
function unifiedAssets(context: RouteContext): unknown {
  context.admit();
  const account = context.account;
  const coins = [...new Set([...Object.keys(account.balances), ...account.positions.map((position) => position.marginCoin)])];
  const assets = coins
    .map((coin) => {
      const balance = Number(account.balances[coin] ?? '0');
      const equity = balance + accountUnrealizedPnl(account, coin);
      const available = Math.max(0, balance - marginOf(account, coin));
      return { coin, equity, usdValue: equity * usdPriceOf(account, coin), balance, available };
    })
    // "with only non-zero balances being returned"
    .filter((asset) => asset.balance !== 0 || asset.equity !== 0);
  const totalUsd = assets.reduce((sum, asset) => sum + asset.usdValue, 0);
  const unrealizedUsd = coins.reduce((sum, coin) => sum + accountUnrealizedPnl(account, coin) * usdPriceOf(account, coin), 0);
  const btcPrice = usdPriceOf(account, 'BTC');
  const inBtc = (usd: number) => amount(btcPrice > 0 ? usd / btcPrice : 0);
  return {
    accountEquity: amount(totalUsd),
    usdtEquity: amount(totalUsd),
    btcEquity: inBtc(totalUsd),
    unrealisedPnl: amount(unrealizedUsd),
    usdtUnrealisedPnl: amount(unrealizedUsd),
    // Sic: the docs spell this one "Unrealized".
    btcUnrealizedPnl: inBtc(unrealizedUsd),
    effEquity: amount(totalUsd),
    mmr: '0',
    imr: '0',
    mgnRatio: '0',
    positionMgnRatio: '0',
    assets: assets.map((asset) => ({
      coin: asset.coin,
      equity: amount(asset.equity),
      usdValue: amount(asset.usdValue),
      balance: amount(asset.balance),
      available: amount(asset.available),
      debt: '0',
      locked: '0',
    })),
  };
}

export const BALANCE_ROUTES: readonly RouteDefinition[] = [
  { method: 'GET', path: V2_ACCOUNTS_PATH, family: 'classic', perSecond: 10, productTypeParam: 'productType', handle: accountList },
  { method: 'GET', path: V3_ASSETS_PATH, family: 'unified', perSecond: 20, handle: unifiedAssets },
];

function requiredType(params: Record<string, string>, name: 'productType' | 'category'): ProductTypeName {
  const value = optionalText(params, name);
  if (value === undefined) throw parameterEmpty(name);
  const type = parseProductType(value);
  if (!type) throw parameterError(name);
  if (name === 'category' && !UNIFIED_CATEGORIES.some((category) => category === type)) throw parameterError(name);
  return type;
}

function knownSymbol(params: Record<string, string>, type: ProductTypeName): string | undefined {
  const symbol = optionalText(params, 'symbol');
  if (symbol === undefined) return undefined;
  const known = resolveSymbol(symbol, type);
  if (!known) throw parameterDoesNotExist(symbol);
  return known;
}

/** V2 symbol-price: both parameters required; one item. Last price and index price are the mark in the simulator. */
function symbolPrice(marks: MarkSource, serverNow: number, params: Record<string, string>): unknown {
  const requestedType = requiredType(params, 'productType');
  const symbol = knownSymbol(params, requestedType);
  if (symbol === undefined) throw parameterEmpty('symbol');
  const mark = marks(liveTypeOf(requestedType), symbol);
  return [{ symbol: displaySymbol(symbol, requestedType), price: mark, indexPrice: mark, markPrice: mark, ts: String(serverNow) }];
}

/** V3 tickers: category required; without a symbol, every contract of the category. */
function tickers(marks: MarkSource, params: Record<string, string>): unknown {
  const category = liveTypeOf(requiredType(params, 'category'));
  const symbol = knownSymbol(params, category);
  return (symbol === undefined ? contractsOf(category) : [symbol]).map((name) => {
    const mark = marks(category, name);
    return {
      category,
      symbol: name,
      lastPrice: mark,
      openPrice24h: mark,
      highPrice24h: mark,
      lowPrice24h: mark,
      ask1Price: mark,
      bid1Price: mark,
      bid1Size: '1',
      ask1Size: '1',
      price24hPcnt: '0',
      volume24h: '0',
      turnover24h: '0',
      indexPrice: mark,
      markPrice: mark,
      fundingRate: '0.0001',
      openInterest: '0',
      deliveryStartTime: '',
      deliveryTime: '',
      deliveryStatus: '',
    };
  });
}

/** The public market routes, reading marks from `marks`. Limits per IP, as the docs give them. */
export function marketRoutes(marks: MarkSource): PublicRouteDefinition[] {
  return [
    { method: 'GET', path: V2_SYMBOL_PRICE_PATH, perSecond: 20, handle: (serverNow, params) => symbolPrice(marks, serverNow, params) },
    { method: 'GET', path: V3_TICKERS_PATH, perSecond: 20, handle: (_serverNow, params) => tickers(marks, params) },
  ];
}
