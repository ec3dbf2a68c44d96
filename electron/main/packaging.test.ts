// Packaging (`npm run dist`) checked offline, in npm test: electron-builder validates electron-builder.yml against
// its schema and runs the Linux targets (deb, AppImage) on a stand-in unpacked app up to the point where it would
// start fpm or the AppImage tools, which it downloads (like Electron itself), so not here. A deb without homepage or
// maintainer, an unknown option or a broken desktop entry fails this test instead of the release.
import { mkdtempSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Arch, Packager, Platform, type Configuration } from 'electron-builder';
import { describe, expect, it } from 'vitest';
import { APP_ID, PRODUCT_NAME } from './app-identity.ts';
import { AUTOSTART_FILE_NAME } from './autostart-entry.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const packageJson = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { productName?: string; desktopName?: string };

/** electron-builder's own deb dependencies: what Electron needs on a minimal system (GTK, NSS, libsecret, …). */
function electronBuilderDebDefaults(): string[] {
  const require = createRequire(import.meta.url);
  const FpmTarget = (require('app-builder-lib/out/targets/FpmTarget') as { default: { prototype: { getDefaultDepends(target: string): string[] } } }).default;
  return FpmTarget.prototype.getDefaultDepends('deb');
}

interface DryRun {
  configuration: Configuration;
  debArgs: string[];
  appImageDesktop: string;
}

/** `electron-builder --linux deb AppImage` on a stand-in unpacked app, stopping before fpm and the AppImage tools. */
async function dryRunLinux(override: Configuration = {}): Promise<DryRun> {
  const output = mkdtempSync(join(tmpdir(), 'panic-dist-'));
  const unpacked = join(output, 'linux-unpacked');
  mkdirSync(join(unpacked, 'resources'), { recursive: true });
  let debArgs: string[] = [];
  let appImageDesktop = '';
  const packager = new Packager({
    projectDir: repoRoot,
    config: { ...override, directories: { output } },
    targets: Platform.LINUX.createTarget(['deb', 'AppImage'], Arch.x64),
    prepackaged: unpacked,
    effectiveOptionComputed: async (computed: unknown) => {
      if (Array.isArray(computed)) debArgs = computed[0] as string[];
      else appImageDesktop = (computed as { desktop: string }).desktop;
      return true;
    },
  });
  const result = await packager.build();
  return { configuration: result.configuration, debArgs, appImageDesktop };
}

const argAfter = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('electron-builder configuration', () => {
  it('the deb and the AppImage get through electron-builder, with maintainer, homepage and desktop entry', async () => {
    const { debArgs, appImageDesktop } = await dryRunLinux();
    expect(argAfter(debArgs, '--maintainer')).toMatch(/^[^<>]+ <[^@\s]+@[^@\s]+>$/);
    expect(argAfter(debArgs, '--url')).toMatch(/^https:\/\//);
    expect(debArgs).toContain(`${join(repoRoot, 'build', 'icon.png')}=/usr/share/icons/hicolor/512x512/apps/bitget-panic-app.png`);
    expect(debArgs.some((arg) => arg.endsWith(`=/usr/share/applications/${AUTOSTART_FILE_NAME}`))).toBe(true);
    expect(appImageDesktop).toContain('StartupWMClass=bitget-panic-app\n');
    // The AppImage's launcher drops the sandbox only where user namespaces are missing; the entry never forces it off.
    expect(appImageDesktop).toMatch(/^Exec=AppRun %U$/m);
  }, 30_000);

  it('the deb depends on everything electron-builder would (a `depends` list replaces those, it does not add)', async () => {
    const { configuration } = await dryRunLinux();
    const depends = configuration.deb?.depends ?? electronBuilderDebDefaults();
    expect(depends).toEqual(expect.arrayContaining([...electronBuilderDebDefaults(), 'libsecret-1-0', 'libgtk-3-0', 'libxss1', 'xdg-utils', 'libatspi2.0-0', 'libuuid1']));
  }, 30_000);

  it('the app is known by the same id and name everywhere (Windows notifications, app.name, the desktop file)', async () => {
    const { configuration } = await dryRunLinux();
    expect(configuration.appId).toBe(APP_ID);
    expect(configuration.productName).toBe(PRODUCT_NAME);
    // The packaged package.json is this one: without productName there, Electron's app.name is "bitget-panic".
    expect(packageJson.productName).toBe(PRODUCT_NAME);
    expect(packageJson.desktopName).toBe(AUTOSTART_FILE_NAME);
    expect(configuration.extraMetadata).toMatchObject({ desktopName: AUTOSTART_FILE_NAME });
  }, 30_000);

  it('macOS builds are signed (or fail) and notarized: unsigned apps get no notifications', async () => {
    const { configuration } = await dryRunLinux();
    expect(configuration.mac).toMatchObject({ hardenedRuntime: true, forceCodeSigning: true, notarize: true });
  }, 30_000);

  it('the check fails where electron-builder would: a deb without a maintainer e-mail, an unknown option', async () => {
    await expect(dryRunLinux({ linux: { maintainer: null }, extraMetadata: { author: 'Someone' } })).rejects.toThrow(/author 'email'/);
    await expect(dryRunLinux({ deb: { dependencies: ['libgtk-3-0'] } } as Configuration)).rejects.toThrow(/Invalid configuration object[\s\S]*configuration\.deb/);
  }, 30_000);
});
