// Many CLI runs at once, as a script or several desktop shortcuts start them: one close per second per account across
// every process, each run with its own outcome; concurrent `profiles add` keep every profile and every key.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startExchange } from './simulator/index.ts';
import { envCredentials, startCli } from './cli-processes.ts';
import { createKeychain } from './core/keychain.ts';
import { loadSettingsFile } from './core/settings-file.ts';

type Exchange = Awaited<ReturnType<typeof startExchange>>;
const inKeyring = process.env.PANIC_KEYRING_READY === '1';

let exchange: Exchange;
let dataDir: string;

beforeEach(async () => {
  exchange = await startExchange();
  dataDir = mkdtempSync(join(tmpdir(), 'panic-cli-many-'));
});
afterEach(() => exchange.close());

const TARGETS = [
  ['USDT-FUTURES', 'BTCUSDT'],
  ['USDT-FUTURES', 'ETHUSDT'],
  ['USDT-FUTURES', 'SOLUSDT'],
  ['COIN-FUTURES', 'BTCUSD'],
  ['COIN-FUTURES', 'ETHUSD'],
  ['USDC-FUTURES', 'BTCPERP'],
] as const;

describe('many CLI closes of one account at once', () => {
  it('never sends two closes of one account less than a second apart, and each run gets its own outcome', async () => {
    const account = exchange.addAccount({
      positions: [
        ...TARGETS.map(([productType, symbol]) => ({ productType, symbol, holdSide: 'long' as const, size: '1' })),
        { productType: 'USDT-FUTURES', symbol: 'XRPUSDT', holdSide: 'short', size: '5' },
      ],
    });
    const env = { ...envCredentials(account), BITGET_PANIC_BASE_URL: exchange.url, BITGET_PANIC_DATA_DIR: dataDir, BITGET_PANIC_DEADLINE_MS: '15000' };
    const close = (productType: string, symbol: string, extra: Record<string, string> = {}) =>
      startCli(['close', '--from-env', '--product-type', productType, '--symbol', symbol, '--yes', '--json'], { ...env, ...extra });

    const runs = TARGETS.map(([productType, symbol]) => close(productType, symbol));
    // Once the first close has gone out and the others are in line, one more run with a deadline too short to wait.
    const view = exchange.account(account.apiKey);
    while (view.closeRequests.count === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const hurried = await close('USDT-FUTURES', 'XRPUSDT', { BITGET_PANIC_DEADLINE_MS: '1000' }).done;
    const results = await Promise.all(runs.map((run) => run.done));

    const times = [...view.closeRequests.times].sort((a, b) => a - b);
    const gaps = times.slice(1).map((time, index) => time - times[index]!);
    expect(times).toHaveLength(TARGETS.length);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1_000);
    expect(exchange.requests.filter((request) => request.response?.status === 429)).toEqual([]);

    for (const [index, result] of results.entries()) {
      const lines = result.stdout.trim().split('\n');
      const [productType, symbol] = TARGETS[index]!;
      expect(lines, `run ${symbol} prints exactly one outcome`).toHaveLength(1);
      expect(JSON.parse(lines[0]!)).toMatchObject({ status: 'flat', target: { productType, symbol }, closeAttempts: 1 });
      expect(result.code).toBe(0);
    }
    expect(view.positions.map((position) => position.symbol)).toEqual(['XRPUSDT']);

    const lines = hurried.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const outcome = JSON.parse(lines[0]!);
    expect(outcome).toMatchObject({ status: 'failed', closeAttempts: 0, target: { symbol: 'XRPUSDT' } });
    expect(outcome.error.message).toMatch(/could not be sent before its deadline\. \d+ other closes? on this account (was|were) ahead of it: CLI pid \d+ \(cli: [A-Z]+-FUTURES [A-Z]+\)/);
    expect(hurried.code).not.toBe(0);
  });
});

describe.skipIf(!inKeyring)('many `profiles add` at once (real gnome-keyring)', () => {
  it('keeps all ten profiles and all ten keys, each key hint matching its stored key', async () => {
    // The CLI uses the app's keychain service; the names are this run's own, and removed at the end.
    const names = Array.from({ length: 10 }, (_, index) => `many-${process.pid}-${index}`);
    const keyOf = (name: string) => `bg_key_${name}_${name.split('-').pop()!.padStart(4, '0')}`;
    const results = await Promise.all(
      names.map((name) => startCli(['profiles', 'add', name, '--demo'], { BITGET_PANIC_DATA_DIR: dataDir }, `${keyOf(name)}\nsecret-${name}\npass-${name}\n`).done),
    );
    for (const result of results) expect(result.stdout).toMatch(/^Saved DEMO profile/);

    const { settings, notices } = loadSettingsFile(join(dataDir, 'config.json'));
    expect(notices).toEqual([]);
    expect(settings.profiles.map((profile) => profile.name).sort()).toEqual(names);
    const keychain = createKeychain();
    for (const profile of settings.profiles) {
      const stored = await keychain.get(profile.name);
      expect(stored).toEqual({ apiKey: keyOf(profile.name), secretKey: `secret-${profile.name}`, passphrase: `pass-${profile.name}` });
      expect(stored!.apiKey.endsWith(profile.keyHint!)).toBe(true);
    }
    const listed = await startCli(['profiles', 'list', '--json'], { BITGET_PANIC_DATA_DIR: dataDir }).done;
    const listedProfiles = JSON.parse(listed.stdout) as { name: string; practice?: boolean }[];
    expect(listedProfiles.filter((profile) => !profile.practice).map((profile) => profile.name).sort()).toEqual(names);
    for (const name of names) await keychain.remove(name);
  });
});
