import { describe, expect, it } from 'vitest';
import {
  CLASSIC_ACCOUNT_CODES,
  CLOCK_CODES,
  NOTHING_TO_CANCEL_CODES,
  ORDER_GONE_CODES,
  TRANSIENT_KINDS,
  apiFamilyOf,
  explainCode,
  explainHttpStatus,
  explainRefusedItem,
  explainTransport,
  isKnownCode,
} from './errors.ts';

// The table of ../shared/bitget-api.md, written out here independently of the implementation.
const DOCUMENTED: Record<string, string> = {
  '40001': 'auth', '40002': 'auth', '40003': 'auth', '40011': 'auth',
  '40006': 'auth', '40037': 'auth', '40009': 'auth', '40012': 'auth', '40036': 'auth',
  '40005': 'clock', '40008': 'clock', '40010': 'clock',
  '40018': 'ip-whitelist', '40038': 'ip-whitelist', '22010': 'ip-whitelist',
  '40014': 'permission', '40025': 'permission', '45108': 'permission',
  '40013': 'restricted', '40023': 'restricted', '40024': 'restricted',
  '429': 'rate-limit', '22002': 'nothing-to-close', '25227': 'nothing-to-close',
  '40034': 'symbol', '40102': 'symbol', '40072': 'symbol', '40309': 'symbol', '40845': 'symbol',
  '40015': 'busy', '40200': 'busy', '40725': 'busy', '45001': 'busy', '40844': 'busy', '45043': 'busy',
  '22041': 'close-refused', '22044': 'close-refused', '40931': 'close-refused', '40888': 'close-refused', '45104': 'close-refused',
  '40099': 'environment', '22030': 'environment', '40110': 'environment',
  '40085': 'account-kind', '40084': 'account-kind',
  // "Checked against real answers": more codes seen in the wild.
  '1001': 'rate-limit', '40604': 'busy', '40308': 'busy', '41114': 'busy', '43115': 'busy', '40004': 'clock',
  '22001': 'not-found', '40768': 'not-found', '43025': 'not-found', '25204': 'not-found',
};

describe('error table', () => {
  it.each(Object.entries(DOCUMENTED))('explains %s as %s with a message and a hint', (code, kind) => {
    const explained = explainCode(code, 'exchange text', 400);
    expect(isKnownCode(code)).toBe(true);
    expect(explained).toMatchObject({ kind, code, httpStatus: 400 });
    expect(explained.message).toContain('exchange text');
    expect(explained.hint.length).toBeGreaterThan(20);
  });

  it('retries the busy codes: 1001 and 40604 (and maintenance) are transient kinds', () => {
    for (const code of ['1001', '40604', '40308', '41114', '43115']) expect(TRANSIENT_KINDS.has(explainCode(code, undefined).kind), code).toBe(true);
  });

  it('re-syncs the clock on 40004 as on 40005 and 40008', () => {
    expect([...CLOCK_CODES].sort()).toEqual(['40004', '40005', '40008']);
  });

  it('knows "no order to cancel" and "order does not exist" as nothing to cancel', () => {
    expect([...NOTHING_TO_CANCEL_CODES].sort()).toEqual(['22001', '40768', '43025']);
    expect(ORDER_GONE_CODES.has('25204')).toBe(true);
  });

  it('reads 40019 on a V3 endpoint as a classic-account key (like 40084), and on V2 as the parameter error it is', () => {
    expect(apiFamilyOf('/api/v3/trade/unfilled-strategy-orders')).toBe('unified');
    expect(apiFamilyOf('/api/v2/mix/order/close-positions')).toBe('classic');
    expect(explainCode('40019', 'You are in Classic Account mode', 400, 'unified')).toMatchObject({ kind: 'account-kind', code: '40019' });
    expect(explainCode('40019', 'Parameter productType cannot be empty', 400, 'classic')).toMatchObject({ kind: 'exchange', code: '40019' });
    expect(CLASSIC_ACCOUNT_CODES.has('40019') && CLASSIC_ACCOUNT_CODES.has('40084')).toBe(true);
  });

  it('passes unknown codes through with the exchange message', () => {
    expect(explainCode('43118', 'clientOrderId duplicate')).toMatchObject({ kind: 'exchange', code: '43118' });
    expect(explainCode('43118', 'clientOrderId duplicate').message).toContain('clientOrderId duplicate');
  });

  it('treats an unknown code on a 5xx as the exchange being busy', () => {
    expect(explainCode('99999', 'oops', 503).kind).toBe('busy');
  });

  it('decides unreadable bodies on the HTTP status', () => {
    expect(explainHttpStatus(429).kind).toBe('rate-limit');
    expect(explainHttpStatus(502, '<html>').kind).toBe('busy');
    expect(explainHttpStatus(200, '{"trunc').kind).toBe('unknown');
  });

  it('explains transport failures without claiming an outcome', () => {
    expect(explainTransport('timeout', 'no answer within 5000 ms', 'https://x').hint).toMatch(/unknown/);
    expect(explainTransport('network', 'ECONNREFUSED', 'https://api.bitget.com').message).toContain('https://api.bitget.com');
  });
});

describe('refused items', () => {
  it('explains a known item code and keeps the exchange words', () => {
    expect(explainRefusedItem({ code: '40888', message: 'too big', symbol: 'ETHUSDT' })).toMatchObject({ kind: 'close-refused', code: '40888' });
  });

  it('never calls "00000" an error code: it names the position the exchange did not close', () => {
    const explained = explainRefusedItem({ code: '00000', message: 'position close failed.', symbol: 'ETHUSDT' });
    expect(explained.kind).toBe('close-refused');
    expect(explained.message).toBe('The exchange answered "success" but listed the ETHUSDT position as not closed: "position close failed." (item code 00000).');
  });
});
