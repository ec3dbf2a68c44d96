// Rehearse the bad minute (Practice account only): the named scenarios, each one click, the one in force marked, and
// "Reset practice account". The close itself runs through the same close path as a real one; only the exchange is
// simulated.
import { useCallback, useEffect, useState } from 'react';
import type { ExplainedError, Result } from '../../shared/bitget.ts';
import { PRACTICE_SCENARIOS, type PracticeScenarioName, type PracticeState } from '../../shared/practice.ts';
import { call } from '../api.ts';
import { ExplainedErrorView } from './ExplainedErrorView.tsx';

interface Props {
  /** Changes whenever a close ran or an outcome arrived: the state is read again. */
  refreshToken: number;
  busy: boolean;
  /** The practice positions changed (a reset): the positions table reads them again. */
  onChanged: () => void;
}

export function PracticePanel({ refreshToken, busy, onChanged }: Props) {
  const [state, setState] = useState<PracticeState | null>(null);
  const [error, setError] = useState<ExplainedError | null>(null);
  const [working, setWorking] = useState<PracticeScenarioName | 'reset' | null>(null);

  const apply = useCallback((result: Result<PracticeState>) => {
    if (result.ok) {
      setState(result.value);
      setError(null);
    } else setError(result.error);
  }, []);

  useEffect(() => {
    void call((panic) => panic.getPractice()).then(apply);
  }, [apply, refreshToken]);

  const runScenario = async (name: PracticeScenarioName) => {
    setWorking(name);
    apply(await call((panic) => panic.runPracticeScenario({ name })));
    setWorking(null);
  };
  const reset = async () => {
    setWorking('reset');
    const result = await call((panic) => panic.resetPractice());
    apply(result);
    setWorking(null);
    if (result.ok) onChanged();
  };

  const disabled = busy || working !== null;
  return (
    <section className="practice-panel" aria-labelledby="practice-heading">
      <h2 id="practice-heading">Rehearse the bad minute</h2>
      <p className="field-note">
        Pick what goes wrong, then close as you would for real: the same close path runs, only the exchange is simulated.
        {state ? (
          <>
            {' '}
            Now: <strong>{state.openPositions}</strong> open position{state.openPositions === 1 ? '' : 's'}, {state.accountKind} account.
          </>
        ) : null}
      </p>
      <ul className="practice-scenarios" aria-label="Scenarios">
        {PRACTICE_SCENARIOS.map((scenario) => {
          const inForce = state?.scenario === scenario.name;
          return (
            <li key={scenario.name}>
              <button
                type="button"
                className={`scenario-button${inForce ? ' scenario-in-force' : ''}`}
                aria-pressed={inForce}
                disabled={disabled}
                title={scenario.description}
                onClick={() => void runScenario(scenario.name)}
              >
                {scenario.title}
                {inForce ? <span className="scenario-mark"> · in force</span> : null}
              </button>
            </li>
          );
        })}
      </ul>
      <button type="button" className="secondary" disabled={disabled} onClick={() => void reset()}>
        {working === 'reset' ? 'Resetting…' : 'Reset practice account'}
      </button>
      {error ? <ExplainedErrorView error={error} title="Practice" /> : null}
    </section>
  );
}
