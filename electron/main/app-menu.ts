// The application menu. Electron's default one (shown by Alt on Windows and Linux) reloads the page on Ctrl+R and
// opens DevTools on Ctrl+Shift+I: an installed app has none on Windows and Linux, and on macOS only the app, Edit
// (copy and paste in the forms need it) and Window menus. Source checkouts keep View (reload, DevTools). Pure.
import type { MenuItemConstructorOptions } from 'electron';

export function applicationMenuTemplate(platform: NodeJS.Platform, packaged: boolean): MenuItemConstructorOptions[] | null {
  const developer: MenuItemConstructorOptions[] = packaged ? [] : [{ role: 'viewMenu' }];
  if (platform === 'darwin') return [{ role: 'appMenu' }, { role: 'editMenu' }, ...developer, { role: 'windowMenu' }];
  return developer.length ? developer : null;
}
