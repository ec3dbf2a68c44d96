// The close path fails closed: one test per defect found by a hostile user and by the exchange's real answers,
// driven through the core (as the window, tray and hotkeys use it), through the fault proxy, against the simulator.
// Truth comes from the simulator's state and request log and from the proxy's log, never from what the core says.
import { rmSync } from 'node:fs';
import { describe, expect, it, type TestContext } from 'vitest';
import { coreThrough, tempDataDir } from '../../e2e/fault-proxy/drive.ts';
import { FOUR_BOOK, FOUR_OPEN, ONE_WAY_SOL, QUOTED_SECRETS, REFUSE_EVERY_CLOSE, auditText, bookLines } from '../../e2e/fault-proxy/fixtures.ts';
import { CLOSE_PATHS, POSITIONS_PATHS, startFaultProxy, type FaultProxy, type ProxyRule } from '../../e2e/fault-proxy/index.ts';
import { leaksIn, signaturesSent, unearnedStatus, type Target } from '../../e2e/fault-proxy/oracle.ts';
import { startExchange, type AccountSpec, type Credentials, type Exchange, type ExchangeOptions, type Position } from '../simulator/index.ts';
import type { CloseOutcome } from '../../shared/bitget.ts';
import type { Core } from './compose.ts';
import type { PanicTiming } from './panic.ts';

interface Rig {
  exchange: Exchange;
  proxy: FaultProxy;
  account: Credentials;
  core: Core;
  dataDir: string;
  close(request: Record<string, unknown>): ReturnType<Core['handlers']['close']>;
  /** "PRODUCT:SYMBOL:side:size" of every open position, sorted. */
  book(): string[];
  closeRequests(): Exchange['requests'];
}

async function rig(context: TestContext, spec: AccountSpec, options: { exchange?: ExchangeOptions; timing?: Partial<PanicTiming> } = {}): Promise<Rig> {
  const exchange = await startExchange(options.exchange);
  const proxy = await startFaultProxy({ upstream: exchange.url });
  const account = exchange.addAccount(spec);
  const dataDir = tempDataDir();
  const core = await coreThrough(proxy.url, account, { dataDir, ...(options.timing ? { timing: options.timing } : {}) });
  context.onTestFinished(async () => {
    await core.dispose();
    await proxy.close();
    await exchange.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const view = exchange.account(account.apiKey);
  return {
    exchange,
    proxy,
    account,
    core,
    dataDir,
    close: (request) => core.handlers.close({ profile: 'test', productType: 'USDT-FUTURES', trigger: 'window', ...request }),
    book: () => bookLines(view.positions),
    closeRequests: () => view.requests.filter((request) => (CLOSE_PATHS as readonly string[]).includes(request.path)),
  };
}

function outcomeOf(result: Awaited<ReturnType<Rig['close']>>): CloseOutcome {
  if (!result.ok) throw new Error(`expected an outcome, got a refusal: ${result.error.message}`);
  return result.value;
}

describe.concurrent('a. one-way mode: a close for the other side is never sent when the mode cannot be read', () => {
  it.for([
    ['classic', 1],
    ['classic', Infinity],
    ['unified', 1],
    ['unified', Infinity],
  ] as const)('%s account, positions read answering 502 (times: %s): nothing sent, the long stays open, "Nothing was sent"', async ([kind, times], context) => {
    const { proxy, close, book, closeRequests } = await rig(context, { ...ONE_WAY_SOL, kind });
    proxy.add({ mode: 'status-on-reads', path: POSITIONS_PATHS, times });
    const result = await close({ symbol: 'SOLUSDT', holdSide: 'short' });
    expect(closeRequests()).toHaveLength(0);
    expect(book()).toEqual(['USDT-FUTURES:BTCUSDT:short:1', 'USDT-FUTURES:SOLUSDT:long:10']);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.hint).toContain('Nothing was sent');
  });
});

describe.concurrent('b. a malformed positions answer is a failed read, never "nothing open"', () => {
  const malformed: [string, 'classic' | 'unified', ProxyRule][] = [
    ['V2 data: null', 'classic', { mode: 'positions-data-null' }],
    ['V2 total "abc"', 'classic', { mode: 'positions-bad-size', total: 'abc' }],
    ['V2 total ""', 'classic', { mode: 'positions-bad-size', total: '' }],
    ['V3 data: null', 'unified', { mode: 'positions-data-null', nullAt: 'data' }],
    ['V3 data: {} (no list; {list: null} is the live "flat")', 'unified', { mode: 'positions-data-null', nullAt: 'list' }],
    ['V3 total "abc"', 'unified', { mode: 'positions-bad-size', total: 'abc' }],
  ];
  it.for(malformed)('%s while every close is refused: failed or unknown, the refused items reported', async ([, kind, rule], context) => {
    const { exchange, proxy, close, book } = await rig(context, { ...FOUR_OPEN, kind });
    exchange.faults.add(REFUSE_EVERY_CLOSE);
    proxy.add(rule);
    const outcome = outcomeOf(await close({}));
    expect(book()).toEqual(FOUR_BOOK);
    expect(['failed', 'unknown']).toContain(outcome.status);
    expect(outcome.failed.length).toBeGreaterThanOrEqual(1);
    expect(outcome.failed.every((item) => item.code === '40888')).toBe(true);
    if (kind === 'classic') expect(new Set(outcome.failed.map((item) => item.symbol))).toEqual(new Set(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']));
  });

  it('a refused close item stays in the outcome when a later close and a well-formed read show the target flat', async (context) => {
    const { exchange, close, book } = await rig(context, {
      positions: [
        { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' },
        { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'long', size: '3' },
      ],
    }, { timing: { deadlineMs: 4_000 } });
    exchange.faults.add({ kind: 'failure-list', errorCode: '40888', errorMsg: 'exceeds max flash close size', symbol: 'ETHUSDT', times: 1 });
    const outcome = outcomeOf(await close({}));
    expect(book()).toEqual([]);
    expect(outcome.status).toBe('flat');
    expect(outcome.failed).toEqual([expect.objectContaining({ symbol: 'ETHUSDT', code: '40888' })]);
  });

  it('a refused close item stays in the outcome when the positions vanish elsewhere (closed on the website)', async (context) => {
    let vanish = (): void => undefined;
    const { exchange, account, close, book } = await rig(context, FOUR_OPEN, {
      exchange: { onRequest: (event) => (CLOSE_PATHS as readonly string[]).includes(event.path) && event.status === 200 && vanish() },
    });
    // The simulator has no call for a close made on the website: empty the account's live position list.
    vanish = () => void (exchange.account(account.apiKey).positions as Position[]).splice(0);
    exchange.faults.add(REFUSE_EVERY_CLOSE);
    const outcome = outcomeOf(await close({}));
    expect(book()).toEqual([]);
    expect(outcome.status).not.toBe('nothing-to-close');
    expect(outcome.failed.length).toBeGreaterThanOrEqual(1);
    expect(outcome.failed.every((item) => item.code === '40888')).toBe(true);
  });
});

describe.concurrent('c. an empty or unknown value is refused, never widened', () => {
  it.for([
    ['symbol ""', { symbol: '' }],
    ['holdSide ""', { holdSide: '' }],
    ['symbol "   "', { symbol: '   ' }],
    ['productType ""', { productType: '' }],
    ['holdSide "LONGG"', { holdSide: 'LONGG' }],
  ] as const)('%s: bad-input, nothing sent, every position still open', async ([, request], context) => {
    const { exchange, account, close, book } = await rig(context, FOUR_OPEN);
    const result = await close({ symbol: 'BTCUSDT', holdSide: 'long', ...request });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.kind).toBe('bad-input');
    expect(exchange.account(account.apiKey).requests).toHaveLength(0);
    expect(book()).toEqual(FOUR_BOOK);
  });

  it.for([
    ['productType "usdt-futures"', { productType: 'usdt-futures' }],
    ['symbol "btcusdt"', { symbol: 'btcusdt' }],
    ['holdSide "LONG"', { holdSide: 'LONG' }],
  ] as const)('unambiguous normalisation stays allowed: %s closes BTCUSDT long and nothing else', async ([, request], context) => {
    const { close, book, closeRequests } = await rig(context, FOUR_OPEN);
    const outcome = outcomeOf(await close({ symbol: 'BTCUSDT', holdSide: 'long', ...request }));
    expect(outcome.status).toBe('flat');
    expect(book()).toEqual(FOUR_BOOK.filter((line) => line !== 'USDT-FUTURES:BTCUSDT:long:0.5'));
    expect(closeRequests().map((request) => JSON.parse(request.body))).toEqual([{ symbol: 'BTCUSDT', productType: 'USDT-FUTURES', holdSide: 'long' }]);
  });
});

describe.concurrent('d. secrets never reach the screen or the history, whatever a proxy echoes', () => {
  const cases: [string, ProxyRule][] = [];
  for (const path of [CLOSE_PATHS, POSITIONS_PATHS]) {
    for (const format of ['html', 'json'] as const) {
      for (const firstHeader of ['ACCESS-PASSPHRASE', 'ACCESS-SIGN', 'ACCESS-KEY']) {
        cases.push([`${format} echo on ${path === CLOSE_PATHS ? 'the close' : 'the positions read'}, ${firstHeader} first`, { mode: 'echo-headers', format, firstHeader, path }]);
      }
    }
  }
  it.for(cases)('%s: no key, secret, passphrase or signature in the result or audit.jsonl', async ([, rule], context) => {
    const { exchange, proxy, account, close, dataDir } = await rig(context, { ...FOUR_OPEN, ...QUOTED_SECRETS });
    proxy.add(rule);
    const result = await close({ symbol: 'BTCUSDT' });
    const history = auditText(dataDir);
    const secrets = {
      'API key': account.apiKey,
      'secret key': account.secretKey,
      passphrase: account.passphrase,
      'ACCESS-SIGN': signaturesSent(proxy.log, exchange.requests),
    };
    expect(proxy.log.some((entry) => entry.mode === 'echo-headers')).toBe(true);
    expect(leaksIn(JSON.stringify(result), secrets)).toEqual([]);
    expect(leaksIn(history, secrets)).toEqual([]);
  });
});

describe.concurrent('e. a connection reset mid-answer or an answer past the timeout: flat only when a read showed it', () => {
  const target: Target = { productType: 'USDT-FUTURES', symbol: 'BTCUSDT' };

  /** The status is "flat" (or "nothing-to-close") only with a well-formed read after the last close that showed it. */
  function expectEarned(outcome: CloseOutcome, proxy: FaultProxy): void {
    expect(unearnedStatus(proxy.log, target, outcome)).toBeUndefined();
  }

  it('reset on the close: the close went through, a read shows it, "flat"', async (context) => {
    const { proxy, close, book } = await rig(context, FOUR_OPEN);
    proxy.add({ mode: 'reset', path: CLOSE_PATHS, times: 1 });
    const outcome = outcomeOf(await close({ symbol: 'BTCUSDT' }));
    expect(book()).toEqual(['USDT-FUTURES:ETHUSDT:long:3', 'USDT-FUTURES:SOLUSDT:short:40']);
    expect(outcome.status).toBe('flat');
    expectEarned(outcome, proxy);
  });

  it('answer delayed past the request timeout on the close: the close went through, a read shows it, "flat"', async (context) => {
    const { proxy, close, book } = await rig(context, FOUR_OPEN);
    proxy.add({ mode: 'delay', path: CLOSE_PATHS, beforeAnswerMs: 700, times: 1 });
    const outcome = outcomeOf(await close({ symbol: 'BTCUSDT' }));
    expect(book()).toEqual(['USDT-FUTURES:ETHUSDT:long:3', 'USDT-FUTURES:SOLUSDT:short:40']);
    expect(outcome.status).toBe('flat');
    expectEarned(outcome, proxy);
  });

  const neverFlat: [string, ProxyRule[]][] = [
    ['reset on every close', [{ mode: 'reset', path: CLOSE_PATHS }]],
    ['reset on every close, reads answering 502', [{ mode: 'reset', path: CLOSE_PATHS }, { mode: 'status-on-reads' }]],
    ['reset on every close, reads answering data: null', [{ mode: 'reset', path: CLOSE_PATHS }, { mode: 'positions-data-null' }]],
    ['reset on every close, reads answering total "abc"', [{ mode: 'reset', path: CLOSE_PATHS }, { mode: 'positions-bad-size' }]],
    ['reset on every read', [{ mode: 'reset', path: POSITIONS_PATHS }]],
    ['every close answered past the timeout', [{ mode: 'delay', path: CLOSE_PATHS, beforeAnswerMs: 700 }]],
    ['every read answered past the timeout', [{ mode: 'delay', path: POSITIONS_PATHS, beforeAnswerMs: 700 }]],
  ];
  it.for(neverFlat)('%s while the exchange refuses the close: never flat, never nothing-to-close', async ([, rules], context) => {
    const { exchange, proxy, close, book } = await rig(context, FOUR_OPEN);
    exchange.faults.add(REFUSE_EVERY_CLOSE);
    for (const rule of rules) proxy.add(rule);
    const outcome = outcomeOf(await close({ symbol: 'BTCUSDT' }));
    expect(book()).toEqual(FOUR_BOOK);
    expect(['failed', 'partial', 'unknown']).toContain(outcome.status);
    expectEarned(outcome, proxy);
  });

  it('reset on every read after a close that went through: "unknown", never "nothing-to-close"', async (context) => {
    const { proxy, close } = await rig(context, FOUR_OPEN);
    proxy.add({ mode: 'reset', path: POSITIONS_PATHS });
    const outcome = outcomeOf(await close({ symbol: 'BTCUSDT' }));
    expect(outcome.status).toBe('unknown');
  });
});
