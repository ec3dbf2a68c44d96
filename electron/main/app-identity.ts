// Who the app is to the operating system. APP_ID and PRODUCT_NAME match electron-builder.yml and package.json (a test
// checks): Windows ties notifications to the Start-menu shortcut the installer registers under APP_ID. Pure.
export const APP_ID = 'com.bitgetpanic.app';
export const PRODUCT_NAME = 'Bitget Panic Button';

/**
 * Windows only (Electron has no setAppUserModelId elsewhere): the installed app is known by APP_ID; a source checkout
 * has no shortcut under that id, so Windows shows its notifications only under the Electron binary's own path.
 */
export function appUserModelId(options: { platform: NodeJS.Platform; packaged: boolean; execPath: string }): string | undefined {
  if (options.platform !== 'win32') return undefined;
  return options.packaged ? APP_ID : options.execPath;
}
