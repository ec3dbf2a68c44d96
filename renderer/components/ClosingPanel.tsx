// While a close runs: a clock that ticks, how many close requests have gone out, and what the run is waiting for.
// Fed by the core's progress events; from this window's own button it starts before the first event arrives.
import { useEffect, useState } from 'react';
import { attemptText, elapsedText, targetWords, type RunningClose } from '../close-flow.ts';
import { clockTime } from '../format.ts';
import { TRIGGER_NAMES } from './OutcomePanel.tsx';

interface Props {
  /** 'everything' for flatten-everything from this window. */
  kind: 'one' | 'everything';
  /** The run as the progress events describe it (absent until the first event). */
  run: RunningClose | undefined;
  /** When this window sent the close (epoch ms), for the clock before the first event; absent for pushed runs. */
  sentAt: number | undefined;
}

const TICK_MS = 100;

export function ClosingPanel({ kind, run, sentAt }: Props) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);

  const startedAt = run ? Math.min(run.startedAt, sentAt ?? run.startedAt) : (sentAt ?? now);
  const from = run?.trigger && run.trigger !== 'window' ? TRIGGER_NAMES[run.trigger] ?? run.trigger : undefined;

  return (
    <section className="outcome outcome-closing" aria-labelledby="closing-title" data-testid="closing">
      <h2 id="closing-title" className="outcome-status">
        {kind === 'everything' ? 'CLOSING EVERYTHING…' : 'CLOSING…'}
      </h2>
      {run ? (
        <p className="outcome-line">
          {targetWords(run.target)} on “{run.profile}”{from ? ` · started by ${from}` : ''}
        </p>
      ) : (
        <p className="outcome-line">
          {kind === 'everything'
            ? 'Reading every product type, closing what is open, re-reading until flat.'
            : 'Sent to the exchange. Waiting for the answer and re-reading positions.'}
        </p>
      )}
      <dl className="closing-facts">
        <div>
          <dt>Elapsed</dt>
          <dd data-testid="closing-elapsed" className="closing-elapsed">
            {elapsedText(now - startedAt)}
          </dd>
        </div>
        <div>
          <dt>Attempts</dt>
          <dd data-testid="closing-attempt">{run ? attemptText(run) : 'no report from the app yet'}</dd>
        </div>
        <div className="closing-waiting">
          <dt>Waiting for</dt>
          <dd data-testid="closing-waiting" aria-live="polite">
            {run ? run.waitingFor : 'the app to report progress'}
          </dd>
        </div>
        {run?.stillOpen ? (
          <div>
            <dt>Still open</dt>
            <dd data-testid="closing-still-open">
              {run.stillOpen.length} position{run.stillOpen.length === 1 ? '' : 's'}
              {run.stillOpenReadAt ? ` (read ${clockTime(new Date(run.stillOpenReadAt))})` : ''}
            </dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}
