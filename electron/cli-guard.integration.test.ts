// `bitget-panic guard` as a person runs it: child processes on the built-in Practice profile (no key, no network),
// a real settings file and audit log, and the heartbeat file the running app writes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../e2e/fault-proxy/drive.ts';
import type { GuardConfig, GuardStatus } from '../shared/guard.ts';
import { writeHeartbeat } from './core/guard/heartbeat.ts';

let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'panic-cli-guard-'));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

// An endpoint nothing listens on: the guard commands never need the exchange.
const run = (args: string[]) => runCli(args, { dataDir, baseUrl: 'http://127.0.0.1:9' });

const storedGuards = (): GuardConfig[] => {
  try {
    return (JSON.parse(readFileSync(join(dataDir, 'config.json'), 'utf8')) as { guards?: GuardConfig[] }).guards ?? [];
  } catch {
    return [];
  }
};
const guardEvents = () =>
  readFileSync(join(dataDir, 'audit.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { type: string; guard?: { event: string } })
    .filter((entry) => entry.type === 'guard')
    .map((entry) => entry.guard?.event);

describe('bitget-panic guard', () => {
  it('refuses to arm without a confirmation, a profile, a rule or valid limits, and changes nothing', async () => {
    const unconfirmed = await run(['guard', 'arm', 'Practice', '--daily-loss', '500']);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('Refusing to arm the guard without confirmation: stdin is not a terminal.');
    for (const [args, message] of [
      [['guard', 'arm', 'nope', '--daily-loss', '500', '--yes'], 'There is no profile named "nope" to guard.'],
      [['guard', 'arm', 'Practice', '--yes'], 'set at least one rule'],
      [['guard', 'arm', 'Practice', '--daily-loss=-5', '--yes'], 'must be a positive amount'],
      [['guard', 'arm', 'Practice', '--closeout', '25:00', '--yes'], 'must be a time of day'],
      [['guard', 'arm', 'Practice', '--daily-loss', '5', '--warn-at', '150', '--yes'], '--warn-at "150" must be a whole percentage'],
      [['guard', 'arm', 'Practice', '--daily-loss', '5', '--rearm', 'sometimes', '--yes'], 'rearm'],
      [['close', '--everything', '--daily-loss', '5', '--yes'], '--daily-loss belongs to `guard arm`'],
    ] as const) {
      const result = await run([...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toContain(message);
    }
    expect(storedGuards()).toEqual([]);
  });

  it('arms, says plainly when nothing is watching, shows what the running app saw, and disarms', async () => {
    const armed = await run(['guard', 'arm', 'Practice', '--daily-loss', '500', '--trailing-drawdown', '300', '--closeout', '21:30', '--warn-at', '70', '--rearm', 'next-day', '--yes']);
    expect(armed.code).toBe(0);
    expect(armed.stdout).toContain('Guard ARMED on PRACTICE "Practice"');
    expect(armed.stdout).toContain('Daily loss limit: 500 USDT');
    expect(armed.stderr).toContain('nothing is watching yet: the app is not running');
    const [stored] = storedGuards();
    expect(stored).toMatchObject({ profile: 'Practice', armed: true, rules: { dailyLossLimit: '500', trailingDrawdown: '300', closeoutTime: '21:30', warnAtPercent: 70, rearm: 'next-day', marginCoin: 'USDT' } });

    const unwatched = await run(['guard', 'status', 'Practice']);
    expect(unwatched.code).toBe(1);
    expect(unwatched.stdout).toContain('PRACTICE "Practice": guard ARMED, NOT WATCHED (the app is not running)');
    expect(unwatched.stderr).toContain('Armed, but nothing is watching: the app is not running');
    const unwatchedJson = await run(['guard', 'status', '--json']);
    expect(unwatchedJson.code).toBe(1);
    expect(unwatchedJson.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(unwatchedJson.stdout)).toMatchObject({ watching: false, guards: [{ profile: 'Practice', state: 'blind', config: { armed: true } }] });

    // What the running app writes every ~2 s: its own view of the guard.
    const seen: GuardStatus = {
      profile: 'Practice',
      mode: 'practice',
      state: 'warning',
      config: stored!,
      figures: { marginCoin: 'USDT', equity: '9620', dayStartEquity: '10000', peakEquity: '10000', dayPnl: '-380', drawdown: '380', confirmedAt: Date.now() },
      messages: ['Warning: Daily loss -380 USDT is at 70 % or more of the limit of 500 USDT.'],
    };
    await writeHeartbeat(dataDir, { writtenAt: new Date().toISOString(), pid: 4242, guards: [seen] });
    const watched = await run(['guard', 'status', 'Practice']);
    expect(watched.code).toBe(0);
    expect(watched.stdout).toContain('guard ARMED, WARNING');
    expect(watched.stdout).toContain('equity 9620 USDT, day P&L -380');
    expect(watched.stdout).toContain('Warning: Daily loss -380 USDT');
    // A heartbeat older than 10 s is nobody watching.
    await writeHeartbeat(dataDir, { writtenAt: new Date(Date.now() - 11_000).toISOString(), pid: 4242, guards: [seen] });
    expect((await run(['guard', 'status', 'Practice'])).code).toBe(1);

    const disarmed = await run(['guard', 'disarm', 'Practice']);
    expect(disarmed.code).toBe(0);
    expect(disarmed.stdout).toContain('Guard disarmed on "Practice"');
    expect(storedGuards()[0]).toMatchObject({ armed: false, rules: { dailyLossLimit: '500' } });
    const after = await run(['guard', 'status']);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain('PRACTICE "Practice": guard disarmed');
    expect(guardEvents()).toEqual(['armed', 'disarmed']);
  });
});
