// A thrown failure that carries the app's explanation for the person (never a secret): the keychain, the settings
// file and the endpoint check throw these; handlers turn them back into `{ ok: false, error }`.
import type { ExplainedError } from '../../shared/bitget.ts';

export class ExplainedFailure extends Error {
  readonly explained: ExplainedError;
  constructor(explained: ExplainedError) {
    super(explained.message);
    this.explained = explained;
    this.name = new.target.name;
  }
}
