// The window and the app:// protocol, with every item of Electron's security checklist applied.
import { BrowserWindow, protocol, session, type BrowserWindowConstructorOptions, type Session, type WebContents } from 'electron';
import { readFile } from 'node:fs/promises';
import { APP_ENTRY_URL, APP_SCHEME, resolveAppPath, responseHeaders, windowOptions } from './window-policy.ts';

/** Must run before app 'ready'. Vite's `<script type="module" crossorigin>` needs the fetch and CORS privileges. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
  ]);
}

export function serveRenderer(rendererDir: string, target: Session = session.defaultSession): void {
  target.protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET') return new Response('Method not allowed', { status: 405 });
    const filePath = resolveAppPath(rendererDir, request.url);
    if (!filePath) return new Response('Not found', { status: 404 });
    try {
      return new Response(new Uint8Array(await readFile(filePath)), { status: 200, headers: responseHeaders(filePath) });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}

export function hardenSession(target: Session = session.defaultSession): void {
  target.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  target.setPermissionCheckHandler(() => false);
  target.setDevicePermissionHandler(() => false);
}

export function hardenContents(contents: WebContents, log: (line: string) => void): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    log(`navigation to ${url} refused`);
  });
  contents.on('will-redirect', (event, url) => {
    event.preventDefault();
    log(`redirect to ${url} refused`);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('webview refused');
  });
  contents.setWindowOpenHandler(({ url }) => {
    log(`window.open(${url}) refused`);
    return { action: 'deny' };
  });
}

/** Its web contents are hardened by the app-wide 'web-contents-created' hook (see index.ts). */
export function createMainWindow(options: { preloadPath: string; show: boolean; devTools: boolean }): { window: BrowserWindow; options: BrowserWindowConstructorOptions } {
  const constructorOptions = windowOptions(options.preloadPath, { show: options.show, devTools: options.devTools });
  const window = new BrowserWindow(constructorOptions);
  window.setMenuBarVisibility(false);
  void window.loadURL(APP_ENTRY_URL);
  return { window, options: constructorOptions };
}
