// The account guard screen: per profile, its state (armed, warning, cannot see, tripped), the live figures it decides
// on and how fresh they are, its limits, and the deliberate steps to arm, re-arm or disarm it.
import { useId, useState, type FormEvent } from 'react';
import type { ExplainedError, ProfileSummary } from '../../shared/bitget.ts';
import type { GuardRules, GuardStatus } from '../../shared/guard.ts';
import { call } from '../api.ts';
import { GUARD_STATE_WORDS, feedLine, formOf, ruleLines, rulesOf, type GuardForm } from '../guard.ts';
import { dateTime, signed } from '../format.ts';
import type { GuardsState } from '../useGuards.ts';
import { useNow } from '../useNow.ts';
import { ExplainedErrorView } from './ExplainedErrorView.tsx';
import { GuardArmDialog } from './GuardArmDialog.tsx';
import { AccountName } from './ModeBadge.tsx';

interface Props {
  profiles: readonly ProfileSummary[];
  guards: GuardsState;
}

export function GuardView({ profiles, guards }: Props) {
  const now = useNow(1000);
  return (
    <div className="screen guard-screen">
      <h2>Account guard</h2>
      <p className="muted guard-intro">
        Limits you set while calm. When one is reached, the app flattens the profile by itself and keeps it flat until you re-arm.
      </p>
      {guards.error ? <ExplainedErrorView error={guards.error} title="The guards could not be read" /> : null}
      {profiles.map((profile) => (
        <GuardCard key={profile.name} profile={profile} status={guards.statuses?.find((item) => item.profile === profile.name)} now={now} onChanged={guards.reload} />
      ))}
    </div>
  );
}

function GuardCard({ profile, status, now, onChanged }: { profile: ProfileSummary; status: GuardStatus | undefined; now: number; onChanged: () => void }) {
  const state = status?.state ?? 'disarmed';
  const armed = state !== 'disarmed';
  const [editing, setEditing] = useState(false);
  const [pending, setPending] = useState<GuardRules | null>(null);
  const [error, setError] = useState<ExplainedError | null>(null);
  const [busy, setBusy] = useState(false);

  const arm = async (rules: GuardRules) => {
    setPending(null);
    setBusy(true);
    const result = await call((panic) => panic.armGuard({ profile: profile.name, rules }));
    setBusy(false);
    setError(result.ok ? null : result.error);
    if (result.ok) setEditing(false);
    onChanged();
  };
  const disarm = async () => {
    setBusy(true);
    const result = await call((panic) => panic.disarmGuard({ profile: profile.name }));
    setBusy(false);
    setError(result.ok ? null : result.error);
    onChanged();
  };

  const rules = status?.config?.rules;
  const feed = status?.feed ? feedLine(status.feed, now) : undefined;
  return (
    <section className={`card guard-card guard-${state}`} aria-label={`Guard of ${profile.name}`} data-testid={`guard-${profile.name}`}>
      <h3>
        <AccountName profile={profile} /> <span className={`guard-state guard-state-${state}`}>{GUARD_STATE_WORDS[state]}</span>
      </h3>
      {status?.config?.tripped ? (
        <p className="guard-tripped" role="alert">
          Tripped at {dateTime(status.config.tripped.at)}: {status.config.tripped.reason}
        </p>
      ) : null}
      {status?.messages.length ? (
        <ul className={`guard-messages ${state === 'blind' || state === 'warning' || status.disagreement || status.clockJump ? 'warning-text' : ''}`} aria-label="Guard messages">
          {status.messages.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
      {status?.lastFlatten ? (
        <p className="guard-last-flatten">
          Last flatten by the guard: {dateTime(status.lastFlatten.at)} — {status.lastFlatten.summary}
        </p>
      ) : null}
      {armed && status?.figures ? (
        <dl className="guard-figures" aria-label="Figures the guard decides on">
          <dt>Equity</dt>
          <dd>
            {status.figures.equity} {status.figures.marginCoin}
          </dd>
          <dt>Today</dt>
          <dd>
            {signed(status.figures.dayPnl)} {status.figures.marginCoin} (day start {status.figures.dayStartEquity})
          </dd>
          <dt>Below today's peak</dt>
          <dd>
            {status.figures.drawdown} {status.figures.marginCoin} (peak {status.figures.peakEquity})
          </dd>
          {status.figures.worstPosition ? (
            <>
              <dt>Worst position</dt>
              <dd>
                {status.figures.worstPosition.symbol} {status.figures.worstPosition.holdSide}: {signed(status.figures.worstPosition.unrealizedPnl)} {status.figures.marginCoin}
              </dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {armed && feed ? (
        <p className={`guard-feed ${feed.stale ? 'warning-text' : 'muted'}`} data-testid="guard-feed">
          {feed.text}
        </p>
      ) : null}
      {rules && !editing ? (
        <ul className="guard-rule-lines" aria-label="Limits">
          {ruleLines(rules).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
      {error ? <ExplainedErrorView error={error} title="The guard was not changed" /> : null}
      {editing || (!armed && !rules) ? (
        <GuardRulesForm initial={formOf(rules)} submitLabel={state === 'tripped' ? 'Re-arm…' : 'Arm guard…'} onSubmit={(next) => setPending(next)} onCancel={rules ? () => setEditing(false) : undefined} />
      ) : (
        <div className="actions">
          {state === 'tripped' && rules ? (
            <button type="button" className="primary" disabled={busy} onClick={() => setPending(rules)}>
              Re-arm…
            </button>
          ) : null}
          {!armed && rules ? (
            <button type="button" className="primary" disabled={busy} onClick={() => setPending(rules)}>
              Arm guard…
            </button>
          ) : null}
          <button type="button" className="secondary" disabled={busy} onClick={() => setEditing(true)}>
            Change limits
          </button>
          {armed ? (
            <button type="button" className="secondary" disabled={busy} onClick={() => void disarm()}>
              Disarm
            </button>
          ) : null}
        </div>
      )}
      {pending ? <GuardArmDialog profile={profile} rules={pending} rearming={state === 'tripped'} onConfirm={() => void arm(pending)} onCancel={() => setPending(null)} /> : null}
    </section>
  );
}

function GuardRulesForm({ initial, submitLabel, onSubmit, onCancel }: { initial: GuardForm; submitLabel: string; onSubmit: (rules: GuardRules) => void; onCancel: (() => void) | undefined }) {
  const id = useId();
  const [form, setForm] = useState<GuardForm>(initial);
  const [problems, setProblems] = useState<string[]>([]);
  const set = (field: keyof GuardForm) => (event: { target: { value: string } }) => setForm((previous) => ({ ...previous, [field]: event.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = rulesOf(form);
    if (!result.ok) {
      setProblems(result.problems);
      return;
    }
    setProblems([]);
    onSubmit(result.rules);
  };
  const amount = (field: 'dailyLossLimit' | 'trailingDrawdown' | 'positionLossLimit', label: string, note: string) => (
    <div className="field">
      <label htmlFor={`${id}-${field}`}>{label}</label>
      <input id={`${id}-${field}`} inputMode="decimal" autoComplete="off" placeholder="not set" value={form[field]} onChange={set(field)} aria-describedby={`${id}-${field}-note`} />
      <span id={`${id}-${field}-note`} className="field-note">
        {note}
      </span>
    </div>
  );
  return (
    <form className="guard-form" onSubmit={submit} aria-label="Guard limits">
      <div className="field">
        <label htmlFor={`${id}-coin`}>Margin coin</label>
        <input id={`${id}-coin`} autoComplete="off" value={form.marginCoin} onChange={set('marginCoin')} />
      </div>
      {amount('dailyLossLimit', 'Daily loss limit', 'Realized + unrealized loss since the trading day started.')}
      {amount('trailingDrawdown', 'Trailing drawdown', "Drop from the day's highest equity.")}
      {amount('positionLossLimit', 'Loss limit per position', 'Unrealized loss of any one position.')}
      <div className="field">
        <label htmlFor={`${id}-closeout`}>Daily closeout time</label>
        <input id={`${id}-closeout`} autoComplete="off" placeholder="not set (e.g. 21:30)" value={form.closeoutTime} onChange={set('closeoutTime')} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-warn`}>Warn at (% of each limit)</label>
        <input id={`${id}-warn`} inputMode="numeric" autoComplete="off" value={form.warnAtPercent} onChange={set('warnAtPercent')} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-day`}>Trading day starts at</label>
        <input id={`${id}-day`} autoComplete="off" value={form.dayStartsAt} onChange={set('dayStartsAt')} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-rearm`}>After a trip</label>
        <select id={`${id}-rearm`} value={form.rearm} onChange={(event) => setForm((previous) => ({ ...previous, rearm: event.target.value as GuardForm['rearm'] }))}>
          <option value="manual">Stay tripped until I re-arm</option>
          <option value="next-day">Re-arm when the next trading day starts</option>
        </select>
      </div>
      {problems.length ? (
        <ul className="field-error" role="alert" aria-label="Problems with the limits">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary">
          {submitLabel}
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
