// The CLI against the simulator answering the live way (its default shapes: ../shared/bitget-live): a flat unified
// account answers current-position with `list: null`, which once made every UTA close end UNKNOWN and `profiles test`
// fail before it tested anything. A child process, credentials from the environment.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startExchange, type AccountSpec, type Credentials, type Exchange } from './simulator/index.ts';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const V3_CLOSE = '/api/v3/trade/close-positions';
const V3_POSITIONS = '/api/v3/position/current-position';

let exchange: Exchange;
let dataDir: string;

beforeEach(async () => {
  exchange = await startExchange();
  dataDir = mkdtempSync(join(tmpdir(), 'panic-cli-live-'));
});
afterEach(async () => {
  await exchange.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function run(args: string[], credentials: Credentials): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/root',
    BITGET_PANIC_DATA_DIR: dataDir,
    BITGET_PANIC_BASE_URL: exchange.url,
    BITGET_PANIC_DEADLINE_MS: '4000',
    BITGET_PANIC_REQUEST_TIMEOUT_MS: '600',
    BITGET_API_KEY: credentials.apiKey,
    BITGET_API_SECRET: credentials.secretKey,
    BITGET_API_PASSPHRASE: credentials.passphrase,
  };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const unified = (positions: AccountSpec['positions'] = []): Credentials => exchange.addAccount({ kind: 'unified', positions });
const requestsTo = (keys: Credentials, path: string) => exchange.account(keys.apiKey).requests.filter((request) => request.path === path);

describe('the CLI on a unified account that answers the live way', () => {
  it('`positions` on a flat unified account (answered `list: null`) lists none and exits 0', async () => {
    expect(exchange.shapes).toBe('live');
    const keys = unified();
    const result = await run(['positions', '--from-env', '--product-type', 'USDT-FUTURES', '--json'], keys);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([]);
    expect(requestsTo(keys, V3_POSITIONS).length).toBeGreaterThan(0);
  });

  it('a UTA close is FLAT with exactly one close request', async () => {
    const keys = unified([{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' }]);
    const result = await run(['close', '--from-env', '--product-type', 'USDT-FUTURES', '--symbol', 'BTCUSDT', '--side', 'long', '--yes', '--json'], keys);
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
    const result = await run(['close', '--everything', '--from-env', '--yes'], keys);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^EVERYTHING: FLAT/);
    expect(result.stdout).toMatch(/already flat on LIVE "env": (COIN-FUTURES, USDC-FUTURES|USDC-FUTURES, COIN-FUTURES) \(read, nothing sent\)/);
    expect(result.stdout).not.toMatch(/UNKNOWN/);
    expect(requestsTo(keys, V3_CLOSE).map((request) => JSON.parse(request.body) as { category: string })).toEqual([expect.objectContaining({ category: 'USDT-FUTURES' })]);
    expect(exchange.account(keys.apiKey).positions).toEqual([]);
  });

  it('profiles test on a flat unified account says OK', async () => {
    const keys = unified();
    const result = await run(['profiles', 'test', 'env', '--from-env'], keys);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^OK: LIVE profile "env" works \(unified account/);
    expect(result.stdout).toContain('this key can close positions');
  });
});
