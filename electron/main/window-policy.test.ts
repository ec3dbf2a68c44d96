import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, contentSecurityPolicy, contentTypeFor, resolveAppPath, responseHeaders, windowOptions } from './window-policy.ts';

describe('windowOptions', () => {
  it('follows the security checklist', () => {
    const preferences = windowOptions('/app/preload/index.cjs').webPreferences!;
    expect(preferences).toMatchObject({
      preload: '/app/preload/index.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    expect(preferences).not.toHaveProperty('enableBlinkFeatures');
  });

  it('can start hidden', () => {
    expect(windowOptions('/p', { show: false }).show).toBe(false);
    expect(windowOptions('/p').show).toBe(true);
  });

  it('has no DevTools unless asked for (a source checkout)', () => {
    expect(windowOptions('/p').webPreferences!.devTools).toBe(false);
    expect(windowOptions('/p', { devTools: true }).webPreferences!.devTools).toBe(true);
  });
});

describe('contentSecurityPolicy', () => {
  const csp = contentSecurityPolicy();
  it('gives the page no network and nothing beyond its own files', () => {
    expect(csp.startsWith("default-src 'self'; ")).toBe(true);
    expect(csp).toContain("connect-src 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
  });

  it('travels with every response', () => {
    expect(responseHeaders('/x/index.html')).toMatchObject({ 'Content-Security-Policy': csp, 'Content-Type': 'text/html; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  });
});

describe('contentTypeFor', () => {
  it('serves module scripts as JavaScript and unknown files as bytes', () => {
    expect(contentTypeFor('a/b/index-abc.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('STYLE.CSS')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('x.exe')).toBe('application/octet-stream');
  });
});

describe('resolveAppPath', () => {
  const root = resolve('/opt/app/dist/renderer');
  it('maps app:// URLs under the root, "/" to index.html', () => {
    expect(APP_ENTRY_URL).toBe('app://bitget-panic/index.html');
    expect(resolveAppPath(root, 'app://bitget-panic/')).toBe(join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://bitget-panic/index.html')).toBe(join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://bitget-panic/assets/index-1.js?v=1#x')).toBe(join(root, 'assets', 'index-1.js'));
    expect(resolveAppPath(root, 'app://bitget-panic/assets/a%20b.css')).toBe(join(root, 'assets', 'a b.css'));
  });

  it('keeps literal dot segments inside the root (the URL parser resolves them)', () => {
    expect(resolveAppPath(root, 'app://bitget-panic/../../etc/passwd')).toBe(join(root, 'etc', 'passwd'));
    expect(resolveAppPath(root, 'app://bitget-panic/%2e%2e/%2e%2e/etc/passwd')).toBe(join(root, 'etc', 'passwd'));
  });

  it('refuses encoded paths that would leave the root', () => {
    expect(resolveAppPath(root, 'app://bitget-panic/assets/%2e%2e%2f%2e%2e%2fsecret')).toBeNull();
    expect(resolveAppPath(root, 'app://bitget-panic/..%5c..%5csecret')).toBeNull();
    expect(resolveAppPath(root, 'app://bitget-panic/%00index.html')).toBeNull();
    expect(resolveAppPath(root, 'app://bitget-panic/%E0%A4%A')).toBeNull();
  });

  it('refuses other hosts and schemes', () => {
    expect(resolveAppPath(root, 'app://elsewhere/index.html')).toBeNull();
    expect(resolveAppPath(root, 'file:///opt/app/dist/renderer/index.html')).toBeNull();
    expect(resolveAppPath(root, 'https://bitget-panic/index.html')).toBeNull();
    expect(resolveAppPath(root, 'not a url')).toBeNull();
  });
});
