// What one line of the audit log must be to count as an entry. The history reader checks every line with it, so a
// torn or foreign line is skipped and counted, never shown half-read and never able to break the window.
import { z } from 'zod';
import { guardAuditDetailSchema } from './guard.ts';
import { CLOSE_STATUSES, ERROR_KINDS, HOLD_SIDES, PRODUCT_TYPES, TRIGGERS, type AuditEntry } from './bitget.ts';

const explainedErrorSchema = z.object({
  kind: z.enum(ERROR_KINDS),
  code: z.string().optional(),
  message: z.string(),
  hint: z.string(),
  httpStatus: z.number().optional(),
});

const targetSchema = z.object({
  productType: z.enum(PRODUCT_TYPES),
  symbol: z.string().optional(),
  holdSide: z.enum(HOLD_SIDES).optional(),
});

const profileSchema = z.object({ name: z.string(), demo: z.boolean(), practice: z.boolean().optional() });

const cancelStateSchema = z.enum(['cancelled', 'none', 'failed', 'skipped']);

const auditOutcomeSchema = z.object({
  runId: z.string().optional(),
  status: z.enum(CLOSE_STATUSES),
  profile: profileSchema,
  accountKind: z.enum(['classic', 'unified']),
  target: targetSchema,
  trigger: z.enum(TRIGGERS),
  closed: z.array(z.object({ orderId: z.string(), clientOid: z.string().optional(), symbol: z.string().optional() })),
  failed: z.array(z.object({ symbol: z.string().optional(), orderId: z.string().optional(), code: z.string(), message: z.string() })),
  stillOpen: z.number().int().nonnegative().nullable(),
  verified: z.boolean(),
  cancel: z.object({ openOrders: cancelStateSchema, triggerOrders: cancelStateSchema, errors: z.array(explainedErrorSchema) }).optional(),
  error: explainedErrorSchema.optional(),
  closeAttempts: z.number().int().nonnegative(),
  firstResponseMs: z.number().optional(),
  notRecorded: z.array(z.string()).optional(),
  totalMs: z.number(),
  startedAt: z.string(),
  finishedAt: z.string(),
});

const costReportSchema = z.object({
  runId: z.string(),
  profile: profileSchema,
  orders: z.array(
    z.object({
      orderId: z.string(),
      symbol: z.string(),
      holdSide: z.enum(HOLD_SIDES).optional(),
      side: z.string(),
      filledSize: z.string(),
      avgPrice: z.string(),
      realizedPnl: z.string().optional(),
      fee: z.string(),
      feeCoin: z.string().optional(),
      state: z.string(),
    }),
  ),
  unread: z.array(z.object({ orderId: z.string(), symbol: z.string().optional(), error: explainedErrorSchema })),
  complete: z.boolean(),
});

export const auditEntrySchema = z.object({
  time: z.iso.datetime(),
  type: z.enum(['attempt', 'outcome', 'cancel', 'positions', 'profile', 'costs', 'guard']),
  guard: guardAuditDetailSchema.optional(),
  runId: z.string().optional(),
  costs: costReportSchema.optional(),
  phase: z.enum(['sending', 'answered']).optional(),
  trigger: z.enum(TRIGGERS).optional(),
  target: targetSchema.optional(),
  profile: z.string().optional(),
  demo: z.boolean().optional(),
  practice: z.boolean().optional(),
  request: z.object({ method: z.string(), path: z.string(), body: z.string().optional(), query: z.string().optional() }).optional(),
  httpStatus: z.number().optional(),
  code: z.string().optional(),
  message: z.string().optional(),
  successList: z.array(z.unknown()).optional(),
  failureList: z.array(z.unknown()).optional(),
  list: z.array(z.unknown()).optional(),
  latencyMs: z.number().optional(),
  status: z.enum(CLOSE_STATUSES).optional(),
  verification: z.object({ flat: z.boolean(), stillOpen: z.number().nullable(), reads: z.number() }).optional(),
  error: explainedErrorSchema.optional(),
  outcome: auditOutcomeSchema.optional(),
}) satisfies z.ZodType<AuditEntry>;

