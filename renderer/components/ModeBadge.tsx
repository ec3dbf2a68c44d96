// DEMO or LIVE, loud and unmistakable: LIVE is red and says real money.
export function ModeBadge({ demo, size = 'normal' }: { demo: boolean; size?: 'normal' | 'large' }) {
  return (
    <span
      className={`badge badge-${demo ? 'demo' : 'live'} badge-${size}`}
      title={demo ? 'Demo account: paper trading, no real money' : 'Live account: real money'}
    >
      {demo ? 'DEMO' : 'LIVE'}
    </span>
  );
}

/** The badge and the profile name together, as every surface names an account. */
export function AccountName({ profile, size = 'normal' }: { profile: { name: string; demo: boolean }; size?: 'normal' | 'large' }) {
  return (
    <span className={`account-name account-name-${size}`}>
      <ModeBadge demo={profile.demo} size={size} /> <span className="profile-name">{profile.name}</span>
    </span>
  );
}

/** The options of a profile picker: each profile named with DEMO or LIVE. */
export function ProfileOptions({ profiles }: { profiles: readonly { name: string; demo: boolean }[] }) {
  return (
    <>
      {profiles.map((item) => (
        <option key={item.name} value={item.name}>
          {item.name} — {item.demo ? 'DEMO' : 'LIVE'}
        </option>
      ))}
    </>
  );
}
