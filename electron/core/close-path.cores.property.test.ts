// Property tests of the close path, two or three cores sharing one data folder (each stands in for a process: the
// app, a CLI run, a second app instance), each through its own proxy, triggers on all of them at once. Above all:
// the exchange never sees two closes of one account less than a second apart, and nothing outside a target closes.
// PANIC_PROPERTY_RUNS (default 300) is split with close-path.property.test.ts.
import { propertyLanes, runOnCores, scenarioArb } from '../../e2e/fault-proxy/scenarios.ts';

propertyLanes({
  file: 'electron/core/close-path.cores.property.test.ts',
  title: 'close path properties, several cores sharing one data folder',
  lanes: 5,
  runs: Math.floor(Number(process.env.PANIC_PROPERTY_RUNS ?? 300) / 2),
  arbitrary: scenarioArb({
    cores: { min: 2, max: 3 },
    triggers: { min: 2, max: 4 },
    maxSimFaults: 2,
    maxProxyFaults: 1,
    deadlines: [1_500, 2_000, 3_000],
    requestTimeouts: [300, 400, 500],
    startOffsets: [0, 0, 50, 300, 1_100],
  }),
  broken: runOnCores,
  timeoutPerRunMs: 6_000,
});
