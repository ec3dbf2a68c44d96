// Balances and mark prices as the feed polls them: the docs' shapes (docs-shaped/, docs/exchange-facts.md), figures
// from the account model, public market routes with their own limit, and the account-kind refusals.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shapeOf, shapeProblems } from './bitget-responses.ts';
import { startExchange, type Exchange } from './index.ts';
import { openPracticeExchange } from './practice.ts';
import { call, type Keys } from './test-client.ts';

const USDT = 'USDT-FUTURES';
const docsShaped = (name: string) => shapeOf(JSON.parse(readFileSync(new URL(`./docs-shaped/${name}`, import.meta.url), 'utf8')));
const NO_KEY: Keys = { apiKey: '', secretKey: 'unused', passphrase: '' };
const UNSIGNED = { 'ACCESS-KEY': undefined, 'ACCESS-SIGN': undefined, 'ACCESS-TIMESTAMP': undefined, 'ACCESS-PASSPHRASE': undefined };
const publicGet = (exchange: Exchange, path: string, query: string) => call(exchange.url, NO_KEY, { path, query, headers: UNSIGNED });

let exchange: Exchange;
beforeEach(async () => {
  exchange = await startExchange();
});
afterEach(async () => {
  await exchange.close();
});

const btcLong = { productType: USDT, symbol: 'BTCUSDT', holdSide: 'long', size: '0.1', entryPrice: '60000' } as const;

describe('V2 account list (GET /api/v2/mix/account/accounts)', () => {
  it('answers the docs shape (shapes: docs), with equity and unrealized PnL from the account model at the mark', async () => {
    exchange.setShapes('docs');
    const keys = exchange.addAccount({ balances: { USDT: '5000' }, positions: [btcLong] });
    exchange.setMarkPrice(USDT, 'BTCUSDT', '61000');
    const answer = await call(exchange.url, keys, { path: '/api/v2/mix/account/accounts', query: 'productType=USDT-FUTURES' });
    expect(answer.status).toBe(200);
    expect(shapeProblems(shapeOf(answer.json), [docsShaped('v2-account-list.json')])).toEqual([]);
    const items = answer.json?.data as Array<Record<string, string>>;
    expect(items.map((item) => item.marginCoin)).toEqual(['USDT']);
    expect(items[0]).toMatchObject({ accountEquity: '5100', unrealizedPL: '100' });
    expect(items[0]!.accountEquity).toBe(exchange.account(keys.apiKey).equity('USDT'));
  });

  it('lists every margin coin of COIN-FUTURES, in the coin', async () => {
    const keys = exchange.addAccount({ balances: { BTC: '2', ETH: '0' } });
    const answer = await call(exchange.url, keys, { path: '/api/v2/mix/account/accounts', query: 'productType=COIN-FUTURES' });
    const items = answer.json?.data as Array<Record<string, string>>;
    expect(items.map((item) => [item.marginCoin, item.accountEquity])).toEqual([['BTC', '2'], ['ETH', '0']]);
  });

  it('needs productType, and refuses a unified key with 40085', async () => {
    const keys = exchange.addAccount({});
    expect((await call(exchange.url, keys, { path: '/api/v2/mix/account/accounts' })).json?.code).toBe('40019');
    const unified = exchange.addAccount({ kind: 'unified' });
    expect((await call(exchange.url, unified, { path: '/api/v2/mix/account/accounts', query: 'productType=USDT-FUTURES' })).json?.code).toBe('40085');
  });
});

describe('V3 unified assets (GET /api/v3/account/assets)', () => {
  it('answers the docs shape; a coin with a position carries its unrealized PnL in its equity', async () => {
    const keys = exchange.addAccount({ kind: 'unified', balances: { USDT: '5000', USDC: '0', BTC: '0', ETH: '0' }, positions: [btcLong] });
    exchange.setMarkPrice(USDT, 'BTCUSDT', '59000');
    const answer = await call(exchange.url, keys, { path: '/api/v3/account/assets' });
    expect(answer.status).toBe(200);
    expect(shapeProblems(shapeOf(answer.json), [docsShaped('v3-account-assets.json')])).toEqual([]);
    const data = answer.json?.data as { unrealisedPnl: string; assets: Array<Record<string, string>> };
    // Only non-zero balances are listed.
    expect(data.assets.map((asset) => asset.coin)).toEqual(['USDT']);
    expect(data.assets[0]).toMatchObject({ equity: '4900', balance: '5000' });
    expect(data.unrealisedPnl).toBe('-100');
  });

  it('refuses a classic key with 40084', async () => {
    const keys = exchange.addAccount({});
    expect((await call(exchange.url, keys, { path: '/api/v3/account/assets' })).json?.code).toBe('40084');
  });
});

describe('mark prices (public)', () => {
  it('V2 symbol-price answers the docs shape without a key, at the mark the exchange set', async () => {
    exchange.setMarkPrice(USDT, 'ETHUSDT', '3550.5');
    const answer = await publicGet(exchange, '/api/v2/mix/market/symbol-price', 'productType=USDT-FUTURES&symbol=ETHUSDT');
    expect(answer.status).toBe(200);
    expect(shapeProblems(shapeOf(answer.json), [docsShaped('v2-symbol-price.json')])).toEqual([]);
    expect(answer.json?.data).toEqual([expect.objectContaining({ symbol: 'ETHUSDT', markPrice: '3550.5' })]);
  });

  it('V2 symbol-price needs both parameters and a known contract', async () => {
    expect((await publicGet(exchange, '/api/v2/mix/market/symbol-price', 'productType=USDT-FUTURES')).json?.code).toBe('40019');
    expect((await publicGet(exchange, '/api/v2/mix/market/symbol-price', 'symbol=BTCUSDT')).json?.code).toBe('40019');
    expect((await publicGet(exchange, '/api/v2/mix/market/symbol-price', 'productType=USDT-FUTURES&symbol=NOPEUSDT')).json?.code).toBe('40034');
  });

  it('V3 tickers answers the docs shape; a held position moves its contract mark', async () => {
    const keys = exchange.addAccount({ kind: 'unified', positions: [{ ...btcLong, markPrice: '62000' }] });
    expect(keys.apiKey).toBeTruthy();
    const all = await publicGet(exchange, '/api/v3/market/tickers', 'category=USDT-FUTURES');
    expect(all.status).toBe(200);
    expect(shapeProblems(shapeOf(all.json), [docsShaped('v3-tickers-futures.json')])).toEqual([]);
    const marks = Object.fromEntries((all.json?.data as Array<Record<string, string>>).map((ticker) => [ticker.symbol, ticker.markPrice]));
    expect(marks).toMatchObject({ BTCUSDT: '62000', ETHUSDT: '3400' });
    const one = await publicGet(exchange, '/api/v3/market/tickers', 'category=USDT-FUTURES&symbol=BTCUSDT');
    expect((one.json?.data as unknown[]).length).toBe(1);
  });

  it('V3 tickers needs a unified category', async () => {
    expect((await publicGet(exchange, '/api/v3/market/tickers', '')).json?.code).toBe('40019');
    expect((await publicGet(exchange, '/api/v3/market/tickers', 'category=SUSDT-FUTURES')).json?.code).toBe('40020');
  });

  it('keeps the documented 20 requests per second per address', async () => {
    const answers = [];
    for (let i = 0; i < 21; i++) answers.push(await publicGet(exchange, '/api/v3/market/tickers', 'category=USDT-FUTURES&symbol=BTCUSDT'));
    expect(answers.slice(0, 20).every((answer) => answer.status === 200)).toBe(true);
    expect(answers[20]).toMatchObject({ status: 429, json: { code: '429' } });
  });
});

describe('the practice exchange', () => {
  it('prices the contracts it holds at their walking marks (not the contract default)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'practice-marks-'));
    try {
      let now = 1_000_000;
      const practice = openPracticeExchange(dataDir, { now: () => now, random: () => 1 });
      await practice.reset();
      now += 5_000;
      const answer = await practice.send({ method: 'GET', pathWithQuery: '/api/v3/market/tickers?category=USDT-FUTURES&symbol=BTCUSDT', headers: {}, timeoutMs: 1_000 });
      const ticker = (JSON.parse(answer.text) as { data: Array<{ markPrice: string }> }).data[0]!;
      const held = (await practice.account()).positions.find((position) => position.symbol === 'BTCUSDT')!;
      expect(ticker.markPrice).toBe(held.markPrice);
      // Seeded at 64000 (the entry), walked up since; the contract's default would be 65000.
      expect(Number(ticker.markPrice)).toBeGreaterThan(64_000);
      expect(ticker.markPrice).not.toBe('65000');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
