// electron-store (conf) options for the settings file and the SettingsStore over it. No electron import: the unit
// tests drive the same options through conf, which electron-store extends.
import { z } from 'zod';
import { SettingsError, withSettingsLock, type SettingsStore } from '../core/settings-file.ts';
import { appSettingsSchema, type AppSettings } from '../../shared/schema.ts';

export const SETTINGS_FILE_NAME = 'config';

type JsonSchemaObject = Record<string, unknown>;

/** The JSON Schema conf validates with (draft 2020-12): the input side of the shared zod schema. */
export function settingsJsonSchema(): { properties: Record<string, JsonSchemaObject>; additionalProperties: boolean } {
  const schema = z.toJSONSchema(appSettingsSchema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, JsonSchemaObject>;
    additionalProperties?: boolean;
  };
  return { properties: schema.properties ?? {}, additionalProperties: schema.additionalProperties ?? false };
}

export function settingsStoreOptions(dataDir: string) {
  const { properties, additionalProperties } = settingsJsonSchema();
  return {
    cwd: dataDir,
    name: SETTINGS_FILE_NAME,
    configFileMode: 0o600,
    defaults: appSettingsSchema.parse({}) as AppSettings,
    schema: properties,
    rootSchema: { additionalProperties },
    clearInvalidConfig: false,
    accessPropertiesByDotNotation: false,
  };
}

/** The part of a conf/electron-store instance the SettingsStore needs. conf reads its file again on every `.store`
 * access (no cache unless asked for), so a change another process made is seen. */
export interface WholeObjectStore {
  store: Record<string, unknown>;
  readonly path: string;
}

/**
 * zod has the last word on both sides: what is read is the shared schema's output, what is written is validated first.
 * Changes go through the same settings lock as the CLI's JSON store (`<file>.lock`), re-reading the file inside it.
 */
export function settingsStoreOver(store: WholeObjectStore): SettingsStore {
  const read = () => appSettingsSchema.parse(store.store);
  return {
    read,
    update: (change) =>
      withSettingsLock(store.path, async () => {
        let current: AppSettings;
        try {
          current = read();
        } catch (error) {
          throw new SettingsError({
            kind: 'unknown',
            message: `The settings file cannot be read (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); nothing was changed.`,
            hint: 'Restart the app: a damaged settings file is kept aside and replaced by the defaults, with a notice.',
          });
        }
        const next = await change(current);
        if (next === undefined) return current;
        store.store = appSettingsSchema.parse(next);
        return read();
      }),
  };
}
