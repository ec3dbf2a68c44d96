// The first run in real Electron, as far as the honest stand-in (e2e/electron/stand-in.ts) can show it: each test
// starts the real main module (index.ts) afresh under plain Node. No keychain is needed: no profile is saved here
// (main.integration.test.ts covers the keychain and the close path).
import Conf from 'conf';
import { existsSync, mkdtempSync, mkdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startExchange, type Exchange } from '../simulator/index.ts';
import { electronStandInModule, installElectronStandIn, type StandIn, type StandInOptions } from '../../e2e/electron/stand-in.ts';
import { CHANNELS } from '../../shared/contract.ts';
import type { z } from 'zod';
import { appSettingsSchema } from '../../shared/schema.ts';
import { autostartEntry, launchCommand } from './autostart-entry.ts';
import type { E2eHooks } from './e2e-hooks.ts';

vi.mock('electron-store', () => ({
  default: class extends Conf<Record<string, unknown>> {
    constructor(options: Record<string, unknown> & { name?: string }) {
      const { name, ...rest } = options;
      super({ ...rest, configName: name ?? 'config' } as ConstructorParameters<typeof Conf<Record<string, unknown>>>[0]);
    }
  },
}));

const trusted = { senderFrame: { origin: 'app://bitget-panic', url: 'app://bitget-panic/index.html', parent: null } };
const hooks = () => (globalThis as { __panicE2E?: E2eHooks }).__panicE2E;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const TIME_PATH = '/api/v2/public/time';

const savedEnv = { ...process.env };
const savedArgv = process.argv;
let exchange: Exchange;
let started: StandIn[] = [];

beforeAll(async () => {
  exchange = await startExchange();
});

afterEach(async () => {
  for (const standIn of started) {
    if (standIn.state.exitCode === undefined && standIn.windows().length > 0) {
      standIn.quit();
      await vi.waitFor(() => expect(standIn.state.exitCode).toBeDefined());
    }
  }
  started = [];
  process.env = { ...savedEnv };
  process.argv = savedArgv;
  exchange.faults.clear();
});

afterAll(async () => {
  await exchange.close();
});

interface Start {
  standIn?: StandInOptions;
  /** Replaces the environment's data-folder variables (undefined removes one). */
  env?: Record<string, string | undefined>;
  settings?: z.input<typeof appSettingsSchema>;
  /** false: stop before Electron's 'ready'. */
  ready?: boolean;
  /** false: the start is expected to stop early, so do not wait for it to finish. */
  completes?: boolean;
}

/** Starts the real main module with a fresh stand-in, a fresh data folder and an isolated config home. */
async function startApp(options: Start = {}): Promise<{ standIn: StandIn; dataDir: string; configHome: string }> {
  vi.resetModules();
  const dataDir = mkdtempSync(join(tmpdir(), 'panic-first-run-'));
  const configHome = join(dataDir, 'config-home');
  if (options.settings) writeFileSync(join(dataDir, 'config.json'), JSON.stringify(appSettingsSchema.parse(options.settings)));
  const env: Record<string, string | undefined> = {
    ...savedEnv,
    BITGET_PANIC_DATA_DIR: dataDir,
    BITGET_PANIC_BASE_URL: exchange.url,
    BITGET_PANIC_E2E: '1',
    XDG_CONFIG_HOME: configHome,
    ...options.env,
  };
  process.env = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  process.argv = ['/usr/bin/electron', '/app'];
  const standIn = installElectronStandIn(options.standIn);
  // doMock, not mock: a fresh factory for each start, so that the fresh main module gets this start's stand-in.
  vi.doMock('electron', () => electronStandInModule());
  started.push(standIn);
  delete (globalThis as { __panicE2E?: E2eHooks }).__panicE2E;
  await import('./index.ts');
  if (options.ready === false) return { standIn, dataDir, configHome };
  await standIn.ready();
  // The test hooks are the last thing a start installs.
  if (options.completes !== false) await vi.waitFor(() => expect(hooks()).toBeDefined(), { timeout: 10_000 });
  return { standIn, dataDir, configHome };
}

const mainWindow = (standIn: StandIn) => {
  const window = standIn.state.windows[0];
  if (!window) throw new Error('no window was created');
  return window;
};

async function appStatus(standIn: StandIn) {
  const reply = (await standIn.state.handlers.get(CHANNELS.getAppStatus)!(trusted)) as { ok: true; value: { notices: string[] } };
  return reply.value;
}

const orphanPreset = { id: 'p1', name: 'Orphan', profile: 'nobody', productType: 'USDT-FUTURES' as const, hotkey: 'CommandOrControl+Alt+P' };

describe('start-up order', () => {
  it('does the before-ready work before ready, and nothing that needs ready until then', async () => {
    const { standIn } = await startApp({ ready: false });
    await pause(50);
    expect(standIn.state.log).toEqual(['setPath userData']);
    expect(standIn.state.privilegedSchemes).toHaveLength(1);
    expect(standIn.windows()).toEqual([]);
    await standIn.ready();
    await vi.waitFor(() => expect(standIn.windows()).toHaveLength(1));
    expect(standIn.state.exitCode).toBeUndefined();
  });

  it('shows the window before the warm-up has heard from the exchange', async () => {
    exchange.faults.add({ path: TIME_PATH, kind: 'delay', ms: 2_000, times: Number.POSITIVE_INFINITY });
    const { standIn } = await startApp({ completes: false });
    // The clock sync takes 2 s here; the window and its answers do not wait for it.
    await vi.waitFor(() => expect(standIn.windows()).toHaveLength(1), { timeout: 1_000 });
    expect(await appStatus(standIn)).toMatchObject({ notices: expect.any(Array) });
  });

  it('a warm-up that cannot reach the exchange says so in the open window', async () => {
    // A real profile exists: with only the practice account nothing leaves the computer, so there is nothing to warn about.
    const { standIn } = await startApp({ env: { BITGET_PANIC_BASE_URL: 'http://127.0.0.1:9' }, settings: { profiles: [{ name: 'main', demo: false, keyHint: 'abcd' }] } });
    expect(standIn.windows()).toHaveLength(1);
    await vi.waitFor(async () => expect((await appStatus(standIn)).notices).toEqual(expect.arrayContaining([expect.stringContaining('Could not reach the exchange')])));
    const pushed = standIn.state.sent.filter((message) => message.channel === 'panic:event:app-status').at(-1)!.payload as { notices: string[] };
    expect(pushed.notices).toEqual(expect.arrayContaining([expect.stringContaining('Could not reach the exchange')]));
  });
});

describe('the data folder', () => {
  it.each([
    ['a relative BITGET_PANIC_DATA_DIR', { BITGET_PANIC_DATA_DIR: 'panic-data' }, /BITGET_PANIC_DATA_DIR must be an absolute folder path; it is "panic-data"/],
    ['an empty BITGET_PANIC_DATA_DIR', { BITGET_PANIC_DATA_DIR: '' }, /BITGET_PANIC_DATA_DIR is set but empty/],
    ['an empty XDG_CONFIG_HOME', { BITGET_PANIC_DATA_DIR: undefined, XDG_CONFIG_HOME: '' }, /XDG_CONFIG_HOME is set but empty/],
    ['a relative XDG_CONFIG_HOME', { BITGET_PANIC_DATA_DIR: undefined, XDG_CONFIG_HOME: '.config' }, /XDG_CONFIG_HOME must be an absolute folder path/],
  ])('%s stops the start with a clear message, before Electron or the disk is touched', async (_name, env, message) => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { standIn } = await startApp({ env, completes: false });
    await vi.waitFor(() => expect(standIn.state.exitCode).toBe(1));
    expect(standIn.state.errorBoxes).toEqual([{ title: 'Bitget Panic Button cannot start', content: expect.stringMatching(message) }]);
    expect(errors).toHaveBeenCalledWith(expect.stringMatching(message));
    expect(standIn.state.paths.size).toBe(0);
    expect(standIn.state.singleInstanceRequests).toBe(0);
    expect(standIn.windows()).toEqual([]);
    errors.mockRestore();
  });
});

describe('where keys go', () => {
  it.each([
    ['plain http to another machine', { BITGET_PANIC_BASE_URL: 'http://example.com' }, /BITGET_PANIC_BASE_URL "http:\/\/example.com" is not an https:\/\/ URL/],
    ['an unreadable URL', { BITGET_PANIC_BASE_URL: 'not a url' }, /BITGET_PANIC_BASE_URL "not a url" is not a URL/],
    ['a missing certificate file', { BITGET_PANIC_CA_FILE: '/nonexistent/ca.pem' }, /BITGET_PANIC_CA_FILE "\/nonexistent\/ca.pem" cannot be read/],
  ])('%s stops the start with a clear message, before anything is sent', async (_name, env, message) => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { standIn } = await startApp({ env, completes: false });
    await vi.waitFor(() => expect(standIn.state.exitCode).toBe(1));
    expect(standIn.state.errorBoxes).toEqual([{ title: 'Bitget Panic Button cannot start', content: expect.stringMatching(message) }]);
    expect(standIn.windows()).toEqual([]);
    errors.mockRestore();
  });

  it('a non-default endpoint is named in the window header (app status)', async () => {
    const { standIn } = await startApp({});
    const status = (await standIn.state.handlers.get(CHANNELS.getAppStatus)!(trusted)) as { ok: true; value: { customEndpoint?: string } };
    expect(status.value.customEndpoint).toContain(exchange.url);
  });
});

describe('menu and window', () => {
  it('an installed app has no application menu (no reload, no DevTools) and no DevTools in the window', async () => {
    const { standIn } = await startApp({ standIn: { packaged: true } });
    expect(standIn.state.applicationMenu).toBeNull();
    expect(standIn.state.log.indexOf('setApplicationMenu')).toBeLessThan(standIn.state.log.indexOf('BrowserWindow'));
    expect(mainWindow(standIn).options).toMatchObject({ webPreferences: { devTools: false } });
  });

  it('a source checkout keeps the View menu and DevTools', async () => {
    const { standIn } = await startApp();
    expect(standIn.state.applicationMenu).toEqual([{ role: 'viewMenu' }]);
    expect(mainWindow(standIn).options).toMatchObject({ webPreferences: { devTools: true } });
  });

  it('the Dock (activate) brings a hidden window back', async () => {
    const { standIn } = await startApp();
    mainWindow(standIn).hide();
    standIn.emitApp('activate', true);
    await vi.waitFor(() => expect(mainWindow(standIn).isVisible()).toBe(true));
  });

  it('every web contents is hardened as it is created: no navigation, no new windows', async () => {
    const { standIn } = await startApp();
    const contents = mainWindow(standIn).webContents;
    expect(contents.navigate('https://example.com/')).toBe(true);
    expect(contents.open('https://example.com/')).toBe('deny');
  });

  it('closing the window keeps the app running, and quitting closes it', async () => {
    const { standIn } = await startApp();
    mainWindow(standIn).close();
    expect(mainWindow(standIn).isDestroyed()).toBe(false);
    standIn.quit();
    expect(mainWindow(standIn).isDestroyed()).toBe(true);
    await vi.waitFor(() => expect(standIn.state.exitCode).toBe(0));
  });
});

describe('tray', () => {
  it('is a 16-point icon with a 2x image, and a left click brings the window back', async () => {
    const { standIn } = await startApp();
    const tray = standIn.state.trays[0]!;
    expect(tray.image.getSize()).toEqual({ width: 16, height: 16 });
    expect(tray.image.getScaleFactors()).toEqual([1, 2]);
    expect(tray.image.representations.map(({ width }) => width)).toEqual([16, 32]);
    mainWindow(standIn).hide();
    tray.click();
    expect(mainWindow(standIn).isVisible()).toBe(true);
  });

  it('where no tray can be seen (GNOME without the extension), start-minimized shows the window minimized and says why', async () => {
    // The session bus has no StatusNotifierItem host here (or there is no bus): new Tray() succeeds, the icon is invisible.
    const { standIn } = await startApp({ settings: { startMinimized: true } });
    await vi.waitFor(async () => expect((await appStatus(standIn)).notices).toEqual(expect.arrayContaining([expect.stringContaining('AppIndicator')])));
    expect(mainWindow(standIn).isVisible()).toBe(true);
    expect(mainWindow(standIn).isMinimized()).toBe(true);
    mainWindow(standIn).restore();
    mainWindow(standIn).close();
    expect(mainWindow(standIn).isMinimized()).toBe(true);
    expect(mainWindow(standIn).isVisible()).toBe(true);
  });
});

describe('hotkeys', () => {
  it('a combination another application holds is reported, not silently dropped', async () => {
    const { standIn } = await startApp({ standIn: { refusedShortcuts: ['CommandOrControl+Alt+P'] }, settings: { presets: [orphanPreset] } });
    const reply = (await standIn.state.handlers.get(CHANNELS.getAppStatus)!(trusted)) as { value: { hotkeys: unknown[] } };
    expect(reply.value.hotkeys).toEqual([expect.objectContaining({ registered: false, problem: expect.stringContaining('taken by another application') })]);
  });
});

describe('notifications', () => {
  it('unsupported: the window says so at start, and a result brings the window forward instead', async () => {
    const { standIn } = await startApp({ standIn: { notifications: 'unsupported' }, settings: { presets: [orphanPreset] } });
    expect((await appStatus(standIn)).notices).toEqual(expect.arrayContaining([expect.stringContaining('cannot show notifications')]));
    mainWindow(standIn).hide();
    await hooks()!.runPreset('nope');
    expect(mainWindow(standIn).isVisible()).toBe(true);
  });

  it('refused by the system (macOS permission, Windows settings): the window says how to allow them', async () => {
    const { standIn } = await startApp({ standIn: { notifications: 'failed' }, settings: { presets: [orphanPreset] } });
    mainWindow(standIn).hide();
    await hooks()!.runPreset('nope');
    await vi.waitFor(async () => expect((await appStatus(standIn)).notices).toEqual(expect.arrayContaining([expect.stringContaining('refused to show a notification')])));
    expect(mainWindow(standIn).isVisible()).toBe(true);
  });
});

describe('single instance', () => {
  it('a second copy hands over and quits without a window', async () => {
    const { standIn } = await startApp({ standIn: { singleInstanceLock: false }, completes: false });
    expect(standIn.state.quit).toBe(true);
    expect(standIn.windows()).toEqual([]);
  });

  it('a lock lost while running is taken back, or reported when another copy holds it', async () => {
    const { standIn } = await startApp({ settings: { presets: [orphanPreset] } });
    standIn.loseSingleInstanceLock({ regainable: true });
    await hooks()!.runPreset('Orphan');
    expect(standIn.state.singleInstanceLock).toBe(true);
    standIn.loseSingleInstanceLock({ regainable: false });
    await hooks()!.runPreset('Orphan');
    expect((await appStatus(standIn)).notices).toEqual(expect.arrayContaining([expect.stringContaining('lost its single-instance lock')]));
  });
});

describe('launch at login (Linux autostart entry, in an isolated config home)', () => {
  const entryFor = () => autostartEntry(launchCommand({ packaged: false, execPath: process.execPath, appPath: '/stand-in/app' }));
  const longAgo = new Date('2020-01-01T00:00:00Z');

  it('a start leaves an entry that is already right untouched', async () => {
    const configHome = mkdtempSync(join(tmpdir(), 'panic-config-home-'));
    const file = join(configHome, 'autostart', 'bitget-panic-app.desktop');
    mkdirSync(join(configHome, 'autostart'));
    writeFileSync(file, entryFor());
    utimesSync(file, longAgo, longAgo);
    await startApp({ env: { XDG_CONFIG_HOME: configHome }, settings: { launchAtLogin: true } });
    expect(statSync(file).mtime).toEqual(longAgo);
  });

  it('a start writes a missing entry, and switching the setting off removes it', async () => {
    const { standIn, configHome } = await startApp({ settings: { launchAtLogin: true } });
    const file = join(configHome, 'autostart', 'bitget-panic-app.desktop');
    expect(existsSync(file)).toBe(true);
    const saved = await standIn.state.handlers.get(CHANNELS.saveSettings)!(trusted, { presets: [], doublePressWindowMs: 800, startMinimized: false, launchAtLogin: false });
    expect(saved).toMatchObject({ ok: true });
    expect(existsSync(file)).toBe(false);
  });
});
