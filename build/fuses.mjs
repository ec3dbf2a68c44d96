// electron-builder afterPack hook: flips Electron's fuses in the packaged binary before it is signed.
// PANIC_E2E_BUILD=1 keeps EnableNodeCliInspectArguments on, because Playwright's _electron.launch passes --inspect=0.
import { FuseV1Options, FuseVersion } from '@electron/fuses';

const ARCH_ARM64 = 3;
const ARCH_UNIVERSAL = 4;

export function fuseConfig(env, platformName, arch) {
  return {
    version: FuseVersion.V1,
    strictlyRequireAllFuses: false,
    resetAdHocDarwinSignature: platformName === 'darwin' && (arch === ARCH_ARM64 || arch === ARCH_UNIVERSAL),
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: env.PANIC_E2E_BUILD === '1',
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  };
}

export default async function afterPack(context) {
  const config = fuseConfig(process.env, context.electronPlatformName, context.arch);
  if (config[FuseV1Options.EnableNodeCliInspectArguments]) console.log('  • fuses: PANIC_E2E_BUILD=1, the inspect fuse stays on (test build only)');
  // The packager knows where the binary is on each platform (Linux executableName, macOS .app, Windows .exe).
  await context.packager.addElectronFuses(context, config);
}
