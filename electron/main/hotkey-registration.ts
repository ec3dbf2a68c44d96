// Which preset hotkeys are registered, and in plain words why the others are not. Pure: the registrar is passed in.
import { acceleratorProblem } from '../../shared/accelerator.ts';
import type { HotkeyStatus } from '../../shared/contract.ts';
import type { Preset } from '../../shared/schema.ts';
import { closeCommand } from './app-cli.ts';
import { createDoublePress, createSinglePress, type Clock, type DoublePress } from './double-press.ts';

export interface ShortcutRegistrar {
  register(accelerator: string, callback: () => void): boolean;
}

export function isWaylandSession(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): boolean {
  return platform === 'linux' && (env.XDG_SESSION_TYPE === 'wayland' || (!env.DISPLAY && Boolean(env.WAYLAND_DISPLAY)));
}

/** For duplicate detection only: "ctrl+ALT+p" and "Control+Alt+P" are the same keys. */
export function acceleratorKey(accelerator: string): string {
  const aliases: Record<string, string> = { ctrl: 'control', cmdorctrl: 'commandorcontrol', cmd: 'command', option: 'alt' };
  const parts = accelerator.split('+').map((part) => part.trim().toLowerCase()).map((part) => aliases[part] ?? part);
  const key = parts.pop() ?? '';
  return [...parts.sort(), key].join('+');
}

export function registerPresetHotkeys(
  presets: readonly Preset[],
  registrar: ShortcutRegistrar,
  options: { wayland: boolean; onPress: (preset: Preset) => void },
): HotkeyStatus[] {
  const taken = new Map<string, Preset>();
  const statuses: HotkeyStatus[] = [];
  for (const preset of presets) {
    if (!preset.hotkey || !preset.hotkeyEnabled) continue;
    const accelerator = preset.hotkey;
    const fallback = `Bind the command-line trigger in your desktop's keyboard settings instead: ${closeCommand(preset.name)}`;
    const status: HotkeyStatus = { presetId: preset.id, accelerator, registered: false };
    // A settings file from an older version may hold a hotkey without a modifier: never register a stray keypress.
    const refusal = acceleratorProblem(accelerator);
    if (refusal) {
      status.problem = `Not registered: ${refusal}. Edit the preset to choose another combination.`;
      statuses.push(status);
      continue;
    }
    const key = acceleratorKey(accelerator);
    const owner = taken.get(key);
    if (owner) {
      status.problem = `${accelerator} is already bound to the preset "${owner.name}"; only that one is registered. Choose another combination.`;
      statuses.push(status);
      continue;
    }
    let registered: boolean;
    try {
      registered = registrar.register(accelerator, () => options.onPress(preset));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      status.problem = `"${accelerator}" is not a valid shortcut (${detail}). Use a form like CommandOrControl+Alt+P.`;
      statuses.push(status);
      continue;
    }
    if (!registered) {
      status.problem = options.wayland
        ? `The desktop did not grant ${accelerator} (Wayland: the GlobalShortcuts portal is missing, refused it, or another app holds it). ${fallback}`
        : `${accelerator} is taken by another application or the desktop. Choose another combination, or: ${fallback}`;
      statuses.push(status);
      continue;
    }
    taken.set(key, preset);
    status.registered = true;
    if (options.wayland) {
      status.problem = `Registered, but on Wayland the desktop may still not deliver it (it can refuse through the GlobalShortcuts portal without telling the app). Press it once to check; if nothing happens: ${fallback}`;
    }
    statuses.push(status);
  }
  return statuses;
}

/**
 * What a hotkey press does. Presets that confirm by double press arm on a first press and run after a second, distinct
 * one within `windowMs`; holding the keys disarms (`held`, once per hold). The others run at once, once per hold.
 */
export function createHotkeyDispatcher(options: {
  windowMs: number;
  clock?: Clock;
  run: (preset: Preset) => void;
  armed: (preset: Preset) => void;
  held: (preset: Preset) => void;
}): (preset: Preset) => void {
  const doublePresses = new Map<string, DoublePress>();
  const singlePresses = new Map<string, ReturnType<typeof createSinglePress>>();
  const clock = options.clock ? { clock: options.clock } : {};
  return (preset) => {
    if (!preset.confirmByDoublePress) {
      let single = singlePresses.get(preset.id);
      if (!single) {
        single = createSinglePress(clock);
        singlePresses.set(preset.id, single);
      }
      if (single.press()) options.run(preset);
      return;
    }
    let state = doublePresses.get(preset.id);
    if (!state) {
      state = createDoublePress({ windowMs: options.windowMs, onConfirmed: () => options.run(preset), ...clock });
      doublePresses.set(preset.id, state);
    }
    const result = state.press();
    if (result === 'armed') options.armed(preset);
    else if (result === 'held') options.held(preset);
  };
}
