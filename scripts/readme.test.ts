// The README's practice walkthrough works exactly as written: every command of its fenced block runs, against the
// built CLI, on a fresh data folder, and ends with the exit code and output the README documents next to it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface WalkthroughStep {
  command: string;
  exitCode: number;
  prints: string[];
}

/** The commands between the walkthrough markers, each followed by a `# exit N[, prints: TEXT]` line. */
export function walkthroughSteps(readme: string): WalkthroughStep[] {
  const section = /<!-- walkthrough[^>]*-->\s*```sh\n([\s\S]*?)```\s*<!-- \/walkthrough -->/.exec(readme);
  if (!section) throw new Error('README.md has no walkthrough block (<!-- walkthrough --> ```sh … ``` <!-- /walkthrough -->)');
  const steps: WalkthroughStep[] = [];
  for (const line of section[1]!.split('\n').map((text) => text.trim()).filter(Boolean)) {
    const expectation = /^# exit (\d+)(?:, prints: (.+))?$/.exec(line);
    if (expectation) {
      const step = steps.at(-1);
      if (!step || step.exitCode !== -1) throw new Error(`"${line}" does not follow a command`);
      step.exitCode = Number(expectation[1]);
      if (expectation[2]) step.prints.push(expectation[2]);
    } else if (line.startsWith('#')) {
      throw new Error(`unexpected comment in the walkthrough: "${line}"`);
    } else {
      steps.push({ command: line, exitCode: -1, prints: [] });
    }
  }
  const undocumented = steps.find((step) => step.exitCode === -1);
  if (undocumented) throw new Error(`"${undocumented.command}" has no "# exit N" line under it`);
  return steps;
}

describe('the README walkthrough parser', () => {
  it('reads commands with their documented exit codes and output, and refuses an undocumented command', () => {
    const block = (body: string) => `x\n<!-- walkthrough -->\n\`\`\`sh\n${body}\`\`\`\n<!-- /walkthrough -->\n`;
    expect(walkthroughSteps(block('a --b\n# exit 1, prints: PARTIAL\nc\n# exit 0\n'))).toEqual([
      { command: 'a --b', exitCode: 1, prints: ['PARTIAL'] },
      { command: 'c', exitCode: 0, prints: [] },
    ]);
    expect(() => walkthroughSteps(block('a\nb\n# exit 0\n'))).toThrow(/"a" has no "# exit N"/);
    expect(() => walkthroughSteps('no block')).toThrow(/no walkthrough block/);
  });
});

describe('the README practice walkthrough', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'panic-readme-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const steps = walkthroughSteps(readFileSync(join(repoRoot, 'README.md'), 'utf8'));

  it('uses practice mode and the built CLI only (no key, no network, no second Node minimum)', () => {
    expect(steps.length).toBeGreaterThanOrEqual(4);
    for (const step of steps) expect(step.command).toMatch(/^node dist\/cli\/bitget-panic\.js (positions --practice|close --practice|practice) /);
    expect(existsSync(join(repoRoot, 'dist/cli/bitget-panic.js')), 'dist/cli/bitget-panic.js is missing: run `npm run build` first').toBe(true);
  });

  it.each(steps)('$command', (step) => {
    // No key anywhere in the environment, and a fresh data folder with no profile: practice or nothing.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('BITGET_')));
    const run = spawnSync('sh', ['-c', step.command], {
      cwd: repoRoot,
      env: { ...env, BITGET_PANIC_DATA_DIR: dataDir, NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.status, `${step.command}\n${output}`).toBe(step.exitCode);
    for (const text of step.prints) expect(output, step.command).toContain(text);
    expect(output, 'no stack trace').not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  });
});
