// `npm run bench [-- --short] [-- --out FILE]`: the press path as a person meets it, against the simulator on loopback
// and through a latency proxy (RTT 50 ms, TCP + TLS handshakes on every new connection). A plain Node script rather
// than `vitest bench`: it starts whole processes (the CLI, the bare floor) and measures one press at a time.
// BENCH_SHORT=1 is --short (few iterations, for CI); BENCH_RTT_MS changes the far network's round trip.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir, type as osType } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startLatencyProxy, type LatencyProxy } from '../e2e/fault-proxy/latency.ts';
import { createCore, type Core } from '../electron/core/compose.ts';
import { createJsonSettingsStore } from '../electron/core/settings-file.ts';
import { startExchange, type Exchange } from '../electron/simulator/index.ts';
import type { AccountSpec, Credentials } from '../electron/simulator/types.ts';
import { median, p99, table, type Row } from './stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist/cli/bitget-panic.js');
const BARE = join(ROOT, 'bench/bare-close.mjs');
const CLOSE_PATH = '/api/v2/mix/order/close-positions';
const LATE_FILL_MS = 30;
/** The close gate allows one close per account every 1.25 s: presses of one account are spaced further apart. */
const PRESS_SPACING_MS = 1_350;
const POLL_INTERVAL_MS = 2_000;

const { values: flags } = parseArgs({ options: { short: { type: 'boolean' }, out: { type: 'string' } } });
const short = flags.short === true || process.env.BENCH_SHORT === '1';
const farRttMs = Number(process.env.BENCH_RTT_MS ?? 50);
const outFile = flags.out ?? (short ? undefined : join(ROOT, 'docs/bench-results.md'));
const runs = short
  ? { warm: 4, first: 2, fresh: 2, polling: 6, late: 3, cli: 2 }
  : { warm: 20, first: 8, fresh: 8, polling: 25, late: 12, cli: 10 };

const BOOK: AccountSpec = {
  kind: 'classic',
  posMode: 'hedge_mode',
  positions: [
    { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' },
    { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'short', size: '0.2' },
    { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'long', size: '3' },
  ],
};
const PRESS = { profile: 'bench', productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', trigger: 'window' } as const;
/** Both sides of BTCUSDT: no position-mode read is needed before this close (a one-side close needs one, see below). */
const PRESS_BOTH_SIDES = { profile: 'bench', productType: 'USDT-FUTURES', symbol: 'BTCUSDT', trigger: 'window' } as const;
type PressRequest = typeof PRESS | typeof PRESS_BOTH_SIDES;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const jitter = (upToMs: number) => Math.random() * upToMs;
const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

interface Network {
  name: string;
  rttMs: number;
  url: string;
  exchange: Exchange;
  /** When each account's close answers left the simulator (performance.now()). */
  closeAnswers: Map<string, number[]>;
  close(): Promise<void>;
}

async function openNetwork(name: string, rttMs: number): Promise<Network> {
  const closeAnswers = new Map<string, number[]>();
  const exchange = await startExchange({
    onRequest(event) {
      if (event.method !== 'POST' || event.path !== CLOSE_PATH || !event.apiKey) return;
      closeAnswers.set(event.apiKey, [...(closeAnswers.get(event.apiKey) ?? []), performance.now()]);
    },
  });
  const proxy: LatencyProxy | undefined = rttMs > 0 ? await startLatencyProxy({ upstream: exchange.url, rttMs }) : undefined;
  return {
    name,
    rttMs,
    url: proxy?.url ?? exchange.url,
    exchange,
    closeAnswers,
    async close() {
      await proxy?.close();
      await exchange.close();
    },
  };
}

/** The app's core as the window, tray and hotkeys use it (default timing, clock kept warm), one in-memory profile. */
function appCore(network: Network, credentials: Credentials): Promise<Core> {
  const dataDir = tempDir('panic-bench-');
  return createCore({
    dataDir,
    settings: createJsonSettingsStore(join(dataDir, 'config.json')),
    baseUrl: network.url,
    ephemeralProfiles: [{ name: 'bench', demo: false, credentials: { apiKey: credentials.apiKey, secretKey: credentials.secretKey, passphrase: credentials.passphrase } }],
    autoSync: true,
  });
}

interface Press {
  /** Trigger to the close answer reaching the app. */
  closeAnswerMs: number;
  /** Trigger to the verified outcome in the app's hands. */
  verifiedMs: number;
}

async function press(network: Network, core: Core, apiKey: string, request: PressRequest = PRESS): Promise<Press> {
  const started = performance.now();
  const result = await core.handlers.close(request);
  const verifiedMs = performance.now() - started;
  if (!result.ok) throw new Error(`bench press refused: ${result.error.message}`);
  if (result.value.status !== 'flat' || !result.value.verified) throw new Error(`bench press ended ${result.value.status}, not verified flat`);
  const leftAt = network.closeAnswers.get(apiKey)?.find((at) => at >= started);
  if (leftAt === undefined) throw new Error('bench press: the simulator never answered a close');
  // The answer left the simulator; it reaches the app half a round trip later.
  return { closeAnswerMs: leftAt + network.rttMs / 2 - started, verifiedMs };
}

function reopen(network: Network, apiKey: string): void {
  network.exchange.account(apiKey).addPosition({ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' });
}

/** One core, warmed up and past its first press; then presses spaced as a person (and the close gate) allows. */
async function warmPresses(network: Network, count: number, options: { polling?: boolean; lateFill?: boolean } = {}): Promise<Press[]> {
  const account = network.exchange.addAccount(BOOK);
  const core = await appCore(network, account);
  let poller: NodeJS.Timeout | undefined;
  let pollsFrom = 0;
  try {
    await core.warmUp();
    await press(network, core, account.apiKey);
    if (options.polling) {
      // The window's table: a read now, then one every POLL_INTERVAL_MS, on a fixed grid the presses are placed on.
      const read = () => void core.handlers.listPositions({ profile: 'bench', productType: 'USDT-FUTURES' });
      pollsFrom = performance.now();
      const next = (tick: number) => {
        poller = setTimeout(() => {
          read();
          next(tick + 1);
        }, pollsFrom + tick * POLL_INTERVAL_MS - performance.now());
      };
      read();
      next(1);
    }
    const presses: Press[] = [];
    for (let index = 0; index < count; index += 1) {
      const earliest = performance.now() + PRESS_SPACING_MS + jitter(200);
      if (options.polling) {
        // Presses sweep the poll period evenly, from the moment a read leaves to just before the next one.
        const offset = (index / count) * POLL_INTERVAL_MS;
        const tick = Math.ceil((earliest - offset - pollsFrom) / POLL_INTERVAL_MS);
        await sleep(pollsFrom + tick * POLL_INTERVAL_MS + offset - performance.now());
      } else {
        await sleep(earliest - performance.now());
      }
      reopen(network, account.apiKey);
      if (options.lateFill) network.exchange.faults.add({ kind: 'close-delayed', ms: LATE_FILL_MS, path: CLOSE_PATH });
      presses.push(await press(network, core, account.apiKey));
    }
    return presses;
  } finally {
    clearTimeout(poller);
    await core.dispose();
  }
}

/** A new core each time: warmed up first (the app after start), or pressed at once (a fresh process, handshakes). */
async function coldPresses(network: Network, count: number, warmFirst: boolean, request: PressRequest = PRESS): Promise<Press[]> {
  const presses: Press[] = [];
  for (let index = 0; index < count; index += 1) {
    const account = network.exchange.addAccount(BOOK);
    const core = await appCore(network, account);
    try {
      if (warmFirst) await core.warmUp();
      presses.push(await press(network, core, account.apiKey, request));
    } finally {
      await core.dispose();
    }
  }
  return presses;
}

interface ProcessRun {
  /** Spawn to the first line on stdout (the outcome). */
  outcomeMs: number;
  /** Spawn to exit. */
  exitMs: number;
}

function runProcess(args: string[], env: Record<string, string>, accept: (stdout: string, code: number | null) => boolean): Promise<ProcessRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let outcomeMs: number | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (outcomeMs === undefined && stdout.includes('\n')) outcomeMs = performance.now() - started;
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const exitMs = performance.now() - started;
      if (!accept(stdout, code)) reject(new Error(`bench: ${args[0]} exited ${code}: ${stdout.slice(0, 300)} ${stderr.slice(0, 300)}`));
      else resolve({ outcomeMs: outcomeMs ?? exitMs, exitMs });
    });
  });
}

function credentialsEnv(credentials: Credentials): Record<string, string> {
  return { BITGET_API_KEY: credentials.apiKey, BITGET_API_SECRET: credentials.secretKey, BITGET_API_PASSPHRASE: credentials.passphrase };
}

/** The CLI's code cache (README: "A faster second start") of this bench run only: made by the unmeasured first run. */
const cliCacheHome = tempDir('panic-bench-cli-cache-');

function runCli(network: Network, oneSide = false): Promise<ProcessRun> {
  const account = network.exchange.addAccount(BOOK);
  const side = oneSide ? ['--side', 'long'] : [];
  const args = [CLI, 'close', '--from-env', '--product-type', 'USDT-FUTURES', '--symbol', 'BTCUSDT', ...side, '--yes', '--json', '--no-costs'];
  const env = { ...credentialsEnv(account), BITGET_PANIC_BASE_URL: network.url, BITGET_PANIC_DATA_DIR: tempDir('panic-bench-cli-'), XDG_CACHE_HOME: cliCacheHome };
  return runProcess(args, env, (stdout, code) => code === 0 && (JSON.parse(stdout.split('\n')[0]!) as { status?: string }).status === 'flat');
}

function runBare(network: Network): Promise<ProcessRun> {
  const account = network.exchange.addAccount(BOOK);
  return runProcess([BARE], { ...credentialsEnv(account), BENCH_URL: network.url }, (_stdout, code) => code === 0);
}

/** CLI and bare floor alternate, each once beforehand unmeasured (the disk cache warm, as for anyone's second run). */
async function processRuns(network: Network, count: number): Promise<{ cli: ProcessRun[]; cliOneSide: ProcessRun[]; bare: ProcessRun[] }> {
  await runCli(network);
  await runBare(network);
  const cli: ProcessRun[] = [];
  const cliOneSide: ProcessRun[] = [];
  const bare: ProcessRun[] = [];
  for (let index = 0; index < count; index += 1) {
    if (index % 2 === 0) {
      cli.push(await runCli(network));
      bare.push(await runBare(network));
    } else {
      bare.push(await runBare(network));
      cli.push(await runCli(network));
    }
    cliOneSide.push(await runCli(network, true));
  }
  return { cli, cliOneSide, bare };
}

async function measure(name: string, rttMs: number): Promise<Row[]> {
  const network = await openNetwork(name, rttMs);
  const rtt = (count: number) => (rttMs > 0 ? { limitMs: count * rttMs, limitLabel: `${count} RTT` } : {});
  const rows: Row[] = [];
  const add = (path: string, measureName: string, samples: number[], limit: { limitMs?: number; limitLabel?: string } = {}) => {
    rows.push({ network: name, path, measure: measureName, samples, rttMs, ...limit });
    process.stderr.write(`bench: ${name} · ${path} · ${measureName}: median ${median(samples).toFixed(1)} ms, p99 ${p99(samples).toFixed(1)} ms\n`);
  };
  try {
    const warm = await warmPresses(network, runs.warm);
    add('app, warm press', 'close answer', warm.map((p) => p.closeAnswerMs), rtt(1));
    add('app, warm press', 'verified outcome', warm.map((p) => p.verifiedMs), rtt(2));
    const first = await coldPresses(network, runs.first, true);
    add('app, first press after start', 'close answer', first.map((p) => p.closeAnswerMs), rtt(1));
    add('app, first press after start', 'verified outcome', first.map((p) => p.verifiedMs), rtt(2));
    const fresh = await coldPresses(network, runs.fresh, false, PRESS_BOTH_SIDES);
    add('app, fresh process, both sides (handshakes)', 'close answer', fresh.map((p) => p.closeAnswerMs), rtt(3));
    add('app, fresh process, both sides (handshakes)', 'verified outcome', fresh.map((p) => p.verifiedMs), rtt(4));
    // One side: the position mode must be read before the close (never guessed): one more round trip.
    const freshOneSide = await coldPresses(network, runs.fresh, false);
    add('app, fresh process, one side (handshakes + mode read)', 'close answer', freshOneSide.map((p) => p.closeAnswerMs), rtt(4));
    add('app, fresh process, one side (handshakes + mode read)', 'verified outcome', freshOneSide.map((p) => p.verifiedMs), rtt(5));
    const polled = await warmPresses(network, runs.polling, { polling: true });
    add('app, window polling every 2 s', 'verified outcome', polled.map((p) => p.verifiedMs), rtt(2));
    const late = await warmPresses(network, runs.late, { lateFill: true });
    // The fill shows 30 ms after the close arrives; a read can arrive no sooner than one round trip after it.
    const lateLimit = rttMs + Math.max(rttMs, LATE_FILL_MS);
    add(`app, close shows ${LATE_FILL_MS} ms late`, 'verified outcome', late.map((p) => p.verifiedMs), { limitMs: lateLimit, limitLabel: rttMs > 0 ? `RTT + max(RTT, ${LATE_FILL_MS} ms)` : `${LATE_FILL_MS} ms` });
    if (existsSync(CLI)) {
      const { cli, cliOneSide, bare } = await processRuns(network, runs.cli);
      const floor = median(bare.map((run) => run.exitMs));
      add('bare script (floor)', 'spawn to exit', bare.map((run) => run.exitMs));
      add('CLI process', 'spawn to outcome printed', cli.map((run) => run.outcomeMs), { limitMs: floor, limitLabel: 'bare script' });
      add('CLI process', 'spawn to exit', cli.map((run) => run.exitMs), { limitMs: floor, limitLabel: 'bare script' });
      const oneSideFloor = floor + rttMs;
      add('CLI process, one side (+ mode read)', 'spawn to outcome printed', cliOneSide.map((run) => run.outcomeMs), { limitMs: oneSideFloor, limitLabel: rttMs > 0 ? 'bare script + 1 RTT' : 'bare script' });
    } else {
      process.stderr.write(`bench: ${CLI} is missing (npm run build first): the CLI rows are left out\n`);
    }
  } finally {
    await network.close();
  }
  return rows;
}

/** The commit measured, so figures before and after a change can be told apart. */
function commit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${sha} with uncommitted changes` : sha;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

function machine(): string {
  const cpu = cpus();
  return `${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores · Node ${process.version} · ${osType()} ${release()}`;
}

const started = new Date();
const rows = [...(await measure('loopback', 0)), ...(await measure(`RTT ${farRttMs} ms`, farRttMs))];
const printed = table(rows);
process.stdout.write(`\n${printed}\n`);

if (outFile) {
  const report = `# Benchmark results

Written by \`npm run bench\`${short ? ' (--short)' : ''} on ${started.toISOString()} (${((Date.now() - started.getTime()) / 1000).toFixed(0)} s).
Machine: ${machine()}. Commit: ${commit()}.

${printed}

How it is measured (bench/press.ts):
- Every row runs against the exchange simulator over real HTTP: on loopback, and through a latency proxy
  (e2e/fault-proxy/latency.ts) that adds ${farRttMs} ms per round trip and 2 RTT (TCP + TLS) before a new connection's
  first request. "RTT" columns divide by that round trip; limits are what the network allows, not targets.
- The press: closing BTCUSDT long of a classic hedge-mode account from the window (\`handlers.close\`, default timing,
  clock kept warm); "close answer" is when the close answer reaches the app, "verified outcome" when the app holds
  the outcome read back flat. Presses of one account are ${PRESS_SPACING_MS} ms or more apart (one close per second).
- First press after start: a new core, \`warmUp()\` awaited, then the press. Fresh process: a new core pressed at
  once, no warm-up (in-memory profile: the keychain is not part of it). A one-side close (long only) must first read
  the position mode (a one-way account would otherwise close the other side): a process that knows nothing yet pays
  one more round trip for it, by design, so its limit is 4 RTT (2 handshakes, the read, the close), not 3. The
  both-sides press (BTCUSDT, no side) needs no such read.
- Window polling: positions read every ${POLL_INTERVAL_MS / 1000} s on the same core; the presses sweep the poll period
  evenly (the first at the moment a read leaves), so the p99 includes a press right after a read.
- Late close: the simulator fills the close ${LATE_FILL_MS} ms after it arrives (fault \`close-delayed\`).
- CLI: \`node dist/cli/bitget-panic.js close --from-env --symbol BTCUSDT … --yes --json --no-costs\` (both sides), a
  new data folder each run, beside bench/bare-close.mjs (signs, sends the same close, reads positions once on the same
  connection; node:crypto and fetch only), alternating, each run once unmeasured beforehand (the disk cache warm and
  the CLI's code cache written, as for anyone's second run; the cache folder is new each bench). Ratios of the CLI are to
  the bare script's median in the same run. The one-side CLI row (\`--side long\`) adds the position-mode read a
  safe one-side close needs; its limit is the bare script plus one round trip.
- Medians; p99 is the nearest rank (the slowest sample below 100 samples).
`;
  writeFileSync(outFile, report);
  process.stderr.write(`bench: written to ${outFile}\n`);
}
