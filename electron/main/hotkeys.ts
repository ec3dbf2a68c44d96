// Global shortcuts for presets through Electron's globalShortcut; what failed, and why, goes to AppStatus.hotkeys.
import { globalShortcut } from 'electron';
import type { HotkeyStatus } from '../../shared/contract.ts';
import type { AppSettings, Preset } from '../../shared/schema.ts';
import { createHotkeyDispatcher, isWaylandSession, registerPresetHotkeys } from './hotkey-registration.ts';

export interface HotkeyActions {
  run(preset: Preset): void;
  armed(preset: Preset, windowMs: number): void;
  /** The keys are being held: auto-repeat is not a second press, so the preset is disarmed. */
  held(preset: Preset): void;
}

/** Unregisters everything and registers the presets' hotkeys again; returns each one's state. */
export function applyHotkeys(settings: AppSettings, actions: HotkeyActions): HotkeyStatus[] {
  globalShortcut.unregisterAll();
  const windowMs = settings.doublePressWindowMs;
  const dispatch = createHotkeyDispatcher({ windowMs, run: actions.run, armed: (preset) => actions.armed(preset, windowMs), held: actions.held });
  return registerPresetHotkeys(settings.presets, globalShortcut, {
    wayland: isWaylandSession(process.env, process.platform),
    onPress: dispatch,
  });
}

export function releaseHotkeys(): void {
  globalShortcut.unregisterAll();
}
