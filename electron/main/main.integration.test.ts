// The real main wiring (index.ts) under plain Node with a stand-in for the electron module: core, IPC with sender
// checks, app:// protocol, tray, hotkeys, notifications, test hooks, second instance and quit, against the simulator.
// Needs a Secret Service for the profile's keys: runs under scripts/with-keyring.sh (npm test does).
import Conf from 'conf';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startExchange, type Exchange } from '../../e2e/exchange/index.ts';
import { CHANNELS, EVENTS } from '../../shared/contract.ts';
import type { E2eHooks } from './e2e-hooks.ts';

type Listener = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  const state = {
    handlers: new Map<string, (event: unknown, payload?: unknown) => Promise<unknown>>(),
    appListeners: new Map<string, Listener[]>(),
    protocolHandler: undefined as undefined | ((request: Request) => Promise<Response>),
    sent: [] as { channel: string; payload: unknown }[],
    notifications: [] as { title: string; body: string; urgency: string }[],
    menus: [] as { label?: string; type?: string; enabled?: boolean }[][],
    shortcuts: new Map<string, () => void>(),
    windows: [] as { options: unknown; url?: string; hidden: boolean }[],
    exitCode: undefined as number | undefined,
    switches: [] as string[][],
  };
  const webContents = {
    on: () => webContents,
    setWindowOpenHandler: () => undefined,
    isDestroyed: () => false,
    send: (channel: string, payload: unknown) => state.sent.push({ channel, payload }),
  };
  class BrowserWindow {
    webContents = webContents;
    record: { options: unknown; url?: string; hidden: boolean };
    constructor(options: unknown) {
      this.record = { options, hidden: false };
      state.windows.push(this.record);
    }
    on() {
      return this;
    }
    setMenuBarVisibility() {}
    async loadURL(url: string) {
      this.record.url = url;
    }
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return false;
    }
    restore() {}
    show() {
      this.record.hidden = false;
    }
    hide() {
      this.record.hidden = true;
    }
    focus() {}
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
  const electron = {
    app: {
      setPath: () => undefined,
      getPath: () => tmpdir(),
      getVersion: () => '0.0.0-test',
      getAppPath: () => '/app',
      isPackaged: false,
      commandLine: { appendSwitch: (...args: string[]) => state.switches.push(args) },
      requestSingleInstanceLock: () => true,
      whenReady: async () => undefined,
      on: (name: string, listener: Listener) => {
        state.appListeners.set(name, [...(state.appListeners.get(name) ?? []), listener]);
      },
      quit: () => undefined,
      exit: (code: number) => {
        state.exitCode = code;
      },
      setLoginItemSettings: () => undefined,
    },
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, payload?: unknown) => Promise<unknown>) => state.handlers.set(channel, handler),
      removeHandler: (channel: string) => state.handlers.delete(channel),
      on: () => undefined,
    },
    protocol: { registerSchemesAsPrivileged: () => undefined },
    session: { defaultSession: session },
    BrowserWindow,
    Menu: { buildFromTemplate: (template: { label?: string; type?: string; enabled?: boolean }[]) => template },
    Tray: class {
      setToolTip() {}
      setContextMenu(menu: { label?: string; type?: string; enabled?: boolean }[]) {
        state.menus.push(menu);
      }
      destroy() {}
    },
    nativeImage: { createFromBuffer: () => ({}) },
    globalShortcut: {
      register: (accelerator: string, callback: () => void) => {
        state.shortcuts.set(accelerator, callback);
        return true;
      },
      unregisterAll: () => state.shortcuts.clear(),
    },
    Notification: class {
      static isSupported() {
        return true;
      }
      options: { title: string; body: string; urgency: string };
      constructor(options: { title: string; body: string; urgency: string }) {
        this.options = options;
      }
      show() {
        state.notifications.push(this.options);
      }
    },
    shell: {},
  };
  return { state, electron };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));
// electron-store needs Electron's app paths; conf is what it extends, with the same options.
vi.mock('electron-store', () => ({
  default: class extends Conf<Record<string, unknown>> {
    constructor(options: Record<string, unknown> & { name?: string }) {
      const { name, ...rest } = options;
      super({ ...rest, configName: name ?? 'config' } as ConstructorParameters<typeof Conf<Record<string, unknown>>>[0]);
    }
  },
}));

const trusted = { senderFrame: { origin: 'app://bitget-panic', url: 'app://bitget-panic/index.html', parent: null } };
const foreign = { senderFrame: { origin: 'null', url: 'data:text/html,hi', parent: null } };

async function invoke(channel: string, payload?: unknown, event: unknown = trusted) {
  const handler = fake.state.handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return handler(event, payload);
}

function emitApp(name: string, ...args: unknown[]) {
  for (const listener of fake.state.appListeners.get(name) ?? []) listener(...args);
}

const hooks = () => (globalThis as { __panicE2E?: E2eHooks }).__panicE2E;

describe.skipIf(process.env.PANIC_KEYRING_READY !== '1')('main process wiring (needs scripts/with-keyring.sh)', () => {
  let exchange: Exchange;
  let dataDir: string;
  let account: { apiKey: string; secretKey: string; passphrase: string };
  const saved = { ...process.env };

  beforeAll(async () => {
    exchange = await startExchange();
    account = exchange.addAccount({ demo: true, positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.01' }] });
    dataDir = mkdtempSync(join(tmpdir(), 'panic-main-'));
    Object.assign(process.env, { BITGET_PANIC_DATA_DIR: dataDir, BITGET_PANIC_BASE_URL: exchange.url, BITGET_PANIC_E2E: '1', XDG_CONFIG_HOME: dataDir });
    process.argv = ['/usr/bin/electron', '/app'];
    await import('./index.ts');
    await vi.waitFor(() => expect(hooks()).toBeDefined(), { timeout: 15_000 });
  });

  afterAll(async () => {
    process.env = saved;
    await exchange.close();
  });

  it('opens one secure window on app:// with the preload', () => {
    expect(fake.state.windows).toHaveLength(1);
    expect(fake.state.windows[0]!.url).toBe('app://bitget-panic/index.html');
    expect(fake.state.windows[0]!.options).toMatchObject({ show: true, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false } });
    expect(hooks()!.preloadPath).toMatch(/preload[/\\]index\.cjs$/);
  });

  it('registers exactly the contract channels', () => {
    expect([...fake.state.handlers.keys()].sort()).toEqual(Object.values(CHANNELS).sort());
  });

  it('answers our page and refuses any other sender', async () => {
    expect(await invoke(CHANNELS.getAppStatus)).toMatchObject({ ok: true, value: { shell: 'electron', notices: [], auditLogPath: join(dataDir, 'audit.jsonl') } });
    expect(await invoke(CHANNELS.getAppStatus, undefined, foreign)).toMatchObject({ ok: false, error: { kind: 'bad-input' } });
    expect(await invoke(CHANNELS.getAppStatus, undefined, { senderFrame: null })).toMatchObject({ ok: false });
  });

  it('serves the renderer with the CSP and refuses traversal', async () => {
    const handler = fake.state.protocolHandler!;
    expect(handler).toBeDefined();
    const outside = await handler(new Request('app://bitget-panic/%2e%2e%2f%2e%2e%2fpackage.json'));
    expect(outside.status).toBe(404);
    const post = await handler(new Request('app://bitget-panic/index.html', { method: 'POST', body: 'x' }));
    expect(post.status).toBe(405);
    if (existsSync(join('dist', 'renderer', 'index.html'))) {
      const page = await handler(new Request('app://bitget-panic/'));
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("connect-src 'none'");
    }
  });

  it('saves a profile and a preset: the tray and the hotkeys follow, settings are owner-only', async () => {
    const savedProfile = await invoke(CHANNELS.saveProfile, { name: 'e2e demo', demo: true, credentials: { apiKey: account.apiKey, secretKey: account.secretKey, passphrase: account.passphrase } });
    expect(savedProfile, JSON.stringify(savedProfile)).toMatchObject({ ok: true });
    const preset = { id: 'p1', name: 'BTC long', profile: 'e2e demo', productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', cancelOrders: false, hotkey: 'CommandOrControl+Alt+P', hotkeyEnabled: true, confirmByDoublePress: true };
    await invoke(CHANNELS.saveSettings, { presets: [preset], doublePressWindowMs: 800, startMinimized: false, launchAtLogin: false });
    expect(fake.state.menus.at(-1)!.map((item) => item.label ?? item.type)).toEqual(['BTC long — DEMO "e2e demo" — BTCUSDT, long side (USDT-FUTURES)', 'separator', 'Show window', 'Quit']);
    expect([...fake.state.shortcuts.keys()]).toEqual(['CommandOrControl+Alt+P']);
    expect(await invoke(CHANNELS.getAppStatus)).toMatchObject({ ok: true, value: { hotkeys: [{ presetId: 'p1', registered: true }] } });
    expect(fake.state.sent.some((message) => message.channel === EVENTS.appStatus)).toBe(true);
    const file = join(dataDir, 'config.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ presets: [{ id: 'p1' }] });
  });

  it('a hotkey pressed once only arms; pressed twice it closes, notifies and tells the window', async () => {
    const press = fake.state.shortcuts.get('CommandOrControl+Alt+P')!;
    press();
    expect(fake.state.notifications.at(-1)).toMatchObject({ title: 'Press again to close · DEMO "e2e demo" · (BTC long)' });
    expect(exchange.account(account.apiKey).closeRequests.count).toBe(0);
    // A second press is a distinct one (not auto-repeat) only well apart from the first.
    await new Promise((resolve) => setTimeout(resolve, 300));
    press();
    await vi.waitFor(() => expect(fake.state.notifications.at(-1)!.title).toMatch(/^(Flat|Nothing to close)/), { timeout: 15_000 });
    expect(fake.state.notifications.at(-1)!.title).toBe('Flat · DEMO "e2e demo" · (BTC long)');
    expect(exchange.account(account.apiKey).positions).toEqual([]);
    expect(fake.state.sent.filter((message) => message.channel === EVENTS.outcome).at(-1)!.payload).toMatchObject({ presetName: 'BTC long', outcome: { status: 'flat', trigger: 'hotkey' } });
  });

  it('the test hook and a second instance run presets through the same path', async () => {
    exchange.account(account.apiKey).addPosition({ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.02' });
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    emitApp('second-instance', {}, ['/usr/bin/electron'], '/', { argv: ['/usr/bin/electron', '/app', '--close', 'btc LONG'] });
    await vi.waitFor(() => expect(fake.state.sent.filter((message) => message.channel === EVENTS.outcome)).toHaveLength(2), { timeout: 15_000 });
    expect(fake.state.sent.filter((message) => message.channel === EVENTS.outcome).at(-1)!.payload).toMatchObject({ outcome: { status: 'flat', trigger: 'app-cli' } });

    const missing = await hooks()!.runPreset('nope');
    expect(missing).toMatchObject({ presetName: 'nope', error: { kind: 'not-found' } });
    expect(fake.state.notifications.at(-1)).toMatchObject({ title: 'Close FAILED · (nope)', urgency: 'critical' });
  });

  it('a bad payload never reaches the exchange', async () => {
    const before = exchange.account(account.apiKey).requests.length;
    expect(await invoke(CHANNELS.close, { profile: 'e2e demo', productType: 'NOPE', trigger: 'window' })).toMatchObject({ ok: false, error: { kind: 'bad-input' } });
    expect(exchange.account(account.apiKey).requests.length).toBe(before);
  });

  it('quits cleanly: core disposed, then exit 0', async () => {
    const event = { preventDefault: vi.fn() };
    emitApp('before-quit');
    emitApp('will-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(fake.state.exitCode).toBe(0));
  });
});
