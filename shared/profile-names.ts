// Profile names a person can tell apart. A close picks its account by name, so two names that read the same ("main",
// "Main", Cyrillic "mаin", full-width "ｍａｉｎ") must never both exist: the second one is refused, naming the first.
//
// Two names collide when their keys are equal: NFKC (full-width and other compatibility forms become plain letters),
// then case-folded, then the look-alikes below mapped to the Latin letter they pass for. The map covers the Cyrillic
// and Greek letters that look like a Latin letter in common fonts (upper-case ones too, as they fold to these), and
// 0/o, 1/l/i (I and l in sans-serif). Not covered: multi-letter look-alikes ("rn" for "m"), other scripts (Armenian,
// Cherokee…), and marks that merely resemble nothing (they are refused by the name's character rule anyway).
import type { ExplainedError } from './bitget.ts';

const LOOKALIKES: Readonly<Record<string, string>> = {
  // Cyrillic
  а: 'a', в: 'b', с: 'c', ԁ: 'd', е: 'e', һ: 'h', н: 'h', і: 'i', ј: 'j', к: 'k', ӏ: 'i', м: 'm', о: 'o', р: 'p', ԛ: 'q',
  ѕ: 's', т: 't', у: 'y', ү: 'y', ԝ: 'w', х: 'x',
  // Greek
  α: 'a', β: 'b', ϲ: 'c', ε: 'e', η: 'h', ι: 'i', ϳ: 'j', κ: 'k', μ: 'm', ν: 'n', ο: 'o', ρ: 'p', τ: 't', υ: 'y', χ: 'x',
  ζ: 'z',
  // Latin letters and digits that pass for one another
  ɡ: 'g', l: 'i', '1': 'i', '0': 'o',
};

const folded = (text: string) => text.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');

/** Equal for names a person could take for one another. */
export function profileNameKey(name: string): string {
  return [...folded(name)].map((char) => LOOKALIKES[char] ?? char).join('');
}

/** The characters of `name` that only look like letters of a plain name, as `"а" (U+0430) looks like "a"`. */
function lookalikesIn(name: string): string[] {
  const found = new Set<string>();
  for (const char of name) {
    const plain = profileNameKey(char);
    const point = char.codePointAt(0)!;
    if (point > 0x7e && plain !== char.toLowerCase()) found.add(`"${char}" (U+${point.toString(16).toUpperCase().padStart(4, '0')}) looks like "${plain}"`);
  }
  return [...found];
}

/** Refuses a new profile name that reads the same as one of `existing` (names of other profiles), naming that one. */
export function profileNameClash(name: string, existing: readonly string[]): ExplainedError | undefined {
  const key = profileNameKey(name);
  const twin = existing.find((other) => other !== name && profileNameKey(other) === key);
  if (twin === undefined) return undefined;
  const hint = `Nothing was saved. If you meant "${twin}", use that name exactly; otherwise choose a name that cannot be mistaken for it.`;
  if (folded(name) === folded(twin)) {
    return { kind: 'bad-input', message: `Profile name "${name}" differs from the existing profile "${twin}" only in letter case or width.`, hint };
  }
  const why = [...lookalikesIn(name), ...lookalikesIn(twin)];
  return {
    kind: 'bad-input',
    message: `Profile name "${name}" looks like the existing profile "${twin}"${why.length > 0 ? `: ${why.join(', ')}` : ''}.`,
    hint,
  };
}
