// kill -9 at random moments of CLI closes (and, inside a keyring, of `profiles add`): whatever was on disk must still
// read. The simulator holds every close answer back a while, so many kills land while the request is in flight.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange } from './simulator/index.ts';
import { auditEntrySchema } from '../shared/audit-schema.ts';
import type { AuditEntry } from '../shared/bitget.ts';
import { appSettingsSchema } from '../shared/schema.ts';
import { envCredentials, startCli, type CliRun } from './cli-processes.ts';

type Exchange = Awaited<ReturnType<typeof startExchange>>;
const inKeyring = process.env.PANIC_KEYRING_READY === '1';

const TARGETS = [
  ['USDT-FUTURES', 'BTCUSDT'],
  ['USDT-FUTURES', 'ETHUSDT'],
  ['COIN-FUTURES', 'BTCUSD'],
  ['USDC-FUTURES', 'BTCPERP'],
  ['USDT-FUTURES', 'SOLUSDT'],
] as const;
const WANTED_KILLS = 24;
const CLOSE_ANSWER_DELAY_MS = 400;

interface KilledClose {
  batch: number;
  productType: string;
  symbol: string;
  /** The simulator received this run's close request before the kill. */
  reachedExchange: boolean;
  /** Complete audit lines of the batch's data folder after the kill. */
  audit: AuditEntry[];
}

let exchange: Exchange;
const killedCloses: KilledClose[] = [];

beforeAll(async () => {
  exchange = await startExchange();
  exchange.faults.add({ kind: 'delay', ms: CLOSE_ANSWER_DELAY_MS, path: '/api/v2/mix/order/close-positions', times: Infinity });
});
afterAll(() => exchange.close());

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Complete lines only: a line without its newline may be the one being written when the process died. */
function completeLines(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').slice(0, -1).filter((line) => line.trim() !== '');
}

async function killAt(run: CliRun, when: () => Promise<void>): Promise<boolean> {
  const finished = run.done.then(() => 'finished' as const);
  const due = when().then(() => 'due' as const);
  if ((await Promise.race([finished, due])) === 'finished') return false;
  run.child.kill('SIGKILL');
  return (await run.done).signal === 'SIGKILL';
}

describe('kill -9 during CLI closes', () => {
  it(`after each of ${WANTED_KILLS}+ kills every complete audit line is an entry and the settings file reads`, async () => {
    let batch = 0;
    let kills = 0;
    while (kills < WANTED_KILLS && batch < 12) {
      batch += 1;
      const dataDir = mkdtempSync(join(tmpdir(), `panic-kill-${batch}-`));
      const settingsFile = join(dataDir, 'config.json');
      writeFileSync(settingsFile, JSON.stringify(appSettingsSchema.parse({ profiles: [{ name: 'kept', demo: true, keyHint: 'a1b2' }] })), { mode: 0o600 });
      const closes = TARGETS.map(([productType, symbol], index) => {
        const account = exchange.addAccount({ positions: [{ productType, symbol, holdSide: 'long', size: '1' }] });
        const run = startCli(['close', '--from-env', '--product-type', productType, '--symbol', symbol, '--yes', '--json'], {
          ...envCredentials(account),
          BITGET_PANIC_BASE_URL: exchange.url,
          BITGET_PANIC_DATA_DIR: dataDir,
          BITGET_PANIC_DEADLINE_MS: '4000',
        });
        const view = exchange.account(account.apiKey);
        // Half the kills at a random moment of the run, half while the close request is at the exchange.
        const when =
          index % 2 === 0
            ? () => pause(100 + Math.random() * 1_400)
            : async () => {
                while (view.closeRequests.count === 0) await pause(5);
                await pause(Math.random() * (CLOSE_ANSWER_DELAY_MS - 50));
              };
        return killAt(run, when).then((killed) => ({ killed, productType, symbol, reachedExchange: () => view.closeRequests.count > 0 }));
      });
      const adds = inKeyring
        ? [
            killAt(
              startCli(['profiles', 'add', `killed-${process.pid}-${batch}`, '--demo'], { BITGET_PANIC_DATA_DIR: dataDir }, `bg_kill_key_${batch}_0000\nsecret-k\npass-k\n`),
              () => pause(Math.random() * 900),
            ),
          ]
        : [];
      const results = await Promise.all(closes);
      kills += results.filter((result) => result.killed).length + (await Promise.all(adds)).filter(Boolean).length;

      const lines = completeLines(join(dataDir, 'audit.jsonl'));
      const audit = lines.map((line, index) => {
        const parsed = auditEntrySchema.safeParse(JSON.parse(line));
        expect(parsed.success, `batch ${batch}, audit line ${index + 1}: ${line.slice(0, 200)}`).toBe(true);
        return parsed.data!;
      });
      const settings = appSettingsSchema.safeParse(JSON.parse(readFileSync(settingsFile, 'utf8')));
      expect(settings.success, `batch ${batch}: the settings file reads`).toBe(true);
      expect(settings.data!.profiles.map((profile) => profile.name)).toContain('kept');
      for (const result of results) {
        if (result.killed) killedCloses.push({ batch, productType: result.productType, symbol: result.symbol, reachedExchange: result.reachedExchange(), audit });
      }
    }
    expect(kills).toBeGreaterThanOrEqual(WANTED_KILLS);
    // The kills did land during requests, not only before or after them.
    expect(killedCloses.filter((killed) => killed.reachedExchange).length).toBeGreaterThanOrEqual(5);
  });

  // The close path appends { type: 'attempt', phase: 'sending' } (fsynced) before each close request leaves.
  it('whenever the exchange received a close from a killed run, its audit holds the "sending" attempt for it', () => {
    const inFlight = killedCloses.filter((killed) => killed.reachedExchange);
    expect(inFlight.length).toBeGreaterThan(0);
    for (const killed of inFlight) {
      const sending = killed.audit.filter(
        (entry) =>
          entry.type === 'attempt' &&
          entry.phase === 'sending' &&
          entry.request?.path.endsWith('/close-positions') &&
          entry.target?.symbol === killed.symbol &&
          entry.target.productType === killed.productType,
      );
      expect(sending, `batch ${killed.batch} ${killed.productType} ${killed.symbol}`).not.toHaveLength(0);
    }
  });
});
