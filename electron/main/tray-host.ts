// Whether a tray icon can be seen at all. On Linux, Electron's tray is a StatusNotifierItem: it needs a host on the
// session bus (org.kde.StatusNotifierWatcher). Stock GNOME has none without the AppIndicator extension, and `new Tray`
// does not throw there: the icon is simply not shown. Asked through the desktop's own D-Bus tools; where neither
// answers, the tray is treated as not there (the window then stays reachable).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export type TrayHost = 'present' | 'absent' | 'unknown';

const WATCHER = 'org.kde.StatusNotifierWatcher';

/** The D-Bus NameHasOwner question, as gdbus and as dbus-send ask it. */
export const TRAY_HOST_QUERIES: ReadonlyArray<{ command: string; args: string[] }> = [
  {
    command: 'gdbus',
    args: ['call', '--session', '--dest', 'org.freedesktop.DBus', '--object-path', '/org/freedesktop/DBus', '--method', 'org.freedesktop.DBus.NameHasOwner', WATCHER],
  },
  {
    command: 'dbus-send',
    args: ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', `string:${WATCHER}`],
  },
];

/** gdbus prints "(true,)"; dbus-send prints "method return … boolean true". Anything else is no answer. */
export function parseNameHasOwner(output: string): boolean | undefined {
  const answer = /\(\s*(true|false)\s*,\s*\)|\bboolean\s+(true|false)\b/.exec(output);
  if (!answer) return undefined;
  return (answer[1] ?? answer[2]) === 'true';
}

export type RunCommand = (command: string, args: string[]) => Promise<string>;

const execFileText = promisify(execFile);
const runCommand: RunCommand = async (command, args) => (await execFileText(command, args, { timeout: 2_000, encoding: 'utf8' })).stdout;

export async function probeTrayHost(platform: NodeJS.Platform, run: RunCommand = runCommand): Promise<TrayHost> {
  if (platform !== 'linux') return 'present';
  for (const query of TRAY_HOST_QUERIES) {
    try {
      const answer = parseNameHasOwner(await run(query.command, query.args));
      if (answer !== undefined) return answer ? 'present' : 'absent';
    } catch {
      // Not installed, or no session bus: ask the next tool.
    }
  }
  return 'unknown';
}

export function trayHostNotice(host: TrayHost): string | undefined {
  if (host === 'present') return undefined;
  const why =
    host === 'absent'
      ? 'This desktop shows no tray icons (no StatusNotifierItem host on the session bus)'
      : 'It could not be checked whether this desktop shows tray icons (no answer on the session bus)';
  return `${why}, so the tray icon and its menu may be missing. On GNOME, install and switch on the "AppIndicator and KStatusNotifierItem Support" extension. Until then, closing this window minimizes it instead of hiding it; hotkeys and the command-line trigger work as usual.`;
}
