// The CLI fails closed: the defects of the close path as a script or a terminal meets them, a child process
// (`node electron/cli.ts close --from-env ...`) through the fault proxy against the simulator. Exit codes and the
// simulator's state and request log are the truth; wording is asserted only where a phrase is promised.
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { describe, expect, it, type TestContext } from 'vitest';
import { runCli, tempDataDir, type CliOptions } from '../e2e/fault-proxy/drive.ts';
import { FOUR_BOOK, FOUR_OPEN, ONE_WAY_SOL, QUOTED_SECRETS, REFUSE_EVERY_CLOSE, auditText, bookLines } from '../e2e/fault-proxy/fixtures.ts';
import { CLOSE_PATHS, POSITIONS_PATHS, startFaultProxy, type FaultProxy, type ProxyRule } from '../e2e/fault-proxy/index.ts';
import { leaksIn, signaturesSent } from '../e2e/fault-proxy/oracle.ts';
import { startExchange, type AccountSpec, type Credentials, type Exchange } from './simulator/index.ts';

interface Rig {
  exchange: Exchange;
  proxy: FaultProxy;
  account: Credentials;
  dataDir: string;
  /** `close --from-env --yes ...args` through the proxy. */
  close(args: readonly string[], options?: Partial<CliOptions>): ReturnType<typeof runCli>;
  book(): string[];
  /** Requests that reached the simulator on a close or cancel endpoint. */
  writes(): Exchange['requests'];
  audit(): string;
}

async function rig(context: TestContext, spec: AccountSpec): Promise<Rig> {
  const exchange = await startExchange();
  const proxy = await startFaultProxy({ upstream: exchange.url });
  const account = exchange.addAccount(spec);
  const dataDir = tempDataDir('panic-cli-proof-');
  context.onTestFinished(async () => {
    await proxy.close();
    await exchange.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const view = exchange.account(account.apiKey);
  return {
    exchange,
    proxy,
    account,
    dataDir,
    close: (args, options) => runCli(['close', '--from-env', '--yes', ...args], { baseUrl: proxy.url, credentials: account, dataDir, ...options }),
    book: () => bookLines(view.positions),
    writes: () => view.requests.filter((request) => request.method === 'POST' && (request.path.includes('close') || request.path.includes('cancel'))),
    audit: () => auditText(dataDir),
  };
}

describe.concurrent('a. one-way mode, positions read answering 502: the other side is never closed', () => {
  it.for([
    ['plain', 1],
    ['plain', Infinity],
    ['--json', 1],
  ] as const)('%s output (502 times: %s): exit not 0, "Nothing was sent", no close request, the long still open', async ([format, times], context) => {
    const { proxy, close, book, writes } = await rig(context, ONE_WAY_SOL);
    proxy.add({ mode: 'status-on-reads', path: POSITIONS_PATHS, times });
    const run = await close(['--product-type', 'USDT-FUTURES', '--symbol', 'SOLUSDT', '--side', 'short', ...(format === '--json' ? ['--json'] : [])]);
    expect(writes()).toHaveLength(0);
    expect(book()).toEqual(['USDT-FUTURES:BTCUSDT:short:1', 'USDT-FUTURES:SOLUSDT:long:10']);
    expect(run.code).not.toBe(0);
    expect(`${run.stdout}${run.stderr}`).toContain('Nothing was sent');
  });
});

describe.concurrent('b. malformed positions answers while every close is refused: never NOTHING TO CLOSE', () => {
  it.for([
    ['data: null', { mode: 'positions-data-null' }],
    ['total "abc"', { mode: 'positions-bad-size', total: 'abc' }],
    ['total ""', { mode: 'positions-bad-size', total: '' }],
  ] as [string, ProxyRule][])('%s: --json shows failed/unknown with the refused items, exit not 0', async ([, rule], context) => {
    const { exchange, proxy, close, book } = await rig(context, FOUR_OPEN);
    exchange.faults.add(REFUSE_EVERY_CLOSE);
    proxy.add(rule);
    const run = await close(['--product-type', 'USDT-FUTURES', '--json']);
    expect(book()).toEqual(FOUR_BOOK);
    expect(run.code).not.toBe(0);
    const outcome = JSON.parse(run.stdout) as { status: string; failed: { symbol?: string; code: string }[] };
    expect(['failed', 'unknown']).toContain(outcome.status);
    expect(new Set(outcome.failed.map((item) => item.symbol))).toEqual(new Set(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']));
  });

  it('data: null, plain output: neither FLAT nor NOTHING TO CLOSE, exit not 0', async (context) => {
    const { exchange, proxy, close } = await rig(context, FOUR_OPEN);
    exchange.faults.add(REFUSE_EVERY_CLOSE);
    proxy.add({ mode: 'positions-data-null' });
    const run = await close(['--product-type', 'USDT-FUTURES']);
    expect(run.code).not.toBe(0);
    expect(run.stdout).not.toMatch(/^(FLAT|NOTHING TO CLOSE)/);
  });
});

describe.concurrent('c. empty or unknown values: exit 2, nothing sent, nothing closed or cancelled', () => {
  it.for([
    ['--symbol ""', ['--product-type', 'USDT-FUTURES', '--symbol', '']],
    ['--side ""', ['--product-type', 'USDT-FUTURES', '--symbol', 'BTCUSDT', '--side', '']],
    ['--symbol "  "', ['--product-type', 'USDT-FUTURES', '--symbol', '  ']],
    ['--product-type ""', ['--product-type', '', '--symbol', 'BTCUSDT']],
    ['--side LONGG', ['--product-type', 'USDT-FUTURES', '--symbol', 'BTCUSDT', '--side', 'LONGG']],
  ] as const)('%s', async ([, args], context) => {
    const { close, book, writes, exchange, account } = await rig(context, FOUR_OPEN);
    const run = await close([...args, '--cancel-orders']);
    expect(run.code).toBe(2);
    expect(writes()).toHaveLength(0);
    expect(book()).toEqual(FOUR_BOOK);
    expect(exchange.account(account.apiKey).openOrders).toHaveLength(1);
    expect(exchange.account(account.apiKey).planOrders).toHaveLength(1);
  });

  it.for([
    ['--product-type usdt-futures', ['--product-type', 'usdt-futures', '--symbol', 'BTCUSDT', '--side', 'long']],
    ['--symbol btcusdt', ['--product-type', 'USDT-FUTURES', '--symbol', 'btcusdt', '--side', 'long']],
    ['--side LONG', ['--product-type', 'USDT-FUTURES', '--symbol', 'BTCUSDT', '--side', 'LONG']],
  ] as const)('unambiguous normalisation stays allowed: %s closes BTCUSDT long only, exit 0', async ([, args], context) => {
    const { close, book, writes } = await rig(context, FOUR_OPEN);
    const run = await close(args, { requestTimeoutMs: 1_000, deadlineMs: 4_000 });
    expect(run.code).toBe(0);
    expect(book()).toEqual(FOUR_BOOK.filter((line) => line !== 'USDT-FUTURES:BTCUSDT:long:0.5'));
    expect(writes().map((request) => JSON.parse(request.body))).toEqual([{ symbol: 'BTCUSDT', productType: 'USDT-FUTURES', holdSide: 'long' }]);
  });
});

describe.concurrent('d. secrets never reach the terminal or the history, whatever a proxy echoes', () => {
  const cases: [string, ProxyRule, boolean][] = [];
  for (const [where, path] of [['the close', CLOSE_PATHS], ['the positions read', POSITIONS_PATHS]] as const) {
    for (const format of ['html', 'json'] as const) {
      for (const json of [false, true]) {
        const firstHeader = json ? 'ACCESS-SIGN' : format === 'html' ? 'ACCESS-PASSPHRASE' : 'ACCESS-KEY';
        cases.push([`${format} echo on ${where}, ${json ? '--json' : 'plain'} output`, { mode: 'echo-headers', format, path, firstHeader }, json]);
      }
    }
  }
  it.for(cases)('%s: no key, secret, passphrase or signature on stdout, stderr or in audit.jsonl', async ([, rule, json], context) => {
    const { exchange, proxy, account, close, audit } = await rig(context, { ...FOUR_OPEN, ...QUOTED_SECRETS });
    proxy.add(rule);
    const run = await close(['--product-type', 'USDT-FUTURES', '--symbol', 'BTCUSDT', ...(json ? ['--json'] : [])]);
    const secrets = {
      'API key': account.apiKey,
      'secret key': account.secretKey,
      passphrase: account.passphrase,
      'ACCESS-SIGN': signaturesSent(proxy.log, exchange.requests),
    };
    expect(proxy.log.some((entry) => entry.mode === 'echo-headers')).toBe(true);
    expect(leaksIn(run.stdout, secrets), 'stdout').toEqual([]);
    expect(leaksIn(run.stderr, secrets), 'stderr').toEqual([]);
    expect(leaksIn(audit(), secrets), 'audit.jsonl').toEqual([]);
  });
});

describe.concurrent('e. a connection reset mid-answer', () => {
  it('once on the close that went through: FLAT after a read showed it, exit 0', async (context) => {
    const { proxy, close, book } = await rig(context, FOUR_OPEN);
    proxy.add({ mode: 'reset', path: CLOSE_PATHS, times: 1 });
    const run = await close(['--product-type', 'USDT-FUTURES', '--symbol', 'BTCUSDT', '--json']);
    expect(book()).toEqual(['USDT-FUTURES:ETHUSDT:long:3', 'USDT-FUTURES:SOLUSDT:short:40']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).status).toBe('flat');
  });

  it('on every close while the exchange refuses it and reads answer data: null: never FLAT or NOTHING TO CLOSE', async (context) => {
    const { exchange, proxy, close, book } = await rig(context, FOUR_OPEN);
    exchange.faults.add(REFUSE_EVERY_CLOSE);
    proxy.add({ mode: 'reset', path: CLOSE_PATHS });
    proxy.add({ mode: 'positions-data-null' });
    const run = await close(['--product-type', 'USDT-FUTURES', '--symbol', 'BTCUSDT', '--json']);
    expect(book()).toEqual(FOUR_BOOK);
    expect(run.code).not.toBe(0);
    expect(['failed', 'partial', 'unknown']).toContain(JSON.parse(run.stdout).status);
  });
});

/** A plain-http listener on this machine's first non-loopback address: it must never see a connection. */
async function nonLoopbackListener(context: TestContext): Promise<{ url: string; connections: () => number } | undefined> {
  const address = Object.values(networkInterfaces())
    .flat()
    .find((candidate) => candidate && candidate.family === 'IPv4' && !candidate.internal)?.address;
  if (!address) return undefined;
  let connections = 0;
  const server: Server = createServer((_request, response) => response.end('{}'));
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  context.onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://${address}:${(server.address() as AddressInfo).port}`, connections: () => connections };
}

describe.concurrent('f. where keys go', () => {
  it.for([
    ['BITGET_PANIC_BASE_URL=http://example.com', { env: { BITGET_PANIC_BASE_URL: 'http://example.com' } }],
    ['--base-url http://example.com', { args: ['--base-url', 'http://example.com'] }],
    ['BITGET_PANIC_BASE_URL="not a url"', { env: { BITGET_PANIC_BASE_URL: 'not a url' } }],
    ['--base-url ftp://x', { args: ['--base-url', 'ftp://x'] }],
    ['BITGET_PANIC_DEADLINE_MS=abc', { env: { BITGET_PANIC_DEADLINE_MS: 'abc' } }],
  ] as [string, { env?: Record<string, string>; args?: string[] }][])('%s: exit 2', async ([, { env, args }], context) => {
    const { close, exchange } = await rig(context, FOUR_OPEN);
    const run = await close(['--product-type', 'USDT-FUTURES', ...(args ?? [])], { env: env ?? {} });
    expect(run.code).toBe(2);
    expect(exchange.requests).toHaveLength(0);
  });

  it('BITGET_PANIC_CA_FILE=/nonexistent: exit 2, the message names the variable', async (context) => {
    const { close, exchange } = await rig(context, FOUR_OPEN);
    const run = await close(['--product-type', 'USDT-FUTURES'], { env: { BITGET_PANIC_CA_FILE: '/nonexistent/ca.pem' } });
    expect(run.code).toBe(2);
    expect(`${run.stdout}${run.stderr}`).toContain('BITGET_PANIC_CA_FILE');
    expect(exchange.requests).toHaveLength(0);
  });

  it('plain http to this machine\'s own non-loopback address: exit 2, no connection made', async (context) => {
    const listener = await nonLoopbackListener(context);
    if (!listener) return context.skip('this machine has no non-loopback IPv4 address');
    const { close } = await rig(context, FOUR_OPEN);
    for (const options of [{ baseUrl: listener.url }, { args: ['--base-url', listener.url] }]) {
      const run = await close(['--product-type', 'USDT-FUTURES', ...(options.args ?? [])], options.baseUrl ? { baseUrl: options.baseUrl } : {});
      expect(run.code).toBe(2);
    }
    expect(listener.connections()).toBe(0);
  });

  it('plain http on loopback (the simulator) stays allowed, and the first line of stderr names the endpoint', async (context) => {
    const { close, exchange, book } = await rig(context, FOUR_OPEN);
    const run = await close(['--product-type', 'USDT-FUTURES', '--symbol', 'ETHUSDT'], { baseUrl: exchange.url, requestTimeoutMs: 1_000, deadlineMs: 4_000 });
    expect(run.code).toBe(0);
    expect(book()).not.toContain('USDT-FUTURES:ETHUSDT:long:3');
    expect(run.stderr.split('\n')[0]).toContain(exchange.url);
  });
});
