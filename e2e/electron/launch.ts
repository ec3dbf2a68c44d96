// Finds the Electron binary and the built app, and launches the app with the test-only hooks switched on.
import { _electron, type ElectronApplication, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { probeSandbox, sandboxBlocker } from '../../electron/main/chromium-sandbox.ts';
import type { OutcomeEvent, PanicApi } from '../../shared/contract.ts';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The Electron executable, found without `require('electron')`: that call tries to download the binary when it is
 * missing. Returns the reason to skip when it cannot be used here.
 */
export function electronExecutable(): { path: string } | { skip: string } {
  const packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile) && !process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    return { skip: 'Electron binary not installed (node_modules/electron/path.txt missing; it is downloaded on first run, which needs github.com)' };
  }
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron';
  const executable = process.env.ELECTRON_OVERRIDE_DIST_PATH ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative) : join(packageDir, 'dist', relative);
  if (!existsSync(executable)) return { skip: `Electron binary not found at ${executable}` };
  for (const built of ['dist/electron/main/index.js', 'dist/preload/index.cjs', 'dist/renderer/index.html']) {
    if (!existsSync(join(repoRoot, built))) return { skip: `${built} is missing: run npm run build first` };
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { skip: 'no display: run under xvfb-run -a' };
  }
  return { path: executable };
}

export function newDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'panic-electron-'));
}

/**
 * The app's environment in a spec: its own data folder, and its own config home, so that launch at login writes
 * and removes an autostart entry there, never the developer's real ~/.config/autostart/bitget-panic-app.desktop.
 */
export function appEnv(dataDir: string, baseUrl?: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  env.BITGET_PANIC_E2E = '1';
  env.BITGET_PANIC_DATA_DIR = dataDir;
  env.XDG_CONFIG_HOME = join(dataDir, 'config-home');
  if (baseUrl) env.BITGET_PANIC_BASE_URL = baseUrl;
  delete env.ELECTRON_RUN_AS_NODE;
  return env;
}

/**
 * `--no-sandbox` where Chromium's OS sandbox cannot start: as root, and on Ubuntu 23.10+ (no user namespaces for
 * an unprofiled binary) without the setuid helper. The page's `sandbox: true` renderer settings are unaffected.
 */
export function chromiumArgs(executable: string): string[] {
  if (process.platform !== 'linux') return [];
  return sandboxBlocker(probeSandbox(dirname(executable))) ? ['--no-sandbox'] : [];
}

export async function launchApp(options: { executable: string; dataDir: string; baseUrl?: string; args?: string[] }): Promise<{ app: ElectronApplication; page: Page }> {
  const app = await _electron.launch({
    executablePath: options.executable,
    args: [repoRoot, ...chromiumArgs(options.executable), ...(options.args ?? [])],
    env: appEnv(options.dataDir, options.baseUrl),
    cwd: repoRoot,
  });
  const page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  return { app, page };
}

/** `window.panic` as the page sees it (the e2e tsconfig has no DOM lib, so reach it through globalThis). */
export type PageGlobals = typeof globalThis & { panic: PanicApi; __outcomes?: unknown[] };

/** The test-only hooks main installs under BITGET_PANIC_E2E=1 (electron/main/e2e-hooks.ts). */
export type MainGlobals = typeof globalThis & {
  __panicE2E: {
    runPreset(reference: string): Promise<OutcomeEvent>;
    trayItems(): { id?: string; label?: string; enabled?: boolean; type?: string }[];
    preloadPath: string;
    webPreferences: Record<string, unknown>;
  };
};
