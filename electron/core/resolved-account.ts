// A profile resolved to its exchange account: what profiles.ts hands the close path, the feed and the guard.
import type { Account } from './bitget/account.ts';

export interface ResolvedAccount {
  account: Account;
  profile: { name: string; demo: boolean; practice?: boolean };
  /** Identifies the exchange account for the 1-close-per-second limit. */
  accountKey: string;
}
