// What a route is, and what a route handler gets.
import type { FaultRegistry } from './faults.ts';
import type { Scheduler } from './scheduler.ts';
import type { AccountState } from './state.ts';
import type { AnswerShapes, LiveProductType, ProductTypeName } from './types.ts';

export interface RouteContext {
  account: AccountState;
  method: string;
  path: string;
  /** Parameters: the query for GET, the parsed JSON body for POST. */
  params: Record<string, unknown>;
  /** The product type (or category) as sent, upper-cased; undefined on routes without one. */
  requestedType: ProductTypeName | undefined;
  /** The live product type it maps to. */
  productType: LiveProductType | undefined;
  /** The server clock, ms. */
  now: number;
  faults: FaultRegistry;
  scheduler: Scheduler;
  /** The request's `locale` header (en-US, zh-CN) or undefined: messages without it are in Chinese (bitget-live). */
  locale: string | undefined;
  /** The live exchange's answer shapes, or the docs'. */
  shapes: AnswerShapes;
  /**
   * Counts the request against the route's rate limit, or throws 429. Every handler calls it once its
   * parameters are valid and before it changes anything: only well-formed requests use up the limit.
   */
  admit(): void;
}

export interface RouteDefinition {
  method: 'GET' | 'POST';
  path: string;
  /** classic: V2 only (unified accounts get 40085); unified: V3 only (classic accounts get 40084); any: both kinds. */
  family: 'classic' | 'unified' | 'any';
  /** Accepted requests per second per account. */
  perSecond: number;
  /** Which parameter names the product type, if any; it is then required. */
  productTypeParam?: 'productType' | 'category';
  /** Returns the `data` of a success answer, or throws an ApiError. */
  handle(context: RouteContext): unknown;
}

/** A route that needs no key (server time, market data). */
export interface PublicRouteDefinition {
  method: 'GET';
  path: string;
  /** Accepted requests per second per IP address; absent: no limit. */
  perSecond?: number;
  /** Returns the `data` of the answer (`params`: the query), or throws an ApiError. */
  handle(serverNow: number, params: Record<string, string>): unknown;
}
