// The answers the proxy sends instead of (or made from) the upstream's: rewritten positions, echoed headers, a gateway page.
import { STATUS_CODES } from 'node:http';
import type { ProxyMode } from './types.ts';

type Envelope = { code?: unknown; data?: unknown } & Record<string, unknown>;

function successEnvelope(status: number, body: string): Envelope | undefined {
  if (status < 200 || status >= 300) return undefined;
  try {
    const parsed = JSON.parse(body) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    return (parsed as Envelope).code === '00000' ? (parsed as Envelope) : undefined;
  } catch {
    return undefined;
  }
}

/** V2 all-position answers `data: [...]`, V3 current-position `data: {list: [...]}`. */
function positionList(data: unknown): Record<string, unknown>[] | undefined {
  if (Array.isArray(data)) return data as Record<string, unknown>[];
  if (typeof data === 'object' && data !== null && Array.isArray((data as { list?: unknown }).list)) {
    return (data as { list: Record<string, unknown>[] }).list;
  }
  return undefined;
}

/** The rewritten body of a successful positions answer, or undefined when there is nothing to rewrite. */
export function rewritePositions(
  mode: Extract<ProxyMode, { mode: 'positions-data-null' | 'positions-bad-size' }>,
  status: number,
  body: string,
): string | undefined {
  const envelope = successEnvelope(status, body);
  const list = envelope && positionList(envelope.data);
  if (!envelope || !list) return undefined;
  if (mode.mode === 'positions-data-null') {
    const isV3 = !Array.isArray(envelope.data);
    return JSON.stringify({ ...envelope, data: isV3 && mode.nullAt === 'list' ? {} : null });
  }
  if (list.length === 0) return undefined;
  const total = mode.total ?? 'abc';
  const rewritten = list.map((position) => ({ ...position, total }));
  return JSON.stringify({ ...envelope, data: Array.isArray(envelope.data) ? rewritten : { ...(envelope.data as object), list: rewritten } });
}

/** `Name: value` lines of the raw request headers, `first` (case-insensitive) moved to the front. */
function headerLines(rawHeaders: readonly string[], first: string | undefined): string[] {
  const lines: { name: string; line: string }[] = [];
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    lines.push({ name: rawHeaders[index]!.toLowerCase(), line: `${rawHeaders[index]}: ${rawHeaders[index + 1]}` });
  }
  const wanted = first?.toLowerCase();
  return [...lines.filter((entry) => entry.name === wanted), ...lines.filter((entry) => entry.name !== wanted)].map((entry) => entry.line);
}

export interface CannedAnswer {
  status: number;
  contentType: string;
  body: string;
}

export function echoHeaders(mode: Extract<ProxyMode, { mode: 'echo-headers' }>, rawHeaders: readonly string[], now: number): CannedAnswer {
  const lines = headerLines(rawHeaders, mode.firstHeader);
  const status = mode.status ?? 403;
  if (mode.format === 'json') {
    return {
      status,
      contentType: 'application/json',
      body: JSON.stringify({ code: mode.code ?? String(status), msg: `Request blocked; headers: ${lines.join('; ')}`, requestTime: now, data: null }),
    };
  }
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  return {
    status,
    contentType: 'text/html',
    body: `<html><body><pre>\n${lines.join('\n')}\n</pre><h1>${title}</h1><p>Request blocked by the firewall.</p></body></html>\n`,
  };
}

const GATEWAY_PAGE = (status: number) => `<html>
<head><title>${status} ${STATUS_CODES[status] ?? 'Error'}</title></head>
<body>
<center><h1>${status} ${STATUS_CODES[status] ?? 'Error'}</h1></center>
<hr><center>fault-proxy</center>
</body>
</html>
`;

export function readRefused(mode: Extract<ProxyMode, { mode: 'status-on-reads' }>): CannedAnswer {
  const status = mode.status ?? 502;
  return mode.body === undefined
    ? { status, contentType: 'text/html', body: GATEWAY_PAGE(status) }
    : { status, contentType: 'application/json', body: mode.body };
}
