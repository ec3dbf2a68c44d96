// "Add your Bitget API key": what a safe key looks like, and the form right here. The first screen only when the
// practice account is not available; otherwise reached from the practice header.
import type { ProfileSummary } from '../../shared/bitget.ts';
import { ProfileForm } from './ProfileForm.tsx';

export function FirstRun({ onSaved, onCancel }: { onSaved: (profile: ProfileSummary) => void; onCancel?: () => void }) {
  return (
    <section className="screen first-run" aria-labelledby="first-run-title">
      <h2 id="first-run-title">Add your Bitget API key</h2>
      <p className="lead">A profile is one Bitget account (live or demo) and its API key. Practice stays available beside it.</p>
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
      <ProfileForm onSaved={onSaved} {...(onCancel ? { onCancel } : {})} />
    </section>
  );
}
