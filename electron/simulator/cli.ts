// The simulator as a command: seeds accounts, prints the main account's credentials as one JSON line on stdout
// (and, with --json-file, writes the same object to that file, complete before its name appears, so that a script
// never has to pick it out of npm's own output), logs requests on stderr, runs until SIGINT/SIGTERM.
//   node --experimental-strip-types electron/simulator/cli.ts [--port N] [--host H] [--tls] [--shapes live|docs] [--json-file PATH] [--fault "KIND key=value"]...
import { renameSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { FAULT_HELP, parseFaultCommand } from './fault-command.ts';
import { startExchange } from './index.ts';
import type { Exchange } from './index.ts';
import type { AccountSpec, Credentials, RequestEvent } from './types.ts';

const MAIN_ACCOUNT: AccountSpec = {
  kind: 'classic',
  posMode: 'hedge_mode',
  positions: [
    { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.05', entryPrice: '64000', markPrice: '65000' },
    { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'short', size: '0.02', entryPrice: '66000', markPrice: '65000' },
    { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'long', size: '1.2', entryPrice: '3300', markPrice: '3400' },
    { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'short', size: '0.5', entryPrice: '3500', markPrice: '3400' },
    { productType: 'USDT-FUTURES', symbol: 'SOLUSDT', holdSide: 'long', size: '10', entryPrice: '140', markPrice: '150', posMode: 'one_way_mode' },
  ],
  openOrders: [
    { productType: 'USDT-FUTURES', symbol: 'BTCUSDT' },
    { productType: 'USDT-FUTURES', symbol: 'ETHUSDT' },
  ],
  planOrders: [
    { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', planType: 'profit_plan' },
    { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', planType: 'loss_plan' },
    { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', planType: 'normal_plan' },
  ],
};

const UNIFIED_ACCOUNT: AccountSpec = {
  kind: 'unified',
  positions: [
    { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.03' },
    { productType: 'USDT-FUTURES', symbol: 'XRPUSDT', holdSide: 'short', size: '500' },
  ],
  planOrders: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', planType: 'pos_loss' }],
};

const DEMO_ACCOUNT: AccountSpec = {
  demo: true,
  positions: [{ productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'long', size: '2' }],
};

function describe(label: string, credentials: Credentials, exchange: Exchange): string {
  const view = exchange.account(credentials.apiKey);
  const positions = view.positions.map((p) => `${p.symbol} ${p.holdSide} ${p.size}${p.posMode === 'one_way_mode' ? ' (one-way)' : ''}`);
  return [
    `${label}: ${view.kind}${view.demo ? ' DEMO' : ' LIVE'}, ${view.posMode}, uid ${view.uid}`,
    `  apiKey ${credentials.apiKey}  secretKey ${credentials.secretKey}  passphrase ${credentials.passphrase}`,
    `  positions: ${positions.join(', ') || 'none'}; open orders ${view.openOrders.length}; plan orders ${view.planOrders.length}`,
  ].join('\n');
}

function logRequest(event: RequestEvent): void {
  const key = event.apiKey ? ` key …${event.apiKey.slice(-4)}` : '';
  const code = event.code ? ` ${event.code}` : '';
  process.stderr.write(`${new Date().toISOString()} ${event.method} ${event.path} → ${event.status}${code}${key} ${event.ms}ms\n`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      tls: { type: 'boolean', default: false },
      shapes: { type: 'string', default: 'live' },
      'json-file': { type: 'string' },
      fault: { type: 'string', multiple: true, default: [] },
    },
  });
  const startupFaults = values.fault.map((text) => ({ text, parsed: parseFaultCommand(text) }));
  const badFault = startupFaults.find((entry) => !entry.parsed.ok);
  if (badFault && !badFault.parsed.ok) throw new Error(`--fault "${badFault.text}": ${badFault.parsed.problem}\n${FAULT_HELP}`);
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be 0..65535, got ${values.port}`);

  if (values.shapes !== 'live' && values.shapes !== 'docs') throw new Error(`--shapes must be live or docs, got ${values.shapes}`);
  const exchange = await startExchange({ port, host: values.host, tls: values.tls, shapes: values.shapes, onRequest: logRequest });
  const main = exchange.addAccount(MAIN_ACCOUNT);
  const unified = exchange.addAccount(UNIFIED_ACCOUNT);
  const demo = exchange.addAccount(DEMO_ACCOUNT);

  const connection = JSON.stringify({ url: exchange.url, apiKey: main.apiKey, secretKey: main.secretKey, passphrase: main.passphrase });
  const jsonFile = values['json-file'];
  if (jsonFile) {
    writeFileSync(`${jsonFile}.tmp`, `${connection}\n`, { mode: 0o600 });
    renameSync(`${jsonFile}.tmp`, jsonFile);
  }
  process.stdout.write(`${connection}\n`);
  process.stderr.write(
    [
      `Bitget simulator listening on ${exchange.url}`,
      describe('main', main, exchange),
      describe('unified', unified, exchange),
      describe('demo (send paptrading: 1)', demo, exchange),
      ...(exchange.certificatePem ? ['self-signed certificate (trust it for https):', exchange.certificatePem] : []),
      '',
    ].join('\n'),
  );

  for (const { parsed } of startupFaults) if (parsed.ok) exchange.faults.add(parsed.fault);
  startConsole(exchange, main);

  const stop = () => {
    exchange.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** Lines typed into the simulator's terminal: faults, clock skew, the main account's positions. */
function startConsole(exchange: Exchange, main: Credentials): void {
  if (!process.stdin.isTTY) return;
  process.stderr.write('Type a fault to inject (e.g. "drop", "http-status status=502"), "skew MS", "positions", "clear" or "help".\n');
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const [command, argument] = line.trim().split(/\s+/);
    if (!command) return;
    if (command === 'help') process.stderr.write(`${FAULT_HELP}\n  other: skew MS | positions | clear\n`);
    else if (command === 'clear') {
      exchange.faults.clear();
      process.stderr.write('faults cleared\n');
    } else if (command === 'skew') {
      exchange.clock.skewMs = Number(argument ?? 0) || 0;
      process.stderr.write(`server clock skew ${exchange.clock.skewMs} ms\n`);
    } else if (command === 'positions') process.stderr.write(`${describe('main', main, exchange)}\n`);
    else {
      const parsed = parseFaultCommand(line);
      if (parsed.ok) {
        exchange.faults.add(parsed.fault);
        process.stderr.write(`fault added: ${JSON.stringify(parsed.fault)}\n`);
      } else process.stderr.write(`${parsed.problem}; type "help"\n`);
    }
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`exchange simulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
