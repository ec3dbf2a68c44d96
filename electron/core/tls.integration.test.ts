// Over HTTPS, as against the real exchange: the simulator with a self-signed certificate, trusted only when told to.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange } from '../simulator/index.ts';
import { createCore } from './compose.ts';
import { createJsonSettingsStore } from './settings-file.ts';

let exchange: Awaited<ReturnType<typeof startExchange>>;
let dataDir: string;

beforeAll(async () => {
  exchange = await startExchange({ tls: true });
  dataDir = mkdtempSync(join(tmpdir(), 'panic-tls-'));
});
afterAll(() => exchange.close());

async function coreTrusting(caFile: string | undefined) {
  const account = exchange.addAccount({ positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '1' }] });
  const core = await createCore({
    dataDir,
    settings: createJsonSettingsStore(join(dataDir, 'config.json')),
    baseUrl: exchange.url,
    ...(caFile ? { caFile } : {}),
    ephemeralProfiles: [{ name: 'tls', demo: false, credentials: account }],
    timing: { deadlineMs: 2_000, requestTimeoutMs: 500 },
  });
  return { core, account };
}

describe('HTTPS', () => {
  it('closes over TLS when the certificate is trusted', async () => {
    expect(exchange.url.startsWith('https://')).toBe(true);
    const caFile = join(dataDir, 'ca.pem');
    writeFileSync(caFile, exchange.certificatePem!);
    const { core, account } = await coreTrusting(caFile);
    expect(await core.warmUp()).toBeUndefined();
    const result = await core.handlers.close({ profile: 'tls', productType: 'USDT-FUTURES', trigger: 'cli' });
    expect(result.ok && result.value.status).toBe('flat');
    expect(exchange.account(account.apiKey).positions).toHaveLength(0);
    await core.dispose();
  });

  it('refuses an untrusted certificate and says it could not reach the exchange, sending nothing', async () => {
    const { core, account } = await coreTrusting(undefined);
    const warm = await core.warmUp();
    expect(warm?.kind).toBe('network');
    const result = await core.handlers.close({ profile: 'tls', productType: 'USDT-FUTURES', trigger: 'cli' });
    expect(result.ok && result.value.status).toBe('unknown');
    expect(result.ok && result.value.error?.message).toMatch(/certificate/i);
    expect(exchange.account(account.apiKey).requests).toHaveLength(0);
    await core.dispose();
  });
});
