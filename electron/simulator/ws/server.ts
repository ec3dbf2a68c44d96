// The simulator's WebSocket endpoints on its HTTP(S) server: upgrade requests for the four documented paths go to a
// protocol session each; anything else is refused with 404. Faults for tests: drop, silence, refuse logins or
// subscriptions, block a path, send any frame.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { endpointOf, type WsError } from './protocol.ts';
import { WsSession, type PushRewrite, type WsAccountSource, type WsLimits } from './session.ts';

/** One WebSocket connection as the simulator saw it. */
export interface WsConnectionLog {
  readonly id: number;
  /** The path connected to, e.g. /v2/ws/private (with /wspap in front for the demo host). */
  readonly path: string;
  /** Every text frame received, in order; login frames without passphrase and sign. */
  readonly frames: readonly string[];
  readonly open: boolean;
}

export interface WsControl {
  /** Every connection since the start, oldest first. */
  readonly connections: readonly WsConnectionLog[];
  /** Closes every open socket now (code 1006-like: the TCP connection is destroyed without a close frame). */
  drop(): void;
  /** Every open socket goes quiet: no pong, no push, no close (a dead link). New connections are not affected. */
  silence(): void;
  /** While set, every login is answered with this error (the socket stays open, as live); `undefined` lifts it. */
  refuseLogin(error: WsError | undefined): void;
  /**
   * While set, a subscribe whose arg has every field of `match` (values compared case-insensitively) is answered
   * `{"event":"error","arg":…,"code":…,"msg":…}` (default 30016 "Param error"), or not at all ('no answer');
   * `undefined` lifts it.
   */
  refuseSubscriptions(match: Record<string, string> | undefined, error?: WsError | 'no answer'): void;
  /** While set, upgrades to this path (e.g. /v2/ws/public) are refused with 404, as a blocked path; `undefined` lifts it. */
  blockPath(path: string | undefined): void;
  /** Sends this text frame to every open socket on `path` (all when absent), whatever it subscribed to. */
  send(text: string, path?: string): void;
  /** While set, the data of every push passes through `rewrite` first (absurd marks, a silent ticker, bad items). */
  rewritePushes(rewrite: PushRewrite | undefined): void;
  /** Limits for connections opened from now on (timeouts short in tests). */
  setLimits(limits: Partial<WsLimits>): void;
  /** Closes every socket and stops accepting upgrades. */
  close(): void;
}

interface Connection {
  log: { id: number; path: string; frames: string[]; open: boolean };
  socket: WebSocket;
  session: WsSession;
}

function argHas(arg: unknown, match: Record<string, string>): boolean {
  if (typeof arg !== 'object' || arg === null) return false;
  const fields = arg as Record<string, unknown>;
  return Object.entries(match).every(([key, value]) => typeof fields[key] === 'string' && (fields[key] as string).toLowerCase() === value.toLowerCase());
}

export function attachWebSockets(server: Server, source: WsAccountSource, initialLimits: Partial<WsLimits> = {}): WsControl {
  const wss = new WebSocketServer({ noServer: true, autoPong: false });
  const connections: Connection[] = [];
  const logs: WsConnectionLog[] = [];
  let refusal: WsError | undefined;
  let subscriptionRefusal: { match: Record<string, string>; error: WsError | 'no answer' } | undefined;
  let blockedPath: string | undefined;
  let rewrite: PushRewrite | undefined;
  let limits = { ...initialLimits };
  let closed = false;

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const endpoint = endpointOf(new URL(request.url ?? '/', 'http://simulator').pathname);
    if (!endpoint || closed || new URL(request.url ?? '/', 'http://simulator').pathname === blockedPath) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      const log = { id: logs.length + 1, path: new URL(request.url ?? '/', 'http://simulator').pathname, frames: [] as string[], open: true };
      logs.push(log);
      const session = new WsSession({
        ...endpoint,
        source,
        limits,
        loginRefusal: () => refusal,
        subscriptionRefusal: (arg) => (subscriptionRefusal && argHas(arg, subscriptionRefusal.match) ? subscriptionRefusal.error : undefined),
        rewritePush: () => rewrite,
        onFrame: (text) => log.frames.push(text),
        transport: { send: (text) => ws.send(text), close: (code, reason) => ws.close(code, reason) },
      });
      const connection: Connection = { log, socket: ws, session };
      connections.push(connection);
      ws.on('message', (data, isBinary) => {
        if (!isBinary) session.receive(data.toString());
      });
      // Protocol-level pings are answered too, unless the link is silenced (then nothing is).
      ws.on('ping', (data) => {
        if (!session.silenced) ws.pong(data);
      });
      ws.on('close', () => {
        log.open = false;
        session.dispose();
        connections.splice(connections.indexOf(connection), 1);
      });
      ws.on('error', () => ws.terminate());
    });
  };
  server.on('upgrade', onUpgrade);

  return {
    connections: logs,
    drop() {
      for (const connection of [...connections]) connection.socket.terminate();
    },
    silence() {
      for (const connection of connections) connection.session.silence();
    },
    refuseLogin(error) {
      refusal = error;
    },
    refuseSubscriptions(match, error = { code: '30016', msg: 'Param error' }) {
      subscriptionRefusal = match ? { match, error } : undefined;
    },
    blockPath(path) {
      blockedPath = path;
    },
    send(text, path) {
      for (const connection of connections) {
        if ((path === undefined || connection.log.path === path) && connection.socket.readyState === connection.socket.OPEN) connection.socket.send(text);
      }
    },
    rewritePushes(next) {
      rewrite = next;
    },
    setLimits(next) {
      limits = { ...limits, ...next };
    },
    close() {
      closed = true;
      server.off('upgrade', onUpgrade);
      for (const connection of [...connections]) connection.socket.terminate();
      wss.close();
    },
  };
}
