// What the CLI adds to node:util parseArgs: repeated single-value options refused, and --json known before parsing.
import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { asksForJson, repeatedOption } from './cli-args.ts';

const OPTIONS = { symbol: { type: 'string' }, side: { type: 'string' }, yes: { type: 'boolean', short: 'y' } } as const;
const tokensOf = (args: string[]) => parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true, tokens: true }).tokens;

describe('repeatedOption', () => {
  it('names every value of a single-value option given more than once, in any spelling', () => {
    const refused = repeatedOption(tokensOf(['close', '--symbol', 'BTCUSDT', '--yes', '--symbol=ETHUSDT', '--symbol', '']), OPTIONS);
    expect(refused).toMatchObject({ kind: 'bad-input', message: '--symbol was given 3 times ("BTCUSDT", "ETHUSDT", ""); it takes one value.' });
    expect(refused!.hint).toMatch(/^Nothing was sent\./);
  });

  it('lets options given once and repeated flags through', () => {
    expect(repeatedOption(tokensOf(['close', '--symbol', 'BTCUSDT', '--side', 'long', '-y', '--yes']), OPTIONS)).toBeUndefined();
    expect(repeatedOption(tokensOf(['close', '--', '--symbol', 'A', '--symbol', 'B']), OPTIONS)).toBeUndefined();
  });
});

describe('asksForJson', () => {
  it('sees --json before a `--`, never after it nor in a value', () => {
    expect(asksForJson(['close', '--bogus', '--json'])).toBe(true);
    expect(asksForJson(['close', '--', '--json'])).toBe(false);
    expect(asksForJson(['close', '--symbol=--json'])).toBe(false);
  });
});
