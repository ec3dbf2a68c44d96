// The account behind a key: its UID and the permission names the exchange lists for it. Classic keys: GET
// /api/v2/spot/account/info (`userId`, `authorities`); unified keys: GET /api/v3/account/info (`uid`, `permType`,
// `permissions`), falling back to the spot path for the UID when that answers nothing readable.
import { z } from 'zod';
import type { ExplainedError } from '../../../shared/bitget.ts';
import type { BitgetClient } from './client.ts';
import type { Logged } from './answer.ts';
import { ACCOUNT_INFO_PATH, V3_ACCOUNT_INFO_PATH } from './endpoints.ts';

const uid = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(String);
const names = z.array(z.string()).nullish().transform((list) => list ?? undefined);

const accountInfoSchema = z
  .object({ userId: uid, authorities: names })
  .transform((data): AccountInfo => ({ api: 'v2', userId: data.userId, ...(data.authorities ? { authorities: data.authorities } : {}) }));
const unifiedAccountInfoSchema = z
  .object({ uid, permType: z.string().nullish(), permissions: names })
  .transform((data): AccountInfo => ({
    api: 'v3',
    userId: data.uid,
    ...(data.permissions ? { authorities: data.permissions } : {}),
    ...(data.permType ? { permType: data.permType } : {}),
  }));

export interface AccountInfo {
  /** Which answer it came from: V2 `authorities` and V3 `permissions` use different names. */
  api: 'v2' | 'v3';
  userId: string;
  /** The key's permission names as listed (V2 `authorities`, V3 `permissions`), when the answer had them. */
  authorities?: string[];
  /** V3 only: read-only | read-and-write. */
  permType?: string;
}
export type AccountInfoResult = { ok: true; info: AccountInfo } | { ok: false; error: ExplainedError };

async function read(client: BitgetClient, path: string, schema: z.ZodType<AccountInfo>, demo: boolean, timeoutMs: number, log?: Logged): Promise<AccountInfoResult> {
  const result = await client.call({ method: 'GET', path, paptrading: demo, timeoutMs });
  log?.(result.record);
  if (!result.ok) return { ok: false, error: result.error };
  const parsed = schema.safeParse(result.data);
  if (parsed.success) return { ok: true, info: parsed.data };
  return {
    ok: false,
    error: {
      kind: 'unknown',
      message: `The exchange's answer to ${path} had no readable account id.`,
      hint: 'The account UID and the key\'s permission list are shown as unknown; the test cancel still says whether the key may trade.',
    },
  };
}

export function readAccountInfo(client: BitgetClient, demo: boolean, timeoutMs: number, log?: Logged): Promise<AccountInfoResult> {
  return read(client, ACCOUNT_INFO_PATH, accountInfoSchema, demo, timeoutMs, log);
}

export async function readUnifiedAccountInfo(client: BitgetClient, demo: boolean, timeoutMs: number, log?: Logged): Promise<AccountInfoResult> {
  const unified = await read(client, V3_ACCOUNT_INFO_PATH, unifiedAccountInfoSchema, demo, timeoutMs, log);
  return unified.ok ? unified : readAccountInfo(client, demo, timeoutMs, log);
}
