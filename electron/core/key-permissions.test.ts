import { describe, expect, it } from 'vitest';
import { keyPermissions } from './key-permissions.ts';

const v2 = (authorities: string[]) => keyPermissions({ api: 'v2', userId: '1', authorities }, 'classic');
const statuses = (result: ReturnType<typeof keyPermissions>) => result.findings.map((finding) => `${finding.permission}: ${finding.status}`);

describe('what a key\'s listed permissions say about the close path', () => {
  it('the docs\' codes: read-write is yes, read only is no (named), a futures permission not listed at all is no', () => {
    expect(statuses(v2(['coow', 'cpow']))).toEqual(['futures orders write: yes', 'futures holdings write: yes']);
    expect(statuses(v2(['coor', 'cpow']))).toEqual(['futures orders write: no', 'futures holdings write: yes']);
    expect(v2(['coor', 'cpow']).findings[0]?.detail).toBe('read only (coor): the key needs coow');
    expect(statuses(v2(['stow']))).toEqual(['futures orders write: no', 'futures holdings write: no']);
  });

  it('the docs\' example names: trade is orders write, readonly alone is not; holdings are then not shown', () => {
    expect(statuses(v2(['trade', 'readonly']))).toEqual(['futures orders write: yes', 'futures holdings write: not shown']);
    expect(statuses(v2(['readonly']))).toEqual(['futures orders write: no', 'futures holdings write: not shown']);
  });

  it('names it does not know are reported as seen and decide nothing', () => {
    const result = v2(['futures_rw', 'coow', 'cpow']);
    expect(result.unknownNames).toEqual(['futures_rw']);
    expect(statuses(result)).toEqual(['futures orders write: yes', 'futures holdings write: yes']);
    expect(statuses(v2(['futures_rw']))).toEqual(['futures orders write: not shown', 'futures holdings write: not shown']);
  });

  it('unified: uta_trade is yes; read-only or a list without it is no; no list at all is not shown', () => {
    const v3 = (authorities: string[] | undefined, permType?: string) =>
      statuses(keyPermissions({ api: 'v3', userId: '1', ...(authorities ? { authorities } : {}), ...(permType ? { permType } : {}) }, 'unified'));
    expect(v3(['uta_mgt', 'uta_trade'])).toEqual(['unified trade: yes']);
    expect(v3(['uta_mgt'])).toEqual(['unified trade: no']);
    expect(v3([], 'read-only')).toEqual(['unified trade: no']);
    expect(v3(undefined)).toEqual(['unified trade: not shown']);
    expect(statuses(keyPermissions(undefined, 'classic'))).toEqual(['futures orders write: not shown', 'futures holdings write: not shown']);
  });
});
