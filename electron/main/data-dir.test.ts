import { describe, expect, it } from 'vitest';
import { resolveDataDir } from './data-dir.ts';

describe('resolveDataDir', () => {
  it('uses an absolute BITGET_PANIC_DATA_DIR as given', () => {
    expect(resolveDataDir({ BITGET_PANIC_DATA_DIR: '/data/panic', XDG_CONFIG_HOME: '' }, 'linux')).toEqual({ ok: true, value: '/data/panic' });
  });

  it('refuses a relative or empty BITGET_PANIC_DATA_DIR instead of widening it to the default folder', () => {
    expect(resolveDataDir({ BITGET_PANIC_DATA_DIR: './panic' }, 'linux')).toMatchObject({ ok: false, error: { kind: 'environment', message: expect.stringContaining('"./panic"') } });
    expect(resolveDataDir({ BITGET_PANIC_DATA_DIR: ' ' }, 'darwin')).toMatchObject({ ok: false, error: { message: 'BITGET_PANIC_DATA_DIR is set but empty.' } });
  });

  it('on Linux, refuses an empty or relative XDG_CONFIG_HOME and uses an absolute one', () => {
    expect(resolveDataDir({ XDG_CONFIG_HOME: '' }, 'linux')).toMatchObject({ ok: false, error: { message: 'XDG_CONFIG_HOME is set but empty.' } });
    expect(resolveDataDir({ XDG_CONFIG_HOME: 'cfg' }, 'linux')).toMatchObject({ ok: false, error: { hint: expect.stringContaining('absolute path') } });
    expect(resolveDataDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux')).toEqual({ ok: true, value: '/cfg/bitget-panic' });
  });

  it('ignores XDG_CONFIG_HOME where the platform does not use it', () => {
    expect(resolveDataDir({ XDG_CONFIG_HOME: '' }, 'darwin')).toMatchObject({ ok: true });
  });

  it('refuses a default folder that is not absolute (a relative APPDATA on Windows)', () => {
    expect(resolveDataDir({ APPDATA: 'Roaming' }, 'win32')).toMatchObject({ ok: false, error: { message: expect.stringContaining('not an absolute path') } });
  });
});
