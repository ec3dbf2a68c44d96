// "Test connection": reads positions (which also settles classic vs unified), then learns the UID and whether the
// key may close, without trading: a cancel of an order id that cannot exist answers "order does not exist" to a
// trading key and a permission error to a read-only one. Anything else leaves it unknown, never yes.
import type { ConnectionTestResult, ExplainedError, Result } from '../../shared/bitget.ts';
import type { Account } from './bitget/account.ts';
import type { ProbeResult } from './bitget/endpoints.ts';
import { PERMISSION_CODES } from './bitget/errors.ts';

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
      ...closePermissionOf(probe),
      ...(info.ok ? { uid: info.info.userId } : {}),
    },
  };
}

function unreachable(where: string, error: unknown): ExplainedError {
  return { kind: 'network', message: `Could not reach the exchange at ${where} (${error instanceof Error ? error.message : String(error)}).`, hint: 'Check your internet connection, VPN or firewall.' };
}
