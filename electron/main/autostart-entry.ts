// Launch at login. macOS and Windows have app.setLoginItemSettings; Linux desktops read an XDG autostart entry
// (~/.config/autostart/<name>.desktop), which this module writes. Pure text and paths; the glue does the I/O.
import { isAbsolute, join } from 'node:path';

export const AUTOSTART_FILE_NAME = 'bitget-panic-app.desktop';

/** Quoting of the Exec key (Desktop Entry Specification): double quotes, with ", `, $ and \ escaped. */
export function quoteExecArgument(argument: string): string {
  if (/^[A-Za-z0-9_\-./=:,+@%]+$/.test(argument)) return argument;
  return `"${argument.replace(/(["`$\\])/g, '\\$1')}"`;
}

export function autostartEntry(command: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Bitget Panic Button',
    'Comment=Flatten Bitget futures positions in one action',
    `Exec=${command.map(quoteExecArgument).join(' ').replace(/%/g, '%%')}`,
    'Icon=bitget-panic-app',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** The XDG Base Directory spec: an unset, empty or relative XDG_CONFIG_HOME means ~/.config. */
export function autostartPath(env: NodeJS.ProcessEnv, home: string): string {
  const configHome = env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(home, '.config');
  return join(configHome, 'autostart', AUTOSTART_FILE_NAME);
}

/**
 * The command that starts this app: the AppImage file when run from one (its mount point changes every run), the
 * installed executable when packaged, else the Electron binary with the app's folder.
 */
export function launchCommand(options: { packaged: boolean; execPath: string; appPath: string; appImage?: string }): string[] {
  if (options.appImage) return [options.appImage];
  return options.packaged ? [options.execPath] : [options.execPath, options.appPath];
}
