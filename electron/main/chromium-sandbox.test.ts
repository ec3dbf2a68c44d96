import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeSandbox, sandboxAdvice, sandboxBlocker } from './chromium-sandbox.ts';

describe('sandboxBlocker', () => {
  it('root always needs --no-sandbox (Chromium refuses its sandbox as root), not only where namespaces are missing', () => {
    expect(sandboxBlocker({ root: true, userNamespaces: true, setuidHelper: true })).toBe('root');
  });

  it('Ubuntu 23.10+ (no user namespaces for an unprofiled binary) needs the setuid helper', () => {
    expect(sandboxBlocker({ root: false, userNamespaces: false, setuidHelper: false })).toBe('user-namespaces');
    expect(sandboxBlocker({ root: false, userNamespaces: false, setuidHelper: true })).toBeUndefined();
    expect(sandboxBlocker({ root: false, userNamespaces: true, setuidHelper: false })).toBeUndefined();
  });
});

describe('probeSandbox', () => {
  it('does not count a helper that is not setuid root', () => {
    const dist = mkdtempSync(join(tmpdir(), 'panic-electron-dist-'));
    writeFileSync(join(dist, 'chrome-sandbox'), '', { mode: 0o755 });
    const facts = probeSandbox(dist);
    expect(facts.setuidHelper).toBe(false);
    expect(facts.root).toBe(process.getuid?.() === 0);
    expect(typeof facts.userNamespaces).toBe('boolean');
  });
});

describe('sandboxAdvice', () => {
  it('names the exact helper to fix and the explicit way around it', () => {
    const advice = sandboxAdvice('user-namespaces', '/src/node_modules/electron/dist');
    expect(advice).toContain("sudo chown root:root '/src/node_modules/electron/dist/chrome-sandbox' && sudo chmod 4755");
    expect(advice).toContain('PANIC_NO_SANDBOX=1 npm start');
  });
});
