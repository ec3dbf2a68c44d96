// Practice mode through the real core: the practice exchange's seed, its file, its random walk, every scenario through
// the one close path, two processes' worth of cores on one practice folder, and the wall between practice and real keys.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CloseOutcome } from '../../shared/bitget.ts';
import { PRACTICE_PROFILE_NAME, PRACTICE_SCENARIO_NAMES, type PracticeScenarioName } from '../../shared/practice.ts';
import { startExchange } from '../simulator/index.ts';
import { openPracticeExchange } from '../simulator/practice.ts';
import { createHttpPool } from './bitget/http.ts';
import { createCore, type Core } from './compose.ts';
import { WrongExchangeError, createPracticePool, refusingPracticeKey } from './practice.ts';
import { createJsonSettingsStore } from './settings-file.ts';
import type { Keychain } from './keychain.ts';

const noKeychain: Keychain = { get: async () => undefined, set: async () => undefined, remove: async () => false } as unknown as Keychain;
let dataDir: string;
const cores: Core[] = [];

async function practiceCore(options: { baseUrl?: string; ephemeral?: boolean; credentials?: { apiKey: string; secretKey: string; passphrase: string } } = {}): Promise<Core> {
  const core = await createCore({
    dataDir,
    settings: createJsonSettingsStore(join(dataDir, 'config.json')),
    // A closed port: practice must never need it.
    baseUrl: options.baseUrl ?? 'http://127.0.0.1:9',
    keychain: noKeychain,
    practice: true,
    timing: { deadlineMs: 4_000, requestTimeoutMs: 1_000 },
    ...(options.credentials ? { ephemeralProfiles: [{ name: 'real', demo: false, credentials: options.credentials }] } : {}),
  });
  cores.push(core);
  return core;
}

async function closeUsdt(core: Core): Promise<CloseOutcome> {
  const result = await core.handlers.close({ profile: PRACTICE_PROFILE_NAME, productType: 'USDT-FUTURES', trigger: 'window' });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'panic-practice-'));
});
afterEach(async () => {
  for (const core of cores.splice(0)) await core.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the practice account', () => {
  it('is seeded realistically: three product types, both sides, hedge and one-way, resting orders, TP/SL and trailing stops', async () => {
    const core = await practiceCore();
    expect((await core.handlers.listProfiles(undefined)).ok && (await core.handlers.listProfiles(undefined))).toMatchObject({ value: [{ name: PRACTICE_PROFILE_NAME, practice: true, demo: false, configured: true }] });
    const account = await core.practice!.account();
    expect(new Set(account.positions.map((position) => position.productType))).toEqual(new Set(['USDT-FUTURES', 'COIN-FUTURES', 'USDC-FUTURES']));
    expect(new Set(account.positions.map((position) => position.holdSide))).toEqual(new Set(['long', 'short']));
    expect(new Set(account.positions.map((position) => position.posMode))).toEqual(new Set(['hedge_mode', 'one_way_mode']));
    expect(account.openOrders.length).toBeGreaterThan(0);
    expect(account.planOrders.map((order) => order.planType)).toEqual(expect.arrayContaining(['pos_profit', 'pos_loss', 'moving_plan', 'track_plan']));
    const usdc = await core.handlers.listPositions({ profile: PRACTICE_PROFILE_NAME, productType: 'USDC-FUTURES' });
    expect(usdc.ok && usdc.value.map((position) => position.posMode)).toEqual(['one_way_mode', 'one_way_mode']);
  });

  it('keeps its state in the data folder across a restart, until reset', async () => {
    const first = await practiceCore();
    expect(await closeUsdt(first)).toMatchObject({ status: 'flat', profile: { practice: true } });
    await first.dispose();
    cores.splice(0);
    const second = await practiceCore();
    const after = await second.handlers.listPositions({ profile: PRACTICE_PROFILE_NAME, productType: 'USDT-FUTURES' });
    expect(after).toEqual({ ok: true, value: [] });
    expect(await second.handlers.resetPractice(undefined)).toEqual({ ok: true, value: { scenario: 'calm', openPositions: 8, accountKind: 'classic' } });
    const reseeded = await second.handlers.listPositions({ profile: PRACTICE_PROFILE_NAME, productType: 'USDT-FUTURES' });
    expect(reseeded.ok && reseeded.value.length).toBe(4);
  });

  it('walks mark prices as time passes, so PnL changes', async () => {
    let now = 1_800_000_000_000;
    const exchange = openPracticeExchange(dataDir, { now: () => now, random: () => 1 });
    const before = (await exchange.account()).positions.map((position) => Number(position.markPrice));
    now += 10_000;
    const after = (await exchange.account()).positions.map((position) => Number(position.markPrice));
    after.forEach((price, index) => expect(price).toBeGreaterThan(before[index]!));
    const unchanged = (await exchange.account()).positions.map((position) => Number(position.markPrice));
    expect(unchanged).toEqual(after);
  });

  it('refuses to replace an unreadable account file, except on reset', async () => {
    const core = await practiceCore();
    await core.practice!.state();
    const file = join(dataDir, 'practice', 'account.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, '{"broken"');
    const read = await core.handlers.listPositions({ profile: PRACTICE_PROFILE_NAME, productType: 'USDT-FUTURES' });
    expect(read.ok).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('{"broken"');
    expect((await core.handlers.resetPractice(undefined)).ok).toBe(true);
  });
});

describe('scenarios through the one close path', () => {
  const expectations: Record<PracticeScenarioName, (outcome: CloseOutcome) => void> = {
    calm: (outcome) => expect(outcome).toMatchObject({ status: 'flat', closeAttempts: 1 }),
    'partial-refusal': (outcome) => {
      expect(outcome.status).toBe('partial');
      expect(outcome.failed).toEqual([expect.objectContaining({ symbol: 'ETHUSDT', code: '40888' })]);
      expect(outcome.stillOpen.map((position) => position.symbol)).toEqual(['ETHUSDT']);
      // Practice has no Bitget website to send the person to: the way out is the practice panel.
      expect(outcome.error?.hint).toMatch(/practice panel/);
      expect(outcome.error?.hint).not.toMatch(/Bitget website/);
    },
    'network-drop': (outcome) => expect(outcome).toMatchObject({ status: 'flat', closeAttempts: 3 }),
    'exchange-busy': (outcome) => expect(outcome).toMatchObject({ status: 'flat', closeAttempts: 3 }),
    'late-fill': (outcome) => expect(outcome).toMatchObject({ status: 'flat', closeAttempts: 2 }),
    'clock-off': (outcome) => expect(outcome).toMatchObject({ status: 'flat', closeAttempts: 1 }),
    'unified-account': (outcome) => expect(outcome).toMatchObject({ status: 'flat', accountKind: 'unified' }),
    'falling-prices': (outcome) => expect(outcome).toMatchObject({ status: 'flat', closeAttempts: 1 }),
  };
  for (const name of PRACTICE_SCENARIO_NAMES) {
    it(`${name}`, async () => {
      const core = await practiceCore();
      expect(await core.handlers.runPracticeScenario({ name })).toMatchObject({ ok: true, value: { scenario: name } });
      const outcome = await closeUsdt(core);
      expectations[name](outcome);
      expect(outcome.profile).toEqual({ name: PRACTICE_PROFILE_NAME, demo: false, practice: true });
      const history = await core.handlers.listHistory({ limit: 50 });
      const outcomes = history.ok ? history.value.entries.filter((entry) => entry.type === 'outcome') : [];
      expect(outcomes.length).toBe(1);
      expect(outcomes.every((entry) => entry.practice === true)).toBe(true);
    });
  }
});

describe('the app and a CLI run on one practice folder', () => {
  it('lose no change when both act at once', async () => {
    const app = await practiceCore();
    const cli = await practiceCore();
    const [usdt, coin] = await Promise.all([
      closeUsdt(app),
      cli.handlers.close({ profile: PRACTICE_PROFILE_NAME, productType: 'COIN-FUTURES', trigger: 'cli' }),
    ]);
    expect(usdt.status).toBe('flat');
    expect(coin.ok && coin.value.status).toBe('flat');
    const left = (await app.practice!.account()).positions.map((position) => position.productType);
    expect(left).toEqual(['USDC-FUTURES', 'USDC-FUTURES']);
  });
});

describe('practice and real keys never cross', () => {
  it('sends the practice key only to the practice exchange and the real key only to the real endpoint', async () => {
    const exchange = await startExchange();
    try {
      const real = exchange.addAccount({ positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '1' }] });
      const core = await practiceCore({ baseUrl: exchange.url, credentials: real });
      await core.warmUp();
      expect((await core.handlers.listProfiles(undefined)).ok && (await core.handlers.listProfiles(undefined))).toMatchObject({ value: [{ name: 'real' }, { name: PRACTICE_PROFILE_NAME }] });
      expect(await closeUsdt(core)).toMatchObject({ status: 'flat' });
      const realClose = await core.handlers.close({ profile: 'real', productType: 'USDT-FUTURES', trigger: 'window' });
      expect(realClose.ok && realClose.value.status).toBe('flat');
      const practiceKey = (await core.practice!.credentials()).apiKey;
      expect(exchange.requests.filter((request) => request.headers['access-key'] === practiceKey)).toEqual([]);
      expect(exchange.requests.some((request) => request.headers['access-key'] === real.apiKey)).toBe(true);
      expect(core.practice!.requests.some((request) => request.headers['access-key'] === real.apiKey)).toBe(false);
      expect(core.practice!.requests.some((request) => request.headers['access-key'] === practiceKey)).toBe(true);
    } finally {
      await exchange.close();
    }
  });

  it('each pool refuses the other kind of key before anything is sent', async () => {
    const practice = openPracticeExchange(dataDir);
    const practiceKey = (await practice.credentials()).apiKey;
    const request = (key: string) => ({ method: 'GET' as const, pathWithQuery: '/api/v2/mix/position/all-position?productType=USDT-FUTURES', headers: { 'ACCESS-KEY': key }, timeoutMs: 500 });
    await expect(createPracticePool(practice).send(request('bg_real_key'))).rejects.toBeInstanceOf(WrongExchangeError);
    expect(practice.requests).toEqual([]);
    const exchange = await startExchange();
    try {
      const realPool = refusingPracticeKey(createHttpPool(exchange.url), () => practiceKey);
      await expect(realPool.send(request(practiceKey))).rejects.toBeInstanceOf(WrongExchangeError);
      expect(exchange.requests).toEqual([]);
      await realPool.close();
    } finally {
      await exchange.close();
    }
  });
});

describe('shutting down', () => {
  it('waits for a read of the practice account still in flight: nothing touches the folder once dispose has resolved', async () => {
    const core = await practiceCore();
    await core.handlers.getPractice(undefined);
    // Another process holds the account file: the core's next read waits for it.
    const release = await lockfile.lock(join(dataDir, 'practice', 'account.json'), { realpath: false });
    let readEnded = false;
    const reading = core.handlers.getPractice(undefined).then(() => (readEnded = true));
    let disposed = false;
    const disposing = core.dispose().then(() => (disposed = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(disposed).toBe(false);
    await release();
    await disposing;
    expect(readEnded).toBe(true);
    await reading;
    cores.splice(cores.indexOf(core), 1);
  });
});
