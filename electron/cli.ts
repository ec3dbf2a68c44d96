#!/usr/bin/env node
// The command-line trigger: the same core as the app, from a terminal, a script, a Stream Deck or a desktop shortcut.
import { realpathSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PRODUCT_TYPES, describeProfile, type CloseOutcome, type CostReport, type ExplainedError, type PanicRequest, type Position, type Result } from '../shared/bitget.ts';
import { PRACTICE_PROFILE_NAME, PRACTICE_SCENARIOS, PRACTICE_SCENARIO_NAMES, type PracticeState } from '../shared/practice.ts';
import { profileNameClash } from '../shared/profile-names.ts';
import { credentialsSchema, newProfileNameSchema, panicRequestSchema, parseOrExplain, productTypeSchema, type Credentials } from '../shared/schema.ts';
import { exitCodeForConnectionTest, formatConnectionTest, formatCosts, formatEverything, formatOutcome, formatPositions, formatProfiles, formatProgress, exitCodeForError, exitCodeForEverything, exitCodeForOutcome, EXIT } from './cli-format.ts';
import { GUARD_OPTIONS, GUARD_USAGE, guardCommand } from './cli-guard.ts';
import { asksForJson, repeatedOption } from './cli-args.ts';
import { lostOutputNote, printerOn } from './cli-output.ts';
import { readPositionsRetrying } from './cli-positions.ts';
import { askYes, confirmOnTerminal, readSecrets } from './cli-input.ts';
import { EVERYTHING_PRODUCT_TYPES, matchesTarget } from '../shared/target.ts';
import { openDataFolder } from './core/data-folder.ts';
import { describeCustomEndpoint, endpointFromEnv } from './core/endpoint.ts';
import { createCore, type Core } from './core/compose.ts';
import { createScrubber } from '../shared/scrub.ts';
import type { CloseProgress, PanicTiming } from './core/panic.ts';
import { createJsonSettingsStore, defaultDataDir } from './core/settings-file.ts';

export const USAGE = `bitget-panic — close Bitget futures positions from the command line

Usage:
  bitget-panic close --product-type T [--symbol S] [--side long|short] [--cancel-orders]
                     [--profile NAME | --from-env] [--demo] [--base-url URL] [--yes] [--json] [--no-costs]
  bitget-panic close --everything [--profile NAME | --all-profiles | --from-env] [--cancel-orders] [--yes] [--json] [--no-costs]
                     every position of USDT-, COIN- and USDC-FUTURES (of every stored profile with --all-profiles)
  bitget-panic positions --product-type T [--profile NAME | --from-env] [--demo] [--base-url URL] [--json]
  bitget-panic profiles add NAME [--demo]     secrets are read from a hidden prompt, or from stdin as three
                                              lines: API key, secret key, passphrase (never from arguments)
  bitget-panic profiles list [--json]
  bitget-panic profiles remove NAME
  bitget-panic profiles test NAME [--base-url URL]
  bitget-panic practice status|reset [--json]   the built-in practice account (no key, no network)
  bitget-panic practice scenario NAME [--json]  rehearse a bad minute: ${PRACTICE_SCENARIO_NAMES.join(', ')}
${GUARD_USAGE}

Product types: USDT-FUTURES, COIN-FUTURES, USDC-FUTURES (and the old demo SUSDT-, SCOIN-, SUSDC-FUTURES).
Without --symbol every symbol of the product type is closed; without --side both sides.
--profile may be left out when exactly one profile exists; with none, the built-in PRACTICE account is used.
--practice     act on the built-in practice account (simulated exchange: no key, no network)
--from-env     use BITGET_API_KEY, BITGET_API_SECRET, BITGET_API_PASSPHRASE instead of a stored profile
--demo         demo trading (sends paptrading: 1); with --profile it must match the profile's own demo flag
--yes          do not ask; without it, close asks on the terminal and refuses when stdin is not one
--json         print the result as one JSON object
--no-costs     do not read what the close cost (fill, realized PnL, fee) after the outcome: the fastest exit
Data folder: ${defaultDataDir()} (BITGET_PANIC_DATA_DIR overrides; BITGET_PANIC_BASE_URL sets the exchange URL)

Exit codes:
  0  the target is verified flat, or there was nothing to close
  1  partial or failed close (what is still open is printed)
  2  bad input, or a local file that cannot be used (named): nothing was sent
  3  authentication or permission problem (key, passphrase, IP whitelist, keychain)
  4  network problem or unknown outcome: check positions
`;

const OPTIONS = {
  'product-type': { type: 'string' },
  everything: { type: 'boolean' },
  'all-profiles': { type: 'boolean' },
  symbol: { type: 'string' },
  side: { type: 'string' },
  'cancel-orders': { type: 'boolean' },
  profile: { type: 'string' },
  'from-env': { type: 'boolean' },
  practice: { type: 'boolean' },
  demo: { type: 'boolean' },
  'base-url': { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  json: { type: 'boolean' },
  'no-costs': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  ...GUARD_OPTIONS,
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadStream;
}

/** A close that takes longer than this shows progress on stderr, so a retrying close is never a blank terminal. */
const PROGRESS_AFTER_MS = 1_000;

const badInput = (message: string, hint = 'Nothing was sent. Run `bitget-panic --help` for the usage.'): ExplainedError => ({ kind: 'bad-input', message, hint });

export async function runCli(argv: string[], rawIo: CliIo): Promise<number> {
  // Whatever reaches the terminal passes the scrubber: secrets from the environment and every key the core loaded.
  let loadedSecrets: () => string[] = () => [];
  const envSecrets = secretsInEnv(rawIo.env);
  const scrubbed = (text: string) => createScrubber([...envSecrets, ...loadedSecrets()]).text(text);
  const io: CliIo = { ...rawIo, stdout: (text) => rawIo.stdout(scrubbed(text)), stderr: (text) => rawIo.stderr(scrubbed(text)) };
  let values: Values;
  let positionals: string[];
  try {
    const parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
    const repeated = repeatedOption(parsed.tokens, OPTIONS);
    if (repeated) return fail(io, asksForJson(argv), repeated);
    ({ values, positionals } = parsed);
  } catch (error) {
    return fail(io, asksForJson(argv), badInput(`${(error instanceof Error ? error.message : String(error)).replace(/\.*$/, '')}.`));
  }
  const [command, sub, ...rest] = positionals;
  const json = values.json ?? false;
  if (values.help || !command) {
    if (!values.help && json) return fail(io, json, badInput('Say a command: close, positions, profiles, practice or guard.'));
    io.stdout(json ? `${JSON.stringify({ usage: USAGE })}\n` : USAGE);
    return command || values.help ? EXIT.ok : EXIT.badInput;
  }
  if (!['close', 'positions', 'profiles', 'practice', 'guard'].includes(command)) return fail(io, json, badInput(`Unknown command "${command}".`));
  const guardFlag = Object.keys(GUARD_OPTIONS).find((name) => values[name as keyof typeof GUARD_OPTIONS] !== undefined);
  if (guardFlag && command !== 'guard') return fail(io, json, badInput(`--${guardFlag} belongs to \`guard arm\`.`));
  if (values.practice) {
    const conflicting = (['profile', 'from-env', 'demo', 'all-profiles', 'base-url'] as const).find((name) => values[name] !== undefined);
    if (conflicting) return fail(io, json, badInput(`--practice acts on the built-in practice account only: leave out --${conflicting}.`));
  }

  const ephemeral = values['from-env'] ? readEnvCredentials(io.env, values.demo ?? false) : undefined;
  if (ephemeral && !ephemeral.ok) return fail(io, json, ephemeral.error);
  if (values['from-env'] && values.profile) return fail(io, json, badInput('Use either --profile or --from-env, not both.'));
  const endpoint = endpointFromEnv(io.env, { baseUrl: values['base-url'] });
  if (!endpoint.ok) return fail(io, json, endpoint.error);
  const customEndpoint = describeCustomEndpoint(endpoint.value);
  // The practice account never uses the endpoint: naming it there would only confuse.
  if (customEndpoint && !values.practice && command !== 'practice') io.stderr(`${customEndpoint}\n`);

  const timing = timingFromEnv(io.env);
  if (!timing.ok) return fail(io, json, timing.error);
  const ownDataDir = io.env.BITGET_PANIC_DATA_DIR;
  if (ownDataDir !== undefined && !isAbsolute(ownDataDir)) {
    return fail(io, json, badInput(`BITGET_PANIC_DATA_DIR must be an absolute folder path; it is "${ownDataDir}".`, 'Nothing was sent. Set it to an absolute path, or unset it to use the default folder.'));
  }
  const dataDir = defaultDataDir(io.env);
  const folder = openDataFolder(dataDir);
  if (!folder.ok) return fail(io, json, folder.error);
  for (const notice of folder.value.notices) io.stderr(`warning: ${notice}\n`);
  const settings = createJsonSettingsStore(join(dataDir, 'config.json'));
  for (const notice of settings.notices) io.stderr(`warning: ${notice}\n`);
  const core = await createCore({
    dataDir,
    settings,
    baseUrl: endpoint.value.baseUrl,
    ...(endpoint.value.caFile ? { caFile: endpoint.value.caFile } : {}),
    ...(ephemeral?.ok ? { ephemeralProfiles: [ephemeral.value] } : {}),
    timing: timing.value,
    practice: true,
    ...(values['no-costs'] ? { orderCosts: false } : {}),
  });
  loadedSecrets = () => core.profiles.secrets();
  try {
    if (command === 'profiles') return await profilesCommand(core, sub, rest, values, io);
    if (command === 'practice') return await practiceCommand(core, sub, rest, json, io);
    if (command === 'guard') return await guardCommand({ core, settings, dataDir, fail: (error) => fail(io, json, error) }, sub, rest, values, io);
    if (sub) return fail(io, json, badInput(`Unexpected argument "${sub}".`));
    if (command === 'close' && values.everything) return await closeEverythingCommand(core, values, ephemeral?.ok ? ephemeral.value.name : undefined, io);
    if (values.everything || values['all-profiles']) return fail(io, json, badInput('--everything and --all-profiles belong to `close`.'));
    const profile = pickProfile(core, values, ephemeral?.ok ? ephemeral.value.name : undefined);
    if (!profile.ok) return fail(io, json, profile.error);
    const productType = parseOrExplain(productTypeSchema, values['product-type'] ?? '', '--product-type');
    if (!productType.ok) {
      const given = values['product-type'] === undefined ? '--product-type is required' : `--product-type "${values['product-type']}" is not a product type`;
      return fail(io, json, badInput(`${given}: use one of ${PRODUCT_TYPES.join(', ')}.`));
    }
    if (command === 'positions') return await positionsCommand(core, profile.value, productType.value, json, io);
    return await closeCommand(core, profile.value, productType.value, values, io);
  } finally {
    await core.dispose();
  }
}

function timingFromEnv(env: NodeJS.ProcessEnv): Result<Partial<PanicTiming>> {
  const timing: Partial<PanicTiming> = {};
  const fields = [
    ['BITGET_PANIC_DEADLINE_MS', 'deadlineMs', 1_000, 120_000],
    ['BITGET_PANIC_REQUEST_TIMEOUT_MS', 'requestTimeoutMs', 200, 60_000],
  ] as const;
  for (const [name, field, min, max] of fields) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      return { ok: false, error: badInput(`${name}="${raw}" must be a whole number of milliseconds between ${min} and ${max}.`) };
    }
    timing[field] = value;
  }
  return { ok: true, value: timing };
}

/** The secrets --from-env reads: never printed, whatever an error message carries. */
function secretsInEnv(env: NodeJS.ProcessEnv): string[] {
  return [env.BITGET_API_KEY, env.BITGET_API_SECRET, env.BITGET_API_PASSPHRASE].filter((value): value is string => Boolean(value));
}

function readEnvCredentials(env: NodeJS.ProcessEnv, demo: boolean): Result<{ name: string; demo: boolean; credentials: Credentials }> {
  const missing = ['BITGET_API_KEY', 'BITGET_API_SECRET', 'BITGET_API_PASSPHRASE'].filter((name) => !env[name]);
  if (missing.length > 0) return { ok: false, error: badInput(`--from-env needs ${missing.join(', ')} in the environment.`) };
  const credentials = parseOrExplain(credentialsSchema, { apiKey: env.BITGET_API_KEY, secretKey: env.BITGET_API_SECRET, passphrase: env.BITGET_API_PASSPHRASE }, 'credentials from the environment');
  if (!credentials.ok) return credentials;
  return { ok: true, value: { name: 'env', demo, credentials: credentials.value } };
}

function pickProfile(core: Core, values: Values, ephemeralName: string | undefined): Result<string> {
  if (ephemeralName) return { ok: true, value: ephemeralName };
  if (values.practice) return { ok: true, value: PRACTICE_PROFILE_NAME };
  const stored = core.profiles.list();
  const real = stored.filter((profile) => !profile.practice);
  // No real profile stored: the built-in practice account is the default (it needs no key and no network).
  const name = values.profile ?? (real.length === 1 ? real[0]!.name : real.length === 0 ? PRACTICE_PROFILE_NAME : undefined);
  if (!name) {
    return {
      ok: false,
      error: badInput(
        `Several profiles exist (${real.map((profile) => profile.name).join(', ')}): say which with --profile.`,
        'Nothing was sent.',
      ),
    };
  }
  const profile = stored.find((candidate) => candidate.name === name);
  if (!profile) return { ok: false, error: { kind: 'not-found', message: `There is no profile named "${name}".`, hint: `Stored profiles: ${stored.map((p) => p.name).join(', ') || 'none'}. Nothing was sent.` } };
  if (values.demo && !profile.demo) {
    return { ok: false, error: badInput(`--demo was given but profile "${name}" is ${profile.practice ? 'PRACTICE' : 'LIVE'}.`, 'Nothing was sent. Leave out --demo to act on the live account, or pick a demo profile.') };
  }
  return { ok: true, value: name };
}

/**
 * Pre-connects and syncs the clock without holding up the first request: that request is stamped with this computer's
 * clock, and a timestamp the exchange refuses (40008/40005) re-syncs (joining this sync) and is sent again once.
 * The practice account needs nothing warmed beyond this computer: no request may leave it.
 */
function warmUpFor(core: Core, profile: string | undefined): void {
  // One process, one profile: a real profile's close never opens the practice account's file, nor the reverse.
  void core.warmUp(profile === PRACTICE_PROFILE_NAME ? 'practice' : 'exchange');
}

async function positionsCommand(core: Core, profile: string, productType: PanicRequest['productType'], json: boolean, io: CliIo): Promise<number> {
  warmUpFor(core, profile);
  const result = await readPositionsRetrying(() => core.handlers.listPositions({ profile, productType }), io);
  if (!result.ok) return fail(io, json, result.error);
  const summary = core.profiles.list().find((candidate) => candidate.name === profile)!;
  io.stdout(json ? `${JSON.stringify(result.value)}\n` : formatPositions(summary, productType, result.value));
  return EXIT.ok;
}

async function closeCommand(core: Core, profile: string, productType: PanicRequest['productType'], values: Values, io: CliIo): Promise<number> {
  const json = values.json ?? false;
  // Passed on as given: an empty --symbol or --side is refused by the schema, never read as "all".
  const side = values.side?.trim().toLowerCase() === 'both' ? undefined : values.side;
  const request = {
    profile,
    productType,
    ...(values.symbol !== undefined ? { symbol: values.symbol } : {}),
    ...(side !== undefined ? { holdSide: side } : {}),
    cancelOrders: values['cancel-orders'] ?? false,
    trigger: 'cli',
  };
  const checked = parseOrExplain(panicRequestSchema, request, 'close request');
  if (!checked.ok) return fail(io, json, checked.error);
  const summary = core.profiles.list().find((candidate) => candidate.name === profile)!;
  warmUpFor(core, profile);

  if (!values.yes) {
    if (!io.stdin.isTTY) {
      return fail(io, json, badInput('Refusing to close without confirmation: stdin is not a terminal.', 'Nothing was sent. Pass --yes to close from a script.'));
    }
    const open = await core.handlers.listPositions({ profile, productType });
    const matching: Position[] | undefined = open.ok
      ? open.value.filter((position) => matchesTarget(position, checked.value))
      : undefined;
    const confirmed = await confirmOnTerminal(io, summary, checked.value, matching);
    if (!confirmed) return cancelled(io, json);
  }

  const costs = collectCosts(core);
  try {
    const result = await closeWithProgress(core, checked.value, io);
    if (!result.ok) return fail(io, json, result.error);
    io.stdout(json ? `${JSON.stringify(result.value)}\n` : formatOutcome(result.value));
    await printCosts(costs, [result.value], values, io);
    return exitCodeForOutcome(result.value);
  } finally {
    costs.stop();
  }
}

async function closeEverythingCommand(core: Core, values: Values, ephemeralName: string | undefined, io: CliIo): Promise<number> {
  const json = values.json ?? false;
  for (const conflicting of ['product-type', 'symbol', 'side'] as const) {
    if (values[conflicting] !== undefined) return fail(io, json, badInput(`--everything closes every product type, symbol and side: leave out --${conflicting}.`));
  }
  let profile: string | undefined;
  if (values['all-profiles']) {
    if (values.profile || ephemeralName) return fail(io, json, badInput('Use --all-profiles on its own, without --profile or --from-env.'));
  } else {
    const picked = pickProfile(core, values, ephemeralName);
    if (!picked.ok) return fail(io, json, picked.error);
    profile = picked.value;
  }
  const listed = core.profiles.list();
  const real = listed.filter((summary) => !summary.practice);
  const names = profile ? [profile] : (real.length > 0 ? real : listed).map((summary) => summary.name);
  warmUpFor(core, names.length === 1 ? names[0] : undefined);
  if (!values.yes) {
    if (!io.stdin.isTTY) {
      return fail(io, json, badInput('Refusing to close without confirmation: stdin is not a terminal.', 'Nothing was sent. Pass --yes to close from a script.'));
    }
    const summaries = core.profiles.list().filter((summary) => names.includes(summary.name));
    io.stderr(`About to close EVERYTHING (${EVERYTHING_PRODUCT_TYPES.join(', ')}) on: ${summaries.map(describeProfile).join(', ')}\n`);
    for (const summary of summaries) {
      for (const productType of EVERYTHING_PRODUCT_TYPES) {
        const open = await core.handlers.listPositions({ profile: summary.name, productType });
        if (open.ok && open.value.length > 0) io.stderr(formatPositions(summary, productType, open.value));
      }
    }
    if (!(await askYes(io))) return cancelled(io, json);
  }
  const costs = collectCosts(core);
  try {
    const result = await core.handlers.closeEverything({ ...(profile ? { profile } : {}), cancelOrders: values['cancel-orders'] ?? false, trigger: 'cli' });
    if (!result.ok) return fail(io, json, result.error);
    io.stdout(json ? `${JSON.stringify(result.value)}\n` : formatEverything(result.value));
    await printCosts(costs, result.value.outcomes, values, io);
    return exitCodeForEverything(result.value);
  } finally {
    costs.stop();
  }
}

async function profilesCommand(core: Core, sub: string | undefined, rest: string[], values: Values, io: CliIo): Promise<number> {
  const json = values.json ?? false;
  const name = rest[0];
  switch (sub) {
    case 'list': {
      const profiles = core.profiles.list().filter((profile) => profile.name !== 'env' || !values['from-env']);
      io.stdout(json ? `${JSON.stringify(profiles)}\n` : formatProfiles(profiles));
      return EXIT.ok;
    }
    case 'add': {
      if (!name) return fail(io, json, badInput('Say the profile name: `bitget-panic profiles add NAME`.'));
      if (rest.length > 1) return fail(io, json, badInput('Secrets are never taken from arguments: run `profiles add NAME` and enter them at the prompt or on stdin.'));
      // The name is checked before the secrets are asked for (the save checks it again).
      const checked = parseOrExplain(newProfileNameSchema, name, 'profile name');
      if (!checked.ok) return fail(io, json, checked.error);
      const names = core.profiles.list().map((profile) => profile.name);
      const clash = names.includes(checked.value) ? undefined : profileNameClash(checked.value, names);
      if (clash) return fail(io, json, clash);
      const secrets = await readSecrets(io);
      if (!secrets.ok) return fail(io, json, secrets.error);
      const existing = core.profiles.list().find((profile) => profile.name === checked.value);
      const result = await core.handlers.saveProfile({ name: checked.value, demo: values.demo ?? existing?.demo ?? false, credentials: secrets.value });
      if (!result.ok) return fail(io, json, result.error);
      io.stdout(json ? `${JSON.stringify(result.value)}\n` : `Saved ${result.value.demo ? 'DEMO' : 'LIVE'} profile "${result.value.name}" (key ending …${result.value.keyHint}) in the system keychain.\n`);
      return EXIT.ok;
    }
    case 'remove': {
      if (!name) return fail(io, json, badInput('Say which profile: `bitget-panic profiles remove NAME`.'));
      const result = await core.handlers.removeProfile({ name });
      if (!result.ok) return fail(io, json, result.error);
      const keychainNote = result.value.keychainEntryRemoved ? 'and deleted its key from the system keychain' : '(the system keychain had no key stored for it: nothing to delete there)';
      io.stdout(json ? `${JSON.stringify(result.value)}\n` : `Removed profile "${name}" ${keychainNote}.\n`);
      return EXIT.ok;
    }
    case 'test': {
      if (!name) return fail(io, json, badInput('Say which profile: `bitget-panic profiles test NAME`.'));
      const result = await core.handlers.testProfile({ name });
      if (!result.ok) return fail(io, json, result.error);
      const test = result.value;
      io.stdout(json ? `${JSON.stringify(test)}\n` : formatConnectionTest(test));
      return exitCodeForConnectionTest(test);
    }
    default:
      return fail(io, json, badInput(`Unknown profiles command "${sub ?? ''}": use add, list, remove or test.`));
  }
}

/** How long the CLI waits, after printing the outcome, for what the close cost. */
const COSTS_WAIT_MS = 3_000;

/** The cost reports of the runs that follow (subscribed before the close, so none is missed), latest per run. */
function collectCosts(core: Core) {
  const latest = new Map<string, CostReport>();
  let changed = () => undefined as void;
  const stop = core.onCloseEvent((event) => {
    if (event.kind !== 'costs') return;
    latest.set(event.report.runId, event.report);
    changed();
  });
  return {
    stop,
    /** The reports of these runs once every one is complete, or what has come within `withinMs`. */
    async reportsOf(outcomes: readonly CloseOutcome[], withinMs: number): Promise<{ runs: number; reports: CostReport[] }> {
      const runs = outcomes.filter((outcome) => outcome.closed.some((order) => order.orderId !== '')).map((outcome) => outcome.runId);
      const done = () => runs.every((runId) => latest.get(runId)?.complete);
      const until = Date.now() + withinMs;
      while (!done() && Date.now() < until) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, until - Date.now());
          changed = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      return { runs: runs.length, reports: runs.flatMap((runId) => latest.get(runId) ?? []) };
    },
  };
}

/** After the outcome (printed first, exit code unchanged): what it cost, when the details come within a few seconds. */
async function printCosts(costs: ReturnType<typeof collectCosts>, outcomes: readonly CloseOutcome[], values: Values, io: CliIo): Promise<void> {
  if (values['no-costs']) return;
  const { runs, reports } = await costs.reportsOf(outcomes, COSTS_WAIT_MS);
  // --json keeps stdout one JSON object; the history keeps the costs.
  if (values.json || runs === 0) return;
  for (const report of reports) io.stdout(formatCosts(report));
  if (reports.length < runs) io.stdout(`  what it cost: not read within ${COSTS_WAIT_MS / 1000} s; the order history on the exchange shows it.\n`);
}

/** The close, with a progress line on stderr each second once it has taken over a second (stdout stays the result). */
async function closeWithProgress(core: Core, request: PanicRequest, io: CliIo): Promise<Result<CloseOutcome>> {
  let latest: CloseProgress | undefined;
  let latestAt = 0;
  let printed = '';
  const show = () => {
    if (!latest) return;
    const elapsedMs = latest.elapsedMs + (Date.now() - latestAt);
    if (elapsedMs < PROGRESS_AFTER_MS) return;
    const line = formatProgress({ ...latest, elapsedMs });
    if (line !== printed) io.stderr(line);
    printed = line;
  };
  const ticker = setInterval(show, PROGRESS_AFTER_MS);
  try {
    const result = await core.panic.close(request, {
      onProgress: (progress) => {
        latest = progress;
        latestAt = Date.now();
        show();
      },
    });
    return core.scrub(result);
  } catch (error) {
    return { ok: false, error: { kind: 'unknown', message: `Something unexpected went wrong: ${error instanceof Error ? error.message : String(error)}`, hint: 'Check your positions; if it repeats, report it with the history entry.' } };
  } finally {
    clearInterval(ticker);
  }
}

async function practiceCommand(core: Core, sub: string | undefined, rest: string[], json: boolean, io: CliIo): Promise<number> {
  let result: Result<PracticeState>;
  if (sub === 'status' && rest.length === 0) result = await core.handlers.getPractice(undefined);
  else if (sub === 'reset' && rest.length === 0) result = await core.handlers.resetPractice(undefined);
  else if (sub === 'scenario' && rest.length === 1) {
    if (!(PRACTICE_SCENARIO_NAMES as readonly string[]).includes(rest[0]!)) {
      return fail(io, json, badInput(`There is no practice scenario "${rest[0]}".`, `Nothing was changed. Scenarios: ${PRACTICE_SCENARIO_NAMES.join(', ')}.`));
    }
    result = await core.handlers.runPracticeScenario({ name: rest[0] });
  } else {
    return fail(io, json, badInput(`Unknown practice command "${[sub, ...rest].filter(Boolean).join(' ')}": use status, reset or scenario NAME (${PRACTICE_SCENARIO_NAMES.join(', ')}).`));
  }
  if (!result.ok) return fail(io, json, result.error);
  const state = result.value;
  const scenario = PRACTICE_SCENARIOS.find((candidate) => candidate.name === state.scenario)!;
  const done = sub === 'reset' ? 'PRACTICE account reset to its seeded positions and orders.\n' : sub === 'scenario' ? `PRACTICE scenario set: ${scenario.title}. ${scenario.description}\n` : '';
  io.stdout(
    json
      ? `${JSON.stringify(state)}\n`
      : `${done}PRACTICE "${PRACTICE_PROFILE_NAME}": ${state.openPositions} open position(s), ${state.accountKind} account, scenario ${state.scenario} (${scenario.title}).\n`,
  );
  return EXIT.ok;
}

/** The confirmation was not "yes": nothing was sent (exit 2). */
function cancelled(io: CliIo, json: boolean): number {
  if (json) return fail(io, json, { kind: 'bad-input', message: 'Cancelled: the close was not confirmed.', hint: 'Nothing was sent.' });
  io.stderr('Cancelled: nothing was sent.\n');
  return EXIT.badInput;
}

function fail(io: CliIo, json: boolean, error: ExplainedError): number {
  if (json) io.stdout(`${JSON.stringify({ error })}\n`);
  else io.stderr(`Error: ${error.message}\n${error.hint}\n`);
  return exitCodeForError(error);
}

function isEntryPoint(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

/** Runs the CLI on this process's arguments and terminal: the entry point, whether run from source or bundled. */
export function main(): void {
  const argv = process.argv.slice(2);
  const stdout = printerOn(process.stdout);
  const stderr = printerOn(process.stderr);
  process.once('exit', (code) => {
    const lost = stdout.failure();
    if (lost !== undefined) stderr.write(lostOutputNote(lost, code));
  });
  const io: CliIo = { stdout: stdout.write, stderr: stderr.write, env: process.env, stdin: process.stdin };
  runCli(argv, io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const scrub = createScrubber(secretsInEnv(process.env)).text;
      const scrubbed: CliIo = { ...io, stdout: (text) => io.stdout(scrub(text)), stderr: (text) => io.stderr(scrub(text)) };
      const message = `Something unexpected went wrong: ${error instanceof Error ? error.message : String(error)}`;
      process.exitCode = fail(scrubbed, asksForJson(argv), { kind: 'unknown', message, hint: 'Check your positions; if it repeats, report it with the history entry.' });
    },
  );
}

if (isEntryPoint()) main();
