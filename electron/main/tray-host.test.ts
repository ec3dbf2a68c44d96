import { describe, expect, it, vi } from 'vitest';
import { parseNameHasOwner, probeTrayHost, trayHostNotice, type RunCommand } from './tray-host.ts';

describe('parseNameHasOwner', () => {
  it('reads gdbus and dbus-send answers, and nothing else', () => {
    expect(parseNameHasOwner('(true,)\n')).toBe(true);
    expect(parseNameHasOwner('(false,)\n')).toBe(false);
    expect(parseNameHasOwner('method return time=1.2 sender=org.freedesktop.DBus -> destination=:1.5 serial=3 reply_serial=2\n   boolean true\n')).toBe(true);
    expect(parseNameHasOwner('method return …\n   boolean false\n')).toBe(false);
    expect(parseNameHasOwner('')).toBeUndefined();
    expect(parseNameHasOwner('Error: GDBus.Error:org.freedesktop.DBus.Error.ServiceUnknown')).toBeUndefined();
  });
});

describe('probeTrayHost', () => {
  it('is not asked outside Linux: macOS and Windows always have a tray', async () => {
    const run = vi.fn<RunCommand>();
    expect(await probeTrayHost('win32', run)).toBe('present');
    expect(run).not.toHaveBeenCalled();
  });

  it('asks gdbus, then dbus-send when gdbus is missing, and answers unknown when neither can', async () => {
    expect(await probeTrayHost('linux', async () => '(true,)')).toBe('present');
    const missingGdbus: RunCommand = async (command) => {
      if (command === 'gdbus') throw Object.assign(new Error('spawn gdbus ENOENT'), { code: 'ENOENT' });
      return '   boolean false\n';
    };
    expect(await probeTrayHost('linux', missingGdbus)).toBe('absent');
    expect(await probeTrayHost('linux', async () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')))).toBe('unknown');
    expect(await probeTrayHost('linux', async () => 'garbage')).toBe('unknown');
  });
});

describe('trayHostNotice', () => {
  it('says nothing where the tray is seen, and names the GNOME extension otherwise', () => {
    expect(trayHostNotice('present')).toBeUndefined();
    expect(trayHostNotice('absent')).toMatch(/AppIndicator and KStatusNotifierItem Support/);
    expect(trayHostNotice('unknown')).toMatch(/could not be checked/);
  });
});
