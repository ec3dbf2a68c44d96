// The exchange's error codes in plain words. Decisions are made on `code`, never on `msg`.
import type { ErrorKind, ExplainedError } from '../../../shared/bitget.ts';

interface Explanation {
  kind: ErrorKind;
  message: string;
  hint: string;
}

const AUTH_HEADER: Explanation = {
  kind: 'auth',
  message: 'The exchange says a required authentication header is missing.',
  hint: 'This is a bug in the app: report it with the audit log entry. Your key was not used.',
};
const KEY_INVALID: Explanation = {
  kind: 'auth',
  message: 'The exchange does not recognise this API key.',
  hint: 'Check the key in Settings → Profiles (it may have been deleted on Bitget, or belong to the other environment: demo keys only work on demo profiles).',
};
const SIGNATURE: Explanation = {
  kind: 'auth',
  message: 'The exchange rejected the request signature.',
  hint: 'The secret key stored for this profile is probably wrong: paste it again in Settings → Profiles.',
};
const PASSPHRASE: Explanation = {
  kind: 'auth',
  message: 'The API key and passphrase do not match.',
  hint: 'Enter the passphrase you chose when you created this API key on Bitget (it is not your login password).',
};
const CLOCK: Explanation = {
  kind: 'clock',
  message: "The request's timestamp was refused: this computer's clock is too far from the exchange's.",
  hint: 'Turn on automatic time sync (NTP) in your system settings. The app re-syncs with the exchange clock and retried once.',
};
const IP: Explanation = {
  kind: 'ip-whitelist',
  message: "This computer's IP address is not on the API key's IP whitelist.",
  hint: 'Add your current public IP address to the key on Bitget (API management → edit key), or use a key bound to this IP.',
};
const PERMISSION: Explanation = {
  kind: 'permission',
  message: 'The API key does not have the permission this needs.',
  hint: 'Edit the key on Bitget and enable Futures → Trade (orders and positions). Never enable withdrawal.',
};
const RESTRICTED: Explanation = {
  kind: 'restricted',
  message: 'The account or API key is restricted or frozen by the exchange.',
  hint: 'Log in to Bitget to see why; close positions there if you must act now.',
};
const RATE: Explanation = {
  kind: 'rate-limit',
  message: 'The exchange says too many requests were sent.',
  hint: 'A close retries this by itself within its deadline; anything else, wait a few seconds and try again. If it persists, another program may be using the same key.',
};
const NOTHING: Explanation = {
  kind: 'nothing-to-close',
  message: 'The exchange says there is no position to close.',
  hint: 'Nothing was open for this target.',
};
const SYMBOL: Explanation = {
  kind: 'symbol',
  message: 'The exchange does not know this symbol, or it is not tradable now.',
  hint: 'Check the symbol (e.g. BTCUSDT for USDT-margined futures, BTCUSD for coin-margined) and the product type.',
};
const TOO_FREQUENT: Explanation = {
  kind: 'rate-limit',
  message: 'The exchange says requests are too frequent, or it is too busy to take this one.',
  hint: 'A close retries this by itself within its deadline; anything else, wait a few seconds and try again. If it persists, another program may be using the same key.',
};
const BUSY: Explanation = {
  kind: 'busy',
  message: 'The exchange is busy, upgrading or settling.',
  hint: 'The app retries within its deadline; if it still fails, close on the Bitget website or app.',
};
const REFUSED: Explanation = {
  kind: 'close-refused',
  message: 'The exchange refused the flash close (delivery, auto-deleveraging, risk control or a size above the flash-close maximum).',
  hint: 'The app closes again, once a second, until its deadline. Whatever is still open after that: close it on the Bitget website or app, in parts if it is large.',
};
const ENVIRONMENT: Explanation = {
  kind: 'environment',
  message: 'Demo and live were mixed up: this key and this request are for different environments.',
  hint: 'Demo keys need a profile marked "demo"; live keys need it unmarked. S-prefixed product types (SUSDT-FUTURES) belong to the old demo.',
};
const NO_SUCH_ORDER: Explanation = {
  kind: 'not-found',
  message: 'The exchange says there is no such order to cancel.',
  hint: 'Nothing was left to cancel of that kind.',
};
const UNIFIED_ON_CLASSIC: Explanation = {
  kind: 'account-kind',
  message: 'This is a unified-account key; the classic API refused it.',
  hint: 'The app switches to the unified (V3) API for this profile automatically.',
};
const CLASSIC_ON_UNIFIED: Explanation = {
  kind: 'account-kind',
  message: 'This is a classic-account key; the unified API refused it.',
  hint: 'The app switches to the classic (V2) API for this profile automatically.',
};

const TABLE: Record<string, Explanation> = {
  ...Object.fromEntries(['40001', '40002', '40003', '40011'].map((code) => [code, AUTH_HEADER])),
  ...Object.fromEntries(['40006', '40037'].map((code) => [code, KEY_INVALID])),
  '40009': SIGNATURE,
  ...Object.fromEntries(['40012', '40036'].map((code) => [code, PASSPHRASE])),
  ...Object.fromEntries(['40004', '40005', '40008', '40010'].map((code) => [code, CLOCK])),
  ...Object.fromEntries(['40018', '40038', '22010'].map((code) => [code, IP])),
  ...Object.fromEntries(['40014', '40025', '45108'].map((code) => [code, PERMISSION])),
  ...Object.fromEntries(['40013', '40023', '40024'].map((code) => [code, RESTRICTED])),
  '429': RATE,
  '1001': TOO_FREQUENT,
  '22002': NOTHING,
  '25227': NOTHING,
  ...Object.fromEntries(['22001', '40768', '43025', '25204'].map((code) => [code, NO_SUCH_ORDER])),
  ...Object.fromEntries(['40034', '40102', '40072', '40309', '40845'].map((code) => [code, SYMBOL])),
  ...Object.fromEntries(['40015', '40200', '40725', '45001', '40844', '45043', '40604', '40308', '41114', '43115'].map((code) => [code, BUSY])),
  ...Object.fromEntries(['22041', '22044', '40931', '40888', '45104'].map((code) => [code, REFUSED])),
  ...Object.fromEntries(['40099', '22030', '40110'].map((code) => [code, ENVIRONMENT])),
  '40085': UNIFIED_ON_CLASSIC,
  '40084': CLASSIC_ON_UNIFIED,
};

/**
 * Codes whose meaning depends on the API that answered. On a V3 (unified) endpoint, 40019 comes with a "Classic Account
 * mode" message on some endpoints: it means what 40084 means. On V2 it stays a parameter error.
 */
const UNIFIED_API_TABLE: Record<string, Explanation> = {
  '40019': CLASSIC_ON_UNIFIED,
};

export type ApiFamily = 'classic' | 'unified';

/** The API family a request path belongs to: /api/v3/ is the unified account's. */
export function apiFamilyOf(path: string): ApiFamily {
  return path.startsWith('/api/v3/') ? 'unified' : 'classic';
}

/** A refused timestamp: re-sync the clock and send once more. */
export const CLOCK_CODES: ReadonlySet<string> = new Set(['40004', '40005', '40008']);
export const NOTHING_TO_CLOSE_CODES: ReadonlySet<string> = new Set(['22002', '25227']);
/** Cancelling a kind of order that has none: nothing to cancel for that kind, never a failure. */
export const NOTHING_TO_CANCEL_CODES: ReadonlySet<string> = new Set(['22001', '40768', '43025']);
/** Cancelling one V3 strategy order that is no longer there (filled, triggered or cancelled meanwhile). */
export const ORDER_GONE_CODES: ReadonlySet<string> = new Set(['25204', ...NOTHING_TO_CANCEL_CODES]);
/** The key lacks the permission (futures trade) the request needs. */
export const PERMISSION_CODES: ReadonlySet<string> = new Set(['40014', '40025', '45108']);
/** A V2 (classic) call refused because the key belongs to a unified account. */
export const UNIFIED_ACCOUNT_CODES: ReadonlySet<string> = new Set(['40085']);
/** A V3 (unified) call refused because the key belongs to a classic account. */
export const CLASSIC_ACCOUNT_CODES: ReadonlySet<string> = new Set(['40084', '40019']);
/** Codes for which the same request may succeed a moment later. */
export const TRANSIENT_KINDS: ReadonlySet<ErrorKind> = new Set(['rate-limit', 'busy', 'network', 'timeout']);

export function isKnownCode(code: string): boolean {
  return code in TABLE;
}

/**
 * Explain an exchange error code. Unknown codes pass through with the exchange's own message. `api` is the family of
 * the endpoint that answered, for the codes whose meaning depends on it.
 */
export function explainCode(code: string, exchangeMessage: string | undefined, httpStatus?: number, api?: ApiFamily): ExplainedError {
  const known = (api === 'unified' ? UNIFIED_API_TABLE[code] : undefined) ?? TABLE[code];
  const status = httpStatus === undefined ? {} : { httpStatus };
  if (known) {
    const detail = exchangeMessage ? ` (exchange: "${clip(exchangeMessage)}")` : '';
    return { kind: known.kind, code, message: `${known.message}${detail}`, hint: known.hint, ...status };
  }
  if (httpStatus !== undefined && httpStatus >= 500) return { ...explainHttpStatus(httpStatus), code };
  return {
    kind: 'exchange',
    code,
    message: `The exchange answered with error ${code}: ${exchangeMessage ? clip(exchangeMessage) : 'no message'}.`,
    hint: 'Look the code up in Bitget’s API error list; the request and the answer are in the history.',
    ...status,
  };
}

/** One item of a failureList (or a V3 list item with a code): the exchange's own words, explained where the code is known. */
export function explainRefusedItem(item: { code: string; message: string; symbol?: string }): ExplainedError {
  if (isKnownCode(item.code)) return explainCode(item.code, item.message || undefined);
  const what = item.symbol ? `the ${item.symbol} position` : 'a position';
  const words = item.message ? `: "${clip(item.message)}"` : '';
  return {
    kind: 'close-refused',
    code: item.code,
    message: `The exchange answered "success" but listed ${what} as not closed${words} (item code ${item.code || 'none'}).`,
    hint: REFUSED.hint,
  };
}

/** A response without a usable JSON body: decide on the HTTP status. */
export function explainHttpStatus(httpStatus: number, bodySnippet?: string): ExplainedError {
  if (httpStatus === 429) return { ...RATE, code: '429', httpStatus };
  if (httpStatus >= 500) {
    return {
      kind: 'busy',
      message: `The exchange had a server error (HTTP ${httpStatus}).`,
      hint: BUSY.hint,
      httpStatus,
    };
  }
  return {
    kind: 'unknown',
    message: `The exchange sent an answer the app could not read (HTTP ${httpStatus}${bodySnippet ? `: "${clip(bodySnippet)}"` : ''}).`,
    hint: 'Whether it acted is unknown: the app re-reads positions to find out. Check the Bitget website if this repeats.',
    httpStatus,
  };
}

export function explainTransport(kind: 'network' | 'timeout', detail: string, baseUrl: string): ExplainedError {
  if (kind === 'timeout') {
    return {
      kind: 'timeout',
      message: `The exchange did not answer in time (${detail}).`,
      hint: 'Whether a close went through is unknown until positions are re-read; the app retries within its deadline. Check your connection.',
    };
  }
  return {
    kind: 'network',
    message: `Could not reach the exchange at ${baseUrl} (${detail}).`,
    hint: 'Check your internet connection, VPN or firewall. The app retries within its deadline.',
  };
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 160 ? `${oneLine.slice(0, 157)}...` : oneLine;
}
