// The answers the transport faults send instead of a normal one, and the rewrites the answer faults make.
import { MESSAGES, codeAndMsgReply, errorReply, jsonReply, tooManyRequests } from './responses.ts';
import type { Reply } from './responses.ts';
import type { AnswerFaultKind, TransportFaultKind } from './types.ts';

/**
 * The reason phrases of the statuses an http-status fault sends (node:http's STATUS_CODES). Not imported from
 * node:http: an ESM import of it builds that module's whole namespace, whose lazy WebSocket getter loads Node's
 * internal undici, about 20 ms at every start of the CLI (which carries practice mode's simulator).
 */
const REASON_PHRASES: Readonly<Record<number, string>> = { 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };

const retryAfterHeader = (retryAfter: string | undefined) => (retryAfter === undefined ? undefined : { 'Retry-After': retryAfter });

const CLOUDFLARE_502 = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>cloudflare</center>
</body>
</html>
`;

/** The reply a fault sends, or undefined for the faults that do not answer here (delay, drop, hang). */
export function faultReply(fault: TransportFaultKind, requestTime: number): Reply | undefined {
  switch (fault.kind) {
    case 'http-status': {
      const headers = retryAfterHeader(fault.retryAfter);
      if (fault.body !== undefined) return { status: fault.status, body: fault.body, contentType: 'application/json', ...(headers ? { headers } : {}) };
      return jsonReply(fault.status, String(fault.status), REASON_PHRASES[fault.status] ?? 'Server Error', requestTime, null, headers);
    }
    case 'rate-limit':
      return errorReply(tooManyRequests(fault.retryAfter), requestTime);
    case 'malformed': {
      const full = JSON.stringify({ code: '00000', msg: 'success', requestTime, data: { successList: [], failureList: [] } });
      return { status: 200, body: full.slice(0, Math.floor(full.length / 2)), contentType: 'application/json' };
    }
    case 'empty-body':
      return { status: 200, body: '', contentType: 'application/json' };
    case 'html':
      return { status: 502, body: CLOUDFLARE_502, contentType: 'text/html' };
    case 'error-code': {
      const msg = fault.msg ?? (MESSAGES as Record<string, string>)[fault.code] ?? 'error';
      const headers = retryAfterHeader(fault.retryAfter);
      if (fault.noData) return codeAndMsgReply(fault.status ?? 400, fault.code, msg, headers);
      return jsonReply(fault.status ?? 400, fault.code, msg, requestTime, null, headers);
    }
    default:
      return undefined;
  }
}

function withField(items: unknown, field: string, value: unknown): unknown {
  if (!Array.isArray(items)) return items;
  return items.map((item: unknown) => (typeof item === 'object' && item !== null ? { ...item, [field]: value } : item));
}

/** A success answer as an answer fault rewrites it. */
export function answerFaultReply(fault: AnswerFaultKind, requestTime: number, data: unknown): Reply {
  const base = { status: 200, code: '00000', contentType: 'application/json' };
  switch (fault.kind) {
    case 'replace-data':
      return { ...base, body: JSON.stringify({ code: '00000', msg: 'success', requestTime, data: fault.data }) };
    case 'omit-data':
      return { ...base, body: JSON.stringify({ code: '00000', msg: 'success', requestTime }) };
    case 'item-field': {
      const rewritten =
        typeof data === 'object' && data !== null && !Array.isArray(data) && 'list' in data
          ? { ...data, list: withField(data.list, fault.field, fault.value) }
          : withField(data, fault.field, fault.value);
      return { ...base, body: JSON.stringify({ code: '00000', msg: 'success', requestTime, data: rewritten }) };
    }
  }
}
