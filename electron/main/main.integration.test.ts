// The real main wiring (index.ts) under plain Node with the honest stand-in for the electron module
// (e2e/electron/stand-in.ts): core, IPC with sender checks, app:// protocol, tray, hotkeys, notifications, test hooks,
// second instance and quit, against the simulator. Needs a Secret Service for the profile's keys: runs under
// scripts/with-keyring.sh (npm test does).
import Conf from 'conf';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startExchange, type Exchange } from '../simulator/index.ts';
import { CHANNELS, EVENTS } from '../../shared/contract.ts';
import { installElectronStandIn, type StandIn } from '../../e2e/electron/stand-in.ts';
import type { E2eHooks } from './e2e-hooks.ts';

vi.mock('electron', async () => (await import('../../e2e/electron/stand-in.ts')).electronStandInModule());
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

let standIn: StandIn;

async function invoke(channel: string, payload?: unknown, event: unknown = trusted) {
  const handler = standIn.state.handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return handler(event, payload);
}

const lastTrayMenu = () => standIn.state.trays[0]!.menus.at(-1) as { label?: string; type?: string }[];
const shownNotifications = () => standIn.state.notifications.filter((notification) => notification.delivered);

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
    standIn = installElectronStandIn();
    await import('./index.ts');
    await standIn.ready();
    await vi.waitFor(() => expect(hooks()).toBeDefined(), { timeout: 15_000 });
  });

  afterAll(async () => {
    process.env = saved;
    await exchange.close();
  });

  it('opens one secure window on app:// with the preload', () => {
    expect(standIn.windows()).toHaveLength(1);
    expect(standIn.state.windows[0]!.url).toBe('app://bitget-panic/index.html');
    expect(standIn.state.windows[0]!.options).toMatchObject({ show: true, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false } });
    expect(hooks()!.preloadPath).toMatch(/preload[/\\]index\.cjs$/);
  });

  it('registers exactly the contract channels', () => {
    expect([...standIn.state.handlers.keys()].sort()).toEqual(Object.values(CHANNELS).sort());
  });

  it('answers our page and refuses any other sender', async () => {
    expect(await invoke(CHANNELS.getAppStatus)).toMatchObject({ ok: true, value: { shell: 'electron', auditLogPath: join(dataDir, 'audit.jsonl') } });
    expect(await invoke(CHANNELS.getAppStatus, undefined, foreign)).toMatchObject({ ok: false, error: { kind: 'bad-input' } });
    expect(await invoke(CHANNELS.getAppStatus, undefined, { senderFrame: null })).toMatchObject({ ok: false });
  });

  it('serves the renderer with the CSP and refuses traversal', async () => {
    const handler = standIn.state.protocolHandler!;
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
    expect(lastTrayMenu().map((item) => item.label ?? item.type)).toEqual(['BTC long — DEMO "e2e demo" — BTCUSDT, long side (USDT-FUTURES)', 'separator', 'Show window', 'Quit']);
    expect([...standIn.state.shortcuts.keys()]).toEqual(['CommandOrControl+Alt+P']);
    expect(await invoke(CHANNELS.getAppStatus)).toMatchObject({ ok: true, value: { hotkeys: [{ presetId: 'p1', registered: true }] } });
    expect(standIn.state.sent.some((message) => message.channel === EVENTS.appStatus)).toBe(true);
    const file = join(dataDir, 'config.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ presets: [{ id: 'p1' }] });
  });

  it('holding the hotkey (Windows/X11 auto-repeat) never closes, and says the hold was not counted', async () => {
    // A first repeat after 500 ms lands inside the 800 ms window: counted as a second press, it would close.
    await standIn.hold('CommandOrControl+Alt+P', { delayMs: 500, rateMs: 33, repeats: 6 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(exchange.account(account.apiKey).closeRequests.count).toBe(0);
    expect(exchange.account(account.apiKey).positions).toHaveLength(1);
    expect(shownNotifications().at(-1)).toMatchObject({ title: 'Hotkey held: not counted · DEMO "e2e demo" · (BTC long)' });
    await new Promise((resolve) => setTimeout(resolve, 200));
  });

  it('a hotkey pressed once only arms; pressed twice it closes, notifies and tells the window', async () => {
    standIn.press('CommandOrControl+Alt+P');
    expect(shownNotifications().at(-1)).toMatchObject({ title: 'Press again to close · DEMO "e2e demo" · (BTC long)' });
    expect(exchange.account(account.apiKey).closeRequests.count).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    standIn.press('CommandOrControl+Alt+P');
    await vi.waitFor(() => expect(shownNotifications().at(-1)!.title).toMatch(/^(Flat|Nothing to close)/), { timeout: 15_000 });
    expect(shownNotifications().at(-1)!.title).toBe('Flat · DEMO "e2e demo" · (BTC long)');
    expect(exchange.account(account.apiKey).positions).toEqual([]);
    const outcomeEvent = standIn.state.sent.filter((message) => message.channel === EVENTS.outcome).at(-1)!.payload as { outcome: { runId: string } };
    expect(outcomeEvent).toMatchObject({ presetName: 'BTC long', outcome: { status: 'flat', trigger: 'hotkey' } });
    // The window saw the hotkey's run as it went: progress events of that run, done last.
    const progress = standIn.state.sent.filter((message) => message.channel === EVENTS.progress).map((message) => message.payload as { runId: string; trigger: string; attempt: number; done?: boolean });
    const ofRun = progress.filter((event) => event.runId === outcomeEvent.outcome.runId);
    expect(ofRun.length).toBeGreaterThan(2);
    expect(ofRun.every((event) => event.trigger === 'hotkey')).toBe(true);
    expect(ofRun.some((event) => event.attempt === 1)).toBe(true);
    expect(ofRun.at(-1)).toMatchObject({ done: true });
    // And what it cost, once the order details are read.
    await vi.waitFor(() => expect(standIn.state.sent.filter((message) => message.channel === EVENTS.costs).map((message) => message.payload).at(-1)).toMatchObject({ runId: outcomeEvent.outcome.runId, complete: true, unread: [], orders: [{ symbol: 'BTCUSDT', holdSide: 'long', filledSize: '0.01' }] }), { timeout: 8_000 });
  });

  it('the test hook and a second instance run presets through the same path', async () => {
    exchange.account(account.apiKey).addPosition({ productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.02' });
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    standIn.emitApp('second-instance', ['/usr/bin/electron'], '/', { argv: ['/usr/bin/electron', '/app', '--close', 'btc LONG'] });
    await vi.waitFor(() => expect(standIn.state.sent.filter((message) => message.channel === EVENTS.outcome)).toHaveLength(2), { timeout: 15_000 });
    expect(standIn.state.sent.filter((message) => message.channel === EVENTS.outcome).at(-1)!.payload).toMatchObject({ outcome: { status: 'flat', trigger: 'app-cli' } });

    const missing = await hooks()!.runPreset('nope');
    expect(missing).toMatchObject({ presetName: 'nope', error: { kind: 'not-found' } });
    expect(shownNotifications().at(-1)).toMatchObject({ title: 'Close FAILED · (nope)', urgency: 'critical' });
  });

  it('a bad payload never reaches the exchange', async () => {
    const before = exchange.account(account.apiKey).requests.length;
    expect(await invoke(CHANNELS.close, { profile: 'e2e demo', productType: 'NOPE', trigger: 'window' })).toMatchObject({ ok: false, error: { kind: 'bad-input' } });
    expect(exchange.account(account.apiKey).requests.length).toBe(before);
  });

  it('quits cleanly: the window closes, the core is disposed, then exit 0', async () => {
    standIn.quit();
    expect(standIn.windows()).toEqual([]);
    expect(standIn.state.quit).toBe(false);
    await vi.waitFor(() => expect(standIn.state.exitCode).toBe(0));
  });
});
