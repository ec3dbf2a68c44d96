import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BITGET_BASE_URL, describeCustomEndpoint, endpointFromEnv, resolveEndpoint } from './endpoint.ts';

describe('where signed requests go', () => {
  it("is Bitget's own host unless overridden, and then says so", () => {
    const standard = endpointFromEnv({});
    expect(standard).toEqual({ ok: true, value: { baseUrl: BITGET_BASE_URL, custom: false } });
    if (standard.ok) expect(describeCustomEndpoint(standard.value)).toBeUndefined();
    const custom = endpointFromEnv({ BITGET_PANIC_BASE_URL: 'https://proxy.example.com' });
    expect(custom.ok && custom.value).toMatchObject({ baseUrl: 'https://proxy.example.com', custom: true });
    if (custom.ok) expect(describeCustomEndpoint(custom.value)).toContain('https://proxy.example.com');
  });

  it.each([
    ['http://example.com', /not an https:\/\/ URL/],
    ['not a url', /is not a URL/],
    ['ftp://example.com', /not an https:\/\/ URL/],
    ['https://user:pw@example.com', /user name or password/],
    ['https://example.com/api', /only the origin is used/],
  ])('refuses %s as bad input, naming the variable', (value, reason) => {
    const result = endpointFromEnv({ BITGET_PANIC_BASE_URL: value });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.kind).toBe('bad-input');
      expect(result.error.message).toMatch(reason);
      expect(result.error.message).toContain('BITGET_PANIC_BASE_URL');
      expect(result.error.hint).toMatch(/^Nothing was sent/);
    }
  });

  it('allows plain http only to this computer (the simulator)', () => {
    for (const url of ['http://127.0.0.1:9999', 'http://localhost:1', 'http://[::1]:80']) expect(resolveEndpoint({ baseUrl: url }).ok, url).toBe(true);
    expect(resolveEndpoint({ baseUrl: 'http://127.0.0.1.example.com' }).ok).toBe(false);
  });

  it('names an unreadable or non-PEM certificate file as bad input, and shows a trusted one', () => {
    const missing = endpointFromEnv({ BITGET_PANIC_CA_FILE: '/nonexistent/ca.pem' });
    expect(!missing.ok && missing.error).toMatchObject({ kind: 'bad-input', message: expect.stringContaining('BITGET_PANIC_CA_FILE') });
    const dir = mkdtempSync(join(tmpdir(), 'panic-endpoint-'));
    writeFileSync(join(dir, 'junk.pem'), 'hello');
    expect(endpointFromEnv({ BITGET_PANIC_CA_FILE: join(dir, 'junk.pem') }).ok).toBe(false);
    writeFileSync(join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const trusted = endpointFromEnv({ BITGET_PANIC_CA_FILE: join(dir, 'ca.pem') });
    expect(trusted.ok && trusted.value.custom).toBe(true);
    if (trusted.ok) expect(describeCustomEndpoint(trusted.value)).toContain('ca.pem');
  });
});
