// A stand-in for the `electron` module, so that the real main-process glue (electron/main) runs under plain Node in
// vitest. It is strict where Electron is strict, so that code which would fail in Electron fails here too:
// - `whenReady()` resolves only when the test calls `ready()`, after the main module's own start-up code has run;
//   ready-only APIs (windows, tray, global shortcuts, notifications, the default session) throw before it, and
//   pre-ready-only ones (privileged schemes, command-line switches, the userData path) throw after it;
// - `app.setPath` rejects relative paths, as Electron does ("Path must be absolute");
// - `globalShortcut.register` can be refused (another app holds the keys) and throws on an accelerator it cannot parse;
//   `hold()` delivers the keyboard's auto-repeat bursts as Windows and X11 do;
// - notifications can be unsupported, fail ('failed', as on macOS and Windows) or vanish without a 'show';
// - the single-instance lock can be refused or lost; `activate`, window close/hide and `web-contents-created` are
//   emitted as Electron emits them; `app.quit()` runs before-quit, window close, will-quit and quit in order.
// Install one per start of the main module (installElectronStandIn), and mock `electron` with electronStandInModule().
import { EventEmitter } from 'node:events';
import { isAbsolute } from 'node:path';

export type NotificationMode = 'shown' | 'unsupported' | 'failed' | 'silent';

export interface StandInOptions {
  /** Which platform's API surface to offer (Windows-only methods exist only for 'win32'). Default: process.platform. */
  platform?: NodeJS.Platform;
  packaged?: boolean;
  notifications?: NotificationMode;
  /** False: another instance holds the single-instance lock. */
  singleInstanceLock?: boolean;
  /** Accelerators another application holds: register() answers false. */
  refusedShortcuts?: string[];
  /** What getLoginItemSettings() answers at start (macOS, Windows). */
  openAtLogin?: boolean;
}

export interface PreventableEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

function preventableEvent(): PreventableEvent {
  const event = {
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

interface Representation {
  scaleFactor: number;
  width: number;
  height: number;
}

/** Width and height from a PNG's IHDR chunk; a buffer that is not a PNG has none. */
function pngSize(buffer: Buffer): { width: number; height: number } {
  const signature = '89504e470d0a1a0a';
  if (buffer.length < 24 || buffer.subarray(0, 8).toString('hex') !== signature) throw new Error('stand-in electron: nativeImage got a buffer that is not a PNG');
  return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
}

export class StandInImage {
  readonly representations: Representation[] = [];
  constructor(buffer: Buffer, scaleFactor = 1) {
    this.representations.push({ scaleFactor, ...pngSize(buffer) });
  }
  addRepresentation(options: { scaleFactor?: number; buffer?: Buffer }) {
    if (!options.buffer) throw new Error('stand-in electron: addRepresentation without a buffer');
    this.representations.push({ scaleFactor: options.scaleFactor ?? 1, ...pngSize(options.buffer) });
  }
  /** The size in device-independent pixels, from the first representation, as Electron reports it. */
  getSize() {
    const first = this.representations[0]!;
    return { width: first.width / first.scaleFactor, height: first.height / first.scaleFactor };
  }
  getScaleFactors() {
    return this.representations.map((representation) => representation.scaleFactor);
  }
  isEmpty() {
    return this.representations.length === 0;
  }
}

const MODIFIERS = new Set(['command', 'cmd', 'control', 'ctrl', 'commandorcontrol', 'cmdorctrl', 'alt', 'option', 'altgr', 'shift', 'super', 'meta']);
const NAMED_KEYS = new Set([
  'plus', 'space', 'tab', 'capslock', 'numlock', 'scrolllock', 'backspace', 'delete', 'insert', 'return', 'enter', 'up', 'down', 'left', 'right',
  'home', 'end', 'pageup', 'pagedown', 'escape', 'esc', 'volumeup', 'volumedown', 'volumemute', 'medianexttrack', 'mediaprevioustrack',
  'mediastop', 'mediaplaypause', 'printscreen', 'num0', 'num1', 'num2', 'num3', 'num4', 'num5', 'num6', 'num7', 'num8', 'num9', 'numdec',
  'numadd', 'numsub', 'nummult', 'numdiv',
]);

/** Electron's accelerator grammar, as far as the app uses it: modifiers joined by "+", then exactly one key. */
function parsesAsAccelerator(accelerator: string): boolean {
  const parts = accelerator.split('+').map((part) => part.trim().toLowerCase());
  const key = parts.pop() ?? '';
  if (parts.some((part) => !MODIFIERS.has(part))) return false;
  return /^[a-z0-9]$/.test(key) || /^f([1-9]|1[0-9]|2[0-4])$/.test(key) || NAMED_KEYS.has(key) || /^[)!@#$%^&*(:;<=>?,\-_.`~/[\]\\{}|'"]$/.test(key);
}

export type StandIn = ReturnType<typeof createElectronStandIn>;

export function createElectronStandIn(options: StandInOptions = {}) {
  const platform = options.platform ?? process.platform;
  let isReady = false;
  let lockAvailable = options.singleInstanceLock ?? true;
  let resolveReady!: () => void;
  const readyPromise = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });

  const state = {
    /** Start-up steps in the order they happened, e.g. "setPath userData", "ready", "BrowserWindow". */
    log: [] as string[],
    paths: new Map<string, string>(),
    switches: [] as string[][],
    privilegedSchemes: [] as unknown[],
    handlers: new Map<string, (event: unknown, payload?: unknown) => Promise<unknown>>(),
    protocolHandler: undefined as undefined | ((request: Request) => Promise<Response>),
    sent: [] as { channel: string; payload: unknown }[],
    notifications: [] as { title: string; body: string; urgency?: string; delivered: boolean }[],
    shortcuts: new Map<string, () => void>(),
    windows: [] as StandInWindow[],
    trays: [] as StandInTray[],
    /** undefined: never set (Electron's default menu, with reload and DevTools); null: no menu. */
    applicationMenu: undefined as unknown,
    errorBoxes: [] as { title: string; content: string }[],
    loginItem: { openAtLogin: options.openAtLogin ?? false },
    loginItemWrites: [] as { openAtLogin: boolean }[],
    appUserModelId: undefined as string | undefined,
    singleInstanceLock: false,
    singleInstanceRequests: 0,
    exitCode: undefined as number | undefined,
    quit: false,
  };

  const requireReady = (what: string) => {
    if (!isReady) throw new Error(`stand-in electron: ${what} cannot be used before the app is ready`);
  };
  const requireNotReady = (what: string) => {
    if (isReady) throw new Error(`stand-in electron: ${what} must be called before the app is ready`);
  };

  const app = new EventEmitter() as EventEmitter & Record<string, unknown>;
  /** Emits an app event with a preventable event object first, as Electron does; answers the event. */
  const emitApp = (name: string, ...args: unknown[]): PreventableEvent => {
    const event = preventableEvent();
    app.emit(name, event, ...args);
    return event;
  };

  class StandInWebContents extends EventEmitter {
    destroyed = false;
    windowOpenHandler: undefined | ((details: { url: string }) => { action: string });
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      this.windowOpenHandler = handler;
    }
    isDestroyed() {
      return this.destroyed;
    }
    send(channel: string, payload: unknown) {
      if (this.destroyed) throw new Error('stand-in electron: send() on destroyed web contents');
      state.sent.push({ channel, payload });
    }
    /** What happens when the page navigates: true when something prevented it. */
    navigate(url: string): boolean {
      const event = preventableEvent();
      this.emit('will-navigate', event, url);
      return event.defaultPrevented;
    }
    /** What happens when the page calls window.open: the handler's action ('allow' without one, as in Electron). */
    open(url: string): string {
      return this.windowOpenHandler ? this.windowOpenHandler({ url }).action : 'allow';
    }
  }

  class StandInWindow extends EventEmitter {
    static getAllWindows() {
      return state.windows.filter((window) => !window.destroyed);
    }
    readonly webContents = new StandInWebContents();
    readonly options: Record<string, unknown>;
    url: string | undefined;
    visible: boolean;
    minimized = false;
    focused = false;
    destroyed = false;
    menuBarVisible = true;
    constructor(constructorOptions: Record<string, unknown> = {}) {
      super();
      requireReady('new BrowserWindow()');
      this.options = constructorOptions;
      this.visible = constructorOptions.show !== false;
      state.windows.push(this);
      state.log.push('BrowserWindow');
      emitApp('web-contents-created', this.webContents);
      emitApp('browser-window-created', this);
    }
    async loadURL(url: string) {
      this.url = url;
    }
    setMenuBarVisibility(visible: boolean) {
      this.menuBarVisible = visible;
    }
    isDestroyed() {
      return this.destroyed;
    }
    isVisible() {
      return this.visible;
    }
    isMinimized() {
      return this.minimized;
    }
    show() {
      this.visible = true;
      this.focused = true;
      this.emit('show');
    }
    showInactive() {
      this.visible = true;
      this.emit('show');
    }
    hide() {
      this.visible = false;
      this.focused = false;
      this.emit('hide');
    }
    minimize() {
      this.minimized = true;
      this.focused = false;
      this.emit('minimize');
    }
    restore() {
      this.minimized = false;
      this.visible = true;
      this.emit('restore');
    }
    focus() {
      this.focused = true;
    }
    /** As a click on the window's close button: 'close' can be prevented; otherwise the window is destroyed. */
    close() {
      if (this.destroyed) return;
      const event = preventableEvent();
      this.emit('close', event);
      if (!event.defaultPrevented) this.destroy();
    }
    destroy() {
      if (this.destroyed) return;
      this.destroyed = true;
      this.visible = false;
      this.webContents.destroyed = true;
      this.emit('closed');
      if (StandInWindow.getAllWindows().length === 0) {
        // Electron quits when every window is closed, unless the app listens to window-all-closed.
        if (app.listenerCount('window-all-closed') > 0) app.emit('window-all-closed');
        else quit();
      }
    }
  }

  class StandInTray extends EventEmitter {
    readonly image: StandInImage;
    toolTip = '';
    menus: unknown[] = [];
    destroyed = false;
    constructor(image: StandInImage) {
      super();
      requireReady('new Tray()');
      if (!(image instanceof StandInImage)) throw new Error('stand-in electron: Tray needs a nativeImage');
      this.image = image;
      state.trays.push(this);
    }
    setToolTip(text: string) {
      this.toolTip = text;
    }
    setContextMenu(menu: unknown) {
      this.menus.push(menu);
    }
    destroy() {
      this.destroyed = true;
    }
    isDestroyed() {
      return this.destroyed;
    }
    /** A left click on the icon (Windows; on Linux, where the desktop forwards it). */
    click() {
      this.emit('click', preventableEvent(), { x: 0, y: 0, width: 16, height: 16 });
    }
  }

  class StandInNotification extends EventEmitter {
    static isSupported() {
      return (options.notifications ?? 'shown') !== 'unsupported';
    }
    readonly options: { title: string; body: string; urgency?: string };
    constructor(notificationOptions: { title: string; body: string; urgency?: string }) {
      super();
      requireReady('new Notification()');
      this.options = notificationOptions;
    }
    show() {
      const mode = options.notifications ?? 'shown';
      const record = { ...this.options, delivered: mode === 'shown' };
      state.notifications.push(record);
      // Electron reports both asynchronously, after the desktop answered.
      if (mode === 'shown') setImmediate(() => this.emit('show', preventableEvent()));
      if (mode === 'failed') setImmediate(() => this.emit('failed', preventableEvent(), 'Notifications are turned off for this app'));
    }
    close() {}
  }

  function quit() {
    if (emitApp('before-quit').defaultPrevented) return;
    for (const window of StandInWindow.getAllWindows()) {
      window.close();
      if (!window.destroyed) return;
    }
    if (emitApp('will-quit').defaultPrevented) return;
    state.quit = true;
    emitApp('quit', 0);
  }

  const session = {
    protocol: {
      handle: (_scheme: string, handler: (request: Request) => Promise<Response>) => {
        state.protocolHandler = handler;
      },
    },
    setPermissionRequestHandler: () => undefined,
    setPermissionCheckHandler: () => undefined,
    setDevicePermissionHandler: () => undefined,
  };

  Object.assign(app, {
    isPackaged: options.packaged ?? false,
    commandLine: {
      appendSwitch: (...args: string[]) => {
        requireNotReady('app.commandLine.appendSwitch');
        state.switches.push(args);
      },
    },
    getVersion: () => '0.0.0-stand-in',
    getAppPath: () => '/stand-in/app',
    getPath: (name: string) => state.paths.get(name) ?? `/stand-in/default/${name}`,
    setPath: (name: string, path: string) => {
      if (!isAbsolute(path)) throw new Error(`Path must be absolute: ${path}`);
      if (name === 'userData') requireNotReady("app.setPath('userData')");
      state.paths.set(name, path);
      state.log.push(`setPath ${name}`);
    },
    requestSingleInstanceLock: () => {
      state.singleInstanceRequests += 1;
      state.singleInstanceLock = lockAvailable;
      return state.singleInstanceLock;
    },
    hasSingleInstanceLock: () => state.singleInstanceLock,
    releaseSingleInstanceLock: () => {
      state.singleInstanceLock = false;
    },
    whenReady: () => readyPromise,
    isReady: () => isReady,
    quit,
    exit: (code = 0) => {
      state.exitCode = code;
    },
    focus: () => undefined,
    getLoginItemSettings: () => ({ ...state.loginItem }),
    setLoginItemSettings: (settings: { openAtLogin: boolean }) => {
      state.loginItem = { openAtLogin: settings.openAtLogin };
      state.loginItemWrites.push({ openAtLogin: settings.openAtLogin });
    },
    ...(platform === 'win32'
      ? {
          setAppUserModelId: (id: string) => {
            state.appUserModelId = id;
          },
        }
      : {}),
  });

  const module = {
    app,
    BrowserWindow: StandInWindow,
    Tray: StandInTray,
    Notification: StandInNotification,
    Menu: {
      buildFromTemplate: (template: unknown[]) => template,
      setApplicationMenu: (menu: unknown) => {
        state.applicationMenu = menu;
        state.log.push('setApplicationMenu');
      },
    },
    nativeImage: {
      createFromBuffer: (buffer: Buffer, imageOptions: { scaleFactor?: number } = {}) => new StandInImage(buffer, imageOptions.scaleFactor),
    },
    globalShortcut: {
      register: (accelerator: string, callback: () => void) => {
        requireReady('globalShortcut.register');
        if (!parsesAsAccelerator(accelerator)) throw new Error(`Error processing argument at index 0, conversion failure from ${accelerator}`);
        if (options.refusedShortcuts?.includes(accelerator)) return false;
        state.shortcuts.set(accelerator, callback);
        return true;
      },
      unregister: (accelerator: string) => state.shortcuts.delete(accelerator),
      unregisterAll: () => state.shortcuts.clear(),
      isRegistered: (accelerator: string) => state.shortcuts.has(accelerator),
    },
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, payload?: unknown) => Promise<unknown>) => {
        if (state.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        state.handlers.set(channel, handler);
      },
      removeHandler: (channel: string) => state.handlers.delete(channel),
      on: () => undefined,
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => {
        requireNotReady('protocol.registerSchemesAsPrivileged');
        state.privilegedSchemes.push(...schemes);
      },
    },
    session: {
      get defaultSession() {
        requireReady('session.defaultSession');
        return session;
      },
    },
    dialog: {
      showErrorBox: (title: string, content: string) => {
        state.errorBoxes.push({ title, content });
      },
    },
    shell: {},
  };

  return {
    module,
    state,
    /** Electron's 'ready': only now does whenReady() resolve. Waits until the code awaiting it has run on. */
    async ready() {
      if (isReady) return;
      isReady = true;
      state.log.push('ready');
      app.emit('ready');
      resolveReady();
      await new Promise((resolve) => setImmediate(resolve));
    },
    emitApp,
    quit,
    /** One press of a registered global shortcut. */
    press(accelerator: string) {
      const callback = state.shortcuts.get(accelerator);
      if (!callback) throw new Error(`stand-in electron: ${accelerator} is not registered`);
      callback();
    },
    /** Holding the keys: one press, then the keyboard's auto-repeat (a first repeat after `delayMs`, then one every `rateMs`). */
    async hold(accelerator: string, timing: { delayMs: number; rateMs: number; repeats: number }) {
      const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      this.press(accelerator);
      await pause(timing.delayMs);
      for (let index = 0; index < timing.repeats; index += 1) {
        this.press(accelerator);
        await pause(timing.rateMs);
      }
    },
    /** The lock is gone (its file removed, or another copy took it): hasSingleInstanceLock() answers false. */
    loseSingleInstanceLock(loss: { regainable: boolean }) {
      state.singleInstanceLock = false;
      lockAvailable = loss.regainable;
    },
    windows: () => StandInWindow.getAllWindows(),
  };
}

const CURRENT = Symbol.for('bitget-panic.electron-stand-in');

/** Makes a fresh stand-in the one `import 'electron'` answers with (see electronStandInModule). */
export function installElectronStandIn(options: StandInOptions = {}): StandIn {
  const standIn = createElectronStandIn(options);
  (globalThis as Record<symbol, unknown>)[CURRENT] = standIn;
  return standIn;
}

/** For `vi.mock('electron', …)`: the installed stand-in's module, as both named and default export. */
export function electronStandInModule(): Record<string, unknown> {
  const standIn = (globalThis as Record<symbol, unknown>)[CURRENT] as StandIn | undefined;
  if (!standIn) throw new Error('stand-in electron: call installElectronStandIn() before importing the main module');
  return { ...standIn.module, default: standIn.module };
}
