// The simulator's money: a wallet balance per margin coin, unrealized PnL at the mark price, and a change signal.
import { afterEach, describe, expect, it } from 'vitest';
import { startExchange, type Exchange } from './index.ts';
import { call } from './test-client.ts';

let exchange: Exchange | undefined;
afterEach(async () => {
  await exchange?.close();
  exchange = undefined;
});

describe('account model', () => {
  it('equity is the balance plus the unrealized PnL at the mark, for longs and shorts', async () => {
    exchange = await startExchange();
    const keys = exchange.addAccount({
      balances: { USDT: '1000' },
      positions: [
        { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.1', entryPrice: '60000' },
        { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'short', size: '2', entryPrice: '3000' },
      ],
    });
    exchange.setMarkPrice('USDT-FUTURES', 'BTCUSDT', '59000');
    exchange.setMarkPrice('USDT-FUTURES', 'ETHUSDT', '3100');
    const account = exchange.account(keys.apiKey);
    // long: (59000 - 60000) * 0.1 = -100; short: (3000 - 3100) * 2 = -200
    expect(Number(account.unrealizedPnl('USDT'))).toBeCloseTo(-300, 8);
    expect(Number(account.equity('USDT'))).toBeCloseTo(700, 8);
    expect(exchange.markPrice('USDT-FUTURES', 'BTCUSDT')).toBe('59000');
    expect(exchange.markPrice('USDT-FUTURES', 'SOLUSDT')).toBe('150');
  });

  it('a filled close moves its realized PnL and fee into the balance; equity does not jump', async () => {
    exchange = await startExchange();
    const keys = exchange.addAccount({
      balances: { USDT: '1000' },
      positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.1', entryPrice: '60000' }],
    });
    exchange.setMarkPrice('USDT-FUTURES', 'BTCUSDT', '59000');
    const closed = await call(exchange.url, keys, { path: '/api/v2/mix/order/close-positions', body: { productType: 'USDT-FUTURES', symbol: 'BTCUSDT' } });
    expect(closed.json?.code).toBe('00000');
    const account = exchange.account(keys.apiKey);
    // -100 realized, fee 0.06 % of 0.1 * 59000 = 3.54
    expect(Number(account.balances.USDT)).toBeCloseTo(1000 - 100 - 3.54, 8);
    expect(Number(account.unrealizedPnl('USDT'))).toBe(0);
    expect(account.closeOrders[0]?.realizedPnl).toBe('-100');
  });

  it('signals a change after each handled request, each test change and each price move', async () => {
    exchange = await startExchange();
    const keys = exchange.addAccount({ positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '1' }] });
    const seen: (string | undefined)[] = [];
    const stop = exchange.onChange((apiKey) => seen.push(apiKey));
    await call(exchange.url, keys, { path: '/api/v2/mix/position/all-position', query: 'productType=USDT-FUTURES' });
    exchange.account(keys.apiKey).addPosition({ productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'short', size: '1' });
    exchange.setMarkPrice('USDT-FUTURES', 'BTCUSDT', '64000');
    stop();
    exchange.setMarkPrice('USDT-FUTURES', 'BTCUSDT', '63000');
    expect(seen).toEqual([keys.apiKey, keys.apiKey, undefined]);
    expect(() => exchange!.setMarkPrice('USDT-FUTURES', 'BTCUSDT', '-1')).toThrow(/positive/);
  });
});
