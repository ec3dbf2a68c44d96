import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpPool, type HttpPool } from './http.ts';

let server: Server | undefined;
let pool: HttpPool | undefined;

afterEach(async () => {
  await pool?.close();
  await new Promise((resolve) => server?.close(resolve));
  pool = undefined;
  server = undefined;
});

/** A loopback server that answers every request at once and counts the TCP connections opened to it. */
async function countingServer(): Promise<{ url: string; connections: () => number }> {
  let connections = 0;
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.setHeader('content-type', 'application/json');
      response.end('{"code":"00000","msg":"success","data":[]}');
    });
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, connections: () => connections };
}

describe('the warm connection pool', () => {
  it('sends a close right after a read on the same connection, with no new handshake', async () => {
    const exchange = await countingServer();
    pool = createHttpPool(exchange.url);
    // Read, then close in the same microtask chain: what the side check and the close, or a retry's read, do.
    await pool.send({ method: 'GET', pathWithQuery: '/api/v2/mix/position/all-position?productType=USDT-FUTURES', headers: {}, timeoutMs: 1_000 });
    expect(exchange.connections()).toBe(1);
    await pool.send({ method: 'POST', pathWithQuery: '/api/v2/mix/order/close-positions', headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: 1_000 });
    await pool.send({ method: 'GET', pathWithQuery: '/api/v2/mix/position/all-position?productType=USDT-FUTURES', headers: {}, timeoutMs: 1_000 });
    expect(exchange.connections()).toBe(1);
  });
});
