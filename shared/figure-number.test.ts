// Absurd exchange figures are refused where they are parsed, over REST and over the sockets alike: an unreadable
// figure, never a number the guard then acts on (issue 18: 1e308 saved "Infinity" as the day's peak).
import { describe, expect, it } from 'vitest';
import { readPush, type PushFrame } from '../electron/core/feed/protocol.ts';
import { v2AccountListSchema, v2PositionSchema, v2SymbolPriceSchema, v3TickersSchema } from './exchange-schema.ts';
import { figureProblem } from './figure-number.ts';

const ABSURD = ['1e308', 'NaN', 'Infinity', '-Infinity', '', '1e12'];
const ticker = (markPrice: unknown): PushFrame => ({ action: 'update', arg: { instType: 'USDT-FUTURES', channel: 'ticker', instId: 'BTCUSDT' }, data: [{ instId: 'BTCUSDT', markPrice }] });
const account = (equity: unknown): PushFrame => ({ action: 'snapshot', arg: { instType: 'USDT-FUTURES', channel: 'account', coin: 'default' }, data: [{ marginCoin: 'USDT', equity, unrealizedPL: '0' }] });
const position = (total: unknown) => ({ symbol: 'BTCUSDT', marginCoin: 'USDT', holdSide: 'long', total, openPriceAvg: '65000' });

describe('figures that are not finite, absurd, or of an impossible sign', () => {
  it.each([...ABSURD, '0', '-1', '-65000'])('a mark of "%s" is refused by the REST and the socket schemas', (mark) => {
    expect(v2SymbolPriceSchema.safeParse([{ symbol: 'BTCUSDT', markPrice: mark }]).success).toBe(false);
    expect(v3TickersSchema.safeParse([{ symbol: 'BTCUSDT', markPrice: mark }]).success).toBe(false);
    expect(readPush(ticker(mark)).ok).toBe(false);
  });

  it.each(ABSURD)('an equity of "%s" is refused by the REST and the socket schemas', (equity) => {
    expect(v2AccountListSchema.safeParse([{ marginCoin: 'USDT', accountEquity: equity, unrealizedPL: '0' }]).success).toBe(false);
    expect(readPush(account(equity)).ok).toBe(false);
  });

  it.each([...ABSURD, '-1'])('a position size of "%s" is refused', (size) => {
    expect(v2PositionSchema.safeParse(position(size)).success).toBe(false);
  });

  it('real figures pass: marks, an empty account (equity 0), a negative PnL, a flat size', () => {
    expect(v2SymbolPriceSchema.parse([{ symbol: 'BTCUSDT', markPrice: '65000.5' }])).toEqual([{ symbol: 'BTCUSDT', markPrice: '65000.5' }]);
    expect(readPush(ticker(0.000001)).ok).toBe(true);
    expect(v2AccountListSchema.parse([{ marginCoin: 'USDT', accountEquity: '0', unrealizedPL: '-12.5' }])).toEqual([{ marginCoin: 'USDT', equity: '0', unrealizedPnl: '-12.5' }]);
    expect(readPush(account('10000')).ok).toBe(true);
    expect(v2PositionSchema.parse(position('0')).size).toBe('0');
  });

  it('says what is wrong in words a person can act on', () => {
    expect(figureProblem('1e308', 'signed')).toMatch(/beyond any real figure/);
    expect(figureProblem('NaN', 'positive')).toMatch(/not a finite number/);
    expect(figureProblem('0', 'positive')).toMatch(/must be more than 0/);
    expect(figureProblem('-1', 'non-negative')).toMatch(/must be 0 or more/);
    expect(figureProblem('65000', 'positive')).toBeUndefined();
  });
});
