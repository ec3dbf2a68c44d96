// Generated close-path scenarios for the property tests: position books (classic and unified, hedge and one-way,
// three product types, the simulator's contracts), targets, simulator faults, proxy rules and concurrent triggers;
// how to run one on fresh parts; and concurrent property lanes that print how to replay a failure.
import { rmSync } from 'node:fs';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { Core } from '../../electron/core/compose.ts';
import { startExchange, type Exchange, type Fault, type PositionSpec } from '../../electron/simulator/index.ts';
import { coreThrough, tempDataDir } from './drive.ts';
import { startFaultProxy, type FaultProxy } from './index.ts';
import { violations, type BookPosition, type TriggerRecord } from './invariants.ts';
import type { Target } from './oracle.ts';
import { CLOSE_PATHS, POSITIONS_PATHS, type ProxyRule } from './types.ts';

/** The simulator's contracts (electron/simulator/contracts.ts), per live product type. */
export const CONTRACTS = {
  'USDT-FUTURES': ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT'],
  'COIN-FUTURES': ['BTCUSD', 'ETHUSD'],
  'USDC-FUTURES': ['BTCPERP', 'ETHPERP'],
} as const;
type LiveType = keyof typeof CONTRACTS;
const LIVE_TYPES = Object.keys(CONTRACTS) as LiveType[];
export const SLOTS = LIVE_TYPES.flatMap((productType) => CONTRACTS[productType].map((symbol) => ({ productType, symbol })));

type Side = 'long' | 'short';
type Where = 'any' | 'close' | 'positions';
export interface SimFault {
  where: Where;
  fault: Fault;
}
export interface ProxyFault {
  where: 'close' | 'positions';
  rule: ProxyRule;
}
export interface Book {
  kind: 'classic' | 'unified';
  posMode: 'hedge_mode' | 'one_way_mode';
  positions: PositionSpec[];
}
export interface Scenario extends Book {
  targets: Target[];
  /** Cores (or CLI processes) sharing one data folder, each talking through its own proxy. */
  cores: number;
  triggers: { core: number; target: number; atMs: number }[];
  simFaults: SimFault[];
  proxyFaults: ProxyFault[];
  deadlineMs: number;
  requestTimeoutMs: number;
}

const sideArb = fc.constantFrom<Side>('long', 'short');
const timesArb = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(1, 2) }, { weight: 1, arbitrary: fc.constant(Number.POSITIVE_INFINITY) });

function positionsArb(posMode: Book['posMode']): fc.Arbitrary<PositionSpec[]> {
  const one = fc.record({ slot: fc.constantFrom(...SLOTS), holdSide: sideArb, size: fc.constantFrom('1', '0.5', '25') });
  return fc.array(one, { maxLength: 6 }).map((drawn) => {
    const seen = new Set<string>();
    return drawn.flatMap(({ slot, holdSide, size }) => {
      const key = posMode === 'hedge_mode' ? `${slot.productType}:${slot.symbol}:${holdSide}` : `${slot.productType}:${slot.symbol}`;
      if (seen.has(key)) return [];
      seen.add(key);
      return [{ productType: slot.productType, symbol: slot.symbol, holdSide, size }];
    });
  });
}

export const bookArb: fc.Arbitrary<Book> = fc
  .record({ kind: fc.constantFrom('classic' as const, 'unified' as const), posMode: fc.constantFrom('hedge_mode' as const, 'one_way_mode' as const) })
  .chain(({ kind, posMode }) => positionsArb(posMode).map((positions) => ({ kind, posMode, positions })));

function clean(target: { productType: string; symbol?: string | undefined; holdSide?: Side | undefined }): Target {
  return { productType: target.productType, ...(target.symbol ? { symbol: target.symbol } : {}), ...(target.holdSide ? { holdSide: target.holdSide } : {}) };
}

/** Mostly near an open position (its product type, maybe its symbol, maybe a side), sometimes anywhere. */
export function targetArb(positions: readonly PositionSpec[]): fc.Arbitrary<Target> {
  const anywhere = fc
    .constantFrom(...LIVE_TYPES)
    .chain((productType) =>
      fc.record({ productType: fc.constant<string>(productType), symbol: fc.option(fc.constantFrom<string>(...CONTRACTS[productType]), { nil: undefined }), holdSide: fc.option(sideArb, { nil: undefined }) }),
    );
  if (positions.length === 0) return anywhere.map(clean);
  const nearAPosition = fc
    .record({ position: fc.constantFrom(...positions), keepSymbol: fc.boolean(), side: fc.option(sideArb, { nil: undefined }) })
    .map(({ position, keepSymbol, side }) => ({ productType: String(position.productType), symbol: keepSymbol ? position.symbol : undefined, holdSide: side }));
  return fc.oneof({ weight: 3, arbitrary: nearAPosition }, { weight: 1, arbitrary: anywhere }).map(clean);
}

const transportFaultArb = fc.constantFrom<Fault>(
  { kind: 'drop' },
  { kind: 'hang' },
  { kind: 'http-status', status: 502 },
  { kind: 'http-status', status: 503 },
  { kind: 'rate-limit' },
  { kind: 'malformed' },
  { kind: 'html' },
  { kind: 'error-code', code: '40725', msg: 'service upgrading', status: 400 },
);
const closeFaultArb: fc.Arbitrary<Fault> = fc.oneof(
  fc
    .record({ errorCode: fc.constantFrom('40888', '22041', '00000'), symbol: fc.option(fc.constantFrom(...SLOTS.map((slot) => slot.symbol)), { nil: undefined }) })
    .map(({ errorCode, symbol }): Fault => ({ kind: 'failure-list', errorCode, errorMsg: 'refused by the simulator', ...(symbol ? { symbol } : {}) })),
  fc.constantFrom<Fault>(
    { kind: 'close-partial', remainingFraction: 0.5 },
    { kind: 'reopen', size: '1' },
    { kind: 'reopen', size: '1', afterMs: 400 },
    { kind: 'close-delayed', ms: 200 },
    { kind: 'close-delayed', ms: 700 },
  ),
);
export const simFaultArb: fc.Arbitrary<SimFault> = fc
  .oneof(
    fc.record({ where: fc.constantFrom<Where>('any', 'close', 'positions'), fault: transportFaultArb, times: timesArb }),
    fc.record({ where: fc.constantFrom<Where>('any', 'close'), fault: closeFaultArb, times: timesArb }),
  )
  .map(({ where, fault, times }) => ({ where, fault: { ...fault, times } }));

/** Proxy rules that break answers; delays only before answering, so closes reach the exchange when they are sent. */
export const proxyFaultArb: fc.Arbitrary<ProxyFault> = fc
  .oneof(
    fc.record({ where: fc.constantFrom<ProxyFault['where']>('close', 'positions'), rule: fc.constantFrom<ProxyRule>({ mode: 'reset', afterBytes: 0 }, { mode: 'reset', afterBytes: 16 }) }),
    fc.record({
      where: fc.constant<ProxyFault['where']>('positions'),
      rule: fc.constantFrom<ProxyRule>(
        { mode: 'positions-data-null' },
        { mode: 'positions-data-null', nullAt: 'list' },
        { mode: 'positions-bad-size', total: 'abc' },
        { mode: 'positions-bad-size', total: '' },
        { mode: 'status-on-reads' },
      ),
    }),
    fc.record({ where: fc.constantFrom<ProxyFault['where']>('close', 'positions'), rule: fc.constantFrom<ProxyRule>({ mode: 'delay', beforeAnswerMs: 150 }, { mode: 'delay', beforeAnswerMs: 600 }) }),
  )
  .chain(({ where, rule }) => timesArb.map((times) => ({ where, rule: { ...rule, times } })));

export interface ScenarioShape {
  cores: { min: number; max: number };
  triggers: { min: number; max: number };
  maxSimFaults: number;
  maxProxyFaults: number;
  deadlines: readonly number[];
  requestTimeouts: readonly number[];
  startOffsets: readonly number[];
}

export function scenarioArb(shape: ScenarioShape): fc.Arbitrary<Scenario> {
  return bookArb.chain((book) =>
    fc
      .record({
        targets: fc.array(targetArb(book.positions), { minLength: 1, maxLength: 2 }),
        cores: fc.integer({ min: shape.cores.min, max: shape.cores.max }),
        simFaults: fc.array(simFaultArb, { maxLength: shape.maxSimFaults }),
        proxyFaults: fc.array(proxyFaultArb, { maxLength: shape.maxProxyFaults }),
        deadlineMs: fc.constantFrom(...shape.deadlines),
        requestTimeoutMs: fc.constantFrom(...shape.requestTimeouts),
        triggers: fc.array(fc.record({ core: fc.nat(shape.cores.max - 1), target: fc.nat(1), atMs: fc.constantFrom(...shape.startOffsets) }), {
          minLength: shape.triggers.min,
          maxLength: shape.triggers.max,
        }),
      })
      .map((drawn): Scenario => ({
        ...book,
        ...drawn,
        // Every core gets a trigger when there are enough of them; the rest spread round.
        triggers: drawn.triggers.map((trigger, index) => ({ ...trigger, core: (index < drawn.cores ? index : trigger.core) % drawn.cores, target: trigger.target % drawn.targets.length })),
      })),
  );
}

function pathFor(where: Where, kind: Book['kind']): string | undefined {
  if (where === 'any') return undefined;
  const index = kind === 'classic' ? 0 : 1;
  return where === 'close' ? CLOSE_PATHS[index] : POSITIONS_PATHS[index];
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function bookOf(positions: readonly BookPosition[]): BookPosition[] {
  return positions.map(({ productType, symbol, holdSide, size }) => ({ productType, symbol, holdSide, size }));
}

const KIND_CODES = new Set(['40084', '40085']);

/** Close arrivals the exchange counts: one refused for the account kind (V2 on a unified key) is turned away before its limit. */
export function countedCloseTimes(exchange: Exchange, apiKey: string): number[] {
  return exchange
    .account(apiKey)
    .requests.filter((request) => (CLOSE_PATHS as readonly string[]).includes(request.path) && !KIND_CODES.has(request.response?.code ?? ''))
    .map((request) => request.receivedAt);
}

export interface Staged {
  exchange: Exchange;
  /** One per core or process. */
  proxies: FaultProxy[];
  credentials: ReturnType<Exchange['addAccount']>;
  /** Shared by every core or process of the run. */
  dataDir: string;
  close(): Promise<void>;
}

/**
 * A fresh simulator with one account holding the scenario's book, one proxy per core or process, a data folder. The
 * simulator answers the live exchange's way (a flat unified account: `list: null`), as a trader's app meets it.
 */
export async function stage(scenario: Scenario): Promise<Staged> {
  const exchange = await startExchange({ shapes: 'live' });
  const proxies: FaultProxy[] = [];
  const credentials = exchange.addAccount({ kind: scenario.kind, posMode: scenario.posMode, positions: scenario.positions });
  for (let index = 0; index < scenario.cores; index += 1) proxies.push(await startFaultProxy({ upstream: exchange.url }));
  const dataDir = tempDataDir('panic-property-');
  return {
    exchange,
    proxies,
    credentials,
    dataDir,
    async close() {
      for (const proxy of proxies) await proxy.close();
      await exchange.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Faults go in once the app is warm (clock synced, connections open), as they would hit a running app. */
export function injectFaults(scenario: Scenario, exchange: Exchange, proxies: readonly FaultProxy[]): void {
  for (const { where, fault } of scenario.simFaults) {
    const path = pathFor(where, scenario.kind);
    exchange.faults.add({ ...fault, ...(path ? { path } : {}) });
  }
  for (const proxy of proxies) for (const { where, rule } of scenario.proxyFaults) proxy.add({ ...rule, path: pathFor(where, scenario.kind)! });
}

/** Room a busy CI machine needs beyond the deadline and the last read's timeout. */
export const SLACK_MS = 2_000;

/** Runs a scenario through in-process cores sharing one data folder; the broken promises, in words. */
export async function runOnCores(scenario: Scenario): Promise<string[]> {
  const staged = await stage(scenario);
  const cores: Core[] = [];
  try {
    const timing = { deadlineMs: scenario.deadlineMs, requestTimeoutMs: scenario.requestTimeoutMs, verifyIntervalMs: 100, retryBackoffMs: 100 };
    for (const proxy of staged.proxies) cores.push(await coreThrough(proxy.url, staged.credentials, { dataDir: staged.dataDir, timing }));
    const view = staged.exchange.account(staged.credentials.apiKey);
    const before = bookOf(view.positions);
    injectFaults(scenario, staged.exchange, staged.proxies);
    const triggers = await Promise.all(
      scenario.triggers.map(async ({ core, target, atMs }, index): Promise<TriggerRecord> => {
        await sleep(atMs);
        const chosen = scenario.targets[target]!;
        const calledAt = Date.now();
        let result: TriggerRecord['result'];
        try {
          result = await cores[core]!.handlers.close({ profile: 'test', trigger: 'hotkey', ...chosen });
        } catch (error) {
          result = { threw: error instanceof Error ? error.message : String(error) };
        }
        return { name: `trigger ${index + 1} on core ${core + 1}`, target: chosen, log: staged.proxies[core]!.log, calledAt, resolvedAt: Date.now(), result };
      }),
    );
    return violations({
      before,
      after: bookOf(view.positions),
      closeTimes: countedCloseTimes(staged.exchange, staged.credentials.apiKey),
      triggers,
      answerWithinMs: scenario.deadlineMs + scenario.requestTimeoutMs + SLACK_MS,
    });
  } finally {
    for (const core of cores) await core.dispose();
    await staged.close();
  }
}

const REPLAY_SEED = process.env.PANIC_PROPERTY_SEED === undefined ? undefined : Number(process.env.PANIC_PROPERTY_SEED);
const REPLAY_PATH = process.env.PANIC_PROPERTY_PATH;
const SHRINK = process.env.PANIC_PROPERTY_SHRINK === '1';

/**
 * `lanes` concurrent tests, each a fast-check property of `runs / lanes` runs with its own seed. A failure prints the
 * counterexample and the command that replays it (PANIC_PROPERTY_SEED, PANIC_PROPERTY_PATH, the lane's name);
 * shrinking is off unless PANIC_PROPERTY_SHRINK=1, because every run takes real seconds.
 */
export function propertyLanes<T>(options: {
  file: string;
  title: string;
  lanes: number;
  runs: number;
  arbitrary: fc.Arbitrary<T>;
  broken: (value: T) => Promise<string[]>;
  timeoutPerRunMs: number;
}): void {
  const base = REPLAY_SEED ?? Math.floor(Math.random() * 2 ** 31);
  const perLane = Math.ceil(options.runs / options.lanes);
  describe.concurrent(`${options.title} (${perLane * options.lanes} runs over ${options.lanes} lanes, base seed ${base})`, () => {
    for (let lane = 0; lane < options.lanes; lane += 1) {
      const name = `lane ${lane + 1}`;
      it(
        `${name}: nothing outside the target closes, flat is earned, one answer per trigger in time, one close per second`,
        async () => {
          const property = fc.asyncProperty(options.arbitrary, async (value) => {
            const broken = await options.broken(value);
            if (broken.length > 0) throw new Error(broken.join('\n'));
          });
          const details = await fc.check(property, {
            numRuns: perLane,
            seed: REPLAY_SEED ?? base + lane,
            ...(REPLAY_PATH ? { path: REPLAY_PATH } : {}),
            endOnFailure: !SHRINK,
            includeErrorInReport: true,
          });
          if (!details.failed) return;
          const replay =
            `Replay: PANIC_PROPERTY_SEED=${details.seed} PANIC_PROPERTY_PATH=${details.counterexamplePath ?? ''} npx vitest run ${options.file} -t "${name}:"` +
            (SHRINK ? '' : ' (add PANIC_PROPERTY_SHRINK=1 to shrink the counterexample)');
          throw new Error(`${await fc.asyncDefaultReportMessage(details)}\n${replay}`);
        },
        Math.max(150_000, perLane * options.timeoutPerRunMs),
      );
    }
  });
}
