// One close target, one matching rule: the same positions and targets (shared/target-cases.ts), fed to every surface's
// filter, give the same answer — and no surface keeps a definition of its own. The window's filter: renderer/close-flow.test.ts.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeTarget, matchesTarget } from '../shared/target.ts';
import { TARGET_CASES as cases, TARGET_POSITIONS as positions, targetKeys as keys } from '../shared/target-cases.ts';
import { closedAgainstChosenSide } from './core/bitget/endpoints.ts';
import { matchesTarget as exchangeSelects } from './simulator/closing.ts';

describe('which positions a close covers', () => {
  it.each(cases)('the shared rule, as the core, the confirmation and the CLI filter with it: $target', ({ target, covers }) => {
    expect(keys(positions.filter((item) => matchesTarget(item, target)))).toEqual(covers);
  });

  it.each(cases)("the simulated exchange closes the same, plus a one-way position whatever the side: $target", ({ target, covers }) => {
    const exchangeTarget = { productType: target.productType as 'USDT-FUTURES', ...(target.symbol ? { symbol: target.symbol } : {}), ...(target.holdSide ? { side: target.holdSide } : {}) };
    const chosen = keys(positions.filter((item) => exchangeSelects(item as never, exchangeTarget)));
    // What the exchange closes beyond the trader's choice is what the core refuses up front as "against the chosen side".
    expect(chosen.sort()).toEqual([...covers, ...keys(closedAgainstChosenSide(positions, target))].sort());
  });
});

describe('the target in words', () => {
  it("in the exchange's words (CLI, tray, notifications; the window's are in renderer/close-flow.test.ts)", () => {
    expect(describeTarget({ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long' })).toBe('BTCUSDT, long side');
    expect(describeTarget({ productType: 'USDT-FUTURES' })).toBe('every USDT-FUTURES symbol, both sides');
  });
});

describe('one definition', () => {
  const root = join(import.meta.dirname, '..');
  const sources = (dir: string): string[] =>
    readdirSync(join(root, dir)).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(join(root, path)).isDirectory()) return sources(path);
      return /\.tsx?$/.test(name) && !/\.(test|spec)\.tsx?$/.test(name) ? [path] : [];
    });
  // The simulator stands in for the exchange and keeps the exchange's own selection (one-way positions ignore the side).
  const client = [...sources('electron'), ...sources('renderer'), ...sources('shared')].filter((path) => !path.startsWith(join('electron', 'simulator')) && path !== join('shared', 'target.ts'));

  it.each([
    ['a CloseTarget type', /^\s*(export\s+)?(interface\s+CloseTarget\b|type\s+CloseTarget\s*=)/m],
    ['a matching rule', /function\s+(matchesTarget|inTarget)\b/],
    ['a symbol comparison of its own', /position\.symbol\s*===\s*\w+\.symbol|symbol\.toUpperCase\(\)\s*===/],
    ['the list of everything', /(const|let|var)\s+EVERYTHING_PRODUCT_TYPES\b/],
  ])('only shared/target.ts defines %s', (_what, pattern) => {
    expect(client.filter((path) => pattern.test(readFileSync(join(root, path), 'utf8'))).map((path) => relative('.', path))).toEqual([]);
  });
});
