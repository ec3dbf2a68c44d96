// A tiny Bitget-like WebSocket server for the feed's tests: answers string pings, the login frame and subscribes in
// the documented shapes (docs/ws-protocol.md), and lets a test push frames copied from the docs, drop or silence it.
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface FakeConnection {
  path: string;
  socket: WebSocket;
  received: string[];
  loggedIn: boolean;
  subscribed: Record<string, string>[];
}

export interface FakeServer {
  url: string;
  connections: FakeConnection[];
  /** Answer logins with this error code (e.g. "30011"), or accept them (undefined); as an `error` or a `login` event. */
  refuseLogin(code: string | undefined, event?: 'error' | 'login'): void;
  /** Stop answering pings (a dead link that stays open). */
  silence(on: boolean): void;
  /** Close every connection; with `refuse`, also close new ones at once until called again without. */
  drop(options?: { refuse?: boolean }): void;
  /** Sends a frame to every open connection on `path` subscribed to a channel/topic named `name`. */
  push(path: string, name: string, frame: unknown): void;
  /** On each subscribe to channel/topic `name`, answer with this frame (after the ack); undefined sends nothing. */
  onSubscribe(name: string, frame: (arg: Record<string, string>) => unknown): void;
  waitFor(check: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export const TEST_KEY = { apiKey: 'bg_testkey_0123456789', secretKey: 'test-secret-abcdef', passphrase: 'pass-phrase-xyz' };

export async function startFakeServer(): Promise<FakeServer> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const connections: FakeConnection[] = [];
  let refusedCode: string | undefined;
  let refusalEvent: 'error' | 'login' = 'error';
  let silent = false;
  let refuseConnections = false;
  const onSubscribe = new Map<string, (arg: Record<string, string>) => unknown>();

  server.on('connection', (socket, request) => {
    const connection: FakeConnection = { path: request.url ?? '', socket, received: [], loggedIn: false, subscribed: [] };
    connections.push(connection);
    if (refuseConnections) {
      socket.close();
      return;
    }
    socket.on('message', (data) => {
      const text = data.toString();
      connection.received.push(text);
      if (text === 'ping') {
        if (!silent) socket.send('pong');
        return;
      }
      const frame = JSON.parse(text) as { op: string; args: Record<string, string>[] };
      if (frame.op === 'login') {
        const [arg] = frame.args;
        const expected = createHmac('sha256', TEST_KEY.secretKey).update(`${arg!.timestamp}GET/user/verify`).digest('base64');
        const good = arg!.apiKey === TEST_KEY.apiKey && arg!.passphrase === TEST_KEY.passphrase && arg!.sign === expected;
        if (refusedCode || !good) {
          socket.send(JSON.stringify({ event: refusalEvent, code: refusedCode ?? '30015', msg: refusedCode === '30011' ? 'Invalid ACCESS_KEY' : 'Invalid signature' }));
          socket.close();
          return;
        }
        connection.loggedIn = true;
        socket.send(JSON.stringify({ event: 'login', code: '0', msg: '' }));
        return;
      }
      if (frame.op === 'subscribe') {
        for (const arg of frame.args) {
          const name = arg.channel ?? arg.topic ?? '';
          if (connection.path.includes('private') && !connection.loggedIn) {
            socket.send(JSON.stringify({ event: 'error', arg, code: '30004', msg: 'User needs to log in' }));
            continue;
          }
          connection.subscribed.push(arg);
          socket.send(JSON.stringify({ event: 'subscribe', arg }));
          const answer = onSubscribe.get(name)?.(arg);
          if (answer !== undefined) socket.send(JSON.stringify(answer));
        }
        return;
      }
      if (frame.op === 'unsubscribe') {
        for (const arg of frame.args) {
          connection.subscribed = connection.subscribed.filter((known) => JSON.stringify(known) !== JSON.stringify(arg));
          socket.send(JSON.stringify({ event: 'unsubscribe', arg }));
        }
      }
    });
  });

  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    connections,
    refuseLogin: (code, event = 'error') => {
      refusedCode = code;
      refusalEvent = event;
    },
    silence: (on) => {
      silent = on;
    },
    drop: (options = {}) => {
      refuseConnections = options.refuse === true;
      for (const connection of connections) connection.socket.terminate();
    },
    push: (path, name, frame) => {
      for (const connection of connections) {
        if (connection.path !== path || connection.socket.readyState !== connection.socket.OPEN) continue;
        if (!connection.subscribed.some((arg) => (arg.channel ?? arg.topic) === name)) continue;
        connection.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
      }
    },
    onSubscribe: (name, frame) => {
      onSubscribe.set(name, frame);
    },
    async waitFor(check, timeoutMs = 3_000) {
      const started = Date.now();
      while (!check()) {
        if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close: async () => {
      for (const connection of connections) connection.socket.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
