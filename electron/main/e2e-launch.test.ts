import { describe, expect, it } from 'vitest';
import { appEnv } from '../../e2e/electron/launch.ts';

describe('the Playwright specs launch the app isolated', () => {
  it('with its own data folder and config home, so launch at login never touches the real autostart entry', () => {
    const env = appEnv('/tmp/panic-electron-x', 'http://127.0.0.1:1');
    expect(env).toMatchObject({ BITGET_PANIC_DATA_DIR: '/tmp/panic-electron-x', XDG_CONFIG_HOME: '/tmp/panic-electron-x/config-home', BITGET_PANIC_E2E: '1' });
  });
});
