// "Flatten everything": deliberately small and set apart below the big close button, so that nobody aiming for that
// one lands here. Each button only opens a confirmation; nothing is sent from here.
import { accountModeOf, type ProfileSummary } from '../../shared/bitget.ts';
import { strongestMode } from '../account.ts';
import { EVERYTHING_PRODUCT_TYPES } from '../../shared/target.ts';
import { everyProfile } from '../everything.ts';
import { AccountName } from './ModeBadge.tsx';

interface Props {
  profiles: readonly ProfileSummary[];
  profile: ProfileSummary;
  cancelOrders: boolean;
  busy: boolean;
  onProfile: () => void;
  onEveryProfile: () => void;
}

export function FlattenEverything({ profiles, profile, cancelOrders, busy, onProfile, onEveryProfile }: Props) {
  const every = everyProfile(profiles);
  return (
    <section className="everything" aria-labelledby="everything-heading">
      <h2 id="everything-heading">Flatten everything</h2>
      <div className="everything-buttons">
        <button type="button" className={`everything-button everything-${accountModeOf(profile)}`} disabled={busy} onClick={onProfile}>
          Flatten EVERYTHING on <AccountName profile={profile} />
        </button>
        {every.length > 1 ? (
          <button
            type="button"
            className={`everything-button everything-${strongestMode(every)}`}
            disabled={busy}
            onClick={onEveryProfile}
          >
            …on EVERY profile ({every.length})
          </button>
        ) : null}
      </div>
      <p className="field-note">
        All of {EVERYTHING_PRODUCT_TYPES.join(', ')} at once; symbol, side and product type above do not apply.{' '}
        {cancelOrders ? 'Orders are cancelled too (box ticked).' : 'Orders are left in place (box not ticked).'} Asks first.
      </p>
    </section>
  );
}
