// App wiring: single instance, core, window, IPC, tray, hotkeys, notifications, launch at login. Every trigger builds
// a PanicRequest from a preset and calls core.handlers.close; there is no other close logic here.
import { app, type BrowserWindow } from 'electron';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Trigger } from '../../shared/bitget.ts';
import type { AppStatus, HotkeyStatus, OutcomeEvent } from '../../shared/contract.ts';
import type { AppSettings, Preset } from '../../shared/schema.ts';
import { createCore, type Core } from '../core/handlers.ts';
import { runPreset as runCorePreset } from '../core/run-preset.ts';
import { defaultDataDir, type SettingsStore } from '../core/settings-file.ts';
import { parseAppArgs, type AppArgs } from './app-cli.ts';
import { installE2eHooks } from './e2e-hooks.ts';
import { isWaylandSession } from './hotkey-registration.ts';
import { applyHotkeys, releaseHotkeys } from './hotkeys.ts';
import { registerIpc, sendAppStatus, sendOutcome } from './ipc.ts';
import { applyLoginItem } from './login-item.ts';
import { armedNotification, eventNotification, heldNotification } from './notification-text.ts';
import { notify } from './notifications.ts';
import { findPreset } from './presets.ts';
import { openSettings } from './settings.ts';
import { createAppTray, type AppTray } from './tray.ts';
import { createMainWindow, hardenContents, hardenSession, registerAppScheme, serveRenderer } from './window.ts';

const log = (line: string) => console.log(`[bitget-panic] ${line}`);

const distDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const rendererDir = join(distDir, 'renderer');
const preloadPath = join(distDir, 'preload', 'index.cjs');
const dataDir = defaultDataDir();

// Chromium's own files and the single-instance lock live beside the settings: one data dir, one running app.
app.setPath('userData', join(dataDir, 'chromium'));
if (isWaylandSession(process.env, process.platform)) app.commandLine.appendSwitch('enable-features', 'GlobalShortcutsPortal');
registerAppScheme();

interface Running {
  core: Core;
  settings: SettingsStore;
  window: BrowserWindow | undefined;
  tray: AppTray | undefined;
  hotkeys: HotkeyStatus[];
  notices: string[];
}

let running: Running | undefined;
let quitting = false;

function appStatus(): AppStatus {
  return {
    shell: 'electron',
    hotkeys: running?.hotkeys ?? [],
    notices: running?.notices ?? [],
    auditLogPath: running?.core.audit.path ?? join(dataDir, 'audit.jsonl'),
  };
}

function showWindow(): void {
  const window = running?.window;
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

function profileOf(settings: AppSettings, name: string) {
  return settings.profiles.find((profile) => profile.name === name);
}

async function runPreset(preset: Preset, trigger: Trigger): Promise<OutcomeEvent> {
  if (!running) throw new Error('the app is not started yet');
  const { core, settings } = running;
  const event = await runCorePreset(core.handlers, preset, trigger);
  const profile = profileOf(settings.read(), preset.profile);
  notify(eventNotification(event, profile ? { profile } : {}), log);
  sendOutcome(running.window?.webContents, event);
  return event;
}

async function runPresetByReference(reference: string, trigger: Trigger): Promise<OutcomeEvent> {
  if (!running) throw new Error('the app is not started yet');
  const found = findPreset(running.settings.read().presets, reference);
  if (!found.ok) {
    const event: OutcomeEvent = { error: found.error, presetName: reference };
    notify(eventNotification(event), log);
    sendOutcome(running.window?.webContents, event);
    return event;
  }
  return runPreset(found.value, trigger);
}

function refreshHotkeys(settings: AppSettings): void {
  if (!running) return;
  running.hotkeys = applyHotkeys(settings, {
    run: (preset) => void runPreset(preset, 'hotkey'),
    armed: (preset, windowMs) => notify(armedNotification(preset, profileOf(settings, preset.profile), windowMs), log),
    held: (preset) => notify(heldNotification(preset, profileOf(settings, preset.profile)), log),
  });
  for (const status of running.hotkeys) if (status.problem) log(`hotkey ${status.accelerator}: ${status.problem}`);
  sendAppStatus(running.window?.webContents, appStatus());
}

function handleCommandLine(args: AppArgs, fromSecondInstance: boolean): void {
  for (const problem of args.problems) {
    log(problem);
    running?.notices.push(`Command line: ${problem}.`);
  }
  if (args.close) void runPresetByReference(args.close, 'app-cli');
  else if (fromSecondInstance && !args.hidden) showWindow();
}

async function start(args: AppArgs): Promise<void> {
  await app.whenReady();
  hardenSession();
  serveRenderer(rendererDir);

  const opened = openSettings(dataDir);
  const core = await createCore({ dataDir, settings: opened.store, appStatus, autoSync: true });
  running = { core, settings: opened.store, window: undefined, tray: undefined, hotkeys: [], notices: [...opened.notices] };
  const warm = await core.warmUp();
  if (warm) running.notices.push(`${warm.message} ${warm.hint}`);

  const settings = opened.store.read();
  registerIpc(core.handlers, log);
  const created = createMainWindow({ preloadPath, show: !(settings.startMinimized || args.hidden) });
  running.window = created.window;
  running.window.on('close', (event) => {
    if (quitting) return;
    event.preventDefault();
    running?.window?.hide();
  });

  try {
    running.tray = createAppTray(settings, {
      runPreset: (preset) => void runPreset(preset, 'tray'),
      showWindow,
      quit: () => app.quit(),
    });
  } catch (error) {
    running.notices.push(`The tray icon could not be created (${error instanceof Error ? error.message : String(error)}). Close the window to hide it; start the app again to bring it back.`);
  }
  refreshHotkeys(settings);
  applyLoginItem(settings.launchAtLogin, log);

  let previous = settings;
  core.onSettingsChanged((next) => {
    running?.tray?.update(next);
    refreshHotkeys(next);
    if (next.launchAtLogin !== previous.launchAtLogin) applyLoginItem(next.launchAtLogin, log);
    previous = next;
  });

  if (process.env.BITGET_PANIC_E2E === '1') {
    installE2eHooks({
      runPreset: (reference) => runPresetByReference(reference, 'app-cli'),
      settings: () => opened.store.read(),
      preloadPath,
      webPreferences: created.options.webPreferences ?? {},
    });
  }
  handleCommandLine(args, false);
}

function main(): void {
  const args = parseAppArgs(process.argv);
  if (!app.requestSingleInstanceLock({ argv: process.argv })) {
    if (args.close) console.log(`Passed "--close ${args.close}" to the running Bitget Panic Button: its notification shows the outcome.`);
    app.quit();
    return;
  }
  const started = start(args).catch((error: unknown) => {
    console.error('[bitget-panic] failed to start:', error);
    app.exit(1);
  });
  app.on('second-instance', (_event, argv, _cwd, additionalData) => {
    const passed = (additionalData as { argv?: unknown } | undefined)?.argv;
    const secondArgs = parseAppArgs(Array.isArray(passed) && passed.every((item) => typeof item === 'string') ? passed : argv);
    void started.then(() => handleCommandLine(secondArgs, true));
  });
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, log));
  app.on('window-all-closed', () => {
    // Stays in the tray: hotkeys and the command-line trigger keep working with no window.
  });
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('will-quit', (event) => {
    releaseHotkeys();
    if (!running) return;
    const { core } = running;
    running = undefined;
    event.preventDefault();
    void core.dispose().finally(() => app.exit(0));
  });
}

main();
