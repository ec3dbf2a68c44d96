// App wiring: single instance, core, window, IPC, tray, hotkeys, notifications, launch at login. Every trigger builds
// a PanicRequest from a preset and calls core.handlers.close; there is no other close logic here.
// Start-up order: what Electron needs before 'ready' (data folder, app id, switches, app:// scheme), then on 'ready'
// the menu, the window and every trigger at once; the warm-up (keychain reads, clock sync) runs behind the window.
import { app, dialog, Menu, type BrowserWindow } from 'electron';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExplainedError, Trigger } from '../../shared/bitget.ts';
import type { AppStatus, HotkeyStatus, OutcomeEvent } from '../../shared/contract.ts';
import type { AppSettings, Preset } from '../../shared/schema.ts';
import { endpointFromEnv } from '../core/endpoint.ts';
import { openDataFolder } from '../core/data-folder.ts';
import { createCore, type Core } from '../core/compose.ts';
import { runPreset as runCorePreset } from '../core/run-preset.ts';
import type { SettingsStore } from '../core/settings-file.ts';
import { parseAppArgs, type AppArgs } from './app-cli.ts';
import { appUserModelId } from './app-identity.ts';
import { applicationMenuTemplate } from './app-menu.ts';
import { resolveDataDir } from './data-dir.ts';
import { installE2eHooks } from './e2e-hooks.ts';
import { isWaylandSession } from './hotkey-registration.ts';
import { applyHotkeys, releaseHotkeys } from './hotkeys.ts';
import { checkInstanceLock, INSTANCE_LOCK_CHECK_MS, lostInstanceLockNotice } from './instance-lock.ts';
import { registerIpc, sendAppStatus, sendCloseEvent, sendFeedUpdate, sendGuardStatus, sendOutcome } from './ipc.ts';
import { applyLoginItem } from './login-item.ts';
import { armedNotification, eventNotification, guardNotification, heldNotification, undeliveredNotice, withCustomEndpoint } from './notification-text.ts';
import { createNotifier, notificationsSupported } from './notifications.ts';
import { findPreset } from './presets.ts';
import { openSettings } from './settings.ts';
import { probeTrayHost, trayHostNotice, type TrayHost } from './tray-host.ts';
import { createAppTray, type AppTray } from './tray.ts';
import { createMainWindow, hardenContents, hardenSession, registerAppScheme, serveRenderer } from './window.ts';

const log = (line: string) => console.log(`[bitget-panic] ${line}`);

const distDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const rendererDir = join(distDir, 'renderer');
const preloadPath = join(distDir, 'preload', 'index.cjs');

interface Running {
  core: Core;
  settings: SettingsStore;
  /** Settles when the warm-up has (it never rejects): exchange requests wait for it. */
  warmedUp: Promise<void>;
  window: BrowserWindow | undefined;
  tray: AppTray | undefined;
  /** Whether the tray icon can be seen; until known, the window is never hidden where only the tray could bring it back. */
  trayHost: TrayHost;
  hotkeys: HotkeyStatus[];
  notices: string[];
}

let dataDir = '';
/** What was set aside in the data folder at start (a history file that was a symbolic link). */
let dataFolderNotices: string[] = [];
let running: Running | undefined;
let quitting = false;

function appStatus(): AppStatus {
  return {
    shell: 'electron',
    hotkeys: running?.hotkeys ?? [],
    notices: running?.notices ?? [],
    auditLogPath: running?.core.audit.path ?? join(dataDir, 'audit.jsonl'),
    ...(running?.core.customEndpoint ? { customEndpoint: running.core.customEndpoint } : {}),
  };
}

function addNotice(notice: string): void {
  if (!running || running.notices.includes(notice)) return;
  running.notices.push(notice);
  sendAppStatus(running.window?.webContents, appStatus());
}

const notify = createNotifier({ log, undelivered: (reason) => addNotice(undeliveredNotice(reason, process.platform)) });

function liveWindow(): BrowserWindow | undefined {
  const window = running?.window;
  return window && !window.isDestroyed() ? window : undefined;
}

function showWindow(): void {
  const window = liveWindow();
  if (!window) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

/** A result the person did not get as a notification: the window comes forward without taking the keyboard. */
function bringWindowForward(): void {
  const window = liveWindow();
  if (!window) return;
  if (window.isMinimized()) window.restore();
  window.showInactive();
}

/** Out of the way: into the tray where one is seen, else minimized, so that it can always be brought back. */
function tuckWindowAway(): void {
  const window = liveWindow();
  if (!window) return;
  if (running?.trayHost === 'present') window.hide();
  else window.minimize();
}

function profileOf(settings: AppSettings, name: string) {
  return settings.profiles.find((profile) => profile.name === name);
}

function checkLock(): void {
  if (checkInstanceLock(app) === 'lost') addNotice(lostInstanceLockNotice(app.getPath('userData')));
}

function deliver(event: OutcomeEvent, profile?: { name: string; demo: boolean }): OutcomeEvent {
  notify(withCustomEndpoint(eventNotification(event, profile ? { profile } : {}), running?.core.customEndpoint), { ifUndelivered: bringWindowForward });
  sendOutcome(running?.window?.webContents, event);
  return event;
}

async function runPreset(preset: Preset, trigger: Trigger): Promise<OutcomeEvent> {
  if (!running) throw new Error('the app is not started yet');
  checkLock();
  const { core, settings, warmedUp } = running;
  await warmedUp;
  const event = await runCorePreset(core.handlers, preset, trigger);
  return deliver(event, profileOf(settings.read(), preset.profile));
}

async function runPresetByReference(reference: string, trigger: Trigger): Promise<OutcomeEvent> {
  if (!running) throw new Error('the app is not started yet');
  const found = findPreset(running.settings.read().presets, reference);
  if (!found.ok) return deliver({ error: found.error, presetName: reference });
  return runPreset(found.value, trigger);
}

function refreshHotkeys(settings: AppSettings): void {
  if (!running) return;
  running.hotkeys = applyHotkeys(settings, {
    run: (preset) => void runPreset(preset, 'hotkey'),
    armed: (preset, windowMs) => notify(armedNotification(preset, profileOf(settings, preset.profile), windowMs)),
    held: (preset) => notify(heldNotification(preset, profileOf(settings, preset.profile))),
  });
  for (const status of running.hotkeys) if (status.problem) log(`hotkey ${status.accelerator}: ${status.problem}`);
  sendAppStatus(running.window?.webContents, appStatus());
}

function handleCommandLine(args: AppArgs, fromSecondInstance: boolean): void {
  for (const problem of args.problems) {
    log(problem);
    addNotice(`Command line: ${problem}.`);
  }
  if (args.close) void runPresetByReference(args.close, 'app-cli');
  else if (fromSecondInstance && !args.hidden) showWindow();
}

async function warmUp(core: Core): Promise<void> {
  const problem = await core.warmUp().catch((error: unknown): ExplainedError => ({
    kind: 'unknown',
    message: `The start-up checks failed (${error instanceof Error ? error.message : String(error)}).`,
    hint: 'Closing still works; if a close fails, restart the app.',
  }));
  if (problem) addNotice(`${problem.message} ${problem.hint}`);
}

/**
 * Whether the tray can be seen (a tray that could not be created cannot). Where it cannot, a window asked to start
 * hidden starts minimized instead, and closing it minimizes it: hidden, it could not be brought back.
 */
async function settleTrayHost(startHidden: boolean): Promise<void> {
  const host = running?.tray ? await probeTrayHost(process.platform) : 'absent';
  if (!running) return;
  running.trayHost = host;
  const notice = running.tray ? trayHostNotice(host) : undefined;
  if (notice) {
    log(notice);
    addNotice(notice);
  }
  const window = liveWindow();
  if (host !== 'present' && startHidden && window && !window.isVisible()) {
    window.showInactive();
    window.minimize();
  }
}

async function start(args: AppArgs): Promise<void> {
  await app.whenReady();
  const menu = applicationMenuTemplate(process.platform, app.isPackaged);
  Menu.setApplicationMenu(menu ? Menu.buildFromTemplate(menu) : null);
  hardenSession();
  serveRenderer(rendererDir);

  const opened = openSettings(dataDir);
  const core = await createCore({
    dataDir,
    settings: opened.store,
    appStatus,
    autoSync: true,
    practice: true,
    // The account guard runs in the app, also with the window closed (the tray keeps the app running).
    guard: true,
    notifyGuard: (status, message) => notify(withCustomEndpoint(guardNotification(status, message), running?.core.customEndpoint), { ifUndelivered: bringWindowForward }),
  });
  let warmed!: () => void;
  const warmedUp = new Promise<void>((resolve) => {
    warmed = resolve;
  });
  running = {
    core,
    settings: opened.store,
    warmedUp,
    window: undefined,
    tray: undefined,
    trayHost: 'unknown',
    hotkeys: [],
    notices: [...dataFolderNotices, ...opened.notices],
  };

  const settings = opened.store.read();
  registerIpc(core.handlers, log, warmedUp);
  core.onCloseEvent((event) => sendCloseEvent(running?.window?.webContents, event));
  core.onFeedUpdate((update) => sendFeedUpdate(running?.window?.webContents, update));
  // A guard's flatten is shown like any trigger's result (its notification comes from the guard's own message).
  core.onGuardFlatten((_profile, result) => sendOutcome(running?.window?.webContents, result.ok ? { trigger: 'guard', everythingResult: result.value } : { trigger: 'guard', error: result.error }));
  const guards = new Map((core.guard?.list() ?? []).map((status) => [status.profile, status]));
  core.guard?.onStatus((status) => {
    guards.set(status.profile, status);
    sendGuardStatus(running?.window?.webContents, status);
    running?.tray?.showGuards([...guards.values()]);
  });
  const startHidden = settings.startMinimized || args.hidden;
  const created = createMainWindow({ preloadPath, show: !startHidden, devTools: !app.isPackaged });
  running.window = created.window;
  running.window.on('close', (event) => {
    if (quitting) return;
    event.preventDefault();
    tuckWindowAway();
  });
  if (!notificationsSupported()) addNotice(undeliveredNotice('unsupported', process.platform));

  try {
    running.tray = createAppTray(settings, {
      runPreset: (preset) => void runPreset(preset, 'tray'),
      showWindow,
      quit: () => app.quit(),
    });
  } catch (error) {
    addNotice(`The tray icon could not be created (${error instanceof Error ? error.message : String(error)}). Closing this window minimizes it; hotkeys and the command-line trigger work as usual.`);
  }
  running.tray?.showGuards([...guards.values()]);
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

  void settleTrayHost(startHidden);
  setInterval(checkLock, INSTANCE_LOCK_CHECK_MS).unref();
  // macOS: a click on the Dock icon brings a hidden window back. Not before now: the launch itself also activates,
  // and a window asked to start hidden stays hidden.
  app.on('activate', showWindow);
  void warmUp(core).finally(warmed);
  handleCommandLine(args, false);
}

/** Before 'ready' Electron can only print; once ready, a dialog says why the app cannot start. */
function refuseToStart(error: ExplainedError): void {
  console.error(`[bitget-panic] cannot start: ${error.message} ${error.hint}`);
  void app.whenReady().then(() => {
    dialog.showErrorBox('Bitget Panic Button cannot start', `${error.message}\n\n${error.hint}`);
    app.exit(1);
  });
}

function main(): void {
  const resolved = resolveDataDir(process.env, process.platform);
  if (!resolved.ok) {
    refuseToStart(resolved.error);
    return;
  }
  dataDir = resolved.value;
  const folder = openDataFolder(dataDir);
  if (!folder.ok) {
    refuseToStart(folder.error);
    return;
  }
  dataFolderNotices = folder.value.notices;
  // Where signed requests go is checked before anything starts: an insecure or broken override is refused, not guessed.
  const endpoint = endpointFromEnv(process.env);
  if (!endpoint.ok) {
    refuseToStart(endpoint.error);
    return;
  }
  // Chromium's own files and the single-instance lock live beside the settings: one data dir, one running app.
  app.setPath('userData', join(dataDir, 'chromium'));
  const modelId = appUserModelId({ platform: process.platform, packaged: app.isPackaged, execPath: process.execPath });
  if (modelId) app.setAppUserModelId(modelId);
  if (isWaylandSession(process.env, process.platform)) app.commandLine.appendSwitch('enable-features', 'GlobalShortcutsPortal');
  registerAppScheme();

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
