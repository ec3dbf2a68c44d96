// What an OS notification says about an outcome: which account (LIVE/DEMO/PRACTICE), what is flat, what is still open, what
// went wrong and what to do. Pure.
import {
  describeProfile,
  everythingStatus,
  type CloseOutcome,
  type EverythingOutcome,
  type ExplainedError,
  type Position,
  type Result,
} from '../../shared/bitget.ts';
import { describeTarget } from '../../shared/target.ts';
import type { OutcomeEvent } from '../../shared/contract.ts';
import type { GuardStatus } from '../../shared/guard.ts';
import type { Preset } from '../../shared/schema.ts';
import { presetAccount, presetTargetText } from './tray-menu.ts';

export type Urgency = 'low' | 'normal' | 'critical';

export interface NotificationText {
  title: string;
  body: string;
  urgency: Urgency;
}

export interface NotificationContext {
  presetName?: string;
  /** The account, when the outcome does not carry it (a request refused before it reached the exchange). */
  profile?: AccountRef;
}

type AccountRef = { name: string; demo: boolean; practice?: boolean };

const MAX_LISTED = 5;

/** Requests going somewhere other than Bitget's own host are named on this surface too. */
export function withCustomEndpoint(text: NotificationText, customEndpoint: string | undefined): NotificationText {
  return customEndpoint ? { ...text, body: `${customEndpoint}. ${text.body}` } : text;
}

export function describeOpenPositions(positions: readonly Position[]): string {
  const listed = positions.slice(0, MAX_LISTED).map((position) => `${position.symbol} ${position.holdSide} ${position.size}`);
  const more = positions.length > MAX_LISTED ? `, and ${positions.length - MAX_LISTED} more` : '';
  return `${listed.join(', ')}${more}`;
}

function titleFor(headline: string, account: string | undefined, presetName: string | undefined): string {
  return [headline, account, presetName ? `(${presetName})` : undefined].filter(Boolean).join(' · ');
}

function explain(error: ExplainedError | undefined): string {
  return error ? `${error.message} ${error.hint}`.trim() : '';
}

export function outcomeNotification(result: Result<CloseOutcome>, context: NotificationContext = {}): NotificationText {
  if (!result.ok) {
    const account = context.profile ? describeProfile(context.profile) : undefined;
    return { title: titleFor('Close FAILED', account, context.presetName), body: explain(result.error), urgency: 'critical' };
  }
  const text = closeOutcomeText(result.value, context);
  return { ...text, body: [text.body, notRecordedText([result.value])].filter(Boolean).join(' ') };
}

/** What could not be written while the closes went ahead (the close queue, the history), each sentence once. */
function notRecordedText(outcomes: readonly CloseOutcome[]): string {
  const notes = [...new Set(outcomes.flatMap((outcome) => outcome.notRecorded ?? []))];
  return notes.length > 0 ? `Not recorded: ${notes.join(' ')}` : '';
}

function closeOutcomeText(outcome: CloseOutcome, context: NotificationContext): NotificationText {
  const account = describeProfile(outcome.profile);
  const target = describeTarget(outcome.target);
  const timing = `${outcome.totalMs} ms`;
  switch (outcome.status) {
    case 'flat':
      return {
        title: titleFor('Flat', account, context.presetName),
        body: `${target}: closed and verified flat (${outcome.closed.length} close order${outcome.closed.length === 1 ? '' : 's'}, ${timing}).${cancelText(outcome)}`,
        urgency: 'normal',
      };
    case 'nothing-to-close':
      return {
        title: titleFor('Nothing to close', account, context.presetName),
        body: `${target}: no open position.${cancelText(outcome)}`,
        urgency: 'low',
      };
    case 'partial':
      return {
        title: titleFor('STILL OPEN', account, context.presetName),
        body: [`${target}: still open: ${describeOpenPositions(outcome.stillOpen)}.`, explain(outcome.error)].filter(Boolean).join(' '),
        urgency: 'critical',
      };
    case 'failed':
      return {
        title: titleFor('Close FAILED', account, context.presetName),
        body: [`${target}:`, explain(outcome.error) || 'the exchange refused the close.', outcome.stillOpen.length ? `Still open: ${describeOpenPositions(outcome.stillOpen)}.` : '']
          .filter(Boolean)
          .join(' '),
        urgency: 'critical',
      };
    default:
      return {
        title: titleFor('Outcome UNKNOWN', account, context.presetName),
        body: [`${target}: the positions could not be re-read, so it is not known whether they are closed.`, explain(outcome.error), 'Check the positions in the window or on the exchange.']
          .filter(Boolean)
          .join(' '),
        urgency: 'critical',
      };
  }
}

function cancelText(outcome: CloseOutcome): string {
  if (!outcome.cancel) return '';
  const { openOrders, triggerOrders } = outcome.cancel;
  if (openOrders === 'failed' || triggerOrders === 'failed') {
    return ` Cancelling orders FAILED (open orders: ${openOrders}, trigger orders: ${triggerOrders}): check them, they could re-open a position.`;
  }
  return ` Open orders: ${openOrders}; trigger orders: ${triggerOrders}.`;
}

/** The notification for whatever a preset run produced: one close, a flatten-everything, or a refusal. */
export function eventNotification(event: OutcomeEvent, context: NotificationContext = {}): NotificationText {
  const named = event.presetName ? { ...context, presetName: event.presetName } : context;
  if (event.everythingResult) return everythingNotification(event.everythingResult, named);
  if (event.outcome) return outcomeNotification({ ok: true, value: event.outcome }, named);
  const error = event.error ?? { kind: 'unknown', message: 'No result came back.', hint: 'Check the positions in the window or on the exchange.' };
  return outcomeNotification({ ok: false, error: { ...error, kind: error.kind as ExplainedError['kind'] } }, named);
}

const EVERYTHING_HEADLINES: Record<CloseOutcome['status'], string> = {
  flat: 'EVERYTHING flat',
  'nothing-to-close': 'Nothing to close',
  partial: 'STILL OPEN',
  failed: 'Flatten everything FAILED',
  unknown: 'Outcome UNKNOWN',
};

export function everythingNotification(result: EverythingOutcome, context: NotificationContext = {}): NotificationText {
  const status = everythingStatus(result);
  const accounts = [...new Set([...result.outcomes.map((outcome) => describeProfile(outcome.profile)), ...result.alreadyFlat.map((flat) => describeProfile({ name: flat.profile, demo: flat.demo, practice: flat.practice ?? false }))])];
  const account = accounts.length > 0 ? accounts.join(', ') : context.profile ? describeProfile(context.profile) : undefined;
  const stillOpen = result.outcomes.flatMap((outcome) => outcome.stillOpen);
  const lines = result.outcomes.map((outcome) => `${outcome.target.productType}: ${outcome.status.toUpperCase()}`);
  if (result.alreadyFlat.length > 0) lines.push(`already flat: ${result.alreadyFlat.flatMap((flat) => flat.productTypes).join(', ')}`);
  if (stillOpen.length > 0) lines.push(`still open: ${describeOpenPositions(stillOpen)}`);
  for (const refusal of result.refused) lines.push(`${refusal.productType ?? refusal.profile}: ${explain(refusal.error)}`);
  const unknownParts = result.outcomes.filter((outcome) => outcome.status === 'unknown').map((outcome) => explain(outcome.error));
  lines.push(...unknownParts.filter(Boolean));
  return {
    title: titleFor(EVERYTHING_HEADLINES[status], account, context.presetName),
    body: [`${lines.join('. ')}.`, notRecordedText(result.outcomes)].filter(Boolean).join(' '),
    urgency: status === 'flat' ? 'normal' : status === 'nothing-to-close' ? 'low' : 'critical',
  };
}

/** The account a hotkey's preset names, as a notification names it. */
function presetAccountText(preset: Preset, profile: AccountRef | undefined): string {
  const account = profile ?? presetAccount(preset.profile, []);
  return account ? describeProfile(account) : `profile "${preset.profile}"`;
}

export function armedNotification(preset: Preset, profile: AccountRef | undefined, windowMs: number): NotificationText {
  const account = presetAccountText(preset, profile);
  return {
    title: titleFor('Press again to close', account, preset.name),
    body: `${presetTargetText(preset)}. Press ${preset.hotkey ?? 'the hotkey'} again within ${(windowMs / 1000).toFixed(1)} s to close; otherwise nothing happens.`,
    urgency: 'normal',
  };
}

export function heldNotification(preset: Preset, profile: AccountRef | undefined): NotificationText {
  const account = presetAccountText(preset, profile);
  return {
    title: titleFor('Hotkey held: not counted', account, preset.name),
    body: `Nothing was closed. Holding ${preset.hotkey ?? 'the hotkey'} repeats it by itself, so it never counts as a second press. Release the keys, then press twice.`,
    urgency: 'normal',
  };
}

/** The window's notice when a notification did not reach the person. */
export function undeliveredNotice(reason: 'unsupported' | 'failed' | 'unconfirmed', platform: NodeJS.Platform): string {
  const allow =
    platform === 'darwin'
      ? 'Allow notifications for Bitget Panic Button in System Settings → Notifications.'
      : platform === 'win32'
        ? 'Turn notifications on for Bitget Panic Button in Settings → System → Notifications, and switch off Do Not Disturb.'
        : 'Check that a notification service is running and Do Not Disturb is off.';
  const instead = 'each hotkey, tray and command-line result brings this window forward instead; every result is also in History.';
  const fallback = `Until then, ${instead}`;
  switch (reason) {
    case 'unsupported':
      return `This desktop cannot show notifications: ${instead}`;
    case 'failed':
      return `The system refused to show a notification. ${allow} ${fallback}`;
    default:
      return `A notification was not confirmed as shown by the desktop, so notifications may not be reaching you. ${allow} ${fallback}`;
  }
}

/** The account guard speaks for itself: tripped and blind are critical, a warning normal, the rest low. */
export function guardNotification(status: GuardStatus, message: string): NotificationText {
  const account = describeProfile({ name: status.profile, demo: status.mode === 'demo', practice: status.mode === 'practice' });
  const headline: Record<GuardStatus['state'], string> = {
    tripped: 'Guard TRIPPED',
    blind: 'Guard cannot see the account',
    warning: 'Guard warning',
    watching: 'Guard armed',
    elsewhere: 'Guard watched by another window',
    disarmed: 'Guard off',
  };
  const urgency: Urgency = status.state === 'tripped' || status.state === 'blind' ? 'critical' : status.state === 'warning' ? 'normal' : 'low';
  return { title: titleFor(headline[status.state], account, undefined), body: message, urgency };
}
