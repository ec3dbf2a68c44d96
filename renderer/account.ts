// Which kind of account the window is talking about: LIVE (real money), DEMO (Bitget's demo trading) or PRACTICE
// (the app's built-in simulated exchange: no key, no network). Pure, so the words are unit-tested.
import { accountModeOf, type AccountMode } from '../shared/bitget.ts';

/** Enough of a profile to name it and say which kind of account it is. */
export interface AccountRef {
  name: string;
  demo: boolean;
  practice?: boolean;
}

export const MODE_WORDS: Record<AccountMode, string> = { live: 'LIVE', demo: 'DEMO', practice: 'PRACTICE' };

export const MODE_TITLES: Record<AccountMode, string> = {
  live: 'Live account: real money',
  demo: 'Demo account: Bitget paper trading, no real money',
  practice: 'Practice account: the built-in simulated exchange, no key, no network, no real money',
};

/** LIVE, DEMO or PRACTICE. */
export function modeWord(profile: { demo: boolean; practice?: boolean }): string {
  return MODE_WORDS[accountModeOf(profile)];
}

/** Just the account fields (never anything else of a profile); `practice` only when it is the practice account. */
export function accountRef(profile: AccountRef): AccountRef {
  return profile.practice ? { name: profile.name, demo: profile.demo, practice: true } : { name: profile.name, demo: profile.demo };
}

/** The account mode of a set of accounts as one colour: LIVE if any is live (real money wins), else DEMO if any is
 * demo, else PRACTICE. */
export function strongestMode(profiles: readonly { demo: boolean; practice?: boolean }[]): AccountMode {
  const modes = profiles.map(accountModeOf);
  if (modes.includes('live') || modes.length === 0) return 'live';
  return modes.includes('demo') ? 'demo' : 'practice';
}

/** The account the window opens on: the first real profile; the Practice account only while no real profile exists. */
export function defaultProfile<T extends { demo: boolean; practice?: boolean }>(profiles: readonly T[]): T | undefined {
  return profiles.find((profile) => !profile.practice) ?? profiles[0];
}
