// What each channel pushes, field for field as the docs' push examples show it (docs/ws-protocol.md).
import { createHash } from 'node:crypto';
import { contractDefaults, displaySymbol } from '../contracts.ts';
import { formatNumber } from '../decimal.ts';
import { accountEquity, accountUnrealizedPnl, unrealizedPnlOf, type AccountState } from '../state.ts';
import type { AnswerShapes, LiveProductType, Position, ProductTypeName } from '../types.ts';

export type MarkPriceOf = (productType: LiveProductType, symbol: string) => string;

const MARGIN_COIN_OF: Readonly<Record<LiveProductType, string | undefined>> = { 'USDT-FUTURES': 'USDT', 'USDC-FUTURES': 'USDC', 'COIN-FUTURES': undefined };
const STABLE_COINS: ReadonlySet<string> = new Set(['USDT', 'USDC']);

/** A position has no id in the simulator; one stable per position (product type, symbol, side, opening time). */
export function positionId(position: Position): string {
  const digest = createHash('sha256').update(`${position.productType}|${position.symbol}|${position.holdSide}|${position.createdAt}`).digest();
  return digest.readBigUInt64BE(0).toString().slice(0, 18);
}

function marginOf(position: Position): number {
  return (Number(position.entryPrice) * Number(position.size)) / (Number(position.leverage) || 1);
}

function liquidationPriceOf(position: Position): string {
  const move = 1 / (Number(position.leverage) || 1);
  const factor = position.holdSide === 'long' ? 1 - move * 0.9 : 1 + move * 0.9;
  return formatNumber(Number(position.entryPrice) * factor);
}

/**
 * V2 `positions` item ([pos2]): strings, except `leverage`, a number in the docs' example. Live pushes carry no
 * `markPrice` and no `assetMode` (bitget-live/ws_v2_positions.oneway_long.live.json).
 */
export function v2PositionItem(position: Position, requested: ProductTypeName, shapes: AnswerShapes): Record<string, string | number> {
  const pnl = unrealizedPnlOf(position);
  const margin = marginOf(position);
  return {
    posId: positionId(position),
    instId: displaySymbol(position.symbol, requested),
    marginCoin: position.marginCoin,
    marginSize: formatNumber(margin),
    marginMode: 'crossed',
    holdSide: position.holdSide,
    posMode: position.posMode,
    total: position.size,
    available: position.size,
    frozen: '0',
    openPriceAvg: position.entryPrice,
    leverage: Number(position.leverage),
    achievedProfits: '0',
    unrealizedPL: formatNumber(pnl, 8),
    unrealizedPLR: formatNumber(margin > 0 ? pnl / margin : 0, 6),
    liquidationPrice: liquidationPriceOf(position),
    keepMarginRate: '0.004',
    marginRate: '0.01',
    cTime: String(position.createdAt),
    breakEvenPrice: position.entryPrice,
    totalFee: '',
    deductedFee: '0',
    ...(shapes === 'docs' ? { markPrice: position.markPrice } : {}),
    uTime: String(position.updatedAt),
    ...(shapes === 'docs' ? { assetMode: 'single' } : {}),
    autoMargin: 'off',
  };
}

export function v2Positions(account: AccountState, productType: LiveProductType, requested: ProductTypeName, shapes: AnswerShapes): Record<string, string | number>[] {
  return account.positions.filter((position) => position.productType === productType).map((position) => v2PositionItem(position, requested, shapes));
}

/** The margin coins an account channel of that product type reports: its coin, or (COIN-FUTURES) every coin held or used. */
function marginCoinsOf(account: AccountState, productType: LiveProductType): string[] {
  const fixed = MARGIN_COIN_OF[productType];
  if (fixed) return [fixed];
  const coins = new Set<string>(Object.keys(account.balances).filter((coin) => !STABLE_COINS.has(coin)));
  for (const position of account.positions) if (position.productType === productType) coins.add(position.marginCoin);
  return [...coins].sort();
}

/** A coin's value in USD: stable coins at 1, others at their COIN-FUTURES contract's mark price. */
function usdPriceOf(coin: string, markPrice: MarkPriceOf): number {
  if (STABLE_COINS.has(coin)) return 1;
  try {
    contractDefaults('COIN-FUTURES', `${coin}USD`);
    return Number(markPrice('COIN-FUTURES', `${coin}USD`));
  } catch {
    return 0;
  }
}

/**
 * V2 `account` items ([acc2]), one per margin coin; equity = wallet balance + unrealized PnL at the mark. Live pushes
 * carry only the first seven fields, no `unrealizedPL` (bitget-live/ws_v2_account.no_unrealizedPL.live.json).
 */
export function v2Account(account: AccountState, productType: LiveProductType, markPrice: MarkPriceOf, shapes: AnswerShapes): Record<string, string>[] {
  return marginCoinsOf(account, productType).map((coin) => {
    const balance = formatNumber(Number(account.balances[coin] ?? '0'), 8);
    const equity = accountEquity(account, coin);
    const live = {
      marginCoin: coin,
      frozen: '0',
      available: balance,
      maxOpenPosAvailable: balance,
      maxTransferOut: balance,
      equity: formatNumber(equity, 8),
      usdtEquity: formatNumber(equity * usdPriceOf(coin, markPrice), 8),
    };
    if (shapes === 'live') return live;
    return {
      ...live,
      crossedRiskRate: '0',
      unrealizedPL: formatNumber(accountUnrealizedPnl(account, coin), 8),
      unionTotalMargin: '0',
      unionAvailable: '0',
      unionMm: '0',
      assetsMode: 'single',
    };
  });
}

/** V2 `ticker` item ([tick2]); the simulator has one price per contract, the mark. */
export function v2Ticker(instId: string, symbol: string, mark: string, now: number): Record<string, string | number> {
  return {
    instId,
    lastPr: mark,
    bidPr: mark,
    askPr: mark,
    bidSz: '1',
    askSz: '1',
    open24h: mark,
    high24h: mark,
    low24h: mark,
    change24h: '0',
    fundingRate: '0.0001',
    nextFundingTime: String(Math.ceil(now / 28_800_000) * 28_800_000),
    markPrice: mark,
    indexPrice: mark,
    holdingAmount: '0',
    baseVolume: '0',
    quoteVolume: '0',
    openUtc: mark,
    symbolType: 1,
    symbol,
    deliveryPrice: '0',
    ts: String(now),
  };
}

/** V3 `position` item ([pos3]) of an open position: `positionStatus` "opening" live (the docs and REST: "normal"). */
export function v3PositionItem(position: Position, shapes: AnswerShapes): Record<string, string> {
  return {
    symbol: position.symbol,
    leverage: position.leverage,
    openFeeTotal: '0',
    mmr: '0.004',
    breakEvenPrice: position.entryPrice,
    available: position.size,
    liqPrice: liquidationPriceOf(position),
    marginMode: 'crossed',
    unrealisedPnl: formatNumber(unrealizedPnlOf(position), 8),
    markPrice: position.markPrice,
    createdTime: String(position.createdAt),
    avgPrice: position.entryPrice,
    totalFundingFee: '0',
    updatedTime: String(position.updatedAt),
    marginCoin: position.marginCoin,
    frozen: '0',
    profitRate: '0',
    closeFeeTotal: '0',
    marginSize: formatNumber(marginOf(position)),
    curRealisedPnl: '0',
    size: position.size,
    positionStatus: shapes === 'live' ? 'opening' : 'normal',
    posSide: position.holdSide,
    holdMode: position.posMode,
  };
}

/** V3 `account` item ([acc3]): the account in USD, and each coin with its equity (balance + unrealized PnL). */
export function v3Account(account: AccountState, markPrice: MarkPriceOf): Record<string, unknown> {
  const coins = Object.keys(account.balances).sort();
  let totalEquity = 0;
  let totalUnrealised = 0;
  const coin = coins.map((name) => {
    const price = usdPriceOf(name, markPrice);
    const equity = accountEquity(account, name);
    totalEquity += equity * price;
    totalUnrealised += accountUnrealizedPnl(account, name) * price;
    const balance = formatNumber(Number(account.balances[name] ?? '0'), 8);
    return { debts: '0', balance, available: balance, borrow: '0', locked: '0', equity: formatNumber(equity, 8), coin: name, usdValue: formatNumber(equity * price, 8) };
  });
  return {
    unrealisedPnL: formatNumber(totalUnrealised, 8),
    totalEquity: formatNumber(totalEquity, 8),
    positionMgnRatio: '0',
    mmr: '0',
    effEquity: formatNumber(totalEquity, 8),
    imr: '0',
    mgnRatio: '0',
    coin,
  };
}

/** V3 `ticker` item: field list unconfirmed (docs/ws-protocol.md); `symbol` and `markPrice` are the ones to rely on. */
export function v3Ticker(symbol: string, mark: string, now: number): Record<string, string> {
  return { symbol, lastPrice: mark, markPrice: mark, indexPrice: mark, bid1Price: mark, ask1Price: mark, fundingRate: '0.0001', ts: String(now) };
}
