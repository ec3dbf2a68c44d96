// When drawing part of the window fails, say what failed and offer a way on: never a blank window. Nothing is sent to
// the exchange because of a drawing error, but a result that was on its way may not have been shown.
import { Component, type ReactNode } from 'react';
import { ExplainedErrorView } from './ExplainedErrorView.tsx';

interface Props {
  /** What this boundary guards, as a person would name it: "The window", "The history". */
  area: string;
  children: ReactNode;
}

interface State {
  failure: string | null;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { failure: null };

  static getDerivedStateFromError(error: unknown): State {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { failure: text || 'an unknown error' };
  }

  override render() {
    if (this.state.failure === null) return this.props.children;
    return (
      <section className="card error-boundary" data-testid="error-boundary">
        <ExplainedErrorView
          title={`${this.props.area} could not be shown`}
          error={{
            message: `Drawing it failed: ${this.state.failure}`,
            hint: 'Nothing was sent to the exchange because of this. Try again, or reload the window. If you had just started a close, check its result in the History or on the Bitget website or app.',
          }}
        />
        <div className="actions">
          <button type="button" onClick={() => this.setState({ failure: null })}>
            Try again
          </button>
          <button type="button" onClick={() => window.location.reload()}>
            Reload the window
          </button>
        </div>
      </section>
    );
  }
}
