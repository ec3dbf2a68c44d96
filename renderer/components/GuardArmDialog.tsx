// The deliberate step before arming a guard: the profile (LIVE/DEMO/PRACTICE), every limit, and what the app will do
// on its own when one trips. Enter arms (not a held, auto-repeating Enter), Escape cancels.
import { accountModeOf, type ProfileSummary } from '../../shared/bitget.ts';
import type { GuardRules } from '../../shared/guard.ts';
import { ruleLines } from '../guard.ts';
import { AccountName, ModeWarning } from './ModeBadge.tsx';
import { useConfirmDialog } from './useConfirmDialog.ts';

interface Props {
  profile: ProfileSummary;
  rules: GuardRules;
  /** Re-arming a tripped guard: the trip is cleared and the guard watches again. */
  rearming: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

export function GuardArmDialog({ profile, rules, rearming, onConfirm, onCancel }: Props) {
  const { dialogRef, confirmRef, cancelRef, onKeyDown, onDialogCancel } = useConfirmDialog(onConfirm, onCancel);
  return (
    <dialog ref={dialogRef} className={`confirm confirm-${accountModeOf(profile)}`} aria-labelledby="guard-arm-title" onKeyDown={onKeyDown} onCancel={onDialogCancel}>
      <h2 id="guard-arm-title">
        {rearming ? 'Re-arm' : 'Arm'} the guard on <AccountName profile={profile} size="large" />
      </h2>
      <ModeWarning profile={profile} />
      <ul className="guard-rule-lines" aria-label="Limits">
        {ruleLines(rules).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <p className="confirm-note guard-consequence">
        When a limit is reached, the app closes EVERY position on this profile (USDT-, COIN- and USDC-FUTURES) and cancels its
        open and trigger orders, without asking. Anything that opens again on this profile is closed too, until you re-arm
        {rules.rearm === 'next-day' ? ' or the next trading day starts' : ''}.
      </p>
      <p className="confirm-note">
        The guard runs while the app runs (also with the window closed, from the tray). It never acts on figures it cannot read
        or that are out of date: then it warns you instead.
      </p>
      <div className="confirm-actions">
        <button ref={confirmRef} type="button" className="danger big" onClick={onConfirm}>
          {rearming ? 'Re-arm' : 'Arm'} guard on {profile.name} <kbd>Enter</kbd>
        </button>
        <button ref={cancelRef} type="button" className="secondary big" onClick={onCancel}>
          Cancel <kbd>Esc</kbd>
        </button>
      </div>
    </dialog>
  );
}
