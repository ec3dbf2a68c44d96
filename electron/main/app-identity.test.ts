import { describe, expect, it } from 'vitest';
import { APP_ID, appUserModelId } from './app-identity.ts';

describe('appUserModelId', () => {
  it('on Windows, the installed app uses the appId its installer registered the Start-menu shortcut under', () => {
    expect(appUserModelId({ platform: 'win32', packaged: true, execPath: 'C:\\Apps\\Bitget Panic Button.exe' })).toBe(APP_ID);
  });

  it('a Windows source checkout uses the Electron binary, which is what Windows knows it by', () => {
    expect(appUserModelId({ platform: 'win32', packaged: false, execPath: 'C:\\src\\node_modules\\electron\\dist\\electron.exe' })).toBe('C:\\src\\node_modules\\electron\\dist\\electron.exe');
  });

  it('is not set elsewhere (Electron has no setAppUserModelId there)', () => {
    expect(appUserModelId({ platform: 'linux', packaged: true, execPath: '/opt/x' })).toBeUndefined();
    expect(appUserModelId({ platform: 'darwin', packaged: true, execPath: '/Applications/x' })).toBeUndefined();
  });
});
