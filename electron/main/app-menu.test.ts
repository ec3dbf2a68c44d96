import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { applicationMenuTemplate } from './app-menu.ts';

const roles = (template: MenuItemConstructorOptions[] | null) => (template ?? []).map((item) => item.role);
// Electron's View menu role carries reload, force reload and toggle DevTools.
const developerRoles = ['viewMenu', 'reload', 'forceReload', 'toggleDevTools'];

describe('applicationMenuTemplate', () => {
  it('an installed app on Windows and Linux has no menu at all (Alt shows nothing, Ctrl+R and Ctrl+Shift+I do nothing)', () => {
    expect(applicationMenuTemplate('linux', true)).toBeNull();
    expect(applicationMenuTemplate('win32', true)).toBeNull();
  });

  it('an installed app on macOS keeps the app, Edit and Window menus only', () => {
    expect(roles(applicationMenuTemplate('darwin', true))).toEqual(['appMenu', 'editMenu', 'windowMenu']);
  });

  it('a source checkout adds the View menu (reload, DevTools) on every platform', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      expect(roles(applicationMenuTemplate(platform, false))).toContain('viewMenu');
      expect(roles(applicationMenuTemplate(platform, true)).filter((role) => developerRoles.includes(role ?? ''))).toEqual([]);
    }
  });
});
