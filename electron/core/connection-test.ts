// "Test connection": reads positions (which also settles classic vs unified), then learns the UID and whether the
// key may close, without trading: a cancel of an order id that cannot exist answers "order does not exist" to a
// trading key and a permission error to a read-only one. Anything else leaves it unknown, never yes. The key's listed
// permissions are read beside it: one that shows a permission the close path needs as missing makes it "cannot close".
import type { ConnectionTestResult, ExplainedError, Result } from '../../shared/bitget.ts';
import type { Account } from './bitget/account.ts';
import type { ProbeResult } from './bitget/endpoints.ts';
import { PERMISSION_CODES } from './bitget/errors.ts';
import { keyPermissions, type KeyPermissions } from './key-permissions.ts';

/** Answers to cancelling an order that does not exist: the exchange let the key try, so it may trade. */
const ORDER_DOES_NOT_EXIST_CODES: ReadonlySet<string> = new Set(['40768', '43025', '22001', '25204']);
const READ_TIMEOUT_MS = 5_000;

export interface ConnectionTestInput {
  account: Account;
  profile: { name: string; demo: boolean };
  practice: boolean;
  endpoint: string;
  /** Syncs the exchange clock; throws when the exchange cannot be reached. */
  syncClock(): Promise<number>;
}

export function closePermissionOf(answer: ProbeResult): Pick<ConnectionTestResult, 'canClose' | 'canCloseReason'> {
  if (answer.ok) {
    return {
      canClose: 'unknown',
      canCloseReason: {
        kind: 'unknown',
        message: 'The exchange answered "success" to cancelling an order that cannot exist, so its answer proves nothing.',
        hint: 'Check on Bitget (API management) that this key has futures trade permission.',
      },
    };
  }
  const code = answer.error.code;
  if (code !== undefined && ORDER_DOES_NOT_EXIST_CODES.has(code)) return { canClose: 'yes' };
  if (code !== undefined && PERMISSION_CODES.has(code)) {
    return {
      canClose: 'no',
      canCloseReason: {
        ...answer.error,
        message: `This key can read but not trade: the exchange refused a harmless test cancel with error ${code}. ${answer.error.message}`,
      },
    };
  }
  return {
    canClose: 'unknown',
    canCloseReason: {
      ...answer.error,
      message: `Whether this key may close could not be learned${code ? ` (error ${code})` : ''}: ${answer.error.message}`,
    },
  };
}

/** "Can close" stands only when the listed permissions do not say otherwise; a missing one is named. */
export function withListedPermissions(
  verdict: Pick<ConnectionTestResult, 'canClose' | 'canCloseReason'>,
  permissions: KeyPermissions,
): Pick<ConnectionTestResult, 'canClose' | 'canCloseReason'> {
  const missing = permissions.findings.filter((finding) => finding.status === 'no');
  // A refused test cancel already says "cannot close" with the exchange's own code.
  if (missing.length === 0 || verdict.canClose === 'no') return verdict;
  const named = missing.map((finding) => `${finding.permission}: ${finding.detail}`).join('; ');
  return {
    canClose: 'no',
    canCloseReason: {
      kind: 'permission',
      message: `This key's permissions on Bitget lack what a close needs (${named}).`,
      hint: missing.some((finding) => finding.permission === 'unified trade')
        ? 'On Bitget (API management) give this key UTA trade permission (never withdrawal), then enter it again here.'
        : 'On Bitget (API management) give this key futures orders and holdings read-write (never withdrawal), then enter it again here.',
    },
  };
}

export async function testConnection(input: ConnectionTestInput): Promise<Result<ConnectionTestResult>> {
  const started = performance.now();
  let clockOffsetMs: number;
  try {
    clockOffsetMs = await input.syncClock();
  } catch (error) {
    return { ok: false, error: unreachable(input.endpoint, error) };
  }
  const read = await input.account.positions('USDT-FUTURES', READ_TIMEOUT_MS);
  if (!read.ok) return read;
  const [probe, info] = await Promise.all([input.account.cancelImpossibleOrder(READ_TIMEOUT_MS), input.account.accountInfo(READ_TIMEOUT_MS)]);
  const permissions = keyPermissions(info.ok ? info.info : undefined, input.account.kind);
  return {
    ok: true,
    value: {
      profile: input.profile.name,
      demo: input.profile.demo,
      ...(input.practice ? { practice: true } : {}),
      accountKind: input.account.kind,
      openPositions: read.positions.length,
      clockOffsetMs,
      latencyMs: Math.round(performance.now() - started),
      endpoint: input.endpoint,
      ...withListedPermissions(closePermissionOf(probe), permissions),
      permissions: permissions.findings,
      ...(permissions.unknownNames.length > 0 ? { unknownPermissionNames: permissions.unknownNames } : {}),
      ...(info.ok ? { uid: info.info.userId } : {}),
    },
  };
}

function unreachable(where: string, error: unknown): ExplainedError {
  return { kind: 'network', message: `Could not reach the exchange at ${where} (${error instanceof Error ? error.message : String(error)}).`, hint: 'Check your internet connection, VPN or firewall.' };
}
