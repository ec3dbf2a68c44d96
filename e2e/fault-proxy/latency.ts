// A loopback TCP proxy that makes the network far away: every byte takes half a round trip each way, and a new
// connection first pays its handshakes (TCP, then TLS) before the client's first byte may leave. The bytes are
// forwarded unchanged, so it sits in front of the simulator like the internet sits in front of Bitget.
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface LatencyProxyOptions {
  /** The upstream's base URL (the simulator's `url`). */
  upstream: string;
  /** Round trip added to every exchange of bytes, milliseconds. */
  rttMs: number;
  /** Round trips a new connection spends before its first request can leave: 2 models TCP + TLS 1.3 (default). */
  handshakeRtts?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export interface LatencyProxy {
  /** e.g. http://127.0.0.1:40123 — the upstream's scheme, this proxy's address. */
  readonly url: string;
  readonly rttMs: number;
  /** Connections the clients opened so far (each paid the handshakes). */
  readonly connections: number;
  /** Stops listening and destroys every connection. */
  close(): Promise<void>;
}

type Item = { at: number; chunk: Buffer } | { at: number; end: true };

/** One direction of a connection: bytes leave in order, each no sooner than its release time. */
function delayedPipe(from: Socket, to: Socket, releaseAt: (arrivedAt: number) => number): void {
  const queue: Item[] = [];
  let timer: NodeJS.Timeout | undefined;
  let lastAt = 0;
  const pump = () => {
    timer = undefined;
    const now = performance.now();
    while (queue.length > 0 && queue[0]!.at <= now) {
      const item = queue.shift()!;
      if (to.destroyed) return;
      if ('end' in item) to.end();
      else to.write(item.chunk);
    }
    if (queue.length > 0) timer = setTimeout(pump, Math.max(0, queue[0]!.at - now));
  };
  const push = (item: Item) => {
    queue.push(item);
    if (queue.length === 1 && timer === undefined) timer = setTimeout(pump, Math.max(0, item.at - performance.now()));
  };
  const schedule = () => {
    lastAt = Math.max(lastAt, releaseAt(performance.now()));
    return lastAt;
  };
  from.on('data', (chunk: Buffer) => push({ at: schedule(), chunk }));
  from.on('end', () => push({ at: schedule(), end: true }));
  to.on('close', () => {
    if (timer) clearTimeout(timer);
    queue.length = 0;
  });
}

export async function startLatencyProxy(options: LatencyProxyOptions): Promise<LatencyProxy> {
  const upstream = new URL(options.upstream);
  const upstreamPort = Number(upstream.port || (upstream.protocol === 'https:' ? 443 : 80));
  const oneWay = options.rttMs / 2;
  const handshakeMs = (options.handshakeRtts ?? 2) * options.rttMs;
  const sockets = new Set<Socket>();
  let connections = 0;

  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };

  const server: Server = createServer((client) => {
    connections += 1;
    const requestsMayLeaveAt = performance.now() + handshakeMs;
    const server = connect(upstreamPort, upstream.hostname);
    track(client);
    track(server);
    client.setNoDelay(true);
    server.setNoDelay(true);
    client.on('close', () => server.destroy());
    server.on('close', () => client.destroy());
    delayedPipe(client, server, (arrivedAt) => Math.max(arrivedAt, requestsMayLeaveAt) + oneWay);
    delayedPipe(server, client, (arrivedAt) => arrivedAt + oneWay);
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${upstream.protocol}//${host}:${port}`,
    rttMs: options.rttMs,
    get connections() {
      return connections;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}
