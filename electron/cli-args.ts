// What node:util parseArgs leaves to the CLI: it keeps the last of a repeated option, and it cannot say whether
// --json was asked for when the arguments themselves are refused.
import type { parseArgs } from 'node:util';
import type { ExplainedError } from '../shared/bitget.ts';

type Token = NonNullable<ReturnType<typeof parseArgs>['tokens']>[number];

/**
 * A single-value option given more than once is refused, with every value named: `--symbol BTCUSDT --symbol ETHUSDT`
 * must not close ETHUSDT alone and report FLAT while BTCUSDT stays open. A repeated flag (`--yes --yes`) means the same.
 */
export function repeatedOption(tokens: readonly Token[], options: Readonly<Record<string, { type: 'string' | 'boolean' }>>): ExplainedError | undefined {
  const values = new Map<string, string[]>();
  for (const token of tokens) {
    if (token.kind !== 'option' || options[token.name]?.type !== 'string') continue;
    values.set(token.name, [...(values.get(token.name) ?? []), token.value ?? '']);
  }
  for (const [name, given] of values) {
    if (given.length < 2) continue;
    return {
      kind: 'bad-input',
      message: `--${name} was given ${given.length} times (${given.map((value) => JSON.stringify(value)).join(', ')}); it takes one value.`,
      hint: `Nothing was sent. Give --${name} once${name === 'symbol' ? ' (one close per symbol, or leave --symbol out to close every symbol of the product type)' : ''}.`,
    };
  }
  return undefined;
}

/** Whether --json is among the arguments (before a `--`), read without parsing them: a refusal of the arguments is JSON too. */
export function asksForJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}
