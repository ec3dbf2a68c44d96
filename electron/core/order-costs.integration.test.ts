// What a close cost, read from the exchange's order details after the outcome, over real HTTP against the strict
// simulator. Expected PnL and fees are computed here from the seeded entry and mark prices, not by the app's code.
import { describe, expect, it, vi } from 'vitest';
import type { AccountSpec, Credentials as SimCredentials } from '../simulator/types.ts';
import type { CloseOutcome, CostReport } from '../../shared/bitget.ts';
import type { Core } from './compose.ts';
import { useSimulatorCores } from './simulator-core.test-support.ts';

const FAST = { deadlineMs: 6_000, requestTimeoutMs: 700, verifyIntervalMs: 100, retryBackoffMs: 100 };
const COSTS_FAST = { retryDelaysMs: [200, 200, 200, 200], requestTimeoutMs: 700 };

/** Long BTC 0.5 from 60000 to 62000; short ETH 3 from 3000 to 2900. */
const book = (kind: 'classic' | 'unified'): AccountSpec => ({
  kind,
  posMode: 'hedge_mode',
  positions: [
    { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5', entryPrice: '60000', markPrice: '62000' },
    { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'short', size: '3', entryPrice: '3000', markPrice: '2900' },
  ],
});
const TAKER = 0.0006;
const expected = {
  BTCUSDT: { filledSize: '0.5', avgPrice: '62000', pnl: (62000 - 60000) * 0.5, fee: -(0.5 * 62000 * TAKER), holdSide: 'long' },
  ETHUSDT: { filledSize: '3', avgPrice: '2900', pnl: (3000 - 2900) * 3, fee: -(3 * 2900 * TAKER), holdSide: 'short' },
};

const sim = useSimulatorCores({ tmpPrefix: 'panic-costs-', demo: false, core: { timing: FAST, costTiming: COSTS_FAST } });
const coreFor = (credentials: SimCredentials) => sim.coreFor(credentials);

async function closeAndCollect(subject: Core): Promise<{ outcome: CloseOutcome; reports: CostReport[]; reportsAtOutcome: number }> {
  const reports: CostReport[] = [];
  subject.onCloseEvent((event) => {
    if (event.kind === 'costs') reports.push(event.report);
  });
  const result = await subject.handlers.close({ profile: 'test', productType: 'USDT-FUTURES', trigger: 'window' });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  const reportsAtOutcome = reports.length;
  await vi.waitFor(() => expect(reports.at(-1)?.complete).toBe(true), { timeout: 8_000 });
  return { outcome: result.value, reports, reportsAtOutcome };
}

function expectCosts(report: CostReport) {
  expect(report.unread).toEqual([]);
  for (const [symbol, want] of Object.entries(expected)) {
    const cost = report.orders.find((order) => order.symbol === symbol)!;
    expect(cost, symbol).toBeDefined();
    expect(cost).toMatchObject({ filledSize: want.filledSize, avgPrice: want.avgPrice, holdSide: want.holdSide, state: 'filled', feeCoin: 'USDT' });
    expect(Number(cost.realizedPnl)).toBeCloseTo(want.pnl, 8);
    expect(Number(cost.fee)).toBeCloseTo(want.fee, 8);
  }
}

describe('what a close cost', () => {
  it('classic (V2 order detail): each order’s fill, realized PnL and fee, after the outcome, then in the history', async () => {
    const account = sim.exchange.addAccount(book('classic'));
    const subject = await coreFor(account);
    const { outcome, reports, reportsAtOutcome } = await closeAndCollect(subject);
    expect(outcome.status).toBe('flat');
    // The outcome was returned before any detail was read.
    expect(reportsAtOutcome).toBe(0);
    // One report as the first order's details arrive, the complete one last.
    expect(reports.map((report) => [report.complete, report.orders.length])).toEqual([
      [false, 1],
      [true, 2],
    ]);
    const complete = reports.at(-1)!;
    expect(complete).toMatchObject({ runId: outcome.runId, profile: { name: 'test', demo: false } });
    expectCosts(complete);
    const details = sim.exchange.account(account.apiKey).requests.filter((request) => request.path === '/api/v2/mix/order/detail');
    expect(details).toHaveLength(2);
    expect(details.every((request) => request.query.includes('productType=USDT-FUTURES') && /symbol=(BTC|ETH)USDT/.test(request.query))).toBe(true);

    const history = await subject.handlers.listHistory({ limit: 20 });
    expect(history.ok).toBe(true);
    const costs = history.ok ? history.value.entries.filter((entry) => entry.type === 'costs') : [];
    expect(costs).toHaveLength(1);
    expect(costs[0]).toMatchObject({ runId: outcome.runId, profile: 'test', demo: false, costs: { complete: true, runId: outcome.runId } });
    expectCosts(costs[0]!.costs!);
  });

  it('unified (V3 order info + fills): the fills’ PnL summed per order', async () => {
    const account = sim.exchange.addAccount(book('unified'));
    const subject = await coreFor(account);
    const { reports } = await closeAndCollect(subject);
    expectCosts(reports.at(-1)!);
    const paths = sim.exchange.account(account.apiKey).requests.map((request) => request.path);
    expect(paths.filter((path) => path === '/api/v3/trade/order-info')).toHaveLength(2);
    expect(paths.filter((path) => path === '/api/v3/trade/fills')).toHaveLength(2);
  });

  it('an order whose details say live at first is read again until filled', async () => {
    const account = sim.exchange.addAccount(book('classic'));
    const subject = await coreFor(account);
    sim.exchange.faults.add({ kind: 'order-lag', ms: 500 });
    const { reports } = await closeAndCollect(subject);
    expectCosts(reports.at(-1)!);
    const details = sim.exchange.account(account.apiKey).requests.filter((request) => request.path === '/api/v2/mix/order/detail');
    // Each order was read while live (nothing filled) and again once filled.
    expect(details.length).toBeGreaterThan(2);
    expect(details.some((request) => request.response?.status === 200)).toBe(true);
  });

  it('details that cannot be read are unread with a reason; the outcome is unaffected', async () => {
    const account = sim.exchange.addAccount(book('classic'));
    const subject = await coreFor(account);
    sim.exchange.faults.add({ kind: 'http-status', status: 502, path: '/api/v2/mix/order/detail', times: Infinity });
    const { outcome, reports } = await closeAndCollect(subject);
    expect(outcome).toMatchObject({ status: 'flat', verified: true });
    expect(outcome.error).toBeUndefined();
    const complete = reports.at(-1)!;
    expect(complete.orders).toEqual([]);
    expect(complete.unread.map((item) => item.symbol).sort()).toEqual(['BTCUSDT', 'ETHUSDT']);
    for (const item of complete.unread) {
      expect(item.error.message).toContain(`close order ${item.orderId}`);
      expect(item.error.hint).toMatch(/order history/);
    }
    // Read once and again for each wait allowed, never more.
    const details = sim.exchange.account(account.apiKey).requests.filter((request) => request.path === '/api/v2/mix/order/detail');
    expect(details).toHaveLength(2 * (COSTS_FAST.retryDelaysMs.length + 1));
  });

  it('a malformed detail is an unread order, never a zero cost', async () => {
    const account = sim.exchange.addAccount(book('classic'));
    const subject = await coreFor(account);
    sim.exchange.faults.add({ kind: 'replace-data', data: { orderId: '1', symbol: 'BTCUSDT', side: 'sell', state: 'filled', baseVolume: 'abc', priceAvg: '62000', fee: '-1', totalProfits: '1000' }, path: '/api/v2/mix/order/detail', times: Infinity });
    const { reports } = await closeAndCollect(subject);
    const complete = reports.at(-1)!;
    expect(complete.orders).toEqual([]);
    expect(complete.unread).toHaveLength(2);
    expect(complete.unread[0]!.error.message).toMatch(/not in the documented shape/);
  });

  it('never asks for details while a close runs on the same account: the close comes first', async () => {
    const spec = book('classic');
    const account = sim.exchange.addAccount({ ...spec, positions: [...spec.positions!, { productType: 'COIN-FUTURES', symbol: 'BTCUSD', holdSide: 'long', size: '0.2' }] });
    const subject = await coreFor(account);
    const reports: CostReport[] = [];
    subject.onCloseEvent((event) => {
      if (event.kind === 'costs') reports.push(event.report);
    });
    // The first run's orders stay live for a while, so their details are read again every 200 ms...
    sim.exchange.faults.add({ kind: 'order-lag', ms: 1_500 });
    const first = await subject.handlers.close({ profile: 'test', productType: 'USDT-FUTURES', trigger: 'window' });
    expect(first.ok).toBe(true);
    await vi.waitFor(() => expect(sim.exchange.account(account.apiKey).requests.some((request) => request.path === '/api/v2/mix/order/detail')).toBe(true));
    // ...while a second close is in flight: waiting for its close slot (one a second), then for a slow answer.
    sim.exchange.faults.add({ kind: 'delay', ms: 400, path: '/api/v2/mix/order/close-positions' });
    const secondStarted = Date.now();
    const second = await subject.handlers.close({ profile: 'test', productType: 'COIN-FUTURES', trigger: 'hotkey' });
    const secondEnded = Date.now();
    expect(second.ok && second.value.status).toBe('flat');
    const details = sim.exchange.account(account.apiKey).requests.filter((request) => request.path === '/api/v2/mix/order/detail');
    // A detail request already on its way when the close began may land just after; none is sent during it.
    expect(details.filter((request) => request.receivedAt > secondStarted + 50 && request.receivedAt < secondEnded - 50)).toEqual([]);
    // Afterwards the details are read to the end.
    await vi.waitFor(() => expect(reports.filter((report) => report.complete)).toHaveLength(2), { timeout: 8_000 });
    expect(reports.filter((report) => report.complete).flatMap((report) => report.orders.map((order) => order.state))).toEqual(['filled', 'filled', 'filled']);
  });
});
