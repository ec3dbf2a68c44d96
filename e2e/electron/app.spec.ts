import { expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startExchange, type Exchange } from '../../electron/simulator/index.ts';
import { appEnv, chromiumArgs, electronExecutable, launchApp, newDataDir, repoRoot, type MainGlobals, type PageGlobals } from './launch.ts';

const electron = electronExecutable();
test.skip('skip' in electron, 'skip' in electron ? electron.skip : '');
const executable = 'path' in electron ? electron.path : '';

let exchange: Exchange;
let dataDir: string;
let app: ElectronApplication;
let page: Page;

test.beforeEach(async () => {
  exchange = await startExchange();
  dataDir = newDataDir();
});

test.afterEach(async () => {
  await app?.close().catch(() => undefined);
  await exchange?.close();
});

async function addDemoProfileAndPreset(credentials: { apiKey: string; secretKey: string; passphrase: string }) {
  const saved = await page.evaluate(
    (creds) => (globalThis as PageGlobals).panic.saveProfile({ name: 'e2e demo', demo: true, credentials: creds }),
    { apiKey: credentials.apiKey, secretKey: credentials.secretKey, passphrase: credentials.passphrase },
  );
  expect(saved, 'saving a profile needs a Secret Service: run under scripts/with-keyring.sh').toMatchObject({ ok: true });
  const settings = await page.evaluate(() =>
    (globalThis as PageGlobals).panic.saveSettings({
      presets: [
        {
          id: 'p1',
          name: 'BTC long',
          profile: 'e2e demo',
          productType: 'USDT-FUTURES',
          symbol: 'BTCUSDT',
          holdSide: 'long',
          cancelOrders: false,
          hotkeyEnabled: false,
          confirmByDoublePress: false,
        },
      ],
      doublePressWindowMs: 800,
      startMinimized: false,
      launchAtLogin: false,
    }),
  );
  expect(settings).toMatchObject({ ok: true });
}

test('the window opens with the secure settings, from app://, with the CSP applied', async () => {
  ({ app, page } = await launchApp({ executable, dataDir, baseUrl: exchange.url }));
  expect(page.url()).toMatch(/^app:\/\/bitget-panic\//);

  const preferences = await app.evaluate(() => (globalThis as MainGlobals).__panicE2E.webPreferences);
  expect(preferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
  const processes = await app.evaluate(({ app: electronApp }) => electronApp.getAppMetrics().map((metric) => ({ type: metric.type, sandboxed: metric.sandboxed })));
  for (const metric of processes.filter((entry) => entry.type === 'Tab' && entry.sandboxed !== undefined)) expect(metric.sandboxed).toBe(true);

  const exposed = await page.evaluate(() => {
    const scope = globalThis as unknown as Record<string, unknown>;
    return { require: typeof scope.require, process: typeof scope.process, ipcRenderer: typeof scope.ipcRenderer, panic: Object.keys(scope.panic as object).sort() };
  });
  expect(exposed).toMatchObject({ require: 'undefined', process: 'undefined', ipcRenderer: 'undefined' });
  expect(exposed.panic).toContain('close');
  expect(exposed.panic).toContain('onOutcome');

  const network = await page.evaluate(() => fetch('app://bitget-panic/index.html').then(() => 'allowed', () => 'blocked'));
  expect(network, "connect-src 'none': the page has no network, not even its own origin").toBe('blocked');

  const opened = await page.evaluate(() => (globalThis as unknown as { open(url: string): unknown }).open('https://example.com') === null);
  expect(opened).toBe(true);
  await page.evaluate(() => {
    (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
  });
  await page.waitForTimeout(500);
  expect(page.url()).toMatch(/^app:\/\/bitget-panic\//);
  expect(app.windows()).toHaveLength(1);
});

test('IPC round trip through window.panic', async () => {
  ({ app, page } = await launchApp({ executable, dataDir, baseUrl: exchange.url }));
  const status = await page.evaluate(() => (globalThis as PageGlobals).panic.getAppStatus());
  // No notice about the settings; one about the tray may be there (a desktop without a StatusNotifierItem host, xvfb).
  expect(status).toMatchObject({ ok: true, value: { shell: 'electron', notices: expect.not.arrayContaining([expect.stringContaining('settings')]) } });
  expect(await page.evaluate(() => (globalThis as PageGlobals).panic.listProfiles())).toEqual({ ok: true, value: [] });
  expect(await page.evaluate(() => (globalThis as PageGlobals).panic.getSettings())).toMatchObject({ ok: true, value: { presets: [] } });
});

test('a bad IPC payload is rejected before anything runs', async () => {
  ({ app, page } = await launchApp({ executable, dataDir, baseUrl: exchange.url }));
  const reply = await page.evaluate(() =>
    (globalThis as PageGlobals).panic.close({ profile: '', productType: 'NOPE', trigger: 'window' } as unknown as Parameters<PageGlobals['panic']['close']>[0]),
  );
  expect(reply).toMatchObject({ ok: false, error: { kind: 'bad-input', hint: expect.stringContaining('Nothing was sent') } });
  const settings = await page.evaluate(() => (globalThis as PageGlobals).panic.saveSettings({ presets: 'all' } as never));
  expect(settings).toMatchObject({ ok: false, error: { kind: 'bad-input' } });
  expect(exchange.accounts().flatMap((account) => account.requests)).toEqual([]);
});

test('a page that is not ours gets no answer from the handlers', async () => {
  ({ app, page } = await launchApp({ executable, dataDir, baseUrl: exchange.url }));
  const foreign = app.waitForEvent('window');
  await app.evaluate(({ BrowserWindow }) => {
    const hooks = (globalThis as MainGlobals).__panicE2E;
    const window = new BrowserWindow({ show: false, webPreferences: { preload: hooks.preloadPath, sandbox: true, contextIsolation: true } });
    void window.loadURL('data:text/html,<title>foreign</title>');
  });
  const foreignPage = await foreign;
  await foreignPage.waitForLoadState('domcontentloaded');
  const reply = await foreignPage.evaluate(() => (globalThis as PageGlobals).panic.getAppStatus());
  expect(reply).toMatchObject({ ok: false, error: { kind: 'bad-input', message: expect.stringContaining('did not come from the app window') } });
});

test('a preset run from a main-process trigger closes on the simulator and reaches the window', async () => {
  const account = exchange.addAccount({ demo: true, positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.01' }] });
  ({ app, page } = await launchApp({ executable, dataDir, baseUrl: exchange.url }));
  await addDemoProfileAndPreset(account);
  await page.evaluate(() => {
    const scope = globalThis as PageGlobals;
    scope.__outcomes = [];
    scope.panic.onOutcome((event) => scope.__outcomes!.push(event));
  });

  const result = await app.evaluate(() => (globalThis as MainGlobals).__panicE2E.runPreset('BTC long'));
  expect(result).toMatchObject({ presetName: 'BTC long', outcome: { status: 'flat', trigger: 'app-cli', profile: { name: 'e2e demo', demo: true } } });
  expect(exchange.account(account.apiKey).positions).toEqual([]);
  await expect.poll(() => page.evaluate(() => (globalThis as PageGlobals).__outcomes)).toEqual([
    expect.objectContaining({ presetName: 'BTC long', outcome: expect.objectContaining({ status: 'flat' }) }),
  ]);

  const missing = await app.evaluate(() => (globalThis as MainGlobals).__panicE2E.runPreset('no such preset'));
  expect(missing).toMatchObject({ error: { kind: 'not-found' } });
});

test('the tray menu lists the presets with account, DEMO/LIVE and target', async () => {
  const account = exchange.addAccount({ demo: true });
  ({ app, page } = await launchApp({ executable, dataDir, baseUrl: exchange.url }));
  expect((await app.evaluate(() => (globalThis as MainGlobals).__panicE2E.trayItems())).map((item) => item.label ?? item.type)).toEqual([
    'No presets yet: add them in the window',
    'separator',
    'Show window',
    'Quit',
  ]);
  await addDemoProfileAndPreset(account);
  const items = await app.evaluate(() => (globalThis as MainGlobals).__panicE2E.trayItems());
  expect(items.map((item) => item.label ?? item.type)).toEqual([
    'BTC long — DEMO "e2e demo" — BTCUSDT, long side (USDT-FUTURES)',
    'separator',
    'Show window',
    'Quit',
  ]);
});

test('a second instance with --close runs the preset in the running app', async () => {
  const account = exchange.addAccount({ demo: true, positions: [{ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.02' }] });
  ({ app, page } = await launchApp({ executable, dataDir, baseUrl: exchange.url }));
  await addDemoProfileAndPreset(account);
  await page.evaluate(() => {
    const scope = globalThis as PageGlobals;
    scope.__outcomes = [];
    scope.panic.onOutcome((event) => scope.__outcomes!.push(event));
  });

  const second = spawn(executable, [repoRoot, ...chromiumArgs(executable), '--close', 'BTC long'], { env: appEnv(dataDir, exchange.url), stdio: 'ignore' });
  const exitCode = await new Promise<number | null>((resolve) => second.on('exit', resolve));
  expect(exitCode).toBe(0);
  await expect.poll(() => page.evaluate(() => (globalThis as PageGlobals).__outcomes), { timeout: 20_000 }).toEqual([
    expect.objectContaining({ presetName: 'BTC long', outcome: expect.objectContaining({ status: 'flat', trigger: 'app-cli' }) }),
  ]);
  expect(exchange.account(account.apiKey).positions).toEqual([]);
});

test('a corrupted settings file is kept aside and the window says so', async () => {
  writeFileSync(join(dataDir, 'config.json'), '{"presets": [ this is not json');
  ({ app, page } = await launchApp({ executable, dataDir, baseUrl: exchange.url }));
  const status = await page.evaluate(() => (globalThis as PageGlobals).panic.getAppStatus());
  expect(status).toMatchObject({ ok: true, value: { notices: expect.arrayContaining([expect.stringContaining('kept at')]) } });
  expect(readdirSync(dataDir).some((name) => name.startsWith('config.json.corrupt-'))).toBe(true);
  expect(existsSync(join(dataDir, 'config.json'))).toBe(true);
});

test('the window is up before the warm-up has heard from the exchange', async () => {
  exchange.faults.add({ path: '/api/v2/public/time', kind: 'delay', ms: 5_000, times: Number.POSITIVE_INFINITY });
  const launchedAt = Date.now();
  ({ app, page } = await launchApp({ executable, dataDir, baseUrl: exchange.url }));
  const status = await page.evaluate(() => (globalThis as PageGlobals).panic.getAppStatus());
  expect(status).toMatchObject({ ok: true });
  expect(Date.now() - launchedAt, 'the window and its answers must not wait for the 5 s clock sync').toBeLessThan(4_500);
});

test('launch at login writes and removes its entry in the spec\'s own config home only', async () => {
  test.skip(process.platform !== 'linux', 'the XDG autostart entry is Linux only');
  ({ app, page } = await launchApp({ executable, dataDir, baseUrl: exchange.url }));
  const entry = join(dataDir, 'config-home', 'autostart', 'bitget-panic-app.desktop');
  const save = (launchAtLogin: boolean) =>
    page.evaluate((value) => (globalThis as PageGlobals).panic.saveSettings({ presets: [], doublePressWindowMs: 800, startMinimized: false, launchAtLogin: value }), launchAtLogin);
  expect(await save(true)).toMatchObject({ ok: true });
  expect(existsSync(entry)).toBe(true);
  expect(await save(false)).toMatchObject({ ok: true });
  expect(existsSync(entry)).toBe(false);
});
