// What the CLI prints, and its exit codes. Pure functions: the terminal output is tested as text.
import {
  PRODUCT_TYPE_LABELS,
  accountModeOf,
  describeProfile,
  everythingStatus,
  type CloseOutcome,
  type ConnectionTestResult,
  type CostReport,
  type EverythingOutcome,
  type ExplainedError,
  type Position,
  type ProductType,
  type ProfileSummary,
} from '../shared/bitget.ts';
import { describeTarget } from '../shared/target.ts';

export const EXIT = { ok: 0, notFlat: 1, badInput: 2, auth: 3, network: 4 } as const;

const AUTH_KINDS = new Set(['auth', 'permission', 'ip-whitelist', 'keychain', 'restricted']);
const NETWORK_KINDS = new Set(['network', 'timeout', 'unknown']);

export function exitCodeForError(error: ExplainedError): number {
  if (error.kind === 'bad-input' || error.kind === 'not-found' || error.kind === 'local-file') return EXIT.badInput;
  if (AUTH_KINDS.has(error.kind)) return EXIT.auth;
  if (NETWORK_KINDS.has(error.kind)) return EXIT.network;
  return EXIT.notFlat;
}

export function exitCodeForOutcome(outcome: CloseOutcome): number {
  switch (outcome.status) {
    case 'flat':
    case 'nothing-to-close':
      return EXIT.ok;
    case 'unknown':
      return EXIT.network;
    case 'partial':
      return EXIT.notFlat;
    case 'failed':
      return outcome.error && (AUTH_KINDS.has(outcome.error.kind) || NETWORK_KINDS.has(outcome.error.kind)) ? exitCodeForError(outcome.error) : EXIT.notFlat;
  }
}

const HEADLINES: Record<CloseOutcome['status'], string> = {
  flat: 'FLAT: verified, nothing of the target is open',
  'nothing-to-close': 'NOTHING TO CLOSE: no position of the target was open',
  partial: 'PARTIAL: some positions are STILL OPEN',
  failed: 'FAILED: positions are STILL OPEN',
  unknown: 'UNKNOWN: the exchange did not answer; check your positions',
};

/** The most serious code of any part: unknown (4) over auth (3) over bad input (2) over not flat (1). */
export function exitCodeForEverything(result: EverythingOutcome): number {
  return Math.max(EXIT.ok, ...result.outcomes.map(exitCodeForOutcome), ...result.refused.map((refusal) => exitCodeForError(refusal.error)));
}

/** `profiles test`: OK only when the key is known to be able to close; read-only is an auth failure (3), unknown a warning (1). */
export function exitCodeForConnectionTest(test: ConnectionTestResult): number {
  if (test.canClose === 'yes') return EXIT.ok;
  if (test.canClose === 'no') return EXIT.auth;
  return EXIT.notFlat;
}

/** One line per permission the close path needs, as the key's listed permissions show it, and any name not known. */
function permissionLines(test: ConnectionTestResult): string {
  const lines = (test.permissions ?? []).map((finding) => `\n  ${finding.permission}: ${finding.status.toUpperCase()} (${finding.detail})`);
  if (test.unknownPermissionNames?.length) lines.push(`\n  permission names this app does not know (not used to decide): ${test.unknownPermissionNames.join(', ')}`);
  return lines.join('');
}

export function formatConnectionTest(test: ConnectionTestResult): string {
  const account = `${accountModeOf(test).toUpperCase()} profile "${test.profile}"`;
  const facts = `${test.accountKind} account, ${test.openPositions} open USDT-FUTURES position(s), clock offset ${test.clockOffsetMs} ms, ${test.latencyMs} ms`;
  const where = `UID ${test.uid ?? 'unknown'}, endpoint ${test.endpoint ?? 'unknown'}`;
  const permissions = permissionLines(test);
  const reason = test.canCloseReason ? `\n${test.canCloseReason.message}\n${test.canCloseReason.hint}` : '';
  if (test.canClose === 'yes') return `OK: ${account} works (${facts}) and this key can close positions. ${where}.${permissions}\n`;
  if (test.canClose === 'no') return `CAN READ, CANNOT CLOSE: ${account} can read (${facts}) but this key cannot close positions. ${where}.${permissions}${reason}\n`;
  const advice = reason || '\nCheck on Bitget (API management) that this key has futures trade permission.';
  return `WARNING: ${account} can read (${facts}), but whether this key can close could not be learned. ${where}.${permissions}${advice}\n`;
}

export function formatEverything(result: EverythingOutcome): string {
  const parts = [`EVERYTHING: ${HEADLINES[everythingStatus(result)]}\n`];
  for (const outcome of result.outcomes) parts.push(formatOutcome(outcome));
  for (const flat of result.alreadyFlat) {
    parts.push(`already flat on ${describeProfile({ name: flat.profile, demo: flat.demo, ...(flat.practice ? { practice: true } : {}) })}: ${flat.productTypes.join(', ')} (read, nothing sent)\n`);
  }
  for (const refusal of result.refused) {
    const where = refusal.productType ? ` ${refusal.productType}` : '';
    parts.push(`NOT ACTED ON "${refusal.profile}"${where}: ${refusal.error.message}\n  what to do: ${refusal.error.hint}\n`);
  }
  return parts.join('');
}

export function formatPosition(position: Position): string {
  const liquidation = position.liquidationPrice ? `, liq ${position.liquidationPrice}` : '';
  return `${position.symbol} ${position.holdSide} ${position.size} (entry ${position.entryPrice || '?'}, mark ${position.markPrice || '?'}, uPnL ${position.unrealizedPnl || '?'}${liquidation})`;
}

/** "Did not answer" only when it did not: a busy exchange answered, and says so. */
function headlineOf(outcome: CloseOutcome): string {
  if (outcome.status === 'unknown' && (outcome.error?.kind === 'busy' || outcome.error?.kind === 'rate-limit')) {
    return 'UNKNOWN: the exchange was busy and the result could not be confirmed; check your positions';
  }
  return HEADLINES[outcome.status];
}

export function formatOutcome(outcome: CloseOutcome): string {
  const lines = [
    headlineOf(outcome),
    `  account: ${describeProfile(outcome.profile)} (${outcome.accountKind}) · ${outcome.target.productType} · ${describeTarget(outcome.target)}`,
  ];
  if (outcome.closed.length > 0) {
    lines.push(`  closed: ${outcome.closed.length} close order(s)${listSymbols(outcome.closed)}`);
  }
  for (const failure of outcome.failed) {
    lines.push(`  refused: ${failure.symbol ?? 'a position'}: error ${failure.code}${failure.message ? ` "${failure.message}"` : ''}`);
  }
  for (const position of outcome.stillOpen) lines.push(`  STILL OPEN: ${formatPosition(position)}`);
  if (outcome.error) lines.push(`  why: ${outcome.error.message}`, `  what to do: ${outcome.error.hint}`);
  for (const note of outcome.notRecorded ?? []) lines.push(`  NOT RECORDED: ${note}`);
  if (outcome.cancel) {
    lines.push(`  open orders: ${outcome.cancel.openOrders}; trigger/TP/SL orders: ${outcome.cancel.triggerOrders}`);
    for (const error of outcome.cancel.errors) lines.push(`  cancel problem: ${error.message}`);
  }
  const first = outcome.firstResponseMs === undefined ? '' : `first answer ${outcome.firstResponseMs} ms, `;
  lines.push(`  ${outcome.closeAttempts} close request(s), ${first}total ${outcome.totalMs} ms${outcome.verified ? '' : ' (positions could not be re-read)'}`);
  return `${lines.join('\n')}\n`;
}

function listSymbols(items: { symbol?: string }[]): string {
  const symbols = [...new Set(items.map((item) => item.symbol).filter(Boolean))];
  return symbols.length > 0 ? ` (${symbols.join(', ')})` : '';
}

export function formatPositions(profile: { name: string; demo: boolean; practice?: boolean }, productType: ProductType, positions: Position[]): string {
  const header = `${describeProfile(profile)} · ${productType} (${PRODUCT_TYPE_LABELS[productType]})`;
  if (positions.length === 0) return `${header}\n  no open positions\n`;
  return `${header}\n${positions.map((position) => `  ${formatPosition(position)}`).join('\n')}\n`;
}

export function formatProfiles(profiles: ProfileSummary[]): string {
  if (profiles.length === 0) return 'No profiles. Add one with `bitget-panic profiles add NAME`.\n';
  return `${profiles
    .map((profile) =>
      profile.practice
        ? `PRACTICE  ${profile.name}  built-in simulated exchange (no key, no network)`
        : `${profile.demo ? 'DEMO' : 'LIVE'}  ${profile.name}  ${profile.keyHint ? `key ending …${profile.keyHint}` : 'no key'}${profile.accountKind ? `  (${profile.accountKind})` : ''}`,
    )
    .join('\n')}\n`;
}

export function formatConfirmation(profile: { name: string; demo: boolean; practice?: boolean }, request: { productType: ProductType; symbol?: string; holdSide?: 'long' | 'short' | undefined; cancelOrders?: boolean | undefined }, open: Position[] | undefined): string {
  const lines = [`About to close on ${describeProfile(profile)}: ${request.productType} · ${describeTarget(request)}${request.cancelOrders ? ' · and cancel open and trigger orders' : ''}`];
  if (open === undefined) lines.push('  (could not read positions first: the close will still be verified afterwards)');
  else if (open.length === 0) lines.push('  no matching position is open right now');
  else for (const position of open) lines.push(`  will close: ${formatPosition(position)}`);
  return `${lines.join('\n')}\n`;
}

/** One progress line for stderr while a close takes long: attempt, what it waits for, time since the trigger. */
export function formatProgress(progress: { attempt: number; waitingFor: string; elapsedMs: number }): string {
  const attempt = progress.attempt === 0 ? 'before the first close request' : `attempt ${progress.attempt}`;
  return `  … ${(progress.elapsedMs / 1000).toFixed(1)} s, ${attempt}: waiting for ${progress.waitingFor}\n`;
}

/** What a run's close orders cost, from the exchange's order details: one line per order, then what could not be read. */
export function formatCosts(report: CostReport): string {
  const lines = [`  what it cost (${describeProfile(report.profile)}, from the exchange's order details):`];
  for (const order of report.orders) {
    const coin = order.feeCoin ? ` ${order.feeCoin}` : '';
    // The position side says what was closed; the order's buy/sell follows the exchange's conventions per mode.
    const side = order.holdSide ? ` ${order.holdSide.toUpperCase()}` : ` (${order.side})`;
    const filled = `closed ${order.filledSize}${order.avgPrice ? ` @ ${order.avgPrice}` : ''}`;
    const pnl = order.realizedPnl === undefined ? 'realized PnL not given' : `realized PnL ${order.realizedPnl}${coin}`;
    const state = order.state === 'filled' ? '' : ` (order ${order.state})`;
    lines.push(`    ${order.symbol}${side}: ${filled}, ${pnl}, fee ${order.fee === '' ? 'not reported' : `${order.fee}${coin}`}${state}`);
  }
  for (const item of report.unread) lines.push(`    NOT READ: ${item.error.message}`);
  if (!report.complete) lines.push('    (more details were still being read: the rest is not shown)');
  return `${lines.join('\n')}\n`;
}
