// The stored profiles: what the window may know of each (never a secret), with test, edit and remove.
import { useState } from 'react';
import type { ConnectionTestResult, ExplainedError, ProfileSummary } from '../../shared/bitget.ts';
import { call } from '../api.ts';
import { connectionVerdict } from '../connection-test.ts';
import { ExplainedErrorView } from './ExplainedErrorView.tsx';
import { AccountName } from './ModeBadge.tsx';
import { RemoveButton } from './RemoveButton.tsx';
import { ProfileForm } from './ProfileForm.tsx';

interface Props {
  profiles: readonly ProfileSummary[];
  onChanged: () => void;
}

export function ProfilesSection({ profiles, onChanged }: Props) {
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  return (
    <section className="settings-section" aria-labelledby="profiles-title">
      <h2 id="profiles-title">Profiles</h2>
      <ul className="profile-list">
        {profiles.map((profile) =>
          editing === profile.name ? (
            <li key={profile.name} className="card">
              <ProfileForm
                existing={profile}
                onSaved={() => {
                  setEditing(null);
                  onChanged();
                }}
                onCancel={() => setEditing(null)}
              />
            </li>
          ) : (
            <ProfileCard key={profile.name} profile={profile} onEdit={() => setEditing(profile.name)} onChanged={onChanged} />
          ),
        )}
      </ul>
      {adding ? (
        <div className="card">
          <h3>New profile</h3>
          <ProfileForm
            onSaved={() => {
              setAdding(false);
              onChanged();
            }}
            onCancel={() => setAdding(false)}
          />
        </div>
      ) : (
        <button type="button" className="primary" onClick={() => setAdding(true)}>
          Add your Bitget API key
        </button>
      )}
    </section>
  );
}

function ProfileCard({ profile, onEdit, onChanged }: { profile: ProfileSummary; onEdit: () => void; onChanged: () => void }) {
  const [test, setTest] = useState<{ result?: ConnectionTestResult; error?: ExplainedError; busy: boolean } | null>(null);
  const [removeError, setRemoveError] = useState<ExplainedError | null>(null);

  const runTest = async () => {
    setTest({ busy: true });
    const result = await call((panic) => panic.testProfile({ name: profile.name }));
    setTest(result.ok ? { result: result.value, busy: false } : { error: result.error, busy: false });
    if (result.ok) onChanged();
  };
  const remove = async () => {
    const result = await call((panic) => panic.removeProfile({ name: profile.name }));
    if (result.ok) onChanged();
    else setRemoveError(result.error);
  };

  return (
    <li className="card profile-card" data-testid="profile-card">
      <p className="profile-card-head">
        <AccountName profile={profile} size="large" />
      </p>
      {profile.practice ? (
        <p>The built-in simulated exchange: no key, no network, no real money. It cannot be removed.</p>
      ) : (
        <p>
          {profile.configured ? (
            <>configured, key ending …{profile.keyHint ?? '????'}</>
          ) : (
            <strong className="warning-text">No key stored: edit the profile and enter its key.</strong>
          )}
          {' · '}
          {profile.accountKind ? `${profile.accountKind} account` : 'account kind found on first use'}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={() => void runTest()} disabled={test?.busy}>
          {test?.busy ? 'Testing…' : 'Test connection'}
        </button>
        {profile.practice ? null : (
          <>
            <button type="button" onClick={onEdit}>
              Edit
            </button>
            <RemoveButton confirmLabel={`Yes, remove “${profile.name}” and its key`} onRemove={remove} />
          </>
        )}
      </div>
      {test?.result ? <ConnectionVerdictView result={test.result} /> : null}
      {test?.error ? <ExplainedErrorView error={test.error} title="Connection test failed" /> : null}
      {removeError ? <ExplainedErrorView error={removeError} title="The profile was not removed" /> : null}
    </li>
  );
}

function ConnectionVerdictView({ result }: { result: ConnectionTestResult }) {
  const verdict = connectionVerdict(result);
  return (
    <div className={`test-verdict test-${verdict.tone}`} role={verdict.tone === 'ok' ? 'status' : 'alert'} data-testid="connection-test">
      <p className="test-headline">{verdict.headline}</p>
      <ul className="test-details">
        {verdict.details.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}
