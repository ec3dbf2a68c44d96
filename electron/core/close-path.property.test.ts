// Property tests of the close path, one core: random position books (classic and unified, hedge and one-way, three
// product types), random targets, simulator faults, proxy modes and one to three concurrent triggers, each run on a
// fresh simulator account. Invariants (e2e/fault-proxy/invariants.ts) are checked from the simulator's state and
// request log and the proxy's log. close-path.cores.property.test.ts runs several cores; PANIC_PROPERTY_RUNS (default
// 300) is split between the two files. A failure prints the command that replays it.
import { describe, expect, it } from 'vitest';
import { resolveSymbol } from '../simulator/contracts.ts';
import { SLOTS, propertyLanes, runOnCores, scenarioArb } from '../../e2e/fault-proxy/scenarios.ts';

describe('the scenario generator', () => {
  it('uses only contracts the simulator knows', () => {
    for (const { productType, symbol } of SLOTS) expect(resolveSymbol(symbol, productType)).toBe(symbol);
  });
});

propertyLanes({
  file: 'electron/core/close-path.property.test.ts',
  title: 'close path properties, one core',
  lanes: 5,
  runs: Math.ceil(Number(process.env.PANIC_PROPERTY_RUNS ?? 300) / 2),
  arbitrary: scenarioArb({
    cores: { min: 1, max: 1 },
    triggers: { min: 1, max: 3 },
    maxSimFaults: 3,
    maxProxyFaults: 2,
    deadlines: [1_500, 1_500, 2_000, 3_000],
    requestTimeouts: [300, 400, 500],
    startOffsets: [0, 0, 50, 400, 1_200],
  }),
  broken: runOnCores,
  timeoutPerRunMs: 6_000,
});
