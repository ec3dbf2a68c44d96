// zod schemas for every payload that crosses a boundary: IPC, CLI, settings file, exchange responses.
import { z } from 'zod';
import { HOLD_SIDES, PRODUCT_TYPES, TRIGGERS, type ExplainedError } from './bitget.ts';

export const productTypeSchema = z.enum(PRODUCT_TYPES, {
  error: () => `product type must be one of ${PRODUCT_TYPES.join(', ')}`,
});

export const holdSideSchema = z.enum(HOLD_SIDES, { error: () => 'side must be "long" or "short" (leave it out for both)' });

/** Bitget symbols: letters and digits, delivery contracts may carry "_" (e.g. BTCUSD_251226). Upper-cased. */
export const symbolSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9_]{1,39}$/, 'symbol must look like BTCUSDT (letters and digits, no spaces or slashes)');

/** Blank string means "every symbol": normalised to undefined. */
export const optionalSymbolSchema = z
  .union([z.literal(''), symbolSchema])
  .optional()
  .transform((value) => (value ? value : undefined));

export const profileNameSchema = z
  .string()
  .trim()
  .min(1, 'profile name is empty')
  .max(40, 'profile name is longer than 40 characters')
  .regex(/^[\p{L}\p{N} ._-]+$/u, 'profile name may use letters, digits, spaces, ".", "_" and "-" only');

export const triggerSchema = z.enum(TRIGGERS);

export const panicRequestSchema = z.strictObject({
  profile: profileNameSchema,
  productType: productTypeSchema,
  symbol: optionalSymbolSchema,
  holdSide: holdSideSchema.optional(),
  cancelOrders: z.boolean().optional(),
  trigger: triggerSchema,
});
export type PanicRequestInput = z.input<typeof panicRequestSchema>;

/** "Flatten everything": every live product type of one profile, or of every profile when `profile` is absent. */
export const closeEverythingSchema = z.strictObject({
  profile: profileNameSchema.optional(),
  cancelOrders: z.boolean().optional(),
  trigger: triggerSchema,
});

const secretField = (label: string) =>
  z
    .string()
    .trim()
    .min(1, `${label} is empty`)
    .max(256, `${label} is longer than 256 characters`)
    .regex(/^[\x21-\x7e]+$/, `${label} has spaces or characters that are not plain ASCII (was it pasted with extra text?)`);

export const apiKeySchema = secretField('API key');
export const secretKeySchema = secretField('secret key');
export const passphraseSchema = secretField('passphrase');

export const credentialsSchema = z.strictObject({
  apiKey: apiKeySchema,
  secretKey: secretKeySchema,
  passphrase: passphraseSchema,
});
export type Credentials = z.infer<typeof credentialsSchema>;

/** Save or edit a profile. Credentials are write-only: leave them out to keep the stored ones. */
export const saveProfileSchema = z.strictObject({
  name: profileNameSchema,
  demo: z.boolean(),
  /** When renaming, the profile's previous name. */
  previousName: profileNameSchema.optional(),
  credentials: credentialsSchema.optional(),
});
export type SaveProfileInput = z.infer<typeof saveProfileSchema>;

export const profileRefSchema = z.strictObject({ name: profileNameSchema });

export const positionsQuerySchema = z.strictObject({
  profile: profileNameSchema,
  productType: productTypeSchema,
});

export const historyQuerySchema = z.strictObject({
  limit: z.number().int().min(1).max(1000).default(200),
});

export const accountKindSchema = z.enum(['classic', 'unified']);

export const profileMetaSchema = z.strictObject({
  name: profileNameSchema,
  demo: z.boolean(),
  keyHint: z.string().max(8).optional(),
  accountKind: accountKindSchema.optional(),
});
export type ProfileMeta = z.infer<typeof profileMetaSchema>;

export const presetSchema = z.strictObject({
  id: z.string().min(1).max(64),
  name: z.string().trim().min(1, 'preset name is empty').max(60),
  profile: profileNameSchema,
  productType: productTypeSchema,
  symbol: optionalSymbolSchema,
  holdSide: holdSideSchema.optional(),
  cancelOrders: z.boolean().default(false),
  /** Flatten everything on the profile (every live product type): productType, symbol and side are then ignored. */
  everything: z.boolean().default(false),
  /** Electron accelerator, e.g. "CommandOrControl+Alt+P". Absent: no hotkey. */
  hotkey: z.string().trim().max(64).optional(),
  hotkeyEnabled: z.boolean().default(true),
  /** Hotkey must be pressed twice within the double-press window to run. */
  confirmByDoublePress: z.boolean().default(true),
});
export type Preset = z.infer<typeof presetSchema>;

export const appSettingsSchema = z.strictObject({
  version: z.literal(1).default(1),
  profiles: z.array(profileMetaSchema).default([]),
  presets: z.array(presetSchema).default([]),
  doublePressWindowMs: z.number().int().min(200).max(3000).default(800),
  startMinimized: z.boolean().default(false),
  launchAtLogin: z.boolean().default(false),
});
export type AppSettings = z.infer<typeof appSettingsSchema>;

/** The part of the settings the window edits in one go (profiles have their own channels). */
export const uiSettingsSchema = appSettingsSchema.pick({
  presets: true,
  doublePressWindowMs: true,
  startMinimized: true,
  launchAtLogin: true,
});
export type UiSettings = z.infer<typeof uiSettingsSchema>;
/** What a caller may send: fields with defaults may be left out. */
export type UiSettingsInput = z.input<typeof uiSettingsSchema>;

/** Turn a zod failure into the app's error value: what was wrong, field by field, and that nothing was sent. */
export function explainValidation(error: z.ZodError, what = 'request'): ExplainedError {
  const problems = error.issues.map((issue) => {
    const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
    return `${where}${issue.message}`;
  });
  return {
    kind: 'bad-input',
    message: `The ${what} is not valid: ${problems.join('; ')}.`,
    hint: 'Nothing was sent to the exchange. Correct the values above and try again.',
  };
}

export function parseOrExplain<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what?: string,
): { ok: true; value: z.infer<S> } | { ok: false; error: ExplainedError } {
  const parsed = schema.safeParse(value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: explainValidation(parsed.error, what) };
}
