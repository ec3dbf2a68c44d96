// `bitget-panic guard arm|disarm|status`: writes the guard's rules into the settings file (the running app picks them
// up within a second and watches) and reads what the app last saw from its heartbeat file.
import { createInterface } from 'node:readline';
import { accountModeOf, describeProfile, type ExplainedError, type ProfileSummary } from '../shared/bitget.ts';
import { guardRulesSchema, type GuardConfig, type GuardStatus } from '../shared/guard.ts';
import { describeRules } from '../shared/guard-rules.ts';
import { parseOrExplain } from '../shared/schema.ts';
import { EXIT } from './cli-format.ts';
import type { Core } from './core/compose.ts';
import { isFresh, readHeartbeat, HEARTBEAT_FRESH_MS, type GuardHeartbeat } from './core/guard/heartbeat.ts';
import { storeArm, storeDisarm, type GuardStorage } from './core/guard/guard-settings.ts';
import type { SettingsStore } from './core/settings-file.ts';

export const GUARD_USAGE = `  bitget-panic guard arm PROFILE [--daily-loss N] [--trailing-drawdown N] [--position-loss N] [--closeout HH:MM]
                     [--warn-at PERCENT] [--day-starts HH:MM] [--rearm manual|next-day] [--margin-coin USDT] [--yes]
                                              flatten PROFILE by itself when a limit is reached, and keep it flat
  bitget-panic guard disarm PROFILE
  bitget-panic guard status [PROFILE] [--json]  exits 1 when a guard is armed but the app is not running to watch it`;

export const GUARD_OPTIONS = {
  'daily-loss': { type: 'string' },
  'trailing-drawdown': { type: 'string' },
  'position-loss': { type: 'string' },
  closeout: { type: 'string' },
  'warn-at': { type: 'string' },
  'day-starts': { type: 'string' },
  rearm: { type: 'string' },
  'margin-coin': { type: 'string' },
} as const;

export type GuardFlags = { [K in keyof typeof GUARD_OPTIONS]?: string | undefined } & { yes?: boolean | undefined; json?: boolean | undefined };

export interface GuardCliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: NodeJS.ReadStream;
}

interface GuardCliContext {
  core: Core;
  settings: SettingsStore;
  dataDir: string;
  fail: (error: ExplainedError) => number;
}

const badInput = (message: string): ExplainedError => ({ kind: 'bad-input', message, hint: 'Nothing was armed or changed. Run `bitget-panic --help` for the usage.' });

export async function guardCommand(context: GuardCliContext, sub: string | undefined, rest: string[], flags: GuardFlags, io: GuardCliIo): Promise<number> {
  const json = flags.json ?? false;
  const ruleFlags = (Object.keys(GUARD_OPTIONS) as (keyof typeof GUARD_OPTIONS)[]).filter((name) => flags[name] !== undefined);
  if (sub !== 'arm' && ruleFlags.length > 0) return context.fail(badInput(`--${ruleFlags[0]} belongs to \`guard arm\`.`));
  const storage: GuardStorage = { settings: context.settings, audit: context.core.audit, profiles: () => context.core.profiles.list(), now: Date.now };
  switch (sub) {
    case 'arm': {
      if (rest.length !== 1) return context.fail(badInput('Say which profile: `bitget-panic guard arm PROFILE --daily-loss 500 ...`.'));
      const profile = rest[0]!;
      const summary = storage.profiles().find((candidate) => candidate.name === profile);
      if (!summary) return context.fail({ kind: 'not-found', message: `There is no profile named "${profile}" to guard.`, hint: `Profiles: ${storage.profiles().map((candidate) => candidate.name).join(', ') || 'none'}. Nothing was armed.` });
      const rules = rulesFromFlags(flags);
      if (!rules.ok) return context.fail(rules.error);
      if (!flags.yes) {
        if (!io.stdin.isTTY) return context.fail({ kind: 'bad-input', message: 'Refusing to arm the guard without confirmation: stdin is not a terminal.', hint: 'Nothing was armed. Pass --yes to arm from a script.' });
        io.stderr(`${armingText(summary, rules.value)}\n`);
        if (!(await askYesNo(io, 'Arm the guard? [y/N] '))) {
          if (json) return context.fail({ kind: 'bad-input', message: 'Cancelled: arming was not confirmed.', hint: 'Nothing was armed.' });
          io.stderr('Cancelled: nothing was armed.\n');
          return EXIT.badInput;
        }
      }
      const armed = await storeArm(storage, { profile, rules: rules.value });
      if (!armed.ok) return context.fail(armed.error);
      const watching = isFresh(await readHeartbeat(context.dataDir), Date.now());
      if (json) io.stdout(`${JSON.stringify({ guard: armed.value, watching })}\n`);
      else io.stdout(`Guard ARMED on ${describeProfile(summary)}:\n${describeRules(armed.value.rules).map((line) => `  ${line}\n`).join('')}`);
      if (!watching) io.stderr('warning: nothing is watching yet: the app is not running. Start the app (it runs the guard in the background, also with the window closed).\n');
      return EXIT.ok;
    }
    case 'disarm': {
      if (rest.length !== 1) return context.fail(badInput('Say which profile: `bitget-panic guard disarm PROFILE`.'));
      const disarmed = await storeDisarm(storage, { profile: rest[0] });
      if (!disarmed.ok) return context.fail(disarmed.error);
      if (json) io.stdout(`${JSON.stringify({ guard: disarmed.value ?? null })}\n`);
      else io.stdout(`Guard disarmed on "${rest[0]}": it no longer flattens by itself.\n`);
      return EXIT.ok;
    }
    case 'status': {
      if (rest.length > 1) return context.fail(badInput(`Unexpected argument "${rest[1]}".`));
      const profile = rest[0];
      const guards = context.settings.read().guards;
      const profiles = storage.profiles();
      if (profile && !profiles.some((summary) => summary.name === profile) && !guards.some((guard) => guard.profile === profile)) {
        return context.fail({ kind: 'not-found', message: `There is no profile named "${profile}".`, hint: `Profiles: ${profiles.map((summary) => summary.name).join(', ') || 'none'}.` });
      }
      const heartbeat = await readHeartbeat(context.dataDir);
      const watching = isFresh(heartbeat, Date.now());
      const names = profile ? [profile] : [...new Set([...guards.map((guard) => guard.profile), ...profiles.map((summary) => summary.name)])];
      const statuses = names.map((name) => statusFor(name, guards.find((guard) => guard.profile === name), profiles, watching ? heartbeat : undefined));
      const unwatched = statuses.filter((status) => status.config?.armed && !watching);
      if (json) io.stdout(`${JSON.stringify({ watching, ...(heartbeat ? { heartbeatAt: heartbeat.writtenAt } : {}), guards: statuses })}\n`);
      else io.stdout(statuses.map((status) => formatStatus(status, watching)).join(''));
      if (unwatched.length > 0) {
        if (!json) io.stderr(`Armed, but nothing is watching: the app is not running (no guard heartbeat in the last ${HEARTBEAT_FRESH_MS / 1000} s). Start the app to protect ${unwatched.map((status) => `"${status.profile}"`).join(', ')}.\n`);
        return EXIT.notFlat;
      }
      return EXIT.ok;
    }
    default:
      return context.fail(badInput(`Unknown guard command "${sub ?? ''}": use arm, disarm or status.`));
  }
}

function rulesFromFlags(flags: GuardFlags) {
  const warnAt = flags['warn-at'];
  if (warnAt !== undefined && !/^\d{1,2}$/.test(warnAt.trim())) {
    return { ok: false as const, error: badInput(`--warn-at "${warnAt}" must be a whole percentage from 1 to 99.`) };
  }
  const input = {
    ...(flags['daily-loss'] !== undefined ? { dailyLossLimit: flags['daily-loss'] } : {}),
    ...(flags['trailing-drawdown'] !== undefined ? { trailingDrawdown: flags['trailing-drawdown'] } : {}),
    ...(flags['position-loss'] !== undefined ? { positionLossLimit: flags['position-loss'] } : {}),
    ...(flags.closeout !== undefined ? { closeoutTime: flags.closeout } : {}),
    ...(warnAt !== undefined ? { warnAtPercent: Number(warnAt) } : {}),
    ...(flags['day-starts'] !== undefined ? { dayStartsAt: flags['day-starts'] } : {}),
    ...(flags.rearm !== undefined ? { rearm: flags.rearm } : {}),
    ...(flags['margin-coin'] !== undefined ? { marginCoin: flags['margin-coin'] } : {}),
  };
  return parseOrExplain(guardRulesSchema, input, 'guard rules');
}

function armingText(summary: ProfileSummary, rules: ReturnType<typeof guardRulesSchema.parse>): string {
  return [
    `About to ARM the account guard on ${describeProfile(summary)}${accountModeOf(summary) === 'live' ? ' (REAL MONEY)' : ''}:`,
    ...describeRules(rules).map((line) => `  ${line}`),
    'When a rule trips, every position on this profile is closed (orders cancelled) and anything that opens again is closed too.',
  ].join('\n');
}

async function askYesNo(io: GuardCliIo, question: string): Promise<boolean> {
  const rl = createInterface({ input: io.stdin, output: process.stderr, terminal: true });
  const answer = await new Promise<string>((resolve) => rl.question(question, resolve));
  rl.close();
  return ['y', 'yes'].includes(answer.trim().toLowerCase());
}

function statusFor(profile: string, config: GuardConfig | undefined, profiles: ProfileSummary[], heartbeat: GuardHeartbeat | undefined): GuardStatus {
  const summary = profiles.find((candidate) => candidate.name === profile);
  const mode = summary ? accountModeOf(summary) : 'live';
  const seen = heartbeat?.guards.find((status) => status.profile === profile);
  if (!config?.armed) return { profile, mode, state: 'disarmed', messages: [], ...(config ? { config } : {}) };
  // The file is the truth about what is armed; the heartbeat says what the running app saw.
  if (seen && seen.config?.armedAt === config.armedAt) return { ...seen, mode };
  return {
    profile,
    mode,
    state: config.tripped ? 'tripped' : 'blind',
    config,
    messages: [heartbeat ? 'Armed just now: the app has not reported on it yet.' : 'Armed, but nothing is watching: the app is not running.'],
  };
}

function formatStatus(status: GuardStatus, watching: boolean): string {
  const who = `${status.mode.toUpperCase()} "${status.profile}"`;
  if (status.state === 'disarmed') return `${who}: guard disarmed\n`;
  const lines = [`${who}: guard ARMED, ${watching ? status.state.toUpperCase() : 'NOT WATCHED (the app is not running)'}`];
  if (status.config) lines.push(...describeRules(status.config.rules).map((line) => `  ${line}`));
  if (status.config?.tripped) lines.push(`  tripped at ${status.config.tripped.at}: ${status.config.tripped.reason}`);
  const figures = status.figures;
  if (figures) {
    lines.push(`  equity ${figures.equity} ${figures.marginCoin}, day P&L ${figures.dayPnl}, ${figures.drawdown} below the day's peak of ${figures.peakEquity}${figures.worstPosition ? `, worst position ${figures.worstPosition.symbol} ${figures.worstPosition.holdSide} ${figures.worstPosition.unrealizedPnl}` : ''}`);
  }
  for (const message of status.messages) lines.push(`  ${message}`);
  if (status.lastFlatten) lines.push(`  last flatten ${status.lastFlatten.at}: ${status.lastFlatten.status}, ${status.lastFlatten.summary}`);
  return `${lines.join('\n')}\n`;
}
