// Sanity of the exchange's figures before anything acts on them: a number that is not finite, or beyond any real
// account, price or size, or below zero where it cannot be, is refused where it is parsed. One refinement, applied by
// the REST and WebSocket schemas, so "1e308", "NaN", "Infinity", a mark of 0 or a negative size never become figures.
import { z } from 'zod';

/**
 * No real price, size, equity or PnL comes near this; beyond it sums lose their 8th decimal (2^53 ≈ 9e15 units of
 * 1e-8 only up to ~9e7, but figures this large are absurd long before arithmetic fails).
 */
export const FIGURE_MAGNITUDE_LIMIT = 1e12;

export type FigureSign = 'positive' | 'non-negative' | 'signed';

const signWords: Record<FigureSign, string> = {
  positive: 'more than 0',
  'non-negative': '0 or more',
  signed: 'a number',
};

/** Why `value` is not a usable figure of this sign, or undefined when it is one. */
export function figureProblem(value: string, sign: FigureSign): string | undefined {
  if (value.trim() === '') return 'blank, not a number';
  const number = Number(value);
  if (!Number.isFinite(number)) return `"${value}" is not a finite number`;
  if (Math.abs(number) >= FIGURE_MAGNITUDE_LIMIT) return `"${value}" is beyond any real figure (limit ${FIGURE_MAGNITUDE_LIMIT.toExponential()})`;
  if (sign === 'positive' && !(number > 0)) return `"${value}" must be ${signWords[sign]}`;
  if (sign === 'non-negative' && number < 0) return `"${value}" must be ${signWords[sign]}`;
  return undefined;
}

/** A decimal string that passes `figureProblem` for `sign` (pipe a schema's string output into it). */
export function saneFigure(sign: FigureSign) {
  return z.string().superRefine((value, context) => {
    const problem = figureProblem(value, sign);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });
}

/** A decimal string (or, leniently, a JSON number) that passes `figureProblem` for `sign`; the output is the string. */
export const figureNumber = (sign: FigureSign) => z.union([z.string(), z.number()]).transform(String).pipe(saneFigure(sign));

/** A figure as a number, when it is one: the guard's last check on what it computes from parsed figures. */
export const isSaneFigure = (value: number): boolean => Number.isFinite(value) && Math.abs(value) < FIGURE_MAGNITUDE_LIMIT;
