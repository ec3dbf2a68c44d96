// A position as V2 (all-position) and V3 (current-position) show it: same facts, other names. The field lists are
// those of the docs' examples (../shared/bitget-responses), checked by contract.test.ts.
import { displaySymbol } from './contracts.ts';
import { formatNumber } from './decimal.ts';
import { unrealizedPnlOf } from './state.ts';
import type { Position, ProductTypeName } from './types.ts';

function unrealisedPnl(position: Position): string {
  return formatNumber(unrealizedPnlOf(position), 8);
}

function liquidationPrice(position: Position): string {
  const leverage = Number(position.leverage) || 1;
  const move = 1 / leverage;
  const factor = position.holdSide === 'long' ? 1 - move * 0.9 : 1 + move * 0.9;
  return formatNumber(Number(position.entryPrice) * factor);
}

function margin(position: Position): string {
  return formatNumber((Number(position.entryPrice) * Number(position.size)) / (Number(position.leverage) || 1));
}

export function v2Position(position: Position, requestedType: ProductTypeName): Record<string, string> {
  return {
    marginCoin: position.marginCoin,
    symbol: displaySymbol(position.symbol, requestedType),
    holdSide: position.holdSide,
    openDelegateSize: '0',
    marginSize: margin(position),
    available: position.size,
    locked: '0',
    total: position.size,
    leverage: position.leverage,
    achievedProfits: '0',
    openPriceAvg: position.entryPrice,
    marginMode: 'crossed',
    posMode: position.posMode,
    unrealizedPL: unrealisedPnl(position),
    liquidationPrice: liquidationPrice(position),
    keepMarginRate: '0.004',
    markPrice: position.markPrice,
    marginRatio: '0.01',
    breakEvenPrice: position.entryPrice,
    totalFee: '0',
    deductedFee: '0',
    grant: '',
    assetMode: 'single',
    autoMargin: 'off',
    takeProfit: '',
    stopLoss: '',
    takeProfitId: '',
    stopLossId: '',
    cTime: String(position.createdAt),
    uTime: String(position.updatedAt),
  };
}

export function v3Position(position: Position): Record<string, string> {
  return {
    category: position.productType,
    symbol: position.symbol,
    marginCoin: position.marginCoin,
    holdMode: position.posMode,
    posSide: position.holdSide,
    marginMode: 'crossed',
    positionBalance: margin(position),
    available: position.size,
    frozen: '0',
    total: position.size,
    leverage: position.leverage,
    curRealisedPnl: '0',
    avgPrice: position.entryPrice,
    positionStatus: 'normal',
    unrealisedPnl: unrealisedPnl(position),
    liquidationPrice: liquidationPrice(position),
    mmr: '0.004',
    profitRate: '0',
    markPrice: position.markPrice,
    breakEvenPrice: position.entryPrice,
    totalFunding: '0',
    openFeeTotal: '0',
    closeFeeTotal: '0',
    createdTime: String(position.createdAt),
    updatedTime: String(position.updatedAt),
  };
}
