// The latency proxy costs what a far network costs: a round trip per request, and the handshakes on a new connection.
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLatencyProxy, type LatencyProxy } from './latency.ts';

const RTT = 40;
const server = createServer((incoming, response) => {
  incoming.resume();
  incoming.on('end', () => response.writeHead(200, { 'Content-Type': 'text/plain' }).end(`echo ${incoming.url}`));
});
let proxy: LatencyProxy;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy = await startLatencyProxy({ upstream: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, rttMs: RTT });
});

afterAll(async () => {
  await proxy.close();
  server.closeAllConnections();
  server.close();
});

function get(agent: Agent, path: string): Promise<{ body: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const outgoing = request(`${proxy.url}${path}`, { agent }, (incoming) => {
      let body = '';
      incoming.on('data', (chunk: Buffer) => (body += chunk.toString()));
      incoming.on('end', () => resolve({ body, ms: performance.now() - started }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('latency proxy', () => {
  it('charges TCP + TLS + the request (3 RTT) on a new connection, one RTT on a reused one, bytes unchanged', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const before = proxy.connections;
    const first = await get(agent, '/first?a=1');
    const second = await get(agent, '/second');
    agent.destroy();
    expect(first.body).toBe('echo /first?a=1');
    expect(second.body).toBe('echo /second');
    expect(proxy.connections - before).toBe(1);
    expect(first.ms).toBeGreaterThanOrEqual(3 * RTT - 1);
    expect(first.ms).toBeLessThan(4 * RTT);
    expect(second.ms).toBeGreaterThanOrEqual(RTT - 1);
    expect(second.ms).toBeLessThan(2 * RTT);
  });

  it('carries requests on one connection in order, a round trip each after the handshakes', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const answers = await Promise.all(['/1', '/2', '/3'].map((path) => get(agent, path)));
    agent.destroy();
    expect(answers.map((answer) => answer.body)).toEqual(['echo /1', 'echo /2', 'echo /3']);
    // One connection, three requests one after another: handshakes once, then a round trip each.
    expect(answers[2]!.ms).toBeGreaterThanOrEqual(5 * RTT - 1);
  });
});
