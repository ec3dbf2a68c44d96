// The tray icon and its menu; the menu is rebuilt (and set again) whenever presets or profiles change.
import { Menu, Tray, nativeImage, type NativeImage } from 'electron';
import type { AppSettings } from '../../shared/schema.ts';
import { TRAY_ICON_16_PNG_BASE64, TRAY_ICON_32_PNG_BASE64 } from './tray-icon.ts';
import { guardLines, trayMenuTemplate, trayToolTip, type TrayHandlers } from './tray-menu.ts';
import type { GuardStatus } from '../../shared/guard.ts';

export interface AppTray {
  update(settings: AppSettings): void;
  /** Armed guards are listed at the top of the menu and in the tooltip. */
  showGuards(guards: readonly GuardStatus[]): void;
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
  let shown = settings;
  let guards: readonly GuardStatus[] = [];
  const render = () => {
    tray.setToolTip(trayToolTip(shown.presets, guards));
    tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(shown.presets, shown.profiles, handlers, guards)));
  };
  const update = (next: AppSettings) => {
    shown = next;
    render();
  };
  update(settings);
  // Windows opens the menu on a right click only; a left click is expected to bring the window back. On macOS a click
  // opens the menu.
  if (platform !== 'darwin') tray.on('click', () => handlers.showWindow());
  return {
    update,
    showGuards(next) {
      // Rebuilt only when what the menu says changes (figures move every second; the menu's lines do not).
      const before = JSON.stringify(guardLines(guards));
      guards = next;
      if (JSON.stringify(guardLines(next)) !== before) render();
    },
    destroy: () => tray.destroy(),
  };
}
