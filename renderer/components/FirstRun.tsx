// No profile yet: say what to do, how to make a safe key, and offer the form right here.
import type { ProfileSummary } from '../../shared/bitget.ts';
import { ProfileForm } from './ProfileForm.tsx';

export function FirstRun({ onSaved }: { onSaved: (profile: ProfileSummary) => void }) {
  return (
    <section className="screen first-run" aria-labelledby="first-run-title">
      <h2 id="first-run-title">Add a profile to start</h2>
      <p className="lead">A profile is one Bitget account (live or demo) and its API key.</p>
      <div className="key-advice">
        <p>
          <strong>Create the key on Bitget</strong> (API management) with <strong>futures trade permission only</strong>:
        </p>
        <ul>
          <li>
            <strong>No withdrawal</strong> permission, ever.
          </li>
          <li>
            <strong>IP whitelist</strong> set to this computer's public address.
          </li>
          <li>For a demo profile, create the key in demo trading mode and tick “Demo account”.</li>
        </ul>
      </div>
      <ProfileForm onSaved={onSaved} />
    </section>
  );
}
