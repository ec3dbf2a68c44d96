// The tray icon and its menu; the menu is rebuilt (and set again) whenever presets or profiles change.
import { Menu, Tray, nativeImage, type NativeImage } from 'electron';
import type { AppSettings } from '../../shared/schema.ts';
import { TRAY_ICON_16_PNG_BASE64, TRAY_ICON_32_PNG_BASE64 } from './tray-icon.ts';
import { trayMenuTemplate, trayToolTip, type TrayHandlers } from './tray-menu.ts';

export interface AppTray {
  update(settings: AppSettings): void;
  destroy(): void;
}

/** 16 points on every screen: the 16 px image, with the 32 px one for 2x screens. */
export function trayImage(): NativeImage {
  const image = nativeImage.createFromBuffer(Buffer.from(TRAY_ICON_16_PNG_BASE64, 'base64'), { scaleFactor: 1 });
  image.addRepresentation({ scaleFactor: 2, buffer: Buffer.from(TRAY_ICON_32_PNG_BASE64, 'base64') });
  return image;
}

export function createAppTray(settings: AppSettings, handlers: TrayHandlers, platform: NodeJS.Platform = process.platform): AppTray {
  const tray = new Tray(trayImage());
  const update = (next: AppSettings) => {
    tray.setToolTip(trayToolTip(next.presets));
    tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(next.presets, next.profiles, handlers)));
  };
  update(settings);
  // Windows opens the menu on a right click only; a left click is expected to bring the window back. On macOS a click
  // opens the menu.
  if (platform !== 'darwin') tray.on('click', () => handlers.showWindow());
  return {
    update,
    destroy: () => tray.destroy(),
  };
}
