// LIVE, DEMO or PRACTICE, loud and unmistakable: LIVE is red and says real money, DEMO is blue, PRACTICE is violet.
import { accountModeOf } from '../../shared/bitget.ts';
import { MODE_TITLES, MODE_WORDS, modeWord, type AccountRef } from '../account.ts';

export function ModeBadge({ profile, size = 'normal' }: { profile: { demo: boolean; practice?: boolean }; size?: 'normal' | 'large' }) {
  const mode = accountModeOf(profile);
  return (
    <span className={`badge badge-${mode} badge-${size}`} title={MODE_TITLES[mode]}>
      {MODE_WORDS[mode]}
    </span>
  );
}

/** The badge and the profile name together, as every surface names an account. */
export function AccountName({ profile, size = 'normal' }: { profile: AccountRef; size?: 'normal' | 'large' }) {
  return (
    <span className={`account-name account-name-${size}`}>
      <ModeBadge profile={profile} size={size} /> <span className="profile-name">{profile.name}</span>
    </span>
  );
}

/** The line under a confirmation's title: REAL MONEY for live, simulated for practice, nothing for demo. */
export function ModeWarning({ profile }: { profile: { demo: boolean; practice?: boolean } }) {
  const mode = accountModeOf(profile);
  if (mode === 'live') return <p className="live-warning">LIVE ACCOUNT — REAL MONEY</p>;
  if (mode === 'practice') return <p className="practice-note">PRACTICE — simulated exchange, no real money</p>;
  return null;
}

/** The options of a profile picker: each profile named with LIVE, DEMO or PRACTICE. */
export function ProfileOptions({ profiles }: { profiles: readonly AccountRef[] }) {
  return (
    <>
      {profiles.map((item) => (
        <option key={item.name} value={item.name}>
          {item.name} — {modeWord(item)}
        </option>
      ))}
    </>
  );
}
