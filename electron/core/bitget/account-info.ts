// The account behind a key: GET /api/v2/spot/account/info answers `userId` and `authorities` (the permission names
// are unconfirmed, so nothing is decided on them: the cancel probe decides whether the key may close).
import { z } from 'zod';
import type { ExplainedError } from '../../../shared/bitget.ts';
import type { BitgetClient } from './client.ts';
import { ACCOUNT_INFO_PATH, type Logged } from './endpoints.ts';

const accountInfoSchema = z.object({
  userId: z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(String),
  authorities: z.array(z.string()).optional(),
});

export type AccountInfo = z.infer<typeof accountInfoSchema>;
export type AccountInfoResult = { ok: true; info: AccountInfo } | { ok: false; error: ExplainedError };

export async function readAccountInfo(client: BitgetClient, demo: boolean, timeoutMs: number, log?: Logged): Promise<AccountInfoResult> {
  const result = await client.call({ method: 'GET', path: ACCOUNT_INFO_PATH, paptrading: demo, timeoutMs });
  log?.(result.record);
  if (!result.ok) return { ok: false, error: result.error };
  const parsed = accountInfoSchema.safeParse(result.data);
  if (parsed.success) return { ok: true, info: parsed.data };
  return {
    ok: false,
    error: {
      kind: 'unknown',
      message: `The exchange's answer to ${ACCOUNT_INFO_PATH} had no readable userId.`,
      hint: 'The account UID is shown as unknown; nothing else depends on it.',
    },
  };
}
