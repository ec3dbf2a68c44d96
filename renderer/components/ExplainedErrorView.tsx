// An error as the app explains it: what happened, then what to do.
import type { ExplainedError } from '../../shared/bitget.ts';

type ErrorLike = Pick<ExplainedError, 'message' | 'hint'> & { kind?: string; code?: string };

export function ExplainedErrorView({ error, title, live = true }: { error: ErrorLike; title?: string; live?: boolean }) {
  return (
    <div className="explained-error" role={live ? 'alert' : undefined}>
      {title ? <p className="explained-error-title">{title}</p> : null}
      <p className="error-message">{error.message}</p>
      <p className="error-hint">
        <strong>What to do: </strong>
        {error.hint}
      </p>
      {error.code || error.kind ? (
        <p className="error-code">
          {error.kind ? `${error.kind}` : ''}
          {error.code ? ` · exchange code ${error.code}` : ''}
        </p>
      ) : null}
    </div>
  );
}
