// Bitget's answer envelopes and the error messages the simulator uses.

/** An answer the request pipeline sends: a status and a JSON body (or raw text for the faults that need it). */
export interface Reply {
  status: number;
  body: string;
  contentType: string;
  /** The body's `code`, for the request log. */
  code?: string;
  /** Extra response headers, e.g. Retry-After. */
  headers?: Record<string, string>;
}

/** Thrown anywhere in the pipeline to answer with an error envelope. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string> | undefined;
  constructor(status: number, code: string, msg: string, headers?: Record<string, string>) {
    super(msg);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

/** Codes the exchange answers with `{"code","msg"}` only, no requestTime and no data (bitget-responses/err40084). */
const CODE_AND_MSG_ONLY: ReadonlySet<string> = new Set(['40084']);

/** Messages as the exchange's error table prints them (parameterised ones filled in). */
export const MESSAGES = {
  '40001': 'ACCESS_KEY cannot be empty',
  '40002': 'ACCESS_SIGN cannot be empty',
  '40003': 'ACCESS_TIMESTAMP cannot be empty',
  '40005': 'Invalid ACCESS_TIMESTAMP',
  '40006': 'Invalid ACCESS_KEY',
  '40007': 'Invalid Content_Type',
  '40008': 'Request timestamp expired',
  '40009': 'sign signature error',
  '40011': 'ACCESS_PASSPHRASE cannot be empty',
  '40012': 'apikey/password is incorrect',
  '40014': 'Incorrect permissions, need trade permissions',
  '40017': 'Parameter verification failed',
  '40018': 'Invalid IP',
  '40024': 'Account has been frozen',
  '40084': 'You are in Classic Account mode, and the Unified Account API is not supported at this time',
  '40085': 'You are in Unified Account mode, and the Classic Account API is not supported at this time',
  '40099': 'exchange environment is incorrect',
  '40404': 'Request URL NOT FOUND',
  '40924': 'orderId and clientOid must have one',
  '1001': 'The request is too frequent, please try again later',
  '40004': 'Invalid ACCESS_TIMESTAMP',
  '40604': 'Server is busy, please try again later',
  '40308': 'The contract is under maintenance',
  '41114': 'The current trading pair is under maintenance, please refer to the official announcement for the opening time',
  '43115': 'The system is under maintenance, please try again later',
  '40768': 'Order does not exist',
  '43025': 'Plan order does not exist',
  '22001': 'No order to cancel',
  '22002': 'No position to close',
  '25204': 'Order does not exist',
  '25227': 'No position to close',
  '25236': 'Parameter holdSide is not supported by the unified account API, use posSide',
  '429': 'Too Many Requests',
} as const;
export type KnownCode = keyof typeof MESSAGES;

export function apiError(status: number, code: KnownCode): ApiError {
  return new ApiError(status, code, MESSAGES[code]);
}

export function parameterEmpty(name: string): ApiError {
  return new ApiError(400, '40019', `Parameter ${name} cannot be empty`);
}

export function parameterError(name: string): ApiError {
  return new ApiError(400, '40020', `Parameter ${name} error`);
}

export function parameterDoesNotExist(value: string): ApiError {
  return new ApiError(400, '40034', `Parameter ${value} does not exist`);
}

/** The exchange's answer envelope `{code, msg, requestTime, data}`. */
export function jsonReply(status: number, code: string, msg: string, requestTime: number, data: unknown, headers?: Record<string, string>): Reply {
  return {
    status,
    code,
    contentType: 'application/json',
    body: JSON.stringify({ code, msg, requestTime, data }),
    ...(headers ? { headers } : {}),
  };
}

/** An error body with no requestTime and no `data` key, as the exchange sends 40084. */
export function codeAndMsgReply(status: number, code: string, msg: string, headers?: Record<string, string>): Reply {
  return { status, code, contentType: 'application/json', body: JSON.stringify({ code, msg }), ...(headers ? { headers } : {}) };
}

export function successReply(requestTime: number, data: unknown): Reply {
  return jsonReply(200, '00000', 'success', requestTime, data);
}

export function errorReply(error: ApiError, requestTime: number): Reply {
  if (CODE_AND_MSG_ONLY.has(error.code)) return codeAndMsgReply(error.status, error.code, error.message, error.headers);
  return jsonReply(error.status, error.code, error.message, requestTime, null, error.headers);
}

/** 429 as the exchange sends it, with the wait a real server announces: the limits are per second. */
export function tooManyRequests(retryAfter = '1'): ApiError {
  return new ApiError(429, '429', MESSAGES['429'], { 'Retry-After': retryAfter });
}
