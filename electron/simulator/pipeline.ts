// One request from arrival to answer: log, faults, route, authentication, account kind, parameters,
// environment, rate limit, handler.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate, type SignedRequest } from './auth.ts';
import { checkEnvironment } from './environment.ts';
import { answerFaultReply, faultReply } from './fault-replies.ts';
import type { FaultRegistry } from './faults.ts';
import { liveTypeOf } from './contracts.ts';
import { requiredProductType } from './params.ts';
import type { RateLimiter } from './rate-limit.ts';
import { ApiError, apiError, errorReply, jsonReply, successReply, tooManyRequests } from './responses.ts';
import type { Reply } from './responses.ts';
import type { PublicRouteDefinition, RouteContext, RouteDefinition } from './route.ts';
import type { Scheduler } from './scheduler.ts';
import type { AccountState, AccountStore } from './state.ts';
import type { AnswerShapes, ProductTypeName, RequestEvent, RequestLogEntry } from './types.ts';

export interface Pipeline {
  store: AccountStore;
  faults: FaultRegistry;
  limiter: RateLimiter;
  scheduler: Scheduler;
  publicRoutes: readonly PublicRouteDefinition[];
  routes: readonly RouteDefinition[];
  closePaths: ReadonlySet<string>;
  /** Every request that arrived, keyed or not. */
  requests: RequestLogEntry[];
  serverNow(): number;
  /** Absent: the live shapes. */
  shapes?: () => AnswerShapes;
  onRequest?: (event: RequestEvent) => void;
}

export interface Arrival extends SignedRequest {
  receivedAt: number;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function flatHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function logArrival(pipeline: Pipeline, arrival: Arrival, connection: number): RequestLogEntry {
  const headers = { ...arrival.headers };
  delete headers['access-passphrase'];
  const entry: RequestLogEntry = {
    method: arrival.method,
    path: arrival.path,
    query: arrival.query,
    body: arrival.body.toString('utf8'),
    headers,
    receivedAt: arrival.receivedAt,
    connection,
  };
  pipeline.requests.push(entry);
  const account = pipeline.store.find(arrival.headers['access-key'] ?? '');
  if (account) {
    account.requests.push(entry);
    if (arrival.method === 'POST' && pipeline.closePaths.has(arrival.path)) account.closeRequestTimes.push(arrival.receivedAt);
  }
  return entry;
}

function parseParams(arrival: Arrival): Record<string, unknown> {
  if (arrival.method === 'GET') return Object.fromEntries(new URLSearchParams(arrival.query));
  const text = arrival.body.toString('utf8');
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw apiError(400, '40017');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw apiError(400, '40017');
  return parsed as Record<string, unknown>;
}

function checkKind(route: RouteDefinition, account: AccountState): void {
  if (route.family === 'classic' && account.kind === 'unified') throw apiError(400, '40085');
  if (route.family === 'unified' && account.kind === 'classic') throw apiError(400, '40084');
}

function answerPrivate(pipeline: Pipeline, route: RouteDefinition, arrival: Arrival): Reply {
  const account = authenticate(arrival, pipeline.store, pipeline.serverNow(), (found) => {
    // The live exchange answers 40085 (a unified key on V2) before it checks the signature (bitget-api.md).
    if (route.family === 'classic' && found.kind === 'unified') throw apiError(400, '40085');
  });
  checkKind(route, account);
  const params = parseParams(arrival);
  const requestedType: ProductTypeName | undefined = route.productTypeParam ? requiredProductType(params, route.productTypeParam) : undefined;
  checkEnvironment(account.demo, arrival.headers['paptrading'], requestedType);
  const limitKey = `${account.credentials.uid} ${route.method} ${route.path}`;
  let admitted = false;
  const context: RouteContext = {
    account,
    method: arrival.method,
    path: arrival.path,
    params,
    requestedType,
    productType: requestedType && liveTypeOf(requestedType),
    now: pipeline.serverNow(),
    faults: pipeline.faults,
    scheduler: pipeline.scheduler,
    shapes: pipeline.shapes?.() ?? 'live',
    locale: arrival.headers['locale'],
    admit() {
      // The exchange counts arrivals: a request is counted when it came in, however long it then waited here.
      if (!pipeline.limiter.tryAcquire(limitKey, route.perSecond, arrival.receivedAt)) throw tooManyRequests();
      admitted = true;
    },
  };
  const data = route.handle(context);
  pipeline.store.changed(account.credentials.apiKey);
  if (!admitted) throw new Error(`route ${route.path} answered without admit()`);
  const answerFault = pipeline.faults.takeAnswer(arrival.method, arrival.path);
  if (answerFault) return answerFaultReply(answerFault, pipeline.serverNow(), data);
  return successReply(pipeline.serverNow(), data);
}

function answerPublic(pipeline: Pipeline, route: PublicRouteDefinition, arrival: Arrival): Reply {
  const params = Object.fromEntries(new URLSearchParams(arrival.query));
  if (route.perSecond !== undefined && !pipeline.limiter.tryAcquire(`${arrival.remoteAddress} ${route.method} ${route.path}`, route.perSecond, arrival.receivedAt)) {
    throw tooManyRequests();
  }
  return successReply(pipeline.serverNow(), route.handle(pipeline.serverNow(), params));
}

function answer(pipeline: Pipeline, arrival: Arrival): Reply {
  const matches = (r: { method: string; path: string }) => r.method === arrival.method && r.path === arrival.path;
  const publicRoute = pipeline.publicRoutes.find(matches);
  const route = pipeline.routes.find(matches);
  try {
    if (publicRoute) return answerPublic(pipeline, publicRoute, arrival);
    if (route) return answerPrivate(pipeline, route, arrival);
    return jsonReply(404, '40404', 'Request URL NOT FOUND', pipeline.serverNow(), null);
  } catch (error) {
    if (error instanceof ApiError) return errorReply(error, pipeline.serverNow());
    console.error('exchange simulator: handler failed', error);
    return jsonReply(500, '40015', 'System is abnormal, please try again later', pipeline.serverNow(), null);
  }
}

function send(response: ServerResponse, reply: Reply): void {
  response.writeHead(reply.status, { ...reply.headers, 'Content-Type': reply.contentType, 'Content-Length': Buffer.byteLength(reply.body) });
  response.end(reply.body);
}

/** What happened to one request: an answer, a dropped connection, or no answer ever. */
export type Handled = { kind: 'reply'; reply: Reply } | { kind: 'dropped' } | { kind: 'hung' };

/** One request, from arrival to answer, without a socket: the HTTP server and the in-process practice exchange share it. */
export async function processArrival(pipeline: Pipeline, arrival: Arrival, connection: number): Promise<Handled> {
  const entry = logArrival(pipeline, arrival, connection);
  const report = (status: RequestEvent['status'], code?: string) =>
    pipeline.onRequest?.({ method: arrival.method, path: arrival.path, status, code, apiKey: arrival.headers['access-key'], ms: Date.now() - arrival.receivedAt });

  const fault = pipeline.faults.takeTransport(arrival.method, arrival.path);
  if (fault?.kind === 'drop') {
    report('dropped');
    return { kind: 'dropped' };
  }
  if (fault?.kind === 'hang') {
    report('hung');
    return { kind: 'hung' };
  }
  if (fault?.kind === 'delay') await pipeline.scheduler.sleep(fault.ms);
  const reply = (fault && faultReply(fault, pipeline.serverNow())) ?? answer(pipeline, arrival);
  entry.response = { status: reply.status, code: reply.code };
  report(reply.status, reply.code);
  return { kind: 'reply', reply };
}

export async function handleRequest(pipeline: Pipeline, request: IncomingMessage, response: ServerResponse, connection: number): Promise<void> {
  const receivedAt = Date.now();
  const [path = '', ...rest] = (request.url ?? '').split('?');
  const arrival: Arrival = {
    method: (request.method ?? 'GET').toUpperCase(),
    path,
    query: rest.join('?'),
    body: await readBody(request),
    headers: flatHeaders(request),
    remoteAddress: request.socket.remoteAddress ?? '',
    receivedAt,
  };
  const handled = await processArrival(pipeline, arrival, connection);
  if (handled.kind === 'dropped') request.socket.destroy();
  if (handled.kind !== 'reply' || response.destroyed) return;
  send(response, handled.reply);
}
