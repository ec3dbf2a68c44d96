// Test-only handles for Playwright's electronApp.evaluate. Installed only when BITGET_PANIC_E2E=1.
import type { WebPreferences } from 'electron';
import type { OutcomeEvent } from '../../shared/contract.ts';
import type { AppSettings } from '../../shared/schema.ts';
import { trayMenuTemplate } from './tray-menu.ts';

export interface E2eHooks {
  /** Runs a preset as a hotkey would and answers the event the window gets. */
  runPreset(reference: string): Promise<OutcomeEvent>;
  trayItems(): { id?: string; label?: string; enabled?: boolean; type?: string }[];
  preloadPath: string;
  /** What the main window was created with (Electron has no getter for the preferences in use). */
  webPreferences: WebPreferences;
}

export function installE2eHooks(options: {
  runPreset: E2eHooks['runPreset'];
  settings: () => AppSettings;
  preloadPath: string;
  webPreferences: WebPreferences;
}): void {
  const noop = () => undefined;
  const hooks: E2eHooks = {
    runPreset: options.runPreset,
    trayItems: () => {
      const settings = options.settings();
      return trayMenuTemplate(settings.presets, settings.profiles, { runPreset: noop, showWindow: noop, quit: noop }).map(({ id, label, enabled, type }) => ({
        ...(id ? { id } : {}),
        ...(label ? { label } : {}),
        ...(enabled === undefined ? {} : { enabled }),
        ...(type ? { type } : {}),
      }));
    },
    preloadPath: options.preloadPath,
    webPreferences: { ...options.webPreferences },
  };
  (globalThis as { __panicE2E?: E2eHooks }).__panicE2E = hooks;
}
