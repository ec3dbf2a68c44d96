// The Bitget exchange simulator as a library: start it, add accounts, inject faults, read what arrived.
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { FaultRegistry } from './faults.ts';
import { handleRequest } from './pipeline.ts';
import type { Pipeline } from './pipeline.ts';
import { RateLimiter } from './rate-limit.ts';
import type { PublicRouteDefinition } from './route.ts';
import { BALANCE_ROUTES, marketRoutes, markFromPositions } from './balances-and-marks.ts';
import { ORDER_DETAIL_ROUTES } from './order-details.ts';
import { V2_CLOSE_PATH, V2_ROUTES } from './routes-v2.ts';
import { V3_CLOSE_PATH, V3_ROUTES } from './routes-v3.ts';
import { Scheduler } from './scheduler.ts';
import { AccountStore, setMarkPriceOf, viewOf } from './state.ts';
import { contractDefaults } from './contracts.ts';
import { makeSelfSignedCertificate } from './tls.ts';
import { attachWebSockets, type WsControl } from './ws/server.ts';
import type {
  AccountKind,
  AccountSpec,
  AnswerShapes,
  AccountView,
  Credentials,
  ExchangeOptions,
  Fault,
  FaultHandle,
  LiveProductType,
  RequestLogEntry,
} from './types.ts';

export type * from './types.ts';
export type { WsControl, WsConnectionLog } from './ws/server.ts';
export type { WsLimits } from './ws/session.ts';
export { prehash, sign } from './auth.ts';

export interface ExchangeClock {
  /** The server's clock is Date.now() + skewMs; used for /api/v2/public/time and timestamp checks. */
  skewMs: number;
  now(): number;
}

export interface ExchangeFaults {
  add(fault: Fault): FaultHandle;
  clear(): void;
}

export interface Exchange {
  /** e.g. http://127.0.0.1:40123 (https:// with tls). */
  readonly url: string;
  readonly port: number;
  /** The self-signed certificate (PEM) when started with tls. */
  readonly certificatePem: string | undefined;
  readonly clock: ExchangeClock;
  readonly faults: ExchangeFaults;
  /** Every request that arrived (public ones and unknown keys included), in arrival order. */
  readonly requests: readonly RequestLogEntry[];
  addAccount(spec?: AccountSpec): Credentials;
  /** A live view of one account's state and request log. */
  account(apiKey: string): AccountView;
  accounts(): AccountView[];
  /** Models an account migrated to (or from) the unified trading account. */
  setKind(apiKey: string, kind: AccountKind): void;
  /** The answer shapes sent where the live exchange and its docs differ (default 'live'; see AnswerShapes). */
  readonly shapes: AnswerShapes;
  setShapes(shapes: AnswerShapes): void;
  /** Moves a contract's mark price for every account holding it (unrealized PnL and equity follow). */
  setMarkPrice(productType: LiveProductType, symbol: string, price: string): void;
  /** The contract's mark price now (the last one set, else the contract's default). */
  markPrice(productType: LiveProductType, symbol: string): string;
  /**
   * Called whenever an account may have changed (a request was handled, a timer ran, a test changed state);
   * undefined: any account. Listeners compare what they show. Returns the unsubscribe function.
   */
  onChange(listener: (apiKey: string | undefined) => void): () => void;
  /**
   * The WebSocket endpoints (docs/ws-protocol.md): ws(s)://host:port/v2/ws/private, /v2/ws/public, /v3/ws/private,
   * /v3/ws/public, and the same behind /wspap for the demo host. Faults and the log of frames received.
   */
  readonly ws: WsControl;
  /** e.g. ws://127.0.0.1:40123 (wss:// with tls): the base the WebSocket paths go after. */
  readonly wsUrl: string;
  /** Stops listening and destroys every open socket, hung ones included. */
  close(): Promise<void>;
}

const PUBLIC_ROUTES: readonly PublicRouteDefinition[] = [
  { method: 'GET', path: '/api/v2/public/time', handle: (serverNow) => ({ serverTime: String(serverNow) }) },
];

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

export async function startExchange(options: ExchangeOptions = {}): Promise<Exchange> {
  const host = options.host ?? '127.0.0.1';
  const store = new AccountStore();
  const faults = new FaultRegistry();
  const scheduler = new Scheduler(() => store.changed());
  const clock: ExchangeClock = {
    skewMs: 0,
    now() {
      return Date.now() + this.skewMs;
    },
  };
  const marks = new Map<string, string>();
  let shapes: AnswerShapes = options.shapes ?? 'live';
  const pipeline: Pipeline = {
    store,
    faults,
    limiter: new RateLimiter(),
    scheduler,
    publicRoutes: [...PUBLIC_ROUTES, ...marketRoutes((type, symbol) => marks.get(`${type}:${symbol}`) ?? markFromPositions(store.all().flatMap((state) => state.positions))(type, symbol))],
    routes: [...V2_ROUTES, ...V3_ROUTES, ...ORDER_DETAIL_ROUTES, ...BALANCE_ROUTES],
    closePaths: new Set([V2_CLOSE_PATH, V3_CLOSE_PATH]),
    requests: [],
    serverNow: () => clock.now(),
    shapes: () => shapes,
    onRequest: options.onRequest,
  };

  const certificate = options.tls ? await makeSelfSignedCertificate() : undefined;
  const sockets = new Set<Socket>();
  let connections = 0;
  const connectionIds = new WeakMap<Socket, number>();
  const onRequest = (request: IncomingMessage, response: ServerResponse) => {
    const socket = request.socket;
    handleRequest(pipeline, request, response, connectionIds.get(socket) ?? 0).catch((error: unknown) => {
      console.error('exchange simulator: request failed', error);
      socket.destroy();
    });
  };
  const server: Server = certificate
    ? createHttpsServer({ key: certificate.keyPem, cert: certificate.certificatePem }, onRequest)
    : createHttpServer(onRequest);
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 0;
  server.on(certificate ? 'secureConnection' : 'connection', (socket: Socket) => {
    connections += 1;
    connectionIds.set(socket, connections);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  // The last price set, else the mark the positions on that contract hold (a test may seed one), else the default:
  // the ticker and the REST market reads never contradict the positions.
  const markPrice = (productType: LiveProductType, symbol: string): string =>
    marks.get(`${productType}:${symbol}`) ?? markFromPositions(store.all().flatMap((state) => state.positions))(productType, symbol);
  const ws = attachWebSockets(
    server,
    { find: (apiKey) => store.find(apiKey), markPrice, serverNow: () => clock.now(), shapes: () => shapes, onChange: (listener) => store.onChange(listener) },
    options.ws,
  );

  const port = await listen(server, options.port ?? 0, host);
  const scheme = certificate ? 'https' : 'http';

  return {
    url: `${scheme}://${urlHost(host)}:${port}`,
    wsUrl: `${certificate ? 'wss' : 'ws'}://${urlHost(host)}:${port}`,
    ws,
    port,
    certificatePem: certificate?.certificatePem,
    clock,
    faults: { add: (fault) => faults.add(fault), clear: () => faults.clear() },
    requests: pipeline.requests,
    addAccount(spec = {}) {
      return { ...store.add(spec).credentials };
    },
    account(apiKey) {
      return viewOf(store.get(apiKey), () => store.changed(apiKey));
    },
    accounts() {
      return store.all().map((state) => viewOf(state, () => store.changed(state.credentials.apiKey)));
    },
    get shapes() {
      return shapes;
    },
    setShapes(next) {
      shapes = next;
      store.changed();
    },
    setKind(apiKey, kind) {
      store.get(apiKey).kind = kind;
      store.changed(apiKey);
    },
    setMarkPrice(productType, symbol, price) {
      if (!(Number(price) > 0)) throw new Error(`mark price must be a positive number, not ${price}`);
      contractDefaults(productType, symbol);
      marks.set(`${productType}:${symbol}`, price);
      setMarkPriceOf(store.all(), productType, symbol, price);
      store.changed();
    },
    markPrice,
    onChange(listener) {
      return store.onChange(listener);
    },
    close() {
      scheduler.cancelAll();
      faults.clear();
      ws.close();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}
