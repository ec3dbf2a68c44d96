// `bitget-panic profiles test`: OK only for a key that can close; a read-only key is "can read, cannot close" (exit 3);
// an unlearnable permission is a warning (exit 1). A child process against the simulator, credentials from the environment.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startExchange, type AccountSpec, type Exchange } from './simulator/index.ts';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
let exchange: Exchange;
let dataDir: string;

beforeEach(async () => {
  exchange = await startExchange();
  dataDir = mkdtempSync(join(tmpdir(), 'panic-cli-test-'));
});
afterEach(async () => {
  await exchange.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function testProfile(spec: AccountSpec, extraArgs: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string; uid: string }> {
  const account = exchange.addAccount(spec);
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/root',
    BITGET_PANIC_DATA_DIR: dataDir,
    BITGET_PANIC_BASE_URL: exchange.url,
    BITGET_API_KEY: account.apiKey,
    BITGET_API_SECRET: account.secretKey,
    BITGET_API_PASSPHRASE: account.passphrase,
  };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'profiles', 'test', 'env', '--from-env', ...extraArgs], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr, uid: exchange.account(account.apiKey).uid }));
  });
}

describe('bitget-panic profiles test', () => {
  it('a trading key: OK, with the UID and the endpoint, exit 0', async () => {
    const result = await testProfile({});
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^OK: LIVE profile "env" works \(classic account/);
    expect(result.stdout).toContain('this key can close positions');
    expect(result.stdout).toContain(`UID ${result.uid}, endpoint ${exchange.url}`);
  });

  it('a read-only key: can read, cannot close, with the reason, exit 3', async () => {
    const result = await testProfile({ permissions: 'read-only' });
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/^CAN READ, CANNOT CLOSE: LIVE profile "env"/);
    expect(result.stdout).not.toMatch(/^OK/m);
    expect(result.stdout).toContain(`UID ${result.uid}`);
    expect(result.stdout).toContain('40014');
    expect(result.stdout).toContain('Futures → Trade');
  });

  it('a key whose authorities show futures holdings read only (coow, cpor): cannot close, the permission named, exit 3', async () => {
    const result = await testProfile({ authorities: ['coow', 'cpor'] });
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/^CAN READ, CANNOT CLOSE: LIVE profile "env"/);
    expect(result.stdout).toContain('futures holdings write: NO (read only (cpor): the key needs cpow)');
    expect(result.stdout).toContain('futures orders write: YES (read-write (coow))');
    expect(result.stdout).not.toMatch(/^OK/m);
  });

  it('a permission that cannot be learned: a warning, exit 1; --json carries the same verdict', async () => {
    exchange.faults.add({ kind: 'error-code', code: '40018', path: '/api/v2/mix/order/cancel-order', times: 2 });
    const text = await testProfile({});
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^WARNING: LIVE profile "env" can read .*whether this key can close could not be learned/);
    expect(text.stdout).toContain('IP address');
    const json = await testProfile({}, ['--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ canClose: 'unknown', canCloseReason: { kind: 'ip-whitelist', code: '40018' } });
  });
});
