// Sending one call and reading its answer in the documented shape: shared by every endpoint module.
import type { ExplainedError } from '../../../shared/bitget.ts';
import type { z } from 'zod';
import type { BitgetClient, CallOptions, CallResult, WireRecord } from './client.ts';

export type Logged = (record: WireRecord) => void;

export type Failure = { ok: false; error: ExplainedError };

function unreadable(result: CallResult, detail: string): Failure {
  return {
    ok: false,
    error: {
      kind: 'unknown',
      message: `The exchange's answer to ${result.record.path} was not in the documented shape (${detail}).`,
      hint: 'Whether it acted is unknown: positions are re-read to find out. Report this with the history entry.',
    },
  };
}

export function parseData<S extends z.ZodType>(schema: S, result: CallResult & { ok: true }): { ok: true; value: z.infer<S> } | Failure {
  if (result.data === undefined) return unreadable(result, 'the answer has no data');
  const parsed = schema.safeParse(result.data);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at data.${issue.path.join('.')}` : '';
  return unreadable(result, `${issue?.message ?? 'invalid'}${where}`);
}

export function send(client: BitgetClient, options: CallOptions, log?: Logged): Promise<CallResult> {
  return client.call(options).then((result) => {
    log?.(result.record);
    return result;
  });
}
