// `npm run bench:guard [-- --short]`: the account guard's reaction time against the simulator on loopback: from the
// moment a price crosses the daily loss limit (the simulator moves the mark and its ticker pushes it) to the close
// request arriving at the exchange. It includes the guard's confirming REST read of the account (issue 18) and the
// close path's own read of the positions. One fresh account and core per sample (a tripped guard stays tripped).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createCore } from '../electron/core/compose.ts';
import { createJsonSettingsStore } from '../electron/core/settings-file.ts';
import { startExchange } from '../electron/simulator/index.ts';
import { median, p99 } from './stats.ts';

const CLOSE_PATH = '/api/v2/mix/order/close-positions';
const { values: flags } = parseArgs({ options: { short: { type: 'boolean' } } });
const samples = flags.short === true || process.env.BENCH_SHORT === '1' ? 3 : 15;

const closeArrivals = new Map<string, number>();
const exchange = await startExchange({
  onRequest(event) {
    if (event.method === 'POST' && event.path === CLOSE_PATH && event.apiKey && !closeArrivals.has(event.apiKey)) closeArrivals.set(event.apiKey, performance.now());
  },
});

async function oneTrip(): Promise<number> {
  // Prices move for every account at once: each sample starts from the contract's default mark.
  exchange.setMarkPrice('USDT-FUTURES', 'BTCUSDT', '65000');
  const credentials = exchange.addAccount({ positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '1' }] });
  const dataDir = mkdtempSync(join(tmpdir(), 'guard-bench-'));
  const core = await createCore({
    dataDir,
    settings: createJsonSettingsStore(join(dataDir, 'config.json')),
    baseUrl: exchange.url,
    ephemeralProfiles: [{ name: 'bench', demo: false, credentials }],
    guard: true,
    feedLog: () => undefined,
  });
  try {
    await core.warmUp();
    await core.handlers.armGuard({ profile: 'bench', rules: { dailyLossLimit: '1000' } });
    const watching = () => core.guard!.list().find((status) => status.profile === 'bench');
    while (!(watching()?.state === 'watching' && watching()?.feed?.source === 'websocket')) await sleep(20);
    // A fresh ticker push first (the mark is dated by its arrival), then the move past the limit.
    exchange.setMarkPrice('USDT-FUTURES', 'BTCUSDT', '64999');
    await sleep(200);
    const crossedAt = performance.now();
    exchange.setMarkPrice('USDT-FUTURES', 'BTCUSDT', '63900');
    while (!closeArrivals.has(credentials.apiKey)) {
      if (performance.now() - crossedAt > 10_000) throw new Error('the guard did not send a close within 10 s');
      await sleep(1);
    }
    return closeArrivals.get(credentials.apiKey)! - crossedAt;
  } finally {
    await core.dispose();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const reactions: number[] = [];
for (let index = 0; index < samples; index += 1) reactions.push(await oneTrip());
await exchange.close();
console.log(`guard reaction, limit crossed → close request on the wire (loopback simulator, confirming read included): median ${median(reactions).toFixed(1)} ms, p99 ${p99(reactions).toFixed(1)} ms, n=${reactions.length}`);
