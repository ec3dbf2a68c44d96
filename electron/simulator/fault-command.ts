// Faults typed by a person: `drop`, `hang times=3`, `http-status status=502`, `failure-list errorCode=40888 symbol=ETHUSDT`.
// Used by the simulator command's console and its --fault flags.
import type { Fault } from './types.ts';

export const FAULT_KINDS = [
  'delay', 'drop', 'hang', 'http-status', 'rate-limit', 'malformed', 'empty-body', 'html', 'error-code',
  'failure-list', 'close-partial', 'close-delayed', 'order-lag', 'reopen', 'cancel-failure',
  'replace-data', 'omit-data', 'item-field',
] as const;

const REQUIRED: Record<string, string[]> = {
  delay: ['ms'],
  'http-status': ['status'],
  'error-code': ['code'],
  'failure-list': ['errorCode'],
  'close-delayed': ['ms'],
  'order-lag': ['ms'],
  reopen: ['size'],
  'replace-data': ['data'],
  'item-field': ['field', 'value'],
};
const NUMERIC = new Set(['ms', 'status', 'times', 'remainingFraction', 'afterMs']);
const TEXT = new Set(['code', 'msg', 'errorCode', 'errorMsg', 'symbol', 'size', 'path', 'method', 'body', 'retryAfter', 'orderId', 'field', 'value']);
const BOOLEAN = new Set(['noData']);
const JSON_VALUE = new Set(['data']);

export const FAULT_HELP = `faults: ${FAULT_KINDS.join(', ')}
  options: key=value (times=N|Infinity, path=/api/..., method=POST, ms=, status=, code=, msg=, errorCode=, errorMsg=,
           symbol=, remainingFraction=, size=, afterMs=, retryAfter=, noData=true, orderId=, data=JSON, field=, value=);
           quote values with spaces: errorMsg="max size"
  examples: drop | hang times=Infinity | http-status status=502 | error-code code=40725 | error-code code=1001 retryAfter=1
            rate-limit retryAfter=2 | error-code code=40084 noData=true | replace-data data=null path=/api/v2/mix/position/all-position
            item-field field=total value=abc | omit-data | cancel-failure errorMsg=notExistend
            failure-list errorCode=40888 errorMsg="exceeds max flash close size" symbol=ETHUSDT | close-partial remainingFraction=0.5`;

export function parseFaultCommand(line: string): { ok: true; fault: Fault } | { ok: false; problem: string } {
  const words = line.match(/\w[\w-]*="[^"]*"|[^\s]+/g) ?? [];
  const [kind, ...options] = words;
  if (!kind || !(FAULT_KINDS as readonly string[]).includes(kind)) return { ok: false, problem: `unknown fault "${kind ?? ''}"` };
  const fault: Record<string, unknown> = { kind };
  for (const option of options) {
    const match = /^(\w+)=(.*)$/.exec(option);
    if (!match) return { ok: false, problem: `"${option}" is not key=value` };
    const [, key, rawValue] = match as unknown as [string, string, string];
    const value = rawValue.replace(/^"(.*)"$/, '$1');
    if (NUMERIC.has(key)) {
      const number = value === 'Infinity' ? Number.POSITIVE_INFINITY : Number(value);
      if (!Number.isFinite(number) && !(key === 'times' && number === Number.POSITIVE_INFINITY)) return { ok: false, problem: `${key} must be a number` };
      fault[key] = number;
    } else if (TEXT.has(key)) {
      fault[key] = key === 'method' ? value.toUpperCase() : value;
    } else if (BOOLEAN.has(key)) {
      if (value !== 'true' && value !== 'false') return { ok: false, problem: `${key} must be true or false` };
      fault[key] = value === 'true';
    } else if (JSON_VALUE.has(key)) {
      try {
        fault[key] = JSON.parse(value) as unknown;
      } catch {
        return { ok: false, problem: `${key} must be JSON (e.g. null, "text", {"list":[]})` };
      }
    } else {
      return { ok: false, problem: `unknown option "${key}"` };
    }
  }
  const missing = (REQUIRED[kind] ?? []).filter((key) => fault[key] === undefined);
  if (missing.length > 0) return { ok: false, problem: `${kind} needs ${missing.map((key) => `${key}=`).join(' ')}` };
  if (kind === 'failure-list' && fault.errorMsg === undefined) fault.errorMsg = 'refused by the simulator';
  return { ok: true, fault: fault as unknown as Fault };
}
