// A REST snapshot over real HTTP against the strict simulator: positions, balances and marks as the exchange holds them,
// and every failed read leaving its product type out (or failing the snapshot), never reading as flat.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProductType } from '../../../shared/bitget.ts';
import { startExchange, type AccountSpec, type Exchange } from '../../simulator/index.ts';
import { createAccount } from '../bitget/account.ts';
import { V2_ACCOUNTS_PATH, V2_SYMBOL_PRICE_PATH, V3_ASSETS_PATH, V3_TICKERS_PATH } from '../bitget/balances-and-marks.ts';
import { createBitgetClient } from '../bitget/client.ts';
import { createExchangeClock } from '../bitget/clock.ts';
import { V2_PATHS } from '../bitget/endpoints.ts';
import { createHttpPool, type HttpPool } from '../bitget/http.ts';
import type { ResolvedAccount } from '../resolved-account.ts';
import { readRestSnapshot } from './rest-snapshot.ts';

const USDT = 'USDT-FUTURES';
const COIN = 'COIN-FUTURES';
const TIMEOUT = { timeoutMs: 1_500 };

let exchange: Exchange;
let pool: HttpPool | undefined;
beforeEach(async () => {
  exchange = await startExchange();
});
afterEach(async () => {
  await pool?.close();
  pool = undefined;
  await exchange.close();
});

function resolvedFor(spec: AccountSpec, rememberedKind: 'classic' | 'unified' = 'classic'): { resolved: ResolvedAccount; apiKey: string } {
  const keys = exchange.addAccount(spec);
  pool = createHttpPool(exchange.url);
  const client = createBitgetClient(pool, createExchangeClock(pool), { apiKey: keys.apiKey, secretKey: keys.secretKey, passphrase: keys.passphrase });
  const account = createAccount({ client, demo: false, kind: rememberedKind });
  return { resolved: { account, profile: { name: 'main', demo: false }, accountKey: keys.uid }, apiKey: keys.apiKey };
}

/** A clock that moves 10 ms each time it is read: the snapshot's confirmedAt must be the last reading. */
function steppingClock(start = 1_000_000) {
  let at = start;
  const readings: number[] = [];
  return {
    now: () => {
      at += 10;
      readings.push(at);
      return at;
    },
    readings,
  };
}

const book: AccountSpec = {
  balances: { USDT: '5000', BTC: '2', ETH: '0', USDC: '0' },
  positions: [
    { productType: USDT, symbol: 'BTCUSDT', holdSide: 'long', size: '0.1', entryPrice: '60000' },
    { productType: COIN, symbol: 'BTCUSD', holdSide: 'short', size: '1000', entryPrice: '64000', marginCoin: 'BTC' },
  ],
};

describe('a classic account', () => {
  it('reads positions, each margin coin and the marks held, with the figures the exchange holds', async () => {
    const { resolved, apiKey } = resolvedFor(book);
    exchange.setMarkPrice(USDT, 'BTCUSDT', '61000');
    exchange.setMarkPrice(COIN, 'BTCUSD', '65000');
    const clock = steppingClock();
    const snapshot = await readRestSnapshot(resolved, [USDT, COIN], clock.now, TIMEOUT);
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    const view = exchange.account(apiKey);
    expect(snapshot.value).toMatchObject({ profile: 'main', accountKind: 'classic', source: 'rest' });
    expect(snapshot.value.positions[USDT]?.map((position) => position.symbol)).toEqual(['BTCUSDT']);
    expect(snapshot.value.positions[COIN]?.map((position) => position.symbol)).toEqual(['BTCUSD']);
    const balance = (coin: string) => snapshot.value.balances.find((entry) => entry.marginCoin === coin);
    expect(balance('USDT')).toMatchObject({ equity: view.equity('USDT'), unrealizedPnl: '100' });
    expect(balance('BTC')).toMatchObject({ equity: view.equity('BTC'), unrealizedPnl: view.unrealizedPnl('BTC') });
    expect(Number(balance('BTC')!.unrealizedPnl)).toBeLessThan(0);
    expect(snapshot.value.marks.map(({ productType, symbol, markPrice }) => ({ productType, symbol, markPrice })).sort((a, b) => a.symbol.localeCompare(b.symbol))).toEqual([
      { productType: COIN, symbol: 'BTCUSD', markPrice: '65000' },
      { productType: USDT, symbol: 'BTCUSDT', markPrice: '61000' },
    ]);
    expect(snapshot.value.confirmedAt).toBe(Math.max(...clock.readings));
    for (const figure of [...snapshot.value.balances, ...snapshot.value.marks]) expect(clock.readings).toContain(figure.receivedAt);
  });

  it('a product type with nothing open reads as flat, with its coins, and asks for no mark', async () => {
    const { resolved, apiKey } = resolvedFor({ balances: { USDC: '250' } });
    const snapshot = await readRestSnapshot(resolved, ['USDC-FUTURES'], Date.now, TIMEOUT);
    expect(snapshot).toMatchObject({ ok: true, value: { positions: { 'USDC-FUTURES': [] }, marks: [], balances: [{ marginCoin: 'USDC', equity: '250', unrealizedPnl: '0' }] } });
    expect(exchange.account(apiKey).requests.some((request) => request.path === V2_SYMBOL_PRICE_PATH)).toBe(false);
  });
});

describe('in one round trip (the guard\'s confirming read)', () => {
  it.each([['classic' as const], ['unified' as const]])('a %s account: balances go out beside the positions, marks come with the positions, no ticker read', async (kind) => {
    const { resolved, apiKey } = resolvedFor({ ...book, kind }, kind);
    exchange.setMarkPrice(USDT, 'BTCUSDT', '61000');
    const positionsPath = kind === 'classic' ? V2_PATHS.positions : '/api/v3/position/current-position';
    const balancesPath = kind === 'classic' ? V2_ACCOUNTS_PATH : V3_ASSETS_PATH;
    // Each positions answer waits 300 ms: a balances read that waited for it would arrive after it was answered.
    exchange.faults.add({ path: positionsPath, kind: 'delay', ms: 300, times: Infinity });
    const snapshot = await readRestSnapshot(resolved, [USDT], Date.now, { ...TIMEOUT, oneRoundTrip: true });
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    expect(snapshot.value.marks.map(({ symbol, markPrice }) => ({ symbol, markPrice }))).toEqual([{ symbol: 'BTCUSDT', markPrice: '61000' }]);
    expect(snapshot.value.balances.find((entry) => entry.marginCoin === 'USDT')?.equity).toBe(exchange.account(apiKey).equity('USDT'));
    const requests = exchange.account(apiKey).requests;
    expect(requests.some((request) => request.path === V2_SYMBOL_PRICE_PATH || request.path === V3_TICKERS_PATH)).toBe(false);
    const firstPositions = requests.find((request) => request.path === positionsPath)!;
    const balances = requests.find((request) => request.path === balancesPath)!;
    expect(balances.receivedAt - firstPositions.receivedAt).toBeLessThan(300);
  });
});

describe('a failed read is never flat', () => {
  const failingRead = (path: string) => exchange.faults.add({ path, kind: 'error-code', code: '40015', msg: 'System is abnormal', times: Infinity });

  it.each([
    ['a mark price', V2_SYMBOL_PRICE_PATH],
    ['the balances', V2_ACCOUNTS_PATH],
  ])('%s that cannot be read leaves its product type out', async (_what, path) => {
    const { resolved } = resolvedFor(book);
    exchange.faults.add({ path, kind: 'error-code', code: '40015', msg: 'System is abnormal', times: 1 });
    const snapshot = await readRestSnapshot(resolved, [USDT, COIN], Date.now, TIMEOUT);
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    // One of the two product types was left out, whole: its positions, marks and coins; the other is complete.
    const read = Object.keys(snapshot.value.positions) as ProductType[];
    expect(read).toHaveLength(1);
    expect(snapshot.value.marks.every((mark) => mark.productType === read[0])).toBe(true);
    expect(snapshot.value.balances.map((entry) => entry.marginCoin)).toEqual(read[0] === USDT ? ['USDT'] : ['BTC', 'ETH']);
  });

  it('an answer that cannot be read (an equity that is not a number, a body that is not JSON) is a failed read', async () => {
    const { resolved } = resolvedFor(book);
    exchange.faults.add({ path: V2_ACCOUNTS_PATH, kind: 'item-field', field: 'accountEquity', value: 'abc', times: 1 });
    const snapshot = await readRestSnapshot(resolved, [USDT, COIN], Date.now, TIMEOUT);
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    expect(Object.keys(snapshot.value.positions)).toHaveLength(1);
    expect(snapshot.value.balances.every((entry) => Number.isFinite(Number(entry.equity)))).toBe(true);
    exchange.faults.add({ path: V2_SYMBOL_PRICE_PATH, kind: 'malformed', times: Infinity });
    const marksUnread = await readRestSnapshot(resolved, [USDT], Date.now, TIMEOUT);
    expect(marksUnread).toMatchObject({ ok: false });
  });

  it('positions that cannot be read leave the product type out, and the snapshot fails when nothing could be read', async () => {
    const { resolved } = resolvedFor(book);
    exchange.faults.add({ path: V2_PATHS.positions, kind: 'replace-data', data: null, times: 1 });
    const partial = await readRestSnapshot(resolved, [USDT, COIN], Date.now, TIMEOUT);
    if (!partial.ok) throw new Error(partial.error.message);
    expect(Object.keys(partial.value.positions)).toHaveLength(1);
    failingRead(V2_PATHS.positions);
    const none = await readRestSnapshot(resolved, [USDT, COIN], Date.now, TIMEOUT);
    expect(none).toMatchObject({ ok: false, error: { code: '40015' } });
  });

  it('no product type to read is refused', async () => {
    const { resolved } = resolvedFor(book);
    expect(await readRestSnapshot(resolved, [], Date.now, TIMEOUT)).toMatchObject({ ok: false, error: { kind: 'bad-input' } });
  });
});

describe('a unified account', () => {
  it('is found by the positions read (40085), then reads V3 assets and tickers; a coin gets the PnL of its positions', async () => {
    const { resolved, apiKey } = resolvedFor({ ...book, kind: 'unified' }, 'classic');
    exchange.setMarkPrice(USDT, 'BTCUSDT', '59000');
    const snapshot = await readRestSnapshot(resolved, [USDT, COIN], Date.now, TIMEOUT);
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    const view = exchange.account(apiKey);
    expect(snapshot.value.accountKind).toBe('unified');
    const balance = (coin: string) => snapshot.value.balances.find((entry) => entry.marginCoin === coin);
    expect(balance('USDT')).toMatchObject({ equity: view.equity('USDT'), unrealizedPnl: '-100' });
    expect(balance('BTC')).toMatchObject({ equity: view.equity('BTC'), unrealizedPnl: view.unrealizedPnl('BTC') });
    expect(snapshot.value.marks.find((mark) => mark.symbol === 'BTCUSDT')?.markPrice).toBe('59000');
    const paths = view.requests.map((request) => request.path);
    expect(paths).toContain(V3_ASSETS_PATH);
    expect(paths).toContain(V3_TICKERS_PATH);
  });

  it('a coin whose positions were not read has no balance (its PnL is unknown)', async () => {
    const { resolved } = resolvedFor({ ...book, kind: 'unified' }, 'unified');
    const snapshot = await readRestSnapshot(resolved, [USDT], Date.now, TIMEOUT);
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    expect(snapshot.value.balances.map((entry) => entry.marginCoin)).toEqual(['USDT']);
  });

  it('assets that cannot be read fail the snapshot', async () => {
    const { resolved } = resolvedFor({ ...book, kind: 'unified' }, 'unified');
    exchange.faults.add({ path: V3_ASSETS_PATH, kind: 'replace-data', data: { assets: null } });
    expect(await readRestSnapshot(resolved, [USDT, COIN], Date.now, TIMEOUT)).toMatchObject({ ok: false, error: { kind: 'unknown' } });
  });
});
