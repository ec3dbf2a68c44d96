// The tray icon and its menu; the menu is rebuilt (and set again) whenever presets or profiles change.
import { Menu, Tray, nativeImage } from 'electron';
import type { AppSettings } from '../../shared/schema.ts';
import { TRAY_ICON_PNG_BASE64 } from './tray-icon.ts';
import { trayMenuTemplate, trayToolTip, type TrayHandlers } from './tray-menu.ts';

export interface AppTray {
  update(settings: AppSettings): void;
  destroy(): void;
}

export function createAppTray(settings: AppSettings, handlers: TrayHandlers): AppTray {
  const tray = new Tray(nativeImage.createFromBuffer(Buffer.from(TRAY_ICON_PNG_BASE64, 'base64')));
  const update = (next: AppSettings) => {
    tray.setToolTip(trayToolTip(next.presets));
    tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(next.presets, next.profiles, handlers)));
  };
  update(settings);
  return {
    update,
    destroy: () => tray.destroy(),
  };
}
