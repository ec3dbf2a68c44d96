// What a key's listed permissions say about the close path, permission by permission. Pure.
// Classic keys: the docs' table codes (coow/coor futures orders read-write/read, cpow/cpor futures holdings); the docs'
// example names (`trade`, `readonly`) are read too. Unified keys: `uta_trade` in V3 account info. Any other name is
// reported as seen and never interpreted.
import type { KeyPermissionFinding } from '../../shared/bitget.ts';
import type { AccountInfo } from './bitget/account-info.ts';

/** Every name of the docs' V2 table, read only and read-write. */
const V2_CODES: ReadonlySet<string> = new Set([
  'coor', 'cpor', 'stor', 'smor', 'ttor', 'wtor', 'taxr', 'chor', 'p2pr', 'pllr',
  'coow', 'cpow', 'stow', 'smow', 'ttow', 'wtow', 'wwow', 'chow', 'p2p', 'pllw', 'taxw',
]);
/** The docs' example of the same field. */
const V2_EXAMPLE_NAMES: ReadonlySet<string> = new Set(['trade', 'readonly']);
/** The names the V3 docs list. */
const V3_NAMES: ReadonlySet<string> = new Set(['uta_mgt', 'uta_trade', 'withdraw', 'copy_futures_position', 'copy_futures_order']);

export interface KeyPermissions {
  findings: KeyPermissionFinding[];
  /** Names the exchange listed that this app does not know: shown as seen, never interpreted. */
  unknownNames: string[];
}

function codeFinding(permission: string, authorities: readonly string[], write: string, readOnly: string): KeyPermissionFinding {
  if (authorities.includes(write)) return { permission, status: 'yes', detail: `read-write (${write})` };
  if (authorities.includes(readOnly)) return { permission, status: 'no', detail: `read only (${readOnly}): the key needs ${write}` };
  return { permission, status: 'no', detail: `not in the key's permissions (neither ${write} nor ${readOnly})` };
}

function notShown(permission: string, why: string): KeyPermissionFinding {
  return { permission, status: 'not shown', detail: why };
}

function classicFindings(authorities: readonly string[]): KeyPermissionFinding[] {
  if (authorities.some((name) => V2_CODES.has(name))) {
    return [codeFinding('futures orders write', authorities, 'coow', 'coor'), codeFinding('futures holdings write', authorities, 'cpow', 'cpor')];
  }
  const holdings = notShown('futures holdings write', 'the exchange listed no holdings permission code (cpow/cpor)');
  if (authorities.includes('trade')) return [{ permission: 'futures orders write', status: 'yes', detail: 'trade' }, holdings];
  if (authorities.includes('readonly')) return [{ permission: 'futures orders write', status: 'no', detail: 'read only (readonly, no trade)' }, holdings];
  return [notShown('futures orders write', 'no permission name this app knows was listed'), holdings];
}

function unifiedFindings(info: AccountInfo, authorities: readonly string[]): KeyPermissionFinding[] {
  const permission = 'unified trade';
  if (authorities.includes('uta_trade')) return [{ permission, status: 'yes', detail: 'uta_trade' }];
  if (info.permType === 'read-only') return [{ permission, status: 'no', detail: 'the key is read only (permType read-only)' }];
  if (authorities.some((name) => V3_NAMES.has(name))) return [{ permission, status: 'no', detail: 'uta_trade is not in the key\'s permissions' }];
  return [notShown(permission, 'no permission name this app knows was listed')];
}

/** `info` undefined: the exchange did not list the key's permissions. */
export function keyPermissions(info: AccountInfo | undefined, accountKind: 'classic' | 'unified'): KeyPermissions {
  const unlisted = 'the exchange did not list the key\'s permissions';
  if (!info?.authorities) {
    const needed = accountKind === 'unified' ? ['unified trade'] : ['futures orders write', 'futures holdings write'];
    return { findings: needed.map((permission) => notShown(permission, unlisted)), unknownNames: [] };
  }
  const authorities = info.authorities;
  const known = info.api === 'v3' ? V3_NAMES : new Set([...V2_CODES, ...V2_EXAMPLE_NAMES]);
  return {
    findings: info.api === 'v3' ? unifiedFindings(info, authorities) : classicFindings(authorities),
    unknownNames: authorities.filter((name) => !known.has(name)),
  };
}
