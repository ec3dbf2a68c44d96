// The client reads the docs' own example answers for balances and marks (../../simulator/docs-shaped, served byte for
// byte from a loopback server through the real pool, client and account), and refuses what does not fit.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountKind } from '../../../shared/bitget.ts';
import { createAccount, type Account } from './account.ts';
import { V2_ACCOUNTS_PATH, V2_SYMBOL_PRICE_PATH, V3_ASSETS_PATH, V3_TICKERS_PATH } from './balances-and-marks.ts';
import { createBitgetClient } from './client.ts';
import { createExchangeClock } from './clock.ts';
import { createHttpPool, type HttpPool } from './http.ts';

const TIMEOUT_MS = 2_000;
const docsShaped = (name: string) => readFileSync(new URL(`../../simulator/docs-shaped/${name}`, import.meta.url), 'utf8');
const ok = (data: unknown) => JSON.stringify({ code: '00000', msg: 'success', requestTime: Date.now(), data });

let server: Server | undefined;
let pool: HttpPool | undefined;
const arrived: string[] = [];

afterEach(async () => {
  await pool?.close();
  pool = undefined;
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  arrived.length = 0;
});

/** "/path" → the body answered (HTTP 200); the server time is answered too. */
async function accountServing(kind: AccountKind, bodies: Record<string, string>): Promise<Account> {
  server = createServer((request, response) => {
    const [path = '', query = ''] = (request.url ?? '').split('?');
    if (path !== '/api/v2/public/time') arrived.push(`${path}?${query}`);
    const body = path === '/api/v2/public/time' ? ok({ serverTime: String(Date.now()) }) : bodies[path];
    response.writeHead(body === undefined ? 404 : 200, { 'Content-Type': 'application/json' });
    response.end(body ?? JSON.stringify({ code: '40404', msg: 'Request URL NOT FOUND', data: null }));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  pool = createHttpPool(`http://127.0.0.1:${(server!.address() as AddressInfo).port}`);
  const client = createBitgetClient(pool, createExchangeClock(pool), { apiKey: 'bg_docs000000000000000', secretKey: 'docs-secret-00000000000000000000', passphrase: 'docspass' });
  return createAccount({ client, demo: false, kind });
}

describe("the docs' example answers", () => {
  it('V2 account list: equity as given; a blank unrealizedPL is cross + isolated', async () => {
    const account = await accountServing('classic', { [V2_ACCOUNTS_PATH]: docsShaped('v2-account-list.json') });
    const read = await account.balances('USDT-FUTURES', TIMEOUT_MS);
    expect(read).toEqual({ ok: true, scope: 'product-type', balances: [{ marginCoin: 'USDT', equity: '10582.90265771', unrealizedPnl: '23' }] });
    expect(arrived).toEqual([`${V2_ACCOUNTS_PATH}?productType=USDT-FUTURES`]);
  });

  it('V3 assets: every coin with its equity, for the whole account', async () => {
    const account = await accountServing('unified', { [V3_ASSETS_PATH]: docsShaped('v3-account-assets.json') });
    expect(await account.balances('USDT-FUTURES', TIMEOUT_MS)).toEqual({
      ok: true,
      scope: 'account',
      balances: [
        { marginCoin: 'USDT', equity: '6.19300826' },
        { marginCoin: 'BGB', equity: '1.15582129' },
      ],
    });
  });

  it('V2 symbol-price: the mark of the symbol asked for', async () => {
    const account = await accountServing('classic', { [V2_SYMBOL_PRICE_PATH]: docsShaped('v2-symbol-price.json') });
    expect(await account.markPrices('USDT-FUTURES', ['BTCUSDT'], TIMEOUT_MS)).toEqual({ ok: true, marks: [{ symbol: 'BTCUSDT', markPrice: '25555' }] });
    expect(arrived).toEqual([`${V2_SYMBOL_PRICE_PATH}?productType=USDT-FUTURES&symbol=BTCUSDT`]);
  });

  it('V3 tickers: the marks of the symbols asked for, from one read of the category', async () => {
    const account = await accountServing('unified', { [V3_TICKERS_PATH]: docsShaped('v3-tickers-futures.json') });
    expect(await account.markPrices('USDT-FUTURES', ['BTCUSDT'], TIMEOUT_MS)).toEqual({ ok: true, marks: [{ symbol: 'BTCUSDT', markPrice: '98000' }] });
    expect(arrived).toEqual([`${V3_TICKERS_PATH}?category=USDT-FUTURES`]);
  });
});

describe('what does not fit is a failed read, never zero', () => {
  const v2Item = JSON.parse(docsShaped('v2-account-list.json')).data[0] as Record<string, unknown>;

  it.each([
    ['no unrealized PnL at all (all three blank)', ok([{ ...v2Item, unrealizedPL: '', crossedUnrealizedPL: '', isolatedUnrealizedPL: '' }])],
    ['a blank total and a blank isolated part', ok([{ ...v2Item, unrealizedPL: '', isolatedUnrealizedPL: '' }])],
    ['an equity that is blank', ok([{ ...v2Item, accountEquity: '' }])],
    ['data: null', ok(null)],
  ])('V2 account list with %s', async (_what, body) => {
    const account = await accountServing('classic', { [V2_ACCOUNTS_PATH]: body });
    expect(await account.balances('USDT-FUTURES', TIMEOUT_MS)).toMatchObject({ ok: false, error: { kind: 'unknown' } });
  });

  it.each([
    ['a blank mark', ok([{ symbol: 'BTCUSDT', markPrice: '' }])],
    ['a zero mark', ok([{ symbol: 'BTCUSDT', markPrice: '0' }])],
    ['another symbol only', ok([{ symbol: 'ETHUSDT', markPrice: '3000' }])],
    ['an empty list', ok([])],
  ])('V2 symbol-price with %s', async (_what, body) => {
    const account = await accountServing('classic', { [V2_SYMBOL_PRICE_PATH]: body });
    expect(await account.markPrices('USDT-FUTURES', ['BTCUSDT'], TIMEOUT_MS)).toMatchObject({ ok: false, error: { kind: 'unknown' } });
  });

  it('V3 tickers that leave a held symbol unpriced', async () => {
    const account = await accountServing('unified', { [V3_TICKERS_PATH]: docsShaped('v3-tickers-futures.json') });
    expect(await account.markPrices('USDT-FUTURES', ['BTCUSDT', 'ETHUSDT'], TIMEOUT_MS)).toMatchObject({ ok: false, error: { message: expect.stringContaining('ETHUSDT') } });
  });

  it('V3 assets without a list', async () => {
    const account = await accountServing('unified', { [V3_ASSETS_PATH]: ok({ accountEquity: '1' }) });
    expect(await account.balances('USDT-FUTURES', TIMEOUT_MS)).toMatchObject({ ok: false, error: { kind: 'unknown' } });
  });
});
