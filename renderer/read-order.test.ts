import { describe, expect, it } from 'vitest';
import { createNewestValue, createReadOrder } from './read-order.ts';

function tracked() {
  const shown: string[] = [];
  return { shown, value: createNewestValue<string>((next) => shown.push(next)) };
}

describe('one value: the window keeps the newest', () => {
  it('a read answered after a push that overtook it does not undo the push', () => {
    const { shown, value } = tracked();
    const answer = value.reading();
    value.pushed('pushed');
    answer('read');
    expect(shown).toEqual(['pushed']);
  });

  it('a read answered before the next push is shown, then the push', () => {
    const { shown, value } = tracked();
    value.reading()('read');
    value.pushed('pushed');
    expect(shown).toEqual(['read', 'pushed']);
  });

  it('a read sent after a push is newer than it and is shown', () => {
    const { shown, value } = tracked();
    value.pushed('pushed');
    value.reading()('read');
    expect(shown).toEqual(['pushed', 'read']);
  });

  it('of two reads answered out of order, the later-asked one stays', () => {
    const { shown, value } = tracked();
    const first = value.reading();
    const second = value.reading();
    second('second');
    first('first');
    expect(shown).toEqual(['second']);
  });

  it('a read that is never answered (it failed) does not block a later one', () => {
    const { shown, value } = tracked();
    value.pushed('pushed');
    value.reading();
    value.reading()('read');
    expect(shown).toEqual(['pushed', 'read']);
  });
});

describe('keyed: one read answers for many keys, each push for one', () => {
  it('the answer sets every key except those pushed while it was on its way', () => {
    const order = createReadOrder<string>();
    order.pushed('before');
    const answered = order.reading();
    order.pushed('during');
    const mayShow = answered();
    expect(mayShow && ['before', 'during', 'never'].map((key) => [key, mayShow(key)])).toEqual([
      ['before', true],
      ['during', false],
      ['never', true],
    ]);
  });

  it('an answer older than one already shown sets nothing', () => {
    const order = createReadOrder<string>();
    const first = order.reading();
    const second = order.reading();
    expect(second()?.('a')).toBe(true);
    expect(first()).toBeUndefined();
  });
});
