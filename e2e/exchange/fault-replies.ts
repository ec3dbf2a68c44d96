// The answers the transport faults send instead of a normal one.
import { STATUS_CODES } from 'node:http';
import { MESSAGES, jsonReply } from './responses.ts';
import type { Reply } from './responses.ts';
import type { TransportFaultKind } from './types.ts';

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
      if (fault.body !== undefined) return { status: fault.status, body: fault.body, contentType: 'application/json' };
      return jsonReply(fault.status, String(fault.status), STATUS_CODES[fault.status] ?? 'Server Error', requestTime, null);
    }
    case 'rate-limit':
      return jsonReply(429, '429', 'Too Many Requests', requestTime, null);
    case 'malformed': {
      const full = JSON.stringify({ code: '00000', msg: 'success', requestTime, data: { successList: [], failureList: [] } });
      return { status: 200, body: full.slice(0, Math.floor(full.length / 2)), contentType: 'application/json' };
    }
    case 'html':
      return { status: 502, body: CLOUDFLARE_502, contentType: 'text/html' };
    case 'error-code':
      return jsonReply(fault.status ?? 400, fault.code, fault.msg ?? (MESSAGES as Record<string, string>)[fault.code] ?? 'error', requestTime, null);
    default:
      return undefined;
  }
}
