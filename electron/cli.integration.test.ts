// The CLI as a person or a script runs it: a child process against the simulator, with a real keychain for profiles.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BTC_LONG_ETH_SHORT as book, runCliProcess, simulatorCliEnv, type CliRun } from './cli.test-support.ts';
import { startExchange } from './simulator/index.ts';
import type { AccountSpec, Credentials as SimCredentials } from './simulator/types.ts';

type Exchange = Awaited<ReturnType<typeof startExchange>>;
const inKeyring = process.env.PANIC_KEYRING_READY === '1';

let exchange: Exchange;
let dataDir: string;

beforeEach(async () => {
  exchange = await startExchange();
  dataDir = mkdtempSync(join(tmpdir(), 'panic-cli-'));
});
afterEach(() => exchange.close());

function run(args: string[], options: { credentials?: SimCredentials; stdin?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  return runCliProcess(args, { env: simulatorCliEnv({ url: exchange.url, dataDir, credentials: options.credentials, env: options.env }), stdin: options.stdin });
}

describe('bitget-panic close --from-env', () => {
  it('closes, prints the outcome as one JSON object and exits 0 when verified flat', async () => {
    const account = exchange.addAccount(book);
    const result = await run(['close', '--from-env', '--product-type', 'USDT-FUTURES', '--symbol', 'BTCUSDT', '--side', 'long', '--yes', '--json'], { credentials: account });
    expect(result.code).toBe(0);
    const outcome = JSON.parse(result.stdout);
    expect(outcome).toMatchObject({ status: 'flat', trigger: 'cli', profile: { name: 'env', demo: false }, stillOpen: [] });
    expect(exchange.account(account.apiKey).positions.map((position) => position.symbol)).toEqual(['ETHUSDT']);
    // A real account's close never opens the practice account: its file is neither read nor created.
    expect(existsSync(join(dataDir, 'practice'))).toBe(false);
  });

  it('--cancel-orders: a trailing stop (track_plan) is gone afterwards, cancelled by id as the listing showed it', async () => {
    const account = exchange.addAccount({ ...book, planOrders: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', planType: 'track_plan', orderId: '4242' }] });
    const result = await run(['close', '--from-env', '--product-type', 'USDT-FUTURES', '--cancel-orders', '--yes', '--json'], { credentials: account });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'flat', cancel: { triggerOrders: 'cancelled', errors: [] } });
    expect(exchange.account(account.apiKey).planOrders).toEqual([]);
  });

  it('prints a readable result that names the account as LIVE', async () => {
    const account = exchange.addAccount(book);
    const result = await run(['close', '--from-env', '--product-type', 'USDT-FUTURES', '--yes'], { credentials: account });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^FLAT/);
    expect(result.stdout).toContain('LIVE "env"');
  });

  it('refuses to close without --yes when stdin is not a terminal, and sends nothing', async () => {
    const account = exchange.addAccount(book);
    const result = await run(['close', '--from-env', '--product-type', 'USDT-FUTURES'], { credentials: account });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/not a terminal.*\n.*--yes/);
    expect(exchange.account(account.apiKey).closeRequests.count).toBe(0);
  });

  it.each([
    [['--product-type', 'USDT'], /product-type/],
    [['--product-type', 'USDT-FUTURES', '--side', 'up'], /side/],
    [['--product-type', 'USDT-FUTURES', '--symbol', 'BTC USDT'], /symbol/],
    [['--product-type', 'USDT-FUTURES', '--bogus'], /bogus/],
  ])('exits 2 for bad input %j, before anything is sent', async (extra, pattern) => {
    const account = exchange.addAccount(book);
    const result = await run(['close', '--from-env', '--yes', ...extra], { credentials: account });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(pattern);
    expect(exchange.account(account.apiKey).requests).toHaveLength(0);
  });

  it('exits 1 with what is still open when the exchange refuses part of the close', async () => {
    const account = exchange.addAccount(book);
    exchange.faults.add({ kind: 'failure-list', errorCode: '40888', errorMsg: 'max size', symbol: 'ETHUSDT', times: Infinity });
    const result = await run(['close', '--from-env', '--product-type', 'USDT-FUTURES', '--yes'], { credentials: account });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^PARTIAL/);
    expect(result.stdout).toContain('STILL OPEN: ETHUSDT short 2');
  });

  it('exits 3 on a rejected key', async () => {
    const account = exchange.addAccount(book);
    const result = await run(['close', '--from-env', '--product-type', 'USDT-FUTURES', '--yes', '--json'], { credentials: { ...account, passphrase: 'wrong-pass' } });
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout).error.kind).toBe('auth');
  });

  it('exits 4 when the exchange cannot be reached', async () => {
    const account = exchange.addAccount(book);
    exchange.faults.add({ kind: 'hang', times: Infinity });
    const result = await run(['close', '--from-env', '--product-type', 'USDT-FUTURES', '--yes'], { credentials: account });
    expect(result.code).toBe(4);
    expect(result.stdout).toMatch(/^UNKNOWN/);
  });

  it('flattens everything of a profile with --everything and prints what was already flat', async () => {
    const account = exchange.addAccount({ positions: [...book.positions!, { productType: 'COIN-FUTURES', symbol: 'BTCUSD', holdSide: 'short', size: '10' }] });
    const result = await run(['close', '--everything', '--from-env', '--yes'], { credentials: account });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^EVERYTHING: FLAT/);
    expect(result.stdout).toContain('already flat on LIVE "env": USDC-FUTURES (read, nothing sent)');
    expect(exchange.account(account.apiKey).positions).toHaveLength(0);
  });

  it('refuses --everything with a product type, before anything is sent', async () => {
    const account = exchange.addAccount(book);
    const result = await run(['close', '--everything', '--product-type', 'USDT-FUTURES', '--from-env', '--yes'], { credentials: account });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('leave out --product-type');
    expect(exchange.account(account.apiKey).requests).toHaveLength(0);
  });

  it('documents the exit codes in --help', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    for (const line of ['0  the target is verified flat', '2  bad input', '3  authentication', '4  network']) expect(result.stdout).toContain(line);
  });
});

describe.skipIf(!inKeyring)('bitget-panic profiles (real gnome-keyring)', () => {
  it('adds a profile from stdin, lists it without secrets, closes with it and removes it', async () => {
    const account = exchange.addAccount({ ...book, demo: true });
    const added = await run(['profiles', 'add', 'paper', '--demo'], { stdin: `${account.apiKey}\n${account.secretKey}\n${account.passphrase}\n` });
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(`DEMO profile "paper" (key ending …${account.apiKey.slice(-4)})`);

    const listed = await run(['profiles', 'list', '--json']);
    // The built-in practice account is listed after the first real profile.
    expect(JSON.parse(listed.stdout)).toEqual([
      { name: 'paper', demo: true, configured: true, keyHint: account.apiKey.slice(-4) },
      { name: 'Practice', demo: false, practice: true, configured: true },
    ]);
    const config = readFileSync(join(dataDir, 'config.json'), 'utf8');
    for (const secret of [account.apiKey, account.secretKey, account.passphrase]) {
      expect(config).not.toContain(secret);
      expect(listed.stdout).not.toContain(secret);
    }

    const tested = await run(['profiles', 'test', 'paper']);
    expect(tested.code).toBe(0);
    expect(tested.stdout).toContain('DEMO profile "paper" works (classic account, 2 open');

    const positions = await run(['positions', '--product-type', 'USDT-FUTURES']);
    expect(positions.stdout).toContain('BTCUSDT long 0.5');

    const closed = await run(['close', '--profile', 'paper', '--product-type', 'USDT-FUTURES', '--yes', '--json']);
    expect(JSON.parse(closed.stdout)).toMatchObject({ status: 'flat', profile: { name: 'paper', demo: true } });
    expect(exchange.account(account.apiKey).requests.filter((request) => request.path.endsWith('close-positions'))[0]!.headers.paptrading).toBe('1');

    const removed = await run(['profiles', 'remove', 'paper']);
    expect(removed.code).toBe(0);
    const after = await run(['close', '--profile', 'paper', '--product-type', 'USDT-FUTURES', '--yes']);
    expect(after.code).toBe(2);
    expect(after.stderr).toContain('There is no profile named "paper"');
  });

  it('never takes secrets from arguments', async () => {
    const result = await run(['profiles', 'add', 'main', 'bg_key_in_argv']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/never taken from arguments/);
  });

  it('refuses --demo on a live profile', async () => {
    const account = exchange.addAccount(book);
    await run(['profiles', 'add', 'live'], { stdin: `${account.apiKey}\n${account.secretKey}\n${account.passphrase}\n` });
    const result = await run(['close', '--profile', 'live', '--demo', '--product-type', 'USDT-FUTURES', '--yes']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is LIVE');
    expect(exchange.account(account.apiKey).closeRequests.count).toBe(0);
  });
});

// The CLI against the simulator answering the live way (its default shapes: ../shared/bitget-live): a flat unified
// account answers current-position with `list: null`, which once made every UTA close end UNKNOWN and `profiles test`
// fail before it tested anything.
const V3_CLOSE = '/api/v3/trade/close-positions';
const V3_POSITIONS = '/api/v3/position/current-position';
const unified = (positions: AccountSpec['positions'] = []): SimCredentials => exchange.addAccount({ kind: 'unified', positions });
const requestsTo = (keys: SimCredentials, path: string) => exchange.account(keys.apiKey).requests.filter((request) => request.path === path);

describe('the CLI on a unified account that answers the live way', () => {
  it('`positions` on a flat unified account (answered `list: null`) lists none and exits 0', async () => {
    expect(exchange.shapes).toBe('live');
    const keys = unified();
    const result = await run(['positions', '--from-env', '--product-type', 'USDT-FUTURES', '--json'], { credentials: keys });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([]);
    expect(requestsTo(keys, V3_POSITIONS).length).toBeGreaterThan(0);
  });

  it('a UTA close is FLAT with exactly one close request', async () => {
    const keys = unified([{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' }]);
    const result = await run(['close', '--from-env', '--product-type', 'USDT-FUTURES', '--symbol', 'BTCUSDT', '--side', 'long', '--yes', '--json'], { credentials: keys });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'flat', verified: true, stillOpen: [] });
    expect(requestsTo(keys, V3_CLOSE)).toHaveLength(1);
    expect(exchange.account(keys.apiKey).positions).toEqual([]);
  });

  it('flatten everything with positions in one product type sends one close and reports the rest already flat', async () => {
    const keys = unified([
      { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' },
      { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'short', size: '2' },
    ]);
    const result = await run(['close', '--everything', '--from-env', '--yes'], { credentials: keys });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^EVERYTHING: FLAT/);
    expect(result.stdout).toMatch(/already flat on LIVE "env": (COIN-FUTURES, USDC-FUTURES|USDC-FUTURES, COIN-FUTURES) \(read, nothing sent\)/);
    expect(result.stdout).not.toMatch(/UNKNOWN/);
    expect(requestsTo(keys, V3_CLOSE).map((request) => JSON.parse(request.body) as { category: string })).toEqual([expect.objectContaining({ category: 'USDT-FUTURES' })]);
    expect(exchange.account(keys.apiKey).positions).toEqual([]);
  });

  it('profiles test on a flat unified account says OK', async () => {
    const keys = unified();
    const result = await run(['profiles', 'test', 'env', '--from-env'], { credentials: keys });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^OK: LIVE profile "env" works \(unified account/);
    expect(result.stdout).toContain('this key can close positions');
  });
});
