// A real loopback HTTP proxy between the client and the exchange simulator. The client's bytes (headers, body,
// query) reach the upstream unchanged, so signatures still verify; rules switched at runtime break the answers.
import { Agent, createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { echoHeaders, readRefused, rewritePositions, type CannedAnswer } from './rewrite.ts';
import { RuleSet } from './rules.ts';
import type { ProxyLogEntry, ProxyRule, RuleHandle } from './types.ts';

export type * from './types.ts';
export { CLOSE_PATHS, POSITIONS_PATHS } from './types.ts';

export interface FaultProxy {
  /** e.g. http://127.0.0.1:40123 — give it to the client as its base URL. */
  readonly url: string;
  /** Every request that arrived, in arrival order; entries fill in as the answer goes out. */
  readonly log: readonly ProxyLogEntry[];
  add(rule: ProxyRule): RuleHandle;
  clear(): void;
  /** Stops listening and destroys every connection, both sides, hung ones included. */
  close(): Promise<void>;
}

export interface FaultProxyOptions {
  /** The upstream's base URL (the simulator's `url`); plain http only. */
  upstream: string;
  /** Default 127.0.0.1. */
  host?: string;
}

/** Hop-by-hop headers are the connection's own; everything else goes upstream as the client sent it. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host', 'content-length']);

function readBody(message: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
    message.on('end', () => resolve(Buffer.concat(chunks)));
    message.on('error', reject);
  });
}

function loggedHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined && name !== 'access-passphrase') headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

interface UpstreamAnswer {
  status: number;
  contentType: string;
  body: string;
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const upstream = new URL(options.upstream);
  if (upstream.protocol !== 'http:') throw new Error(`fault proxy: upstream ${options.upstream} is not plain http`);
  const agent = new Agent({ keepAlive: true });
  const rules = new RuleSet();
  const log: ProxyLogEntry[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  function forward(request: IncomingMessage, body: Buffer): Promise<UpstreamAnswer> {
    const headers: string[] = ['Host', upstream.host];
    for (let index = 0; index + 1 < request.rawHeaders.length; index += 2) {
      const name = request.rawHeaders[index]!;
      if (!HOP_BY_HOP.has(name.toLowerCase())) headers.push(name, request.rawHeaders[index + 1]!);
    }
    if (body.length > 0 || request.method === 'POST') headers.push('Content-Length', String(body.length));
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers, agent },
        (incoming) => {
          readBody(incoming).then(
            (answer) =>
              resolve({
                status: incoming.statusCode ?? 0,
                contentType: String(incoming.headers['content-type'] ?? 'application/json'),
                body: answer.toString('utf8'),
              }),
            reject,
          );
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  function send(response: ServerResponse, entry: ProxyLogEntry, answer: CannedAnswer | UpstreamAnswer): void {
    entry.status = answer.status;
    entry.answer = answer.body;
    if (response.destroyed) return;
    entry.answeredAt = Date.now();
    response.writeHead(answer.status, { 'Content-Type': answer.contentType, 'Content-Length': Buffer.byteLength(answer.body) });
    response.end(answer.body);
  }

  /** The head and the first bytes of the answer, then the socket is destroyed: the client sees a connection reset. */
  function reset(response: ServerResponse, entry: ProxyLogEntry, answer: UpstreamAnswer, afterBytes: number): void {
    entry.status = 'reset';
    entry.rewritten = true;
    const bytes = Buffer.from(answer.body);
    const sent = bytes.subarray(0, Math.max(0, Math.min(afterBytes, bytes.length - 1)));
    if (response.destroyed) return;
    entry.answeredAt = Date.now();
    response.writeHead(answer.status, { 'Content-Type': answer.contentType, 'Content-Length': bytes.length });
    response.write(sent, () => response.socket?.destroy());
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const [path = '', ...rest] = (request.url ?? '').split('?');
    const method = (request.method ?? 'GET').toUpperCase();
    const entry: ProxyLogEntry = {
      method,
      path,
      query: rest.join('?'),
      body: '',
      headers: loggedHeaders(request),
      receivedAt: Date.now(),
      forwarded: false,
      rewritten: false,
      delivered: false,
    };
    log.push(entry);
    response.on('close', () => {
      entry.answeredAt ??= Date.now();
      entry.ms = entry.answeredAt - entry.receivedAt;
      entry.delivered = response.writableFinished;
    });
    const body = await readBody(request);
    entry.body = body.toString('utf8');
    const rule = rules.take(method, path);
    if (rule) entry.mode = rule.mode;

    if (rule?.mode === 'echo-headers' || rule?.mode === 'status-on-reads') {
      entry.rewritten = true;
      const canned = rule.mode === 'echo-headers' ? echoHeaders(rule, request.rawHeaders, Date.now()) : readRefused(rule);
      send(response, entry, canned);
      if (rule.mode === 'echo-headers') delete entry.answer;
      return;
    }
    if (rule?.mode === 'delay' && rule.beforeForwardMs) await sleep(rule.beforeForwardMs);
    if (closed) return;
    entry.forwarded = true;
    let answer: UpstreamAnswer;
    try {
      answer = await forward(request, body);
    } catch {
      // The upstream dropped the connection: so does the proxy.
      entry.status = 'reset';
      response.socket?.destroy();
      return;
    }
    entry.upstream = { status: answer.status, body: answer.body };
    if (rule?.mode === 'delay' && rule.beforeAnswerMs) await sleep(rule.beforeAnswerMs);
    if (closed) return;
    if (rule?.mode === 'reset') return reset(response, entry, answer, rule.afterBytes ?? 16);
    if (rule?.mode === 'positions-data-null' || rule?.mode === 'positions-bad-size') {
      const rewritten = rewritePositions(rule, answer.status, answer.body);
      if (rewritten !== undefined) {
        entry.rewritten = true;
        answer = { ...answer, body: rewritten };
      }
    }
    send(response, entry, answer);
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error('fault proxy: request failed', error);
      response.socket?.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 0;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, options.host ?? '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });

  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    log,
    add: (rule) => rules.add(rule),
    clear: () => rules.clear(),
    close() {
      closed = true;
      rules.clear();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      agent.destroy();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}
