// What the real exchange taught us (bitget-api.md "Checked against real answers"), over real HTTP: the whole core
// against the strict simulator, which answers as the exchange does.
import { describe, expect, it } from 'vitest';
import type { AccountSpec, Credentials as SimCredentials } from '../../simulator/index.ts';
import type { CloseOutcome, PanicRequest } from '../../../shared/bitget.ts';
import { V2_PATHS, V3_PATHS } from './endpoints.ts';
import { useSimulatorCores } from '../simulator-core.test-support.ts';

const FAST = { deadlineMs: 6_000, requestTimeoutMs: 700, verifyIntervalMs: 100, retryBackoffMs: 100 };
const USDT = 'USDT-FUTURES';

const sim = useSimulatorCores({ tmpPrefix: 'exchange-truth-', demo: false, core: { timing: FAST } });
const coreFor = (credentials: SimCredentials) => sim.coreFor(credentials);

async function close(request: Partial<PanicRequest>): Promise<CloseOutcome> {
  const result = await sim.core!.handlers.close({ profile: 'test', productType: USDT, trigger: 'cli', ...request });
  if (!result.ok) throw new Error(`close refused: ${JSON.stringify(result.error)}`);
  return result.value;
}

async function account() {
  const resolved = await sim.core!.profiles.resolve('test');
  if (!resolved.ok) throw new Error(resolved.error.message);
  return resolved.value.account;
}

const book = (kind: AccountSpec['kind'], extra: Partial<AccountSpec> = {}): AccountSpec => ({
  kind,
  positions: [{ productType: USDT, symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' }],
  ...extra,
});

describe('trigger and TP/SL orders do not survive a flatten', () => {
  it('a unified account: its TP/SL and trigger orders (listed as a bare array) are cancelled', async () => {
    const keys = sim.exchange.addAccount(
      book('unified', {
        openOrders: [{ productType: USDT, symbol: 'BTCUSDT' }],
        planOrders: [
          { productType: USDT, symbol: 'BTCUSDT', planType: 'pos_loss' },
          { productType: USDT, symbol: 'BTCUSDT', planType: 'profit_plan' },
          { productType: USDT, symbol: 'BTCUSDT', planType: 'normal_plan' },
          { productType: USDT, symbol: 'ETHUSDT', planType: 'track_plan' },
        ],
      }),
    );
    await coreFor(keys);
    const outcome = await close({ cancelOrders: true });
    expect(outcome).toMatchObject({ status: 'flat', accountKind: 'unified', cancel: { openOrders: 'cancelled', triggerOrders: 'cancelled', errors: [] } });
    expect(sim.exchange.account(keys.apiKey).planOrders).toEqual([]);
    expect(sim.exchange.account(keys.apiKey).openOrders).toEqual([]);
    expect(sim.exchange.account(keys.apiKey).requests.filter((request) => request.path === V3_PATHS.cancelStrategyOrder)).toHaveLength(4);
  });

  it('a classic account: its trailing stop (track_plan) is cancelled with the other plan types', async () => {
    const keys = sim.exchange.addAccount(
      book('classic', {
        planOrders: [
          { productType: USDT, symbol: 'BTCUSDT', planType: 'track_plan' },
          { productType: USDT, symbol: 'BTCUSDT', planType: 'loss_plan' },
        ],
      }),
    );
    await coreFor(keys);
    const outcome = await close({ cancelOrders: true });
    expect(outcome).toMatchObject({ status: 'flat', cancel: { openOrders: 'none', triggerOrders: 'cancelled', errors: [] } });
    expect(sim.exchange.account(keys.apiKey).planOrders).toEqual([]);
  });

  it('a trailing stop whose cancel fails is named as still resting in the outcome', async () => {
    const keys = sim.exchange.addAccount(book('classic', { planOrders: [{ productType: USDT, symbol: 'BTCUSDT', planType: 'track_plan', orderId: '71' }] }));
    await coreFor(keys);
    sim.exchange.faults.add({ kind: 'cancel-failure', path: V2_PATHS.cancelPlanOrders });
    const outcome = await close({ cancelOrders: true });
    expect(outcome.status).toBe('flat');
    expect(outcome.cancel?.triggerOrders).toBe('failed');
    expect(outcome.cancel?.errors.map((error) => error.message).join(' ')).toContain('BTCUSDT trailing stop order 71 (still resting after the cancel)');
    expect(sim.exchange.account(keys.apiKey).planOrders.map((order) => order.orderId)).toEqual(['71']);
  });
});

describe('account kinds', () => {
  it('a 40084 body without data still switches a profile remembered as unified to classic, and the close goes through', async () => {
    const keys = sim.exchange.addAccount(book('unified'));
    await coreFor(keys);
    expect((await account()).kind).toBe('classic');
    expect(await sim.core!.handlers.listPositions({ profile: 'test', productType: USDT })).toMatchObject({ ok: true });
    expect((await account()).kind).toBe('unified');
    sim.exchange.setKind(keys.apiKey, 'classic');
    const outcome = await close({});
    expect(outcome).toMatchObject({ status: 'flat', accountKind: 'classic', verified: true });
    expect(sim.exchange.account(keys.apiKey).positions).toEqual([]);
    const refused = sim.exchange.account(keys.apiKey).requests.find((request) => request.path === V3_PATHS.close);
    expect(refused?.response).toEqual({ status: 400, code: '40084' });
  });
});

describe('busy answers are retried, not the end of the close', () => {
  it.each([['1001'], ['40604']])('%s once: the close is sent again and ends flat', async (code) => {
    const keys = sim.exchange.addAccount(book('classic'));
    await coreFor(keys);
    sim.exchange.faults.add({ kind: 'error-code', code, path: V2_PATHS.close, retryAfter: '1' });
    const outcome = await close({});
    expect(outcome).toMatchObject({ status: 'flat', verified: true });
    expect(sim.exchange.account(keys.apiKey).closeRequests.count).toBe(2);
    expect(sim.exchange.account(keys.apiKey).positions).toEqual([]);
  });
});

describe('a positions answer that cannot be read is a failed read, never "nothing open"', () => {
  it.each([
    ['data: null', { kind: 'replace-data', data: null } as const],
    ['no data key', { kind: 'omit-data' } as const],
    ['total "abc"', { kind: 'item-field', field: 'total', value: 'abc' } as const],
    ['total ""', { kind: 'item-field', field: 'total', value: '' } as const],
  ])('V2 all-position with %s', async (_label, fault) => {
    const keys = sim.exchange.addAccount(book('classic'));
    await coreFor(keys);
    sim.exchange.faults.add({ ...fault, path: V2_PATHS.positions });
    const read = await (await account()).positions(USDT, 2_000);
    expect(read).toMatchObject({ ok: false, error: { kind: 'unknown' } });
  });

  it('V3 current-position without data.list (`list: null` is the live "flat", read as nothing open)', async () => {
    const keys = sim.exchange.addAccount(book('unified'));
    await coreFor(keys);
    await sim.core!.handlers.listPositions({ profile: 'test', productType: USDT });
    sim.exchange.faults.add({ kind: 'replace-data', data: {}, path: V3_PATHS.positions });
    expect(await (await account()).positions(USDT, 2_000)).toMatchObject({ ok: false, error: { kind: 'unknown' } });
  });
});
