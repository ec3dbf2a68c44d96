import { describe, expect, it } from 'vitest';
import { autostartEntry, autostartPath, launchCommand, quoteExecArgument } from './autostart-entry.ts';

describe('autostart entry', () => {
  it('quotes Exec arguments per the Desktop Entry Specification', () => {
    expect(quoteExecArgument('/usr/bin/app')).toBe('/usr/bin/app');
    expect(quoteExecArgument('/opt/Bitget Panic Button/bitget-panic-app')).toBe('"/opt/Bitget Panic Button/bitget-panic-app"');
    expect(quoteExecArgument('a"b$c`d\\e')).toBe('"a\\"b\\$c\\`d\\\\e"');
  });

  it('writes a valid entry', () => {
    const entry = autostartEntry(['/opt/Bitget Panic Button/bitget-panic-app']);
    expect(entry).toContain('[Desktop Entry]\nType=Application\n');
    expect(entry).toContain('Exec="/opt/Bitget Panic Button/bitget-panic-app"\n');
    expect(autostartEntry(['/tmp/100%/app'])).toContain('Exec=/tmp/100%%/app');
  });

  it('lives in the XDG autostart folder', () => {
    expect(autostartPath({}, '/home/t')).toBe('/home/t/.config/autostart/bitget-panic-app.desktop');
    expect(autostartPath({ XDG_CONFIG_HOME: '/cfg' }, '/home/t')).toBe('/cfg/autostart/bitget-panic-app.desktop');
    // The spec: an empty or relative XDG_CONFIG_HOME is ignored, never a folder relative to wherever the app started.
    expect(autostartPath({ XDG_CONFIG_HOME: '' }, '/home/t')).toBe('/home/t/.config/autostart/bitget-panic-app.desktop');
    expect(autostartPath({ XDG_CONFIG_HOME: 'cfg' }, '/home/t')).toBe('/home/t/.config/autostart/bitget-panic-app.desktop');
  });

  it('starts the AppImage file, the packaged binary, or electron with the app folder', () => {
    expect(launchCommand({ packaged: true, execPath: '/tmp/.mount_x/app', appPath: '/tmp/.mount_x/resources/app.asar', appImage: '/home/t/Panic.AppImage' })).toEqual(['/home/t/Panic.AppImage']);
    expect(launchCommand({ packaged: true, execPath: '/opt/p/app', appPath: '/opt/p/resources/app.asar' })).toEqual(['/opt/p/app']);
    expect(launchCommand({ packaged: false, execPath: '/n/electron', appPath: '/src/app' })).toEqual(['/n/electron', '/src/app']);
  });
});
