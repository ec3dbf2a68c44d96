// `npm run bench:feed-flood [-- --seconds 30 --rate 5000]`: one profile's live feed while
// the public socket is flooded with ticker pushes for symbols and product types it never subscribed to (issue 18: at
// 5 000 pushes/s the app stalled for 10 s and its memory grew without end). The flood comes from a WebSocket server in
// a worker thread, so the sending does not weigh on the event loop measured here. Prints the event-loop delay
// (p50/p99/max), the heap and RSS at the start and the end, and whether the feed stayed live with a current mark.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import type { FeedUpdate } from '../shared/feed.ts';
import { createProfileFeed } from '../electron/core/feed/profile-feed.ts';
import { wsTransport } from '../electron/core/feed/transport.ts';

const { values: flags } = parseArgs({ options: { seconds: { type: 'string' }, rate: { type: 'string' } } });
const seconds = Number(flags.seconds ?? 30);
const rate = Number(flags.rate ?? 5_000);

// The flooding exchange: accepts any login, acks every subscription, holds one BTCUSDT long, prices BTCUSDT every
// 100 ms on its ticker, and floods every public socket with tickers of ever new symbols and of COIN-FUTURES.
const SERVER = `
const { parentPort, workerData } = require('node:worker_threads');
const { WebSocketServer } = require(workerData.ws);
const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
let sent = 0;
server.on('listening', () => parentPort.postMessage({ port: server.address().port }));
server.on('connection', (socket, request) => {
  const isPublic = request.url.includes('public');
  const timers = [];
  const ticker = (instType, instId, markPrice) => JSON.stringify({ action: 'snapshot', arg: { instType, channel: 'ticker', instId }, data: [{ instId, markPrice, lastPr: markPrice, ts: String(Date.now()) }], ts: Date.now() });
  socket.on('message', (data) => {
    const text = data.toString();
    if (text === 'ping') return socket.send('pong');
    const frame = JSON.parse(text);
    if (frame.op === 'login') return socket.send(JSON.stringify({ event: 'login', code: 0, msg: '' }));
    for (const arg of frame.args ?? []) {
      socket.send(JSON.stringify({ event: frame.op, arg }));
      if (arg.channel === 'positions') {
        const data = arg.instType === 'USDT-FUTURES' ? [{ instId: 'BTCUSDT', marginCoin: 'USDT', holdSide: 'long', total: '1', available: '1', openPriceAvg: '60000', leverage: 10, marginMode: 'crossed', posMode: 'hedge_mode' }] : [];
        socket.send(JSON.stringify({ action: 'snapshot', arg, data, ts: Date.now() }));
      }
      if (arg.channel === 'account') socket.send(JSON.stringify({ action: 'snapshot', arg, data: [{ marginCoin: 'USDT', equity: '10000', usdtEquity: '10000', available: '10000', frozen: '0', unrealizedPL: '0' }], ts: Date.now() }));
    }
    if (isPublic && timers.length === 0) {
      timers.push(setInterval(() => socket.send(ticker('USDT-FUTURES', 'BTCUSDT', String(60000 + Math.round(Math.random() * 100)))), 100));
      const perTick = Math.max(1, Math.round(workerData.rate / 100));
      timers.push(setInterval(() => {
        for (let i = 0; i < perTick; i += 1) {
          sent += 1;
          socket.send(sent % 10 === 0 ? ticker('COIN-FUTURES', 'BTCUSD', String(sent)) : ticker('USDT-FUTURES', 'X' + sent + 'USDT', String(sent)));
        }
      }, 10));
    }
  });
  socket.on('close', () => timers.forEach(clearInterval));
});
parentPort.on('message', () => parentPort.postMessage({ sent }));
`;

const worker = new Worker(SERVER, { eval: true, workerData: { rate, ws: import.meta.resolve('ws').replace('file://', '') } });
const port = await new Promise<number>((resolve) => worker.once('message', (message: { port: number }) => resolve(message.port)));
const url = `ws://127.0.0.1:${port}`;

let latest: FeedUpdate | undefined;
let updates = 0;
const feed = createProfileFeed({
  profile: 'bench',
  accountKind: 'classic',
  productTypes: ['USDT-FUTURES', 'COIN-FUTURES'],
  privateUrl: `${url}/v2/ws/private`,
  publicUrl: `${url}/v2/ws/public`,
  transport: wsTransport(),
  login: () => ({ apiKey: 'bench', passphrase: 'bench', sign: () => 'bench', timestampMs: () => Date.now() }),
  poll: async () => ({ ok: false, error: { kind: 'network', message: 'no REST in this benchmark', hint: '' } }),
  onUpdate: (update) => {
    latest = update;
    updates += 1;
  },
});

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
while (latest?.status.socket !== 'live' || !latest.snapshot?.marks.length) await sleep(50);
globalThis.gc?.();
const start = process.memoryUsage();
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
let staleSeconds = 0;
let oldestMarkAgeMs = 0;
for (let second = 0; second < seconds; second += 1) {
  await sleep(1_000);
  if (latest?.status.stale) staleSeconds += 1;
  const mark = latest?.snapshot?.marks.find((entry) => entry.symbol === 'BTCUSDT');
  oldestMarkAgeMs = Math.max(oldestMarkAgeMs, mark ? Date.now() - mark.receivedAt : Number.POSITIVE_INFINITY);
}
delay.disable();
globalThis.gc?.();
const end = process.memoryUsage();
worker.postMessage('count');
const { sent } = await new Promise<{ sent: number }>((resolve) => worker.once('message', resolve));
feed.close();
await worker.terminate();

const ms = (ns: number) => (ns / 1e6).toFixed(1);
process.stdout.write(
  [
    `feed flood: ${sent} unsubscribed pushes in ${seconds} s (${Math.round(sent / seconds)}/s), ${updates} feed updates`,
    `event-loop delay: p50 ${ms(delay.percentile(50))} ms, p99 ${ms(delay.percentile(99))} ms, max ${ms(delay.max)} ms`,
    `heap used: ${mb(start.heapUsed)} MB → ${mb(end.heapUsed)} MB; rss ${mb(start.rss)} MB → ${mb(end.rss)} MB`,
    `feed: ${latest?.status.socket}, stale in ${staleSeconds} of ${seconds} samples, BTCUSDT mark at most ${oldestMarkAgeMs} ms old when sampled`,
    '',
  ].join('\n'),
);
