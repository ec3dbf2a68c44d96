import { describe, expect, it } from 'vitest';
import type { GuardStatus } from '../shared/guard.ts';
import { createReadOrder } from './read-order.ts';
import { guardsAfterRead } from './useGuards.ts';

const status = (profile: string, state: GuardStatus['state']): GuardStatus => ({ profile, mode: 'demo', state, messages: [] });
const states = (statuses: GuardStatus[]) => statuses.map((item) => `${item.profile}:${item.state}`);

describe('every guard after a read', () => {
  it("a guard pushed while the read was on its way keeps its pushed state; the others take the read's", () => {
    const order = createReadOrder<string>();
    const answered = order.reading();
    order.pushed('b');
    const shown = [status('a', 'watching'), status('b', 'tripped')];
    const read = [status('a', 'warning'), status('b', 'watching'), status('c', 'disarmed')];
    expect(states(guardsAfterRead(shown, read, answered()!))).toEqual(['a:warning', 'b:tripped', 'c:disarmed']);
  });

  it('a profile the read no longer lists is gone, unless it was pushed while the read was on its way', () => {
    const order = createReadOrder<string>();
    const answered = order.reading();
    order.pushed('new');
    const shown = [status('removed', 'watching'), status('new', 'watching')];
    expect(states(guardsAfterRead(shown, [status('a', 'disarmed')], answered()!))).toEqual(['a:disarmed', 'new:watching']);
  });

  it('the first read, with nothing shown yet, shows every guard in profile order', () => {
    const answered = createReadOrder<string>().reading();
    expect(states(guardsAfterRead(null, [status('b', 'watching'), status('a', 'disarmed')], answered()!))).toEqual(['a:disarmed', 'b:watching']);
  });
});
