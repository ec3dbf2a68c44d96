// What a press costs on the wire: one signed close request on the warm keep-alive connection the app keeps,
// against the same request on a fresh TLS connection (what a client without pre-connect pays), in one run.
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, test } from 'vitest';
import { makeSelfSignedCertificate } from '../../simulator/tls.ts';
import { createBitgetClient, type CallOptions } from './client.ts';
import { createExchangeClock } from './clock.ts';
import { createHttpPool } from './http.ts';
import { signedHeaders } from './sign.ts';

const certificate = await makeSelfSignedCertificate();
const answer = '{"code":"00000","msg":"success","requestTime":1,"data":{"successList":[],"failureList":[]}}';
const server = createServer({ key: certificate.keyPem, cert: certificate.certificatePem }, (request, response) => {
  request.resume();
  request.on('end', () => response.writeHead(200, { 'Content-Type': 'application/json' }).end(answer));
});
server.keepAliveTimeout = 65_000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
const credentials = { apiKey: 'bg_bench_key', secretKey: 'bench-secret', passphrase: 'bench-pass' };
const close: CallOptions = {
  method: 'POST',
  path: '/api/v2/mix/order/close-positions',
  body: { symbol: 'BTCUSDT', productType: 'USDT-FUTURES', holdSide: 'long' },
  paptrading: false,
  timeoutMs: 5_000,
};

const warmPool = createHttpPool(url, { ca: certificate.certificatePem });
const warmClient = createBitgetClient(warmPool, createExchangeClock(warmPool), credentials);
await warmClient.call(close);

afterAll(async () => {
  await warmPool.close();
  server.closeAllConnections();
  server.close();
});

test('one signed close request over TLS (loopback): warm connection vs fresh connection', async ({ bench }) => {
  const result = await bench.compare(
    bench('warm keep-alive connection (the app)', async () => {
      await warmClient.call(close);
    }),
    bench('fresh connection per request (baseline)', async () => {
      const pool = createHttpPool(url, { ca: certificate.certificatePem, connections: 1 });
      await createBitgetClient(pool, createExchangeClock(pool), credentials).call(close);
      await pool.close();
    }),
    { time: 1_500 },
  );
  const median = (name: Parameters<typeof result.get>[0]) => (result.get(name) as { latency: { p50: number } }).latency.p50;
  const warm = median('warm keep-alive connection (the app)');
  const fresh = median('fresh connection per request (baseline)');
  console.log(`median close request: warm ${warm.toFixed(3)} ms, fresh connection ${fresh.toFixed(3)} ms — the warm path is ${(fresh / warm).toFixed(1)}× faster`);
});

test('building and signing a request', async ({ bench }) => {
  await bench('signedHeaders (HMAC-SHA256 + headers)', () => {
    signedHeaders({ ...credentials, timestamp: '1700000000000', method: 'POST', requestPath: close.path, queryString: '', body: JSON.stringify(close.body), paptrading: false });
  }).run();
});
