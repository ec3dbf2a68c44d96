// "Flatten everything" as the window shows it: what the confirmation read, what the button promises, what came back.
// Pure helpers (no DOM, no React) so that the words a trader relies on are unit-tested.
import {
  everythingStatus,
  type CloseOutcome,
  type CloseStatus,
  type EverythingOutcome,
  type ExplainedError,
  type Position,
  type ProductType,
} from '../shared/bitget.ts';
import type { OutcomeEvent } from '../shared/contract.ts';
import { EVERYTHING_PRODUCT_TYPES } from '../shared/target.ts';
import { accountRef, type AccountRef } from './account.ts';

/** Who "everything" is for: one profile, or every stored profile. */
export interface EverythingScope {
  all: boolean;
  profiles: AccountRef[];
}

/** One live read made when the confirmation opens. */
export type ProductRead =
  | { state: 'reading' }
  | { state: 'read'; positions: Position[] }
  | { state: 'failed'; error: ExplainedError };

export type ReadsByProfile = Record<string, Partial<Record<ProductType, ProductRead>>>;

export interface EverythingPlan {
  /** Open positions the reads found: what the confirm button promises to close. */
  positions: number;
  /** Product types whose positions could not be read: a close is sent for them anyway. */
  unread: number;
  /** Reads still in flight. */
  reading: number;
}

export function planOf(scope: EverythingScope, reads: ReadsByProfile): EverythingPlan {
  const plan: EverythingPlan = { positions: 0, unread: 0, reading: 0 };
  for (const profile of scope.profiles) {
    for (const productType of EVERYTHING_PRODUCT_TYPES) {
      const read = reads[profile.name]?.[productType] ?? { state: 'reading' };
      if (read.state === 'reading') plan.reading += 1;
      else if (read.state === 'failed') plan.unread += 1;
      else plan.positions += read.positions.length;
    }
  }
  return plan;
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** The confirm button's words: exactly how many positions it closes, and any product type it closes blind. */
export function confirmLabel(plan: EverythingPlan): string {
  if (plan.reading > 0) return 'Reading positions…';
  const positions = `Close ${plural(plan.positions, 'position')}`;
  if (plan.unread === 0) return positions;
  return `${positions} + whatever is open in ${plural(plan.unread, 'unread product type')}`;
}

/** A close reported flat is shown as flat only when the re-read confirmed it; anything else is "unknown". */
export function shownStatus(outcome: CloseOutcome): CloseStatus {
  if (outcome.status === 'flat' && (!outcome.verified || outcome.stillOpen.length > 0)) return 'unknown';
  return outcome.status;
}

/** The overall word for the whole run: `everythingStatus`, never FLAT when any part was not verified flat. */
export function everythingShownStatus(result: EverythingOutcome): CloseStatus {
  const status = everythingStatus(result);
  if (status === 'flat' && result.outcomes.some((outcome) => outcome.status === 'flat' && shownStatus(outcome) !== 'flat')) return 'unknown';
  return status;
}

export const EVERYTHING_STATUS_LINES: Record<CloseStatus, string> = {
  flat: 'Everything that was open is closed, verified by re-reading positions.',
  partial: 'NOT everything is closed: some parts are still open or were refused. Read below.',
  'nothing-to-close': 'Nothing was open. No close was sent.',
  failed: 'The close FAILED for at least one part: read below what was closed and what is still open.',
  unknown: 'The result could not be confirmed for at least one product type. Check the exchange now.',
};

/** One profile's share of the result, in the order the core reported them. */
export interface ProfileResult {
  name: string;
  /** Unknown only for a refused profile that the window does not know (it was removed meanwhile). */
  demo: boolean | undefined;
  /** Set (true) only for the built-in practice account. */
  practice?: true;
  outcomes: CloseOutcome[];
  alreadyFlat: ProductType[];
  refused: EverythingOutcome['refused'];
  status: CloseStatus;
}

/** The account kind of one account, from the first source that names it: its own result, then what the window knows. */
function accountKindFields(
  sources: readonly ({ demo: boolean; practice?: boolean } | undefined)[],
): { demo: boolean | undefined; practice?: true } {
  const source = sources.find((item) => item !== undefined);
  if (!source) return { demo: undefined };
  return source.practice ? { demo: source.demo, practice: true } : { demo: source.demo };
}

export function byProfile(result: EverythingOutcome, known: readonly AccountRef[]): ProfileResult[] {
  const names: string[] = [];
  const add = (name: string) => {
    if (!names.includes(name)) names.push(name);
  };
  known.forEach((profile) => {
    if (
      result.outcomes.some((outcome) => outcome.profile.name === profile.name) ||
      result.alreadyFlat.some((flat) => flat.profile === profile.name) ||
      result.refused.some((refused) => refused.profile === profile.name)
    ) {
      add(profile.name);
    }
  });
  result.outcomes.forEach((outcome) => add(outcome.profile.name));
  result.alreadyFlat.forEach((flat) => add(flat.profile));
  result.refused.forEach((refused) => add(refused.profile));

  return names.map((name) => {
    const part: EverythingOutcome = {
      outcomes: result.outcomes.filter((outcome) => outcome.profile.name === name),
      alreadyFlat: result.alreadyFlat.filter((flat) => flat.profile === name),
      refused: result.refused.filter((refused) => refused.profile === name),
    };
    const kind = accountKindFields([part.outcomes[0]?.profile, part.alreadyFlat[0], known.find((profile) => profile.name === name)]);
    return {
      name,
      ...kind,
      outcomes: part.outcomes,
      alreadyFlat: part.alreadyFlat.flatMap((flat) => flat.productTypes),
      refused: part.refused,
      status: everythingShownStatus(part),
    };
  });
}

/** Counts in one line: what was closed and verified, what is still open, what was never sent, who was refused. */
export function everythingSummary(result: EverythingOutcome): string {
  const flat = result.outcomes.filter((outcome) => shownStatus(outcome) === 'flat').length;
  const stillOpen = result.outcomes.reduce((sum, outcome) => sum + outcome.stillOpen.length, 0);
  const unverified = result.outcomes.filter((outcome) => !outcome.verified).length;
  const alreadyFlat = result.alreadyFlat.reduce((sum, flat) => sum + flat.productTypes.length, 0);
  const parts = [`${plural(flat, 'product type')} closed and verified flat`];
  if (stillOpen > 0) parts.push(`${plural(stillOpen, 'position')} STILL OPEN`);
  if (unverified > 0) parts.push(`${plural(unverified, 'product type')} NOT VERIFIED`);
  parts.push(`${plural(alreadyFlat, 'product type')} already flat (nothing sent)`);
  if (result.refused.length > 0) parts.push(`${result.refused.length} REFUSED`);
  return parts.join(' · ');
}

/** Who a pushed flatten-everything result was for: the profiles it names, in the order the core reported them, with
 * LIVE/DEMO/PRACTICE from the result itself or, failing that, from the profiles the window knows. `all` when it spans several. */
export function scopeOfResult(
  result: EverythingOutcome,
  known: readonly AccountRef[],
): EverythingScope {
  const profiles = byProfile(result, []).map((part): AccountRef => {
    if (part.demo !== undefined) return accountRef({ name: part.name, demo: part.demo, ...(part.practice ? { practice: true } : {}) });
    const listed = known.find((profile) => profile.name === part.name);
    // Unknown (a refused profile the window no longer lists): say LIVE rather than let a real account pass as demo or practice.
    return listed ? accountRef(listed) : { name: part.name, demo: false };
  });
  return { all: profiles.length > 1, profiles };
}

/** One outcome as the window shows it: from its own close button, or pushed by a hotkey/tray/command-line trigger. */
export interface ShownOutcome extends OutcomeEvent {
  receivedAt: Date;
  /** Set for "flatten everything": who it was for, and its result (absent when the request itself failed: see `error`). */
  everything?: { scope: EverythingScope; result?: EverythingOutcome };
  /** Pushed by main (hotkey, tray, command line) rather than run from this window. */
  pushed?: boolean;
}

/** An outcome pushed by a hotkey, the tray or the command line, as the window shows it: a flatten-everything preset's
 * result goes to the same panel as a flatten-everything run from this window. */
export function shownFromEvent(event: OutcomeEvent, known: readonly AccountRef[], receivedAt: Date): ShownOutcome {
  const shown: ShownOutcome = { ...event, receivedAt, pushed: true };
  if (event.everythingResult) shown.everything = { scope: scopeOfResult(event.everythingResult, known), result: event.everythingResult };
  return shown;
}

/** What "EVERY profile" covers, by the core's own rule: every real profile; the practice account only while no real one exists. */
export function everyProfile<T extends { practice?: boolean }>(profiles: readonly T[]): T[] {
  const real = profiles.filter((profile) => !profile.practice);
  return real.length > 0 ? real : [...profiles];
}
