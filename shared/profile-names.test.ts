// Profile names a person could take for one another: the per-name rule (shared/schema.ts) and the comparison with
// the names already there (shared/profile-names.ts). The window, IPC and the CLI all save through these.
import { describe, expect, it } from 'vitest';
import { profileNameClash, profileNameKey } from './profile-names.ts';
import { newProfileNameSchema, profileNameSchema } from './schema.ts';

describe('a new profile name', () => {
  it.each([
    ['a trailing line break', 'main\n'],
    ['a leading tab', '\tmain'],
    ['a carriage return', 'main\r'],
    ['a zero-width space', 'ma\u200bin'],
    ['a right-to-left override', 'main\u202e'],
    ['a byte-order mark (trim would drop it)', '\ufeffmain'],
  ])('with %s is refused, never trimmed into another name', (_what, name) => {
    const parsed = newProfileNameSchema.safeParse(name);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.message).toContain('control or invisible character');
  });

  it('keeps plain names, trims spaces, and refuses one whose plain (NFKC) form is no valid name', () => {
    expect(newProfileNameSchema.parse(' main ')).toBe('main');
    expect(newProfileNameSchema.parse('Scalping 2')).toBe('Scalping 2');
    expect(newProfileNameSchema.safeParse('\u00bd').success).toBe(false);
  });

  it('a reference to a stored profile keeps working as before (trimmed only)', () => {
    expect(profileNameSchema.parse('main ')).toBe('main');
    expect(profileNameSchema.parse('\uff4d\uff41\uff49\uff4e')).toBe('\uff4d\uff41\uff49\uff4e');
  });
});

describe('names that read the same', () => {
  it.each([
    ['upper case', 'MAIN'],
    ['full width', '\uff4d\uff41\uff49\uff4e'],
    ['a Cyrillic a', 'm\u0430in'],
    ['Cyrillic capitals', '\u041c\u0410\u0406N'],
    ['Greek capitals', '\u039c\u0391\u0399\u039d'],
    ['a lower-case L for an I', 'MAlN'],
  ])('%s is refused beside "main", naming it', (_what, name) => {
    expect(profileNameKey(name)).toBe(profileNameKey('main'));
    const clash = profileNameClash(name, ['scalp', 'main']);
    expect(clash).toMatchObject({ kind: 'bad-input' });
    expect(clash!.message).toContain(`Profile name "${name}"`);
    expect(clash!.message).toContain('the existing profile "main"');
    expect(clash!.hint).toContain('Nothing was saved');
  });

  it('says which letters only look alike', () => {
    expect(profileNameClash('m\u0430in', ['main'])!.message).toContain('"\u0430" (U+0430) looks like "a"');
    expect(profileNameClash('MAIN', ['main'])!.message).toContain('only in letter case or width');
  });

  it('lets different names and the name itself through', () => {
    for (const name of ['mains', 'main-2', 'demo', 'm a i n', 'мой счёт']) expect(profileNameClash(name, ['main'])).toBeUndefined();
    expect(profileNameClash('main', ['main'])).toBeUndefined();
    expect(profileNameClash('main', [])).toBeUndefined();
  });
});
