// The result of "flatten everything": the overall status in big words, then per profile each product type's close
// (the usual outcome details, compact), the product types that were read flat (nothing sent), and refused profiles.
import type { Ref } from 'react';
import type { CostReport, EverythingOutcome } from '../../shared/bitget.ts';
import {
  EVERYTHING_STATUS_LINES,
  byProfile,
  everythingShownStatus,
  everythingSummary,
  shownStatus,
  type EverythingScope,
  type ProfileResult,
  type ShownOutcome,
} from '../everything.ts';
import { STATUS_WORDS, clockTime, productTypeName } from '../format.ts';
import { ExplainedErrorView } from './ExplainedErrorView.tsx';
import { modeWord } from '../account.ts';
import { AccountName } from './ModeBadge.tsx';
import { OutcomeDetails, PUSHED_SOURCE, TRIGGER_NAMES, type CloseStillOpen } from './OutcomePanel.tsx';

interface Props {
  shown: ShownOutcome;
  scope: EverythingScope;
  result: EverythingOutcome;
  ref?: Ref<HTMLElement>;
  costs?: Readonly<Record<string, CostReport>>;
  onCloseStillOpen?: CloseStillOpen;
}

export function EverythingOutcomePanel({ shown, scope, result, ref, costs, onCloseStillOpen }: Props) {
  const status = everythingShownStatus(result);
  const profiles = byProfile(result, scope.profiles);
  const trigger = shown.trigger ?? result.outcomes[0]?.trigger;
  return (
    <section
      ref={ref}
      tabIndex={-1}
      className={`outcome outcome-${status} outcome-everything`}
      aria-labelledby="outcome-status"
      data-testid="outcome"
    >
      <p className="outcome-source">
        Result at {clockTime(shown.receivedAt)} from {trigger ? TRIGGER_NAMES[trigger] ?? trigger : shown.pushed ? PUSHED_SOURCE : 'this window'}
        {shown.presetName ? ` (preset “${shown.presetName}”)` : ''} · Flatten EVERYTHING on{' '}
        {scope.all ? `EVERY profile (${scope.profiles.length})` : `${scope.profiles[0] ? modeWord(scope.profiles[0]) : 'LIVE'} “${scope.profiles[0]?.name ?? ''}”`}
      </p>
      <h2 id="outcome-status" className="outcome-status" role="status">
        {STATUS_WORDS[status]}
      </h2>
      <p className="outcome-line">{EVERYTHING_STATUS_LINES[status]}</p>
      <p className="everything-summary">{everythingSummary(result)}</p>
      {profiles.map((profile) => (
        <ProfilePart key={profile.name} profile={profile} many={profiles.length > 1} costs={costs} onCloseStillOpen={onCloseStillOpen} />
      ))}
    </section>
  );
}

interface PartProps {
  profile: ProfileResult;
  many: boolean;
  costs: Readonly<Record<string, CostReport>> | undefined;
  onCloseStillOpen: CloseStillOpen | undefined;
}

function ProfilePart({ profile, many, costs, onCloseStillOpen }: PartProps) {
  const account = profile.demo === undefined ? undefined : { name: profile.name, demo: profile.demo, ...(profile.practice ? { practice: true } : {}) };
  return (
    <section className="everything-result-profile" aria-label={`Result for profile ${profile.name}`} data-profile={profile.name}>
      <h3>
        {profile.demo === undefined ? (
          <span className="profile-name">{profile.name}</span>
        ) : (
          <AccountName profile={{ name: profile.name, demo: profile.demo, ...(profile.practice ? { practice: true } : {}) }} />
        )}
        {many ? <span className={`status-word status-${profile.status}`}> · {STATUS_WORDS[profile.status]}</span> : null}
      </h3>
      {profile.refused.map((refused, index) => (
        <div key={index} className="everything-refused">
          <ExplainedErrorView
            error={refused.error}
            title={
              refused.productType
                ? `REFUSED: nothing was done on “${profile.name}” for ${productTypeName(refused.productType)} (${refused.productType})`
                : `REFUSED: nothing was done on “${profile.name}”`
            }
          />
          {refused.productType && account && onCloseStillOpen
            ? (() => {
                const productType = refused.productType;
                return (
                  <p className="still-open-action">
                    <button type="button" className="danger" onClick={() => onCloseStillOpen(account, { productType })}>
                      Close what is still open…
                    </button>{' '}
                    <span className="muted">
                      every {productTypeName(productType)} position on “{profile.name}”, with a fresh read and the same confirmation
                    </span>
                  </p>
                );
              })()
            : null}
        </div>
      ))}
      {profile.outcomes.map((outcome) => {
        const status = shownStatus(outcome);
        return (
          <article
            key={outcome.target.productType}
            className={`everything-result-type everything-result-${status}`}
            data-product-type={outcome.target.productType}
          >
            <h4>
              {productTypeName(outcome.target.productType)} <span className="product-code">{outcome.target.productType}</span> ·{' '}
              <span className={`status-word status-${status}`}>{STATUS_WORDS[status]}</span>
            </h4>
            <OutcomeDetails outcome={outcome} compact costs={costs?.[outcome.runId]} onCloseStillOpen={onCloseStillOpen} />
          </article>
        );
      })}
      {profile.alreadyFlat.length > 0 ? (
        <div className="everything-already-flat" data-testid="already-flat">
          <h4>Already flat — read, nothing sent</h4>
          <ul>
            {profile.alreadyFlat.map((productType) => (
              <li key={productType} data-product-type={productType}>
                {productTypeName(productType)} <span className="product-code">{productType}</span>: no open position when read just
                before the close
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
