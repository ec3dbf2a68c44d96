// Property tests of the close path with real CLI processes: two or three `bitget-panic close --from-env --json` runs
// at once on one account, sharing one data folder, each through its own proxy. Besides the close path's invariants,
// each process prints exactly one JSON object and its exit code says what that object says.
// PANIC_PROPERTY_CLI_RUNS (default 8) sets the number of runs.
import { runCli } from '../../e2e/fault-proxy/drive.ts';
import { violations, type TriggerRecord, type TriggerResult } from '../../e2e/fault-proxy/invariants.ts';
import { SLACK_MS, bookOf, countedCloseTimes, injectFaults, propertyLanes, scenarioArb, sleep, stage, type Scenario } from '../../e2e/fault-proxy/scenarios.ts';

/** The exchange's limit, checked on arrivals: the close interval's margin must absorb a late departure. */
const MIN_CLOSE_GAP_MS = 1_000;
/** Node's start and the CLI's imports before the first request, with a few processes starting at once on a busy machine. */
const PROCESS_START_MS = 3_000;

function resultOf(stdout: string, code: number | null): { result: TriggerResult; broken?: string } {
  const lines = stdout.trim().split('\n');
  let parsed: unknown;
  try {
    parsed = lines.length === 1 ? JSON.parse(lines[0]!) : undefined;
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return { result: { threw: `exit ${code}, stdout was not one JSON object` } };
  if (!('status' in parsed) && 'error' in parsed) {
    const error = (parsed as { error: { kind?: unknown; message?: unknown; hint?: unknown } }).error;
    return { result: { ok: false, error }, ...(code === 0 ? { broken: 'a refusal exited 0' } : {}) };
  }
  const outcome = parsed as { status: string; startedAt: string; finishedAt: string };
  const verified = outcome.status === 'flat' || outcome.status === 'nothing-to-close';
  return { result: { ok: true, value: outcome }, ...(verified !== (code === 0) ? { broken: `status "${outcome.status}" exited ${code}` } : {}) };
}

async function runOnProcesses(drawn: Scenario): Promise<string[]> {
  // One process per trigger, each through its own proxy.
  const scenario: Scenario = { ...drawn, cores: drawn.triggers.length, triggers: drawn.triggers.map((trigger, index) => ({ ...trigger, core: index })) };
  const staged = await stage(scenario);
  try {
    const view = staged.exchange.account(staged.credentials.apiKey);
    const before = bookOf(view.positions);
    injectFaults(scenario, staged.exchange, staged.proxies);
    const broken: string[] = [];
    const triggers = await Promise.all(
      scenario.triggers.map(async ({ core, target, atMs }, index): Promise<TriggerRecord> => {
        await sleep(atMs);
        const chosen = scenario.targets[target]!;
        const calledAt = Date.now();
        const run = await runCli(
          [
            'close', '--from-env', '--yes', '--json', '--product-type', chosen.productType,
            ...(chosen.symbol ? ['--symbol', chosen.symbol] : []),
            ...(chosen.holdSide ? ['--side', chosen.holdSide] : []),
          ],
          { baseUrl: staged.proxies[core]!.url, credentials: staged.credentials, dataDir: staged.dataDir, deadlineMs: scenario.deadlineMs, requestTimeoutMs: scenario.requestTimeoutMs },
        );
        const { result, broken: exitProblem } = resultOf(run.stdout, run.code);
        const name = `process ${index + 1}`;
        if (exitProblem) broken.push(`${name}: ${exitProblem}`);
        return { name, target: chosen, log: staged.proxies[core]!.log, calledAt, resolvedAt: Date.now(), result };
      }),
    );
    return [
      ...broken,
      ...violations({
        before,
        after: bookOf(view.positions),
        closeTimes: countedCloseTimes(staged.exchange, staged.credentials.apiKey),
        triggers,
        answerWithinMs: scenario.deadlineMs + scenario.requestTimeoutMs + PROCESS_START_MS + SLACK_MS,
        minCloseGapMs: MIN_CLOSE_GAP_MS,
      }),
    ];
  } finally {
    await staged.close();
  }
}

propertyLanes({
  file: 'electron/core/close-path.cli.property.test.ts',
  title: 'close path properties, concurrent CLI processes sharing one data folder',
  // One lane: more processes at once would starve each other of CPU, and a close held up on its way out is a
  // close that arrives late (that is the app's to absorb, but not the load this test should create).
  lanes: 1,
  runs: Number(process.env.PANIC_PROPERTY_CLI_RUNS ?? 8),
  arbitrary: scenarioArb({
    cores: { min: 1, max: 1 },
    triggers: { min: 2, max: 3 },
    maxSimFaults: 1,
    maxProxyFaults: 1,
    deadlines: [1_500, 2_000],
    requestTimeouts: [400, 500],
    startOffsets: [0, 0, 100, 400],
  }),
  broken: runOnProcesses,
  timeoutPerRunMs: 12_000,
});
