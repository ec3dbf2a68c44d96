// The simulator's order details are strict: signature, required parameters, unknown orders, rate limits, and an
// order that fills late is live until it does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange, type Exchange } from './index.ts';
import { call, type Keys } from './test-client.ts';
import type { PositionSpec } from './types.ts';

let exchange: Exchange;
beforeAll(async () => {
  exchange = await startExchange();
});
afterAll(async () => {
  await exchange.close();
});

const position: PositionSpec = { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'short', size: '2', entryPrice: '60000', markPrice: '61000' };

async function closeV2(keys: Keys): Promise<string> {
  const closed = await call(exchange.url, keys, { method: 'POST', path: '/api/v2/mix/order/close-positions', body: JSON.stringify({ productType: 'USDT-FUTURES', symbol: 'BTCUSDT' }) });
  return (closed.json?.data as { successList: { orderId: string }[] }).successList[0]!.orderId;
}

describe('V2 order detail', () => {
  it('answers a filled close: fill at the mark price, realized PnL of a short, a negative taker fee', async () => {
    const keys = exchange.addAccount({ positions: [position] });
    const orderId = await closeV2(keys);
    const detail = await call(exchange.url, keys, { path: '/api/v2/mix/order/detail', query: `symbol=BTCUSDT&productType=USDT-FUTURES&orderId=${orderId}` });
    // Short 2 at 60000, closed at 61000: -2000 USDT; fee 0.06 % of 122000 = 73.2.
    expect(detail.json?.data).toMatchObject({ orderId, state: 'filled', baseVolume: '2', priceAvg: '61000', totalProfits: '-2000', fee: '-73.2', posSide: 'short', tradeSide: 'close' });
  });

  it('refuses a missing symbol or order id, an unknown order, a bad signature, and more than 10 a second', async () => {
    const keys = exchange.addAccount({ positions: [position] });
    const orderId = await closeV2(keys);
    const ask = (query: string, extra: Partial<Parameters<typeof call>[2]> = {}) => call(exchange.url, keys, { path: '/api/v2/mix/order/detail', query, ...extra });
    expect((await ask(`productType=USDT-FUTURES&orderId=${orderId}`)).json).toMatchObject({ code: '40019' });
    expect((await ask('symbol=BTCUSDT&productType=USDT-FUTURES')).json).toMatchObject({ code: '40924' });
    expect((await ask(`symbol=BTCUSDT&orderId=${orderId}`)).json).toMatchObject({ code: '40019' });
    expect((await ask('symbol=BTCUSDT&productType=USDT-FUTURES&orderId=123')).json).toMatchObject({ code: '40109' });
    expect((await ask(`symbol=BTCUSDT&productType=USDT-FUTURES&orderId=${orderId}`, { signedQuery: 'symbol=ETHUSDT' })).json).toMatchObject({ code: '40009' });
    const burst = await Promise.all(Array.from({ length: 12 }, () => ask(`symbol=BTCUSDT&productType=USDT-FUTURES&orderId=${orderId}`)));
    expect(burst.filter((answer) => answer.status === 429).length).toBeGreaterThan(0);
  });

  it('a late fill is live with nothing filled until it fills', async () => {
    const keys = exchange.addAccount({ positions: [position] });
    exchange.faults.add({ kind: 'close-delayed', ms: 400 });
    const orderId = await closeV2(keys);
    const read = () => call(exchange.url, keys, { path: '/api/v2/mix/order/detail', query: `symbol=BTCUSDT&productType=USDT-FUTURES&orderId=${orderId}` });
    expect((await read()).json?.data).toMatchObject({ state: 'live', baseVolume: '0', priceAvg: '' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await read()).json?.data).toMatchObject({ state: 'filled', baseVolume: '2' });
  });
});

describe('V3 order info and fills', () => {
  it('order info has no PnL; the fills carry it; unknown orders and classic keys are refused', async () => {
    const keys = exchange.addAccount({ kind: 'unified', positions: [{ ...position, holdSide: 'long' }] });
    const closed = await call(exchange.url, keys, { method: 'POST', path: '/api/v3/trade/close-positions', body: JSON.stringify({ category: 'USDT-FUTURES', symbol: 'BTCUSDT' }) });
    const orderId = (closed.json?.data as { list: { orderId: string }[] }).list[0]!.orderId;
    const info = await call(exchange.url, keys, { path: '/api/v3/trade/order-info', query: `orderId=${orderId}` });
    expect(info.json?.data).toMatchObject({ orderId, orderStatus: 'filled', side: 'sell', cumExecQty: '2', avgPrice: '61000', feeDetail: [{ feeCoin: 'USDT', fee: '-73.2' }] });
    const fills = await call(exchange.url, keys, { path: '/api/v3/trade/fills', query: `orderId=${orderId}` });
    expect(fills.json?.data).toMatchObject({ list: [{ orderId, execQty: '2', execPnl: '2000' }] });
    expect((await call(exchange.url, keys, { path: '/api/v3/trade/order-info', query: '' })).json).toMatchObject({ code: '40924' });
    expect((await call(exchange.url, keys, { path: '/api/v3/trade/order-info', query: 'orderId=5' })).json).toMatchObject({ code: '25204' });
    const classic = exchange.addAccount({});
    expect((await call(exchange.url, classic, { path: '/api/v3/trade/order-info', query: `orderId=${orderId}` })).json).toMatchObject({ code: '40084' });
  });
});
