// Applies the launchAtLogin setting on each platform, touching the system only when it differs from the setting:
// every start checks, none rewrites an entry that is already right.
import { app } from 'electron';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import { autostartEntry, autostartPath, launchCommand } from './autostart-entry.ts';

export type LoginItemChange = 'unchanged' | 'set' | 'cleared' | 'failed';

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function applyLinux(openAtLogin: boolean): LoginItemChange {
  const file = autostartPath(process.env, homedir());
  const current = readIfExists(file);
  if (!openAtLogin) {
    if (current === undefined) return 'unchanged';
    rmSync(file, { force: true });
    return 'cleared';
  }
  const command = launchCommand({
    packaged: app.isPackaged,
    execPath: process.execPath,
    appPath: app.getAppPath(),
    ...(process.env.APPIMAGE ? { appImage: process.env.APPIMAGE } : {}),
  });
  const wanted = autostartEntry(command);
  if (current === wanted) return 'unchanged';
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, wanted, { mode: 0o644 });
  return 'set';
}

export function applyLoginItem(openAtLogin: boolean, log: (line: string) => void): LoginItemChange {
  try {
    if (process.platform === 'linux') return applyLinux(openAtLogin);
    if (app.getLoginItemSettings().openAtLogin === openAtLogin) return 'unchanged';
    app.setLoginItemSettings({ openAtLogin });
    return openAtLogin ? 'set' : 'cleared';
  } catch (error) {
    log(`launch at login could not be ${openAtLogin ? 'set' : 'cleared'}: ${error instanceof Error ? error.message : String(error)}`);
    return 'failed';
  }
}
