// What the CLI takes in and puts out, as a script meets it: repeated options, a stdout that cannot be written (a closed
// pipe, a full disk), --json on every path, a rate-limited `positions`, an unreadable practice file, and profile names
// that read the same as another. Child processes against the simulator; profile names in a real keychain.
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKeychain } from './core/keychain.ts';
import { BTC_LONG_ETH_SHORT as book, runCliProcess, simulatorCliEnv, type CliRun } from './cli.test-support.ts';
import { startExchange } from './simulator/index.ts';
import type { Credentials as SimCredentials } from './simulator/types.ts';

type Exchange = Awaited<ReturnType<typeof startExchange>>;
const inKeyring = process.env.PANIC_KEYRING_READY === '1';
const POSITIONS_PATH = '/api/v2/mix/position/all-position';
/** A line of a Node stack trace: never printed by the CLI. */
const STACK_LINE = /^\s+at .+[:(]/m;

let exchange: Exchange;
let dataDir: string;

beforeEach(async () => {
  exchange = await startExchange();
  dataDir = mkdtempSync(join(tmpdir(), 'panic-cli-io-'));
});
afterEach(async () => {
  await exchange.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function run(args: string[], options: { credentials?: SimCredentials; stdin?: string; stdout?: 'pipe' | number | 'closed-pipe' } = {}): Promise<CliRun> {
  return runCliProcess(args, { env: simulatorCliEnv({ url: exchange.url, dataDir, credentials: options.credentials }), stdin: options.stdin, ...(options.stdout !== undefined ? { stdout: options.stdout } : {}) });
}

/** The whole of stdout is one JSON object on one line. */
function oneJsonObject(stdout: string): { error?: { kind: string; message: string; hint: string } } & Record<string, unknown> {
  const lines = stdout.split('\n').filter((line) => line !== '');
  expect(lines).toHaveLength(1);
  const parsed = JSON.parse(lines[0]!) as unknown;
  expect(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)).toBe(true);
  return parsed as ReturnType<typeof oneJsonObject>;
}

describe('a repeated single-value option is refused, and nothing is sent', () => {
  it.each([
    ['--symbol', ['close', '--product-type', 'USDT-FUTURES', '--symbol', 'BTCUSDT', '--symbol', 'ETHUSDT'], ['"BTCUSDT"', '"ETHUSDT"']],
    ['--side', ['close', '--product-type', 'USDT-FUTURES', '--side', 'long', '--side=short'], ['"long"', '"short"']],
    ['--product-type', ['close', '--product-type', 'USDT-FUTURES', '--product-type', 'COIN-FUTURES'], ['"USDT-FUTURES"', '"COIN-FUTURES"']],
    ['--product-type (positions)', ['positions', '--product-type', 'USDT-FUTURES', '--product-type', 'USDT-FUTURES'], ['"USDT-FUTURES", "USDT-FUTURES"']],
    ['--base-url', ['close', '--product-type', 'USDT-FUTURES', '--base-url', 'http://127.0.0.1:1', '--base-url', 'http://127.0.0.1:2'], ['"http://127.0.0.1:1"', '"http://127.0.0.1:2"']],
  ])('%s given twice: exit 2, both values named, the exchange got no request', async (name, args, named) => {
    const account = exchange.addAccount(book);
    const result = await run([...args, '--from-env', '--yes'], { credentials: account });
    expect(result.code).toBe(2);
    const option = name.split(' ')[0]!;
    expect(result.stderr).toContain(`${option} was given 2 times`);
    for (const value of named) expect(result.stderr).toContain(value);
    expect(result.stderr).toContain('Nothing was sent');
    expect(exchange.requests).toHaveLength(0);
    expect(exchange.account(account.apiKey).positions).toHaveLength(2);
  });

  it('a repeated guard limit is refused too, and a repeated flag means what it says once', async () => {
    const guard = await run(['guard', 'arm', 'main', '--daily-loss', '100', '--daily-loss', '1000', '--yes']);
    expect(guard.code).toBe(2);
    expect(guard.stderr).toContain('--daily-loss was given 2 times ("100", "1000")');

    const account = exchange.addAccount(book);
    const flags = await run(['close', '--from-env', '--product-type', 'USDT-FUTURES', '--symbol', 'BTCUSDT', '--yes', '--yes', '--no-costs'], { credentials: account });
    expect(flags.code).toBe(0);
    expect(exchange.account(account.apiKey).positions.map((position) => position.symbol)).toEqual(['ETHUSDT']);
  });
});

describe('stdout that cannot take the result never changes the exit code the outcome earned', () => {
  it('a flat close to /dev/full (ENOSPC) exits 0, with a note and no stack trace on stderr', async () => {
    const account = exchange.addAccount(book);
    const full = openSync('/dev/full', 'w');
    try {
      const result = await run(['close', '--from-env', '--product-type', 'USDT-FUTURES', '--yes'], { credentials: account, stdout: full });
      expect(result.stderr).not.toMatch(STACK_LINE);
      expect(result.stderr).toContain('the result could not be written to stdout (ENOSPC); the exit code (0)');
      expect(result.code).toBe(0);
      expect(exchange.account(account.apiKey).positions).toEqual([]);
    } finally {
      closeSync(full);
    }
  });

  it('a refused key with --json to /dev/full exits 3, as it does with a working stdout', async () => {
    const account = exchange.addAccount(book);
    const full = openSync('/dev/full', 'w');
    try {
      const result = await run(['close', '--from-env', '--product-type', 'USDT-FUTURES', '--yes', '--json'], { credentials: { ...account, passphrase: 'wrong-pass' }, stdout: full });
      expect(result.stderr).not.toMatch(STACK_LINE);
      expect(result.code).toBe(3);
    } finally {
      closeSync(full);
    }
  });

  it('a flat close to a closed pipe (EPIPE) exits 0 with no stack trace; a partial one exits 1', async () => {
    const account = exchange.addAccount(book);
    const flat = await run(['close', '--from-env', '--product-type', 'USDT-FUTURES', '--symbol', 'BTCUSDT', '--yes', '--no-costs'], { credentials: account, stdout: 'closed-pipe' });
    expect(flat.stderr).not.toMatch(STACK_LINE);
    expect(flat.stderr).toContain('(EPIPE); the exit code (0)');
    expect(flat.code).toBe(0);

    exchange.faults.add({ kind: 'failure-list', errorCode: '40888', errorMsg: 'max size', symbol: 'ETHUSDT', times: Infinity });
    const partial = await run(['close', '--from-env', '--product-type', 'USDT-FUTURES', '--yes', '--no-costs'], { credentials: account, stdout: 'closed-pipe' });
    expect(partial.stderr).not.toMatch(STACK_LINE);
    expect(partial.code).toBe(1);
  });
});

describe('--json prints one JSON object on stdout, errors too', () => {
  it.each([
    ['an unknown option', ['close', '--json', '--product-type', 'USDT-FUTURES', '--bogus'], /--bogus/],
    ['a repeated option', ['close', '--json', '--product-type', 'USDT-FUTURES', '--symbol', 'A', '--symbol', 'B'], /--symbol was given 2 times/],
    ['an option without its value', ['positions', '--json', '--product-type'], /product-type/],
    ['no command', ['--json'], /Say a command/],
    ['an unknown command', ['flatten', '--json'], /Unknown command "flatten"/],
  ])('%s: exit 2 and {"error": …} on stdout', async (_what, args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    const { error } = oneJsonObject(result.stdout);
    expect(error).toMatchObject({ kind: 'bad-input' });
    expect(error!.message).toMatch(message);
    expect(error!.hint).not.toBe('');
    expect(exchange.requests).toHaveLength(0);
  });
});

describe('positions on a rate-limited exchange', () => {
  it('waits as the exchange asks and reads again, within a few reads', async () => {
    const account = exchange.addAccount(book);
    exchange.faults.add({ kind: 'rate-limit', path: POSITIONS_PATH, times: 2 });
    const result = await run(['positions', '--from-env', '--product-type', 'USDT-FUTURES'], { credentials: account });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('BTCUSDT long 0.5');
    expect(result.stderr).toMatch(/too many requests.*Reading again in 1\.0 s \(read 1 of 3\)/);
    expect(exchange.requests.filter((request) => request.path === POSITIONS_PATH)).toHaveLength(3);
  });

  it('gives up after three reads and says so, never that it goes on retrying', async () => {
    const account = exchange.addAccount(book);
    exchange.faults.add({ kind: 'rate-limit', path: POSITIONS_PATH, times: Infinity });
    const result = await run(['positions', '--from-env', '--product-type', 'USDT-FUTURES', '--json'], { credentials: account });
    expect(result.code).not.toBe(0);
    const { error } = oneJsonObject(result.stdout);
    expect(error).toMatchObject({ kind: 'rate-limit' });
    expect(error!.hint).toMatch(/^Read 3 times in \d+\.\d s and refused each time\. Wait a few seconds and run it again/);
    expect(error!.hint).not.toMatch(/retries on its own/);
    expect(exchange.requests.filter((request) => request.path === POSITIONS_PATH)).toHaveLength(3);
  });
});

describe('a practice account file that cannot be read', () => {
  it('is a local file problem: which file, what to do, exit 2 (nothing sent), never "network problem"', async () => {
    const file = join(dataDir, 'practice', 'account.json');
    mkdirSync(join(dataDir, 'practice'), { recursive: true });
    writeFileSync(file, 'not json');
    const positions = await run(['positions', '--product-type', 'USDT-FUTURES', '--json']);
    expect(positions.code).toBe(2);
    const { error } = oneJsonObject(positions.stdout);
    expect(error).toMatchObject({ kind: 'local-file' });
    expect(error!.message).toContain(`The practice account file ${file} cannot be read`);
    expect(error!.message).toContain('a file on this computer, not with the network');
    expect(error!.hint).toContain('bitget-panic practice reset');

    const close = await run(['close', '--practice', '--product-type', 'USDT-FUTURES', '--yes']);
    expect(close.code).toBe(2);
    expect(close.stderr).toContain(`${file} cannot be read`);

    const status = await run(['practice', 'status']);
    expect(status.code).toBe(2);
    expect(status.stderr).not.toContain('Something unexpected');

    expect((await run(['practice', 'reset'])).code).toBe(0);
    expect((await run(['practice', 'status'])).code).toBe(0);
  });
});

describe.skipIf(!inKeyring)('profile names that read the same as another are refused (real gnome-keyring)', () => {
  it('`profiles add` of "NAME\\n", a Cyrillic look-alike or another case never touches NAME\'s key', async () => {
    // The CLI uses the app's keychain service: this run's own names, removed at the end.
    const name = `main${process.pid}`;
    const keychain = createKeychain();
    const secrets = (key: string) => `${key}\nsecret-${key}\npass-${key}\n`;
    try {
      expect((await run(['profiles', 'add', name], { stdin: secrets('bg_key_first_0001') })).code).toBe(0);
      const lookalikes = [`${name}\n`, `m\u0430in${process.pid}`, `\uff4d\uff41\uff49\uff4e${process.pid}`, name.toUpperCase()];
      for (const lookalike of lookalikes) {
        const result = await run(['profiles', 'add', lookalike, '--json'], { stdin: secrets('bg_key_other_0002') });
        expect(result.code, JSON.stringify(lookalike)).toBe(2);
        const { error } = oneJsonObject(result.stdout);
        expect(error!.kind).toBe('bad-input');
        if (lookalike.endsWith('\n')) expect(error!.message).toContain('control or invisible character');
        else expect(error!.message).toContain(`the existing profile "${name}"`);
      }
      expect((await keychain.get(name))?.apiKey).toBe('bg_key_first_0001');
      const listed = JSON.parse((await run(['profiles', 'list', '--json'])).stdout) as { name: string; practice?: boolean }[];
      expect(listed.filter((profile) => !profile.practice).map((profile) => profile.name)).toEqual([name]);
    } finally {
      await keychain.remove(name);
    }
  });
});
