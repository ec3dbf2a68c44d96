// Browser-mode harness: serves the built renderer with window.panic bridged over loopback HTTP to the real core
// handlers, with the exchange simulator behind them. Test-only endpoints (/test/...) exist here and nowhere else.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';
import { channelName, EVENTS, isChannel, type AppStatus, type HotkeyStatus, type OutcomeEvent } from '../../shared/contract.ts';
import { TRIGGERS, type Trigger } from '../../shared/bitget.ts';
import { createCore, type Core } from '../../electron/core/compose.ts';
import { createKeychain } from '../../electron/core/keychain.ts';
import type { PanicTiming } from '../../electron/core/panic.ts';
import { runPreset } from '../../electron/core/run-preset.ts';
import { createJsonSettingsStore } from '../../electron/core/settings-file.ts';
import { findPreset } from '../../electron/main/presets.ts';
import { CSP_DIRECTIVES, contentSecurityPolicy } from '../../electron/main/window-policy.ts';
import { startExchange, type AccountView, type Exchange, type Fault, type FaultHandle, type LiveProductType } from '../../electron/simulator/index.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(here, '..', '..');
export const DEFAULT_RENDERER_DIR = join(REPO_ROOT, 'dist', 'renderer');

/** The page gets the real app's CSP (electron/main/window-policy.ts), except that connect-src allows the harness
 * itself: the bridge's fetch and event stream. The renderer's own code still has no network of its own. */
const CSP = contentSecurityPolicy(CSP_DIRECTIVES.map(([name, value]) => [name, name === 'connect-src' ? "'self'" : value] as const));

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export interface HarnessOptions {
  rendererDir?: string;
  /** Timing of the close path (short deadlines make fault scenarios quick). */
  timing?: Partial<PanicTiming>;
  /** Write this text as the settings file before the core starts (e.g. a corrupted file). */
  settingsFileText?: string;
}

export interface Harness {
  readonly url: string;
  readonly exchange: Exchange;
  readonly core: Core;
  readonly dataDir: string;
  /** Push an event to the page, as main does for hotkey/tray/command-line outcomes. */
  emit(event: 'outcome', payload: OutcomeEvent): void;
  close(): Promise<void>;
}

let bridgeCode: Promise<string> | undefined;

/** Bundles e2e/harness/bridge.ts (and shared/contract.ts) into one classic script, once per process. */
export function buildBridge(): Promise<string> {
  bridgeCode ??= (async () => {
    const bundle = await rolldown({ input: join(here, 'bridge.ts'), platform: 'browser', logLevel: 'silent' });
    const { output } = await bundle.generate({ format: 'iife' });
    await bundle.close();
    return output[0].code;
  })();
  return bridgeCode;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const rendererDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;
  const indexHtml = await readFile(join(rendererDir, 'index.html'), 'utf8').catch(() => {
    throw new Error(`The renderer is not built (${rendererDir}/index.html is missing): run \`npm run build:renderer\` first.`);
  });
  const bridge = await buildBridge();
  const page = indexHtml.replace('<head>', '<head>\n    <script src="/__harness/bridge.js"></script>');

  const exchange = await startExchange();
  const dataDir = await mkdtemp(join(tmpdir(), 'panic-harness-'));
  const settingsPath = join(dataDir, 'config.json');
  if (options.settingsFileText !== undefined) {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(settingsPath, options.settingsFileText, { mode: 0o600 });
  }
  const settings = createJsonSettingsStore(settingsPath);
  const statusOverride: { hotkeys: HotkeyStatus[]; notices: string[] } = { hotkeys: [], notices: [] };
  const appStatus = (): AppStatus => ({
    shell: 'browser',
    hotkeys: statusOverride.hotkeys,
    notices: [...settings.notices, ...statusOverride.notices],
    auditLogPath: join(dataDir, 'audit.jsonl'),
  });
  const core = await createCore({
    dataDir,
    settings,
    baseUrl: exchange.url,
    appStatus,
    // A keychain service of its own per harness: the real gnome-keyring, no entries shared between tests.
    keychain: createKeychain(`bitget-panic-e2e-${randomUUID()}`),
    ...(options.timing ? { timing: options.timing } : {}),
    practice: true,
    // The account guard runs here as in the app (it watches only armed profiles' feeds).
    guard: true,
    feedLog: () => undefined,
  });
  await core.warmUp();

  const streams = new Set<ServerResponse>();
  const emitRaw = (event: string, payload: unknown) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const stream of streams) stream.write(frame);
  };
  // Every close run's progress and cost reports, as main sends them to the window.
  core.onCloseEvent((event) => (event.kind === 'progress' ? emitRaw(EVENTS.progress, event.progress) : emitRaw(EVENTS.costs, event.report)));
  // The live feeds, the guards and what a guard's flatten came to, as main sends them to the window.
  core.onFeedUpdate((update) => emitRaw(EVENTS.feed, update));
  core.guard?.onStatus((status) => emitRaw(EVENTS.guard, status));
  core.onGuardFlatten((_profile, result) => emitRaw(EVENTS.outcome, result.ok ? { trigger: 'guard', everythingResult: result.value } : { trigger: 'guard', error: result.error }));
  const faultHandles = new Map<string, FaultHandle>();

  const routes: Route[] = [
    ['GET', /^\/(index\.html)?$/, (_request, response) => send(response, 200, MIME['.html']!, page, { 'content-security-policy': CSP })],
    ['GET', /^\/__harness\/bridge\.js$/, (_request, response) => send(response, 200, MIME['.js']!, bridge)],
    [
      'GET',
      /^\/events$/,
      (request, response) => {
        response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        response.write(': connected\n\n');
        streams.add(response);
        request.on('close', () => streams.delete(response));
      },
    ],
    [
      'POST',
      /^\/invoke\/([^/]+)$/,
      async (request, response, match) => {
        const channel = decodeURIComponent(match[1]!);
        if (!isChannel(channel)) return json(response, 404, { error: `unknown channel ${channel}` });
        const { payload } = (await readJson(request)) as { payload?: unknown };
        const handler = core.handlers[channelName(channel)] as (payload: unknown) => Promise<unknown>;
        json(response, 200, await handler(payload));
      },
    ],
    // ---- test-only endpoints ----
    ['POST', /^\/test\/exchange\/accounts$/, async (request, response) => json(response, 200, exchange.addAccount((await readJson(request)) ?? {}))],
    [
      'GET',
      /^\/test\/exchange\/accounts\/([^/]+)$/,
      (_request, response, match) => json(response, 200, snapshot(exchange.account(decodeURIComponent(match[1]!)))),
    ],
    [
      'POST',
      /^\/test\/exchange\/accounts\/([^/]+)\/positions$/,
      async (request, response, match) => {
        exchange.account(decodeURIComponent(match[1]!)).addPosition((await readJson(request)) as never);
        json(response, 200, { ok: true });
      },
    ],
    [
      'POST',
      /^\/test\/exchange\/faults$/,
      async (request, response) => {
        // JSON has no Infinity: "Infinity" (or null) stands for it.
        const fault = (await readJson(request)) as Record<string, unknown>;
        if (fault.times === null || fault.times === 'Infinity') fault.times = Infinity;
        const id = randomUUID();
        faultHandles.set(id, exchange.faults.add(fault as unknown as Fault));
        json(response, 200, { id });
      },
    ],
    [
      'GET',
      /^\/test\/exchange\/faults\/([^/]+)$/,
      (_request, response, match) => {
        const handle = faultHandles.get(match[1]!);
        if (!handle) return json(response, 404, { error: 'no such fault' });
        json(response, 200, { hits: handle.hits, remaining: Number.isFinite(handle.remaining) ? handle.remaining : 'Infinity' });
      },
    ],
    [
      'POST',
      /^\/test\/exchange\/ws$/,
      async (request, response) => {
        // The exchange's WebSocket: 'down' refuses logins and drops every socket (the feed stays down, REST takes
        // over); 'up' accepts logins again; 'drop' and 'silence' act on the sockets open now.
        const { action } = ((await readJson(request)) ?? {}) as { action?: string };
        if (action === 'down') {
          exchange.ws.refuseLogin({ code: '30011', msg: 'Invalid ACCESS_KEY' });
          exchange.ws.drop();
        } else if (action === 'up') exchange.ws.refuseLogin(undefined);
        else if (action === 'drop') exchange.ws.drop();
        else if (action === 'silence') exchange.ws.silence();
        else return json(response, 400, { error: 'action must be down, up, drop or silence' });
        json(response, 200, { ok: true });
      },
    ],
    [
      'POST',
      /^\/test\/exchange\/marks$/,
      async (request, response) => {
        const { productType, symbol, price } = (await readJson(request)) as { productType: LiveProductType; symbol: string; price: string };
        exchange.setMarkPrice(productType, symbol, price);
        json(response, 200, { ok: true });
      },
    ],
    [
      'DELETE',
      /^\/test\/exchange\/faults$/,
      (_request, response) => {
        exchange.faults.clear();
        faultHandles.clear();
        json(response, 200, { ok: true });
      },
    ],
    [
      'POST',
      /^\/test\/trigger$/,
      // What main does for a hotkey, a tray item or `--close NAME` (electron/main/index.ts): find the preset in the
      // stored settings by id or name, run it with the core's runPreset, push the event to the window, answer it.
      async (request, response) => {
        const body = ((await readJson(request)) ?? {}) as { preset?: unknown; presetId?: unknown; trigger?: unknown };
        const reference = body.presetId ?? body.preset;
        if (typeof reference !== 'string' || !reference) {
          return json(response, 400, { error: 'send { "preset": "<id or name>" } (or { "presetId": "<id>" })' });
        }
        const trigger = (body.trigger ?? 'hotkey') as Trigger;
        if (!TRIGGERS.includes(trigger)) return json(response, 400, { error: `trigger must be one of ${TRIGGERS.join(', ')}` });
        const settings = await core.handlers.getSettings(undefined);
        if (!settings.ok) return json(response, 500, { error: settings.error.message });
        const found = findPreset(settings.value.presets, reference);
        const event: OutcomeEvent = found.ok ? await runPreset(core.handlers, found.value, trigger) : { error: found.error, presetName: reference };
        emitRaw(EVENTS.outcome, event);
        json(response, 200, event);
      },
    ],
    [
      'POST',
      /^\/test\/app-status$/,
      async (request, response) => {
        const next = (await readJson(request)) as Partial<typeof statusOverride>;
        statusOverride.hotkeys = next.hotkeys ?? statusOverride.hotkeys;
        statusOverride.notices = next.notices ?? statusOverride.notices;
        emitRaw(EVENTS.appStatus, appStatus());
        json(response, 200, appStatus());
      },
    ],
    ['GET', /^\/test\/data-dir$/, (_request, response) => json(response, 200, { dataDir })],
  ];

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://harness');
    const route = routes.find(([method, pattern]) => method === request.method && pattern.test(url.pathname));
    const run = route
      ? route[2](request, response, route[1].exec(url.pathname)!)
      : request.method === 'GET'
        ? serveStatic(rendererDir, url.pathname, response)
        : json(response, 404, { error: 'not found' });
    Promise.resolve(run).catch((error: unknown) => {
      if (!response.headersSent) json(response, 500, { error: error instanceof Error ? error.message : String(error) });
      else response.destroy();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    exchange,
    core: core,
    dataDir,
    emit: (event, payload) => emitRaw(EVENTS[event], payload),
    async close() {
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await core.dispose();
      await exchange.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

type Route = [method: string, pattern: RegExp, handle: (request: IncomingMessage, response: ServerResponse, match: RegExpExecArray) => unknown];

function send(response: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
  response.end(body);
}

function json(response: ServerResponse, status: number, value: unknown): void {
  send(response, status, 'application/json', JSON.stringify(value));
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

async function serveStatic(root: string, pathname: string, response: ServerResponse): Promise<void> {
  const file = normalize(join(root, decodeURIComponent(pathname)));
  if (!file.startsWith(root + sep)) return json(response, 403, { error: 'outside the renderer' });
  try {
    send(response, 200, MIME[extname(file)] ?? 'application/octet-stream', await readFile(file));
  } catch {
    json(response, 404, { error: 'not found' });
  }
}

/** A plain copy of one simulated account (the live view has getters that JSON would not see). */
function snapshot(view: AccountView) {
  return {
    apiKey: view.apiKey,
    uid: view.uid,
    kind: view.kind,
    posMode: view.posMode,
    demo: view.demo,
    positions: [...view.positions],
    openOrders: [...view.openOrders],
    planOrders: [...view.planOrders],
    requests: [...view.requests],
    closeRequests: { count: view.closeRequests.count, times: [...view.closeRequests.times] },
  };
}
