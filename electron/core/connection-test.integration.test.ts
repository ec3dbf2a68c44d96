// "Test connection" through the real core and the simulator: the key's UID, the endpoint, and whether it can close,
// learned by cancelling an order id that cannot exist (never a close, never an order).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PRACTICE_PROFILE_NAME } from '../../shared/practice.ts';
import { startExchange, type AccountSpec, type Exchange } from '../simulator/index.ts';
import { closePermissionOf } from './connection-test.ts';
import { createCore, type Core } from './compose.ts';
import type { Keychain } from './keychain.ts';
import { PRACTICE_ENDPOINT } from './practice.ts';
import { createJsonSettingsStore } from './settings-file.ts';

const noKeychain = { get: async () => undefined, set: async () => undefined, remove: async () => false } as unknown as Keychain;
const BTC_ORDER = { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', orderId: '1234567890123456789' } as const;
const V2_CANCEL = '/api/v2/mix/order/cancel-order';
const V3_CANCEL = '/api/v3/trade/cancel-order';
const ACCOUNT_INFO = '/api/v2/spot/account/info';

let exchange: Exchange;
let dataDir: string;
const cores: Core[] = [];

async function coreWith(spec: AccountSpec, options: { practice?: boolean } = {}) {
  const keys = exchange.addAccount(spec);
  const core = await createCore({
    dataDir,
    settings: createJsonSettingsStore(join(dataDir, 'config.json')),
    baseUrl: exchange.url,
    keychain: noKeychain,
    ephemeralProfiles: [{ name: 'main', demo: spec.demo ?? false, credentials: { apiKey: keys.apiKey, secretKey: keys.secretKey, passphrase: keys.passphrase } }],
    ...(options.practice ? { practice: true } : {}),
  });
  cores.push(core);
  return { core, view: exchange.account(keys.apiKey) };
}

beforeEach(async () => {
  exchange = await startExchange();
  dataDir = mkdtempSync(join(tmpdir(), 'panic-connection-test-'));
});
afterEach(async () => {
  for (const core of cores.splice(0)) await core.dispose();
  await exchange.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('testProfile', () => {
  it('a trading key: can close, with its UID and the endpoint; nothing is closed or cancelled', async () => {
    const { core, view } = await coreWith({ positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '1' }], openOrders: [BTC_ORDER] });
    const tested = await core.handlers.testProfile({ name: 'main' });
    expect(tested).toMatchObject({ ok: true, value: { profile: 'main', accountKind: 'classic', openPositions: 1, canClose: 'yes', uid: view.uid, endpoint: exchange.url } });
    expect(tested.ok && tested.value.canCloseReason).toBeUndefined();
    const probe = view.requests.find((request) => request.path === V2_CANCEL);
    expect(JSON.parse(probe?.body ?? '{}')).toEqual({ symbol: 'BTCUSDT', productType: 'USDT-FUTURES', orderId: '1' });
    expect(view.closeRequests.count).toBe(0);
    expect(view.positions).toHaveLength(1);
    expect(view.openOrders).toHaveLength(1);
  });

  it('a read-only key: can read, cannot close, with the exchange\'s reason', async () => {
    const { core, view } = await coreWith({ permissions: 'read-only' });
    const tested = await core.handlers.testProfile({ name: 'main' });
    expect(tested).toMatchObject({ ok: true, value: { canClose: 'no', uid: view.uid, canCloseReason: { kind: 'permission', code: '40014' } } });
  });

  it('a unified account: the probe goes to the V3 cancel, and a UID neither account-info endpoint will give is unknown, not a failure', async () => {
    const { core, view } = await coreWith({ kind: 'unified', demo: true });
    exchange.faults.add({ kind: 'error-code', code: '40085', path: ACCOUNT_INFO });
    exchange.faults.add({ kind: 'error-code', code: '40084', path: '/api/v3/account/info' });
    const tested = await core.handlers.testProfile({ name: 'main' });
    expect(tested).toMatchObject({ ok: true, value: { accountKind: 'unified', demo: true, canClose: 'yes' } });
    expect(tested.ok && 'uid' in tested.value).toBe(false);
    const probe = view.requests.find((request) => request.path === V3_CANCEL);
    expect(JSON.parse(probe?.body ?? '{}')).toEqual({ category: 'USDT-FUTURES', orderId: '1' });
    expect(probe?.headers['paptrading']).toBe('1');
  });

  it('a unified read-only key is refused on V3 too', async () => {
    const { core } = await coreWith({ kind: 'unified', permissions: 'read-only' });
    expect(await core.handlers.testProfile({ name: 'main' })).toMatchObject({ ok: true, value: { accountKind: 'unified', canClose: 'no' } });
  });

  it.each([
    ['an IP refusal', { kind: 'error-code', code: '40018' }, 'ip-whitelist'],
    ['a server error', { kind: 'http-status', status: 503 }, 'busy'],
    ['an unknown code', { kind: 'error-code', code: '49999', msg: 'something new' }, 'exchange'],
  ] as const)('%s on the probe leaves it unknown, never yes', async (_name, fault, kind) => {
    const { core } = await coreWith({});
    exchange.faults.add({ ...fault, path: V2_CANCEL });
    const tested = await core.handlers.testProfile({ name: 'main' });
    expect(tested).toMatchObject({ ok: true, value: { canClose: 'unknown', canCloseReason: { kind } } });
  });

  it('a key whose authorities show futures holdings read only (coow, cpor) cannot close, though the test cancel passes; the permission is named', async () => {
    const { core, view } = await coreWith({ authorities: ['coow', 'cpor'] });
    const tested = await core.handlers.testProfile({ name: 'main' });
    expect(tested).toMatchObject({
      ok: true,
      value: {
        canClose: 'no',
        canCloseReason: { kind: 'permission' },
        permissions: [
          { permission: 'futures orders write', status: 'yes' },
          { permission: 'futures holdings write', status: 'no' },
        ],
      },
    });
    expect(tested.ok && tested.value.canCloseReason?.message).toMatch(/futures holdings write: read only \(cpor\): the key needs cpow/);
    expect(view.requests.find((request) => request.path === V2_CANCEL)?.response?.code).toBe('40768');
  });

  it('a key with orders and holdings read-write can close, each permission shown as seen', async () => {
    const { core } = await coreWith({ authorities: ['coow', 'cpow', 'stor'] });
    const tested = await core.handlers.testProfile({ name: 'main' });
    expect(tested).toMatchObject({ ok: true, value: { canClose: 'yes', permissions: [{ status: 'yes' }, { status: 'yes' }] } });
    expect(tested.ok && 'unknownPermissionNames' in tested.value).toBe(false);
  });

  it('names it does not know are shown as seen and decide nothing: the test cancel decides', async () => {
    const { core } = await coreWith({ authorities: ['futures_magic', 'xyz'] });
    const tested = await core.handlers.testProfile({ name: 'main' });
    expect(tested).toMatchObject({
      ok: true,
      value: { canClose: 'yes', unknownPermissionNames: ['futures_magic', 'xyz'], permissions: [{ status: 'not shown' }, { status: 'not shown' }] },
    });
  });

  it('a unified key without uta_trade cannot close, named "unified trade"; with it, it can', async () => {
    const { core } = await coreWith({ kind: 'unified', utaPermissions: ['uta_mgt'] });
    const tested = await core.handlers.testProfile({ name: 'main' });
    expect(tested).toMatchObject({ ok: true, value: { accountKind: 'unified', canClose: 'no', permissions: [{ permission: 'unified trade', status: 'no' }] } });
    const { core: trading } = await coreWith({ kind: 'unified' });
    expect(await trading.handlers.testProfile({ name: 'main' })).toMatchObject({ ok: true, value: { canClose: 'yes', permissions: [{ permission: 'unified trade', status: 'yes', detail: 'uta_trade' }] } });
  });

  it('the practice profile answers like the simulator: can close, its UID, the practice endpoint', async () => {
    const { core } = await coreWith({}, { practice: true });
    const tested = await core.handlers.testProfile({ name: PRACTICE_PROFILE_NAME });
    const practiceUid = (await core.practice!.credentials()).uid;
    expect(tested).toMatchObject({ ok: true, value: { practice: true, canClose: 'yes', uid: practiceUid, endpoint: PRACTICE_ENDPOINT } });
  });
});

describe('closePermissionOf', () => {
  it('a "success" to cancelling an order that cannot exist proves nothing: unknown', () => {
    expect(closePermissionOf({ ok: true }).canClose).toBe('unknown');
  });
  it.each(['40768', '43025', '22001', '25204'])('%s (no such order) means the key may trade', (code) => {
    expect(closePermissionOf({ ok: false, error: { kind: 'not-found', code, message: '', hint: '' } }).canClose).toBe('yes');
  });
  it.each(['40014', '40025', '45108'])('%s (permission) means it may not', (code) => {
    expect(closePermissionOf({ ok: false, error: { kind: 'permission', code, message: '', hint: '' } }).canClose).toBe('no');
  });
  it('no code at all (a network failure) is unknown', () => {
    expect(closePermissionOf({ ok: false, error: { kind: 'network', message: 'down', hint: '' } }).canClose).toBe('unknown');
  });
});
