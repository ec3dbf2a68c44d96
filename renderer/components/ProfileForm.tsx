// Add or edit a profile. Secrets are write-only: never pre-filled, sent once to the app's keychain, then forgotten here.
import { useId, useState, type FormEvent } from 'react';
import type { ExplainedError, ProfileSummary } from '../../shared/bitget.ts';
import type { SaveProfileInput } from '../../shared/schema.ts';
import { call } from '../api.ts';
import { ExplainedErrorView } from './ExplainedErrorView.tsx';
import { ModeBadge } from './ModeBadge.tsx';

interface Props {
  existing?: ProfileSummary;
  onSaved: (profile: ProfileSummary) => void;
  onCancel?: () => void;
}

export function ProfileForm({ existing, onSaved, onCancel }: Props) {
  const id = useId();
  const [name, setName] = useState(existing?.name ?? '');
  const [demo, setDemo] = useState(existing?.demo ?? false);
  const [apiKey, setApiKey] = useState('');
  const [secretKey, setSecretKey] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<ExplainedError | null>(null);
  const [busy, setBusy] = useState(false);

  const anySecret = apiKey !== '' || secretKey !== '' || passphrase !== '';
  const needsSecrets = !existing || !existing.configured || anySecret;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (needsSecrets && (!apiKey.trim() || !secretKey.trim() || !passphrase.trim())) {
      setError({
        kind: 'bad-input',
        message: 'The API key, the secret key and the passphrase are all needed.',
        hint: existing ? 'Fill in all three to replace the stored key, or leave all three blank to keep it.' : 'Fill in all three fields.',
      });
      return;
    }
    const trimmed = name.trim();
    const payload: SaveProfileInput = {
      name: trimmed,
      demo,
      ...(existing && existing.name !== trimmed ? { previousName: existing.name } : {}),
      ...(needsSecrets ? { credentials: { apiKey: apiKey.trim(), secretKey: secretKey.trim(), passphrase: passphrase.trim() } } : {}),
    };
    setBusy(true);
    const result = await call((panic) => panic.saveProfile(payload));
    setBusy(false);
    if (result.ok) {
      setApiKey('');
      setSecretKey('');
      setPassphrase('');
      setError(null);
      onSaved(result.value);
    } else setError(result.error);
  };

  return (
    <form className="profile-form" onSubmit={(event) => void submit(event)} aria-label={existing ? `Edit profile ${existing.name}` : 'Add a profile'}>
      <div className="field">
        <label htmlFor={`${id}-name`}>Profile name</label>
        <input
          id={`${id}-name`}
          value={name}
          required
          maxLength={40}
          autoComplete="off"
          placeholder="e.g. main, scalping, demo"
          onChange={(event) => setName(event.target.value)}
        />
      </div>
      <label className="choice field">
        <input type="checkbox" checked={demo} onChange={(event) => setDemo(event.target.checked)} />
        Demo account (Bitget paper trading)
      </label>
      <p className="field-note" aria-live="polite">
        This profile is <ModeBadge profile={{ demo }} />
        {demo ? ' — paper trading, no real money.' : ' — it trades REAL MONEY.'}
      </p>
      {existing?.configured ? (
        <p className="field-note">
          A key is stored{existing.keyHint ? ` (key ending …${existing.keyHint})` : ''}. Leave the three fields below blank to keep it.
        </p>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-key`}>API key</label>
        <input id={`${id}-key`} type="password" value={apiKey} autoComplete="new-password" spellCheck={false} onChange={(event) => setApiKey(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-secret`}>Secret key</label>
        <input id={`${id}-secret`} type="password" value={secretKey} autoComplete="new-password" spellCheck={false} onChange={(event) => setSecretKey(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-passphrase`}>Passphrase</label>
        <input id={`${id}-passphrase`} type="password" value={passphrase} autoComplete="new-password" spellCheck={false} onChange={(event) => setPassphrase(event.target.value)} />
      </div>
      <p className="field-note">Keys go to your system keychain. This window can never read them back.</p>
      {error ? <ExplainedErrorView error={error} title="The profile was not saved" /> : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : existing ? 'Save profile' : 'Add profile'}
        </button>
        {onCancel ? (
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
