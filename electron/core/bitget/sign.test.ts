import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { canonicalQuery, prehash, sign, signedHeaders } from './sign.ts';

function opensslSign(secret: string, text: string): string {
  const digest = execFileSync('openssl', ['dgst', '-sha256', '-hmac', secret, '-binary'], { input: text });
  return digest.toString('base64');
}

describe('signing', () => {
  it('matches vectors computed with openssl for a POST body and a sorted GET query', () => {
    // Computed once with: printf '%s' PREHASH | openssl dgst -sha256 -hmac 'test-secret-key' -binary | base64
    const body = '{"symbol":"BTCUSDT","productType":"USDT-FUTURES","holdSide":"long"}';
    expect(sign('test-secret-key', prehash('1659076670000', 'POST', '/api/v2/mix/order/close-positions', '', body))).toBe(
      '9/w6nBkAmavkSHs1cgiIoq4svJljQKdvsS7J4AepetE=',
    );
    const query = canonicalQuery({ productType: 'USDT-FUTURES', marginCoin: 'USDT' });
    expect(query).toBe('marginCoin=USDT&productType=USDT-FUTURES');
    expect(sign('test-secret-key', prehash('1700000000000', 'get', '/api/v2/mix/position/all-position', query, ''))).toBe(
      'l4T/3OIO/Ou4Isloaf1cNtlxRS2KDv52ABBRGb84pRs=',
    );
  });

  it('agrees with openssl on random secrets and unicode-free bodies', () => {
    for (let round = 0; round < 5; round += 1) {
      const secret = Math.random().toString(36).slice(2) + 'Ab9';
      const text = prehash(String(Date.now() + round), 'POST', '/api/v3/trade/close-positions', '', `{"category":"USDT-FUTURES","n":${round}}`);
      expect(sign(secret, text)).toBe(opensslSign(secret, text));
    }
  });

  it('builds the prehash as timestamp + METHOD + path + ?query + body', () => {
    expect(prehash('1', 'get', '/p', 'a=1&b=2', '')).toBe('1GET/p?a=1&b=2');
    expect(prehash('1', 'POST', '/p', '', '{"x":1}')).toBe('1POST/p{"x":1}');
  });

  it('sorts query keys, keeps values raw and drops blanks', () => {
    expect(canonicalQuery({ symbol: 'BTCUSDT', category: 'USDT-FUTURES', posSide: undefined, type: '' })).toBe('category=USDT-FUTURES&symbol=BTCUSDT');
    expect(canonicalQuery({})).toBe('');
  });

  it('sends every documented header, and paptrading only for demo', () => {
    const base = { apiKey: 'k', secretKey: 's', passphrase: 'p', timestamp: '5', method: 'POST', requestPath: '/x', queryString: '', body: '{}' };
    const live = signedHeaders({ ...base, paptrading: false });
    expect(live).toEqual({
      'ACCESS-KEY': 'k',
      'ACCESS-SIGN': opensslSign('s', '5POST/x{}'),
      'ACCESS-TIMESTAMP': '5',
      'ACCESS-PASSPHRASE': 'p',
      'Content-Type': 'application/json',
      locale: 'en-US',
    });
    expect(signedHeaders({ ...base, paptrading: true }).paptrading).toBe('1');
    // paptrading is not part of the prehash
    expect(signedHeaders({ ...base, paptrading: true })['ACCESS-SIGN']).toBe(live['ACCESS-SIGN']);
  });
});
