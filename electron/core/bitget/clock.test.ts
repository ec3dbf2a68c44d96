import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startExchange } from '../../simulator/index.ts';
import { createExchangeClock } from './clock.ts';
import { createHttpPool, type HttpPool } from './http.ts';

let exchange: Awaited<ReturnType<typeof startExchange>>;
let pool: HttpPool;

beforeEach(async () => {
  exchange = await startExchange();
  pool = createHttpPool(exchange.url);
});
afterEach(async () => {
  await pool.close();
  await exchange.close();
});

describe('exchange clock', () => {
  it('stamps requests with the exchange time, whatever the local clock says', async () => {
    exchange.clock.skewMs = -45_000;
    const clock = createExchangeClock(pool);
    expect(clock.synced).toBe(false);
    await clock.sync();
    expect(clock.synced).toBe(true);
    expect(Math.abs(clock.offsetMs + 45_000)).toBeLessThan(200);
    expect(Math.abs(Number(clock.timestamp()) - exchange.clock.now())).toBeLessThan(200);
  });

  it('re-syncs periodically on the same pooled connection, which keeps it warm', async () => {
    const clock = createExchangeClock(pool);
    await clock.sync();
    exchange.clock.skewMs = 10_000;
    clock.startAutoSync(100);
    await new Promise((resolve) => setTimeout(resolve, 350));
    clock.stop();
    expect(Math.abs(clock.offsetMs - 10_000)).toBeLessThan(200);
    const timeRequests = exchange.requests.filter((request) => request.path === '/api/v2/public/time');
    expect(timeRequests.length).toBeGreaterThanOrEqual(3);
    expect(new Set(timeRequests.map((request) => request.connection)).size).toBe(1);
  });

  it('fails loudly on an unreadable time answer and keeps the old offset', async () => {
    const clock = createExchangeClock(pool);
    exchange.faults.add({ path: '/api/v2/public/time', kind: 'html' });
    await expect(clock.sync()).rejects.toThrow();
    expect(clock.synced).toBe(false);
    expect(clock.offsetMs).toBe(0);
  });
});
