// The CLI's practice mode as a person runs it: child processes, no key, and a "real endpoint" that counts every TCP
// connection made to it, to prove practice never touches the network.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const CLI = new URL('./cli.ts', import.meta.url).pathname;
let dataDir: string;
let endpoint: Server;
let connections = 0;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'panic-cli-practice-'));
  connections = 0;
  endpoint = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
});
afterEach(async () => {
  await new Promise((resolve) => endpoint.close(resolve));
  rmSync(dataDir, { recursive: true, force: true });
});

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const port = (endpoint.address() as { port: number }).port;
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', BITGET_PANIC_DATA_DIR: dataDir, BITGET_PANIC_BASE_URL: `http://127.0.0.1:${port}` };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.end('');
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('bitget-panic in practice mode', () => {
  it('lists, rehearses a busy exchange with progress on stderr and a clean --json stdout, and resets, without a key or the network', async () => {
    const positions = await run(['positions', '--product-type', 'USDT-FUTURES']);
    expect(positions.code).toBe(0);
    expect(positions.stdout).toMatch(/^PRACTICE "Practice" · USDT-FUTURES/);
    expect(positions.stdout).toContain('BTCUSDT long 0.05');

    const scenario = await run(['practice', 'scenario', 'exchange-busy']);
    expect(scenario.code).toBe(0);
    expect(scenario.stdout).toContain('PRACTICE scenario set: Exchange busy');

    const close = await run(['close', '--practice', '--product-type', 'USDT-FUTURES', '--yes', '--json']);
    expect(close.code).toBe(0);
    const lines = close.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ status: 'flat', profile: { name: 'Practice', practice: true }, closeAttempts: 3 });
    expect(close.stderr).toMatch(/… \d+\.\d s, attempt \d: waiting for /);

    const text = await run(['close', '--product-type', 'COIN-FUTURES', '--yes']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('account: PRACTICE "Practice"');

    const status = await run(['practice', 'status', '--json']);
    expect(JSON.parse(status.stdout)).toEqual({ scenario: 'exchange-busy', openPositions: 2, accountKind: 'classic' });
    const reset = await run(['practice', 'reset']);
    expect(reset.code).toBe(0);
    expect(reset.stdout).toContain('PRACTICE "Practice": 8 open position(s)');

    const unknown = await run(['practice', 'scenario', 'meteor']);
    expect(unknown.code).toBe(2);
    expect(connections).toBe(0);
  });

  it('prints what the close cost after the outcome (practice gets costs too), and --no-costs skips it', async () => {
    const close = await run(['close', '--practice', '--product-type', 'USDT-FUTURES', '--yes']);
    expect(close.code).toBe(0);
    const [outcome, costs] = close.stdout.split('  what it cost');
    expect(outcome).toMatch(/^FLAT/);
    expect(costs).toContain('PRACTICE "Practice", from the exchange\'s order details');
    for (const line of ['BTCUSDT LONG: closed 0.05 @ ', 'BTCUSDT SHORT: closed 0.02 @ ', 'ETHUSDT LONG: closed 1.2 @ ', 'SOLUSDT SHORT: closed 10 @ ']) expect(costs).toContain(line);
    expect(costs).toMatch(/realized PnL -?\d+(\.\d+)? USDT, fee -\d+(\.\d+)? USDT/);
    const history = readFileSync(join(dataDir, 'audit.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { type: string; practice?: boolean; costs?: { orders: unknown[]; complete: boolean } });
    expect(history.filter((entry) => entry.type === 'costs')).toMatchObject([{ practice: true, costs: { complete: true } }]);
    expect(history.find((entry) => entry.type === 'costs')!.costs!.orders).toHaveLength(4);

    const quick = await run(['close', '--practice', '--product-type', 'COIN-FUTURES', '--yes', '--no-costs']);
    expect(quick.code).toBe(0);
    expect(quick.stdout).toMatch(/^FLAT/);
    expect(quick.stdout).not.toContain('what it cost');
    expect(connections).toBe(0);
  });
});
