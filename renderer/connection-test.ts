// What "Test connection" proved, in words: connected is not enough, the key must be able to close. Pure.
import type { ConnectionTestResult } from '../shared/bitget.ts';
import { modeWord } from './account.ts';
import { ms } from './format.ts';

export interface ConnectionVerdict {
  /** 'ok' only when the key is known to be able to close (or it is the practice account). */
  tone: 'ok' | 'warning' | 'error';
  headline: string;
  details: string[];
}

const PERMISSION_WORDS = { yes: 'yes', no: 'NO', 'not shown': 'not shown' } as const;

const plural = (count: number, one: string) => `${count} ${one}${count === 1 ? '' : 's'}`;

export function connectionVerdict(result: ConnectionTestResult): ConnectionVerdict {
  const account = `${modeWord(result)} “${result.profile}”`;
  const details = [
    `UID ${result.uid ?? 'not reported'}`,
    `endpoint ${result.endpoint ?? 'not reported'}`,
    `${result.accountKind} account, ${plural(result.openPositions, 'open position')}`,
    `round trip ${ms(result.latencyMs)}, clock offset ${ms(result.clockOffsetMs)}`,
    ...(result.permissions ?? []).map((finding) => `${finding.permission}: ${PERMISSION_WORDS[finding.status]} (${finding.detail})`),
    ...(result.unknownPermissionNames?.length ? [`permission names not known to this app (not used to decide): ${result.unknownPermissionNames.join(', ')}`] : []),
  ];
  if (result.practice) {
    return { tone: 'ok', headline: `${account}: the practice exchange answers and can close (simulated, no key, no network).`, details };
  }
  if (result.canClose === 'yes') return { tone: 'ok', headline: `Connected to ${account}: this key can read and close positions.`, details };
  if (result.canClose === 'no') {
    const missing = (result.permissions ?? []).filter((finding) => finding.status === 'no').map((finding) => finding.permission);
    const lacks = missing.length > 0 ? `This key lacks ${missing.join(' and ')}` : 'This key has no futures trade permission';
    return {
      tone: 'error',
      headline: `Connected to ${account}: can read, CANNOT CLOSE. ${lacks}, so the panic button would fail.`,
      details: [...details, `Fix: ${result.canCloseReason?.hint ?? 'on Bitget (API management) give this key futures trade permission (never withdrawal), then enter it again here.'}`],
    };
  }
  return {
    tone: 'warning',
    headline: `Connected to ${account}: it can read, but whether this key can close could not be learned.`,
    details: [...details, 'Check on Bitget (API management) that this key has futures trade permission.'],
  };
}
