// The app's own command line: `--close PRESET` runs a preset (in the running instance if there is one), `--hidden`
// starts in the tray. Chromium and Playwright add flags of their own; anything unknown is ignored. Pure.
export const APP_COMMAND = 'bitget-panic-app';

export interface AppArgs {
  close?: string;
  hidden: boolean;
  problems: string[];
}

export function parseAppArgs(argv: readonly string[]): AppArgs {
  const args: AppArgs = { hidden: false, problems: [] };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    if (arg === '--') break;
    if (arg === '--hidden') {
      args.hidden = true;
    } else if (arg === '--close') {
      const value = argv[index + 1];
      if (value === undefined || value.startsWith('--')) {
        args.problems.push('--close needs a preset name or id, e.g. --close "Flatten all"');
      } else {
        args.close = value;
        index += 1;
      }
    } else if (arg.startsWith('--close=')) {
      const value = arg.slice('--close='.length);
      if (value) args.close = value;
      else args.problems.push('--close needs a preset name or id, e.g. --close "Flatten all"');
    }
  }
  if (args.close !== undefined && !args.close.trim()) {
    delete args.close;
    args.problems.push('--close was given an empty preset name');
  }
  return args;
}

/** The command a desktop's keyboard settings can bind, quoted for a POSIX shell. */
export function closeCommand(presetName: string, command = APP_COMMAND): string {
  return `${command} --close '${presetName.replace(/'/g, `'\\''`)}'`;
}
