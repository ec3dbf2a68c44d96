// Applies the launchAtLogin setting on each platform.
import { app } from 'electron';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import { autostartEntry, autostartPath, launchCommand } from './autostart-entry.ts';

export function applyLoginItem(openAtLogin: boolean, log: (line: string) => void): void {
  try {
    if (process.platform !== 'linux') {
      app.setLoginItemSettings({ openAtLogin });
      return;
    }
    const file = autostartPath(process.env, homedir());
    if (!openAtLogin) {
      rmSync(file, { force: true });
      return;
    }
    const command = launchCommand({
      packaged: app.isPackaged,
      execPath: process.execPath,
      appPath: app.getAppPath(),
      ...(process.env.APPIMAGE ? { appImage: process.env.APPIMAGE } : {}),
    });
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, autostartEntry(command), { mode: 0o644 });
  } catch (error) {
    log(`launch at login could not be ${openAtLogin ? 'set' : 'cleared'}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
