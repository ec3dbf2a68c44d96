// Settings in electron-store at <data dir>/config.json (owner-only). A corrupted file is first kept aside by
// loadSettingsFile, so opening the store never meets bad content; if it still cannot open, the plain JSON store is used.
import ElectronStore from 'electron-store';
import { join } from 'node:path';
import { createJsonSettingsStore, loadSettingsFile, type SettingsStore } from '../core/settings-file.ts';
import type { AppSettings } from '../../shared/schema.ts';
import { SETTINGS_FILE_NAME, settingsStoreOptions, settingsStoreOver, type WholeObjectStore } from './settings-store.ts';

export function settingsFilePath(dataDir: string): string {
  return join(dataDir, `${SETTINGS_FILE_NAME}.json`);
}

export function openSettings(dataDir: string): { store: SettingsStore; notices: string[] } {
  const filePath = settingsFilePath(dataDir);
  const { notices } = loadSettingsFile(filePath);
  try {
    const store = new ElectronStore<AppSettings>(settingsStoreOptions(dataDir));
    return { store: settingsStoreOver(store as unknown as WholeObjectStore), notices };
  } catch (error) {
    const fallback = createJsonSettingsStore(filePath);
    const detail = error instanceof Error ? error.message : String(error);
    return {
      store: fallback,
      notices: [...notices, ...fallback.notices, `The settings store could not be opened (${detail}); the settings file is used directly.`],
    };
  }
}
