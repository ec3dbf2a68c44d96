// zod schemas for every payload that crosses a boundary: IPC, CLI, settings file, exchange responses.
import { z } from 'zod';
import { acceleratorProblem } from './accelerator.ts';
import { guardConfigSchema } from './guard.ts';
import { PRACTICE_SCENARIO_NAMES } from './practice.ts';
import { HOLD_SIDES, PRODUCT_TYPES, TRIGGERS, type ExplainedError } from './bitget.ts';

/** Case is normalised where that is unambiguous ("usdt-futures"); anything else, blank included, is refused. */
const caseInsensitive = (value: unknown) => (typeof value === 'string' ? value.trim().toUpperCase() : value);

export const productTypeSchema = z.preprocess(
  caseInsensitive,
  z.enum(PRODUCT_TYPES, { error: () => `product type must be one of ${PRODUCT_TYPES.join(', ')}` }),
);

export const holdSideSchema = z.preprocess(
  (value) => (typeof value === 'string' ? value.trim().toLowerCase() : value),
  z.enum(HOLD_SIDES, { error: () => 'side must be "long" or "short" (leave it out for both sides; an empty side is not "both")' }),
);

/** Bitget symbols: letters and digits, delivery contracts may carry "_" (e.g. BTCUSD_251226). Upper-cased. */
export const symbolSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9_]{1,39}$/, 'symbol must look like BTCUSDT (letters and digits, no spaces or slashes)');

/**
 * Absent means "every symbol". A blank string is refused, never widened to every symbol: a script with an unset
 * variable must not flatten the whole product type.
 */
export const optionalSymbolSchema = z
  .string({ error: 'symbol must be text, e.g. BTCUSDT' })
  .refine((value) => value.trim() !== '', 'symbol is empty: leave it out to close every symbol, or name one (e.g. BTCUSDT)')
  .pipe(symbolSchema)
  .optional();

const PROFILE_NAME_PATTERN = /^[\p{L}\p{N} ._-]+$/u;
const profileNameRules = (name: z.ZodString) =>
  name
    .min(1, 'profile name is empty')
    .max(40, 'profile name is longer than 40 characters')
    .regex(PROFILE_NAME_PATTERN, 'profile name may use letters, digits, spaces, ".", "_" and "-" only');

/** A stored profile's name, as a reference (a close, a preset, the settings file): trimmed, never changed otherwise. */
export const profileNameSchema = profileNameRules(z.string().trim());

/**
 * The name a profile is saved under. Control and invisible characters are refused before the name is trimmed
 * ("main\n" must not become "main" and replace its key), and its NFKC form (full-width "ｍａｉｎ" is "main") must be a
 * valid name too: a new name is saved in that form. Whether it reads the same as another profile's name is
 * shared/profile-names.ts, checked where the other names are known.
 */
export const newProfileNameSchema = z
  .string()
  .refine((name) => !/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(name), 'profile name has a control or invisible character (a line break, a tab, a zero-width space…): type the name plainly')
  .pipe(profileNameSchema)
  .superRefine((name, context) => {
    const plain = name.normalize('NFKC');
    if (!profileNameSchema.safeParse(plain).success) context.addIssue({ code: 'custom', message: `profile name "${name}" is "${plain}" in plain letters, which is not a valid name` });
  });

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
  name: newProfileNameSchema,
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

export const practiceScenarioRefSchema = z.strictObject({ name: z.enum(PRACTICE_SCENARIO_NAMES, { error: () => `scenario must be one of ${PRACTICE_SCENARIO_NAMES.join(', ')}` }) });

/** Where an older page of the history starts: the audit file's number (see README, data folder) and the byte offset
 * before which nothing was shown yet. Taken from the previous page's `older`, never built by hand. */
export const historyCursorSchema = z.strictObject({
  file: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});
export type HistoryCursor = z.infer<typeof historyCursorSchema>;

/** The window's page of history (first page and "Show older" alike), and the default. */
export const HISTORY_PAGE_ENTRIES = 200;

export const historyQuerySchema = z.strictObject({
  limit: z.number().int().min(1).max(1000).default(HISTORY_PAGE_ENTRIES),
  /** Absent: the newest page. */
  before: historyCursorSchema.optional(),
});

export const accountKindSchema = z.enum(['classic', 'unified']);

export const profileMetaSchema = z.strictObject({
  name: profileNameSchema,
  demo: z.boolean(),
  keyHint: z.string().max(8).optional(),
  accountKind: accountKindSchema.optional(),
});
export type ProfileMeta = z.infer<typeof profileMetaSchema>;

const presetFields = {
  id: z.string().min(1).max(64),
  name: z.string().trim().min(1, 'preset name is empty').max(60),
  profile: profileNameSchema,
  productType: productTypeSchema,
  symbol: optionalSymbolSchema,
  holdSide: holdSideSchema.optional(),
  cancelOrders: z.boolean().default(false),
  /** Flatten everything on the profile (every live product type): productType, symbol and side are then ignored. */
  everything: z.boolean().default(false),
  /** Electron accelerator, e.g. "CommandOrControl+Alt+P", with a modifier or a function key. Absent: no hotkey. */
  hotkey: z
    .string()
    .trim()
    .max(64)
    .superRefine((value, context) => {
      const problem = acceleratorProblem(value);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  hotkeyEnabled: z.boolean().default(true),
  /** Hotkey must be pressed twice within the double-press window to run. */
  confirmByDoublePress: z.boolean().default(true),
};

/** A preset as the window or any other input sends it: every value checked, nothing widened. */
export const presetSchema = z.strictObject(presetFields);

/**
 * A preset as an older settings file may hold it. Version 1 wrote a blank symbol for "every symbol" and a blank
 * hotkey for "none": both are read as absent, their documented meaning. A hotkey that newer rules refuse (no modifier)
 * is kept, so that nothing is lost: registration refuses it with the reason, and saving it again asks for a fix.
 */
const storedPresetSchema = z.preprocess(
  (value) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
    const preset = { ...(value as Record<string, unknown>) };
    if (preset.symbol === '') delete preset.symbol;
    if (typeof preset.hotkey === 'string' && preset.hotkey.trim() === '') delete preset.hotkey;
    return preset;
  },
  z.strictObject({ ...presetFields, hotkey: z.string().trim().min(1).max(64).optional() }),
);
export type Preset = z.infer<typeof presetSchema>;

export const appSettingsSchema = z.strictObject({
  version: z.literal(1).default(1),
  profiles: z.array(profileMetaSchema).default([]),
  presets: z.array(storedPresetSchema).default([]),
  doublePressWindowMs: z.number().int().min(200).max(3000).default(800),
  startMinimized: z.boolean().default(false),
  launchAtLogin: z.boolean().default(false),
  /** The account guard per profile: rules, armed state, the day's figures and a trip survive a restart. */
  guards: z.array(guardConfigSchema).default([]),
});
export type AppSettings = z.infer<typeof appSettingsSchema>;

/** The part of the settings the window edits in one go (profiles have their own channels). */
export const uiSettingsSchema = appSettingsSchema.pick({ doublePressWindowMs: true, startMinimized: true, launchAtLogin: true }).extend({
  presets: z.array(presetSchema).default([]),
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
