import { describe, expect, it } from 'vitest';
import { closeCommand, parseAppArgs } from './app-cli.ts';

describe('parseAppArgs', () => {
  it('reads --close NAME and --close=NAME among Electron and Chromium arguments', () => {
    expect(parseAppArgs(['/opt/app/bitget-panic-app', '--close', 'Flatten all'])).toEqual({ close: 'Flatten all', hidden: false, problems: [] });
    expect(parseAppArgs(['/usr/bin/electron', '.', '--inspect=0', '--remote-debugging-port=0', '--close=btc-long', '--original-process-start-time=1'])).toEqual({
      close: 'btc-long',
      hidden: false,
      problems: [],
    });
  });

  it('reads --hidden', () => {
    expect(parseAppArgs(['app', '--hidden'])).toEqual({ hidden: true, problems: [] });
  });

  it('reports --close without a preset', () => {
    expect(parseAppArgs(['app', '--close'])).toEqual({ hidden: false, problems: [expect.stringContaining('needs a preset')] });
    expect(parseAppArgs(['app', '--close', '--hidden'])).toMatchObject({ hidden: true, problems: [expect.stringContaining('needs a preset')] });
    expect(parseAppArgs(['app', '--close='])).toMatchObject({ problems: [expect.stringContaining('needs a preset')] });
    expect(parseAppArgs(['app', '--close', '  '])).toEqual({ hidden: false, problems: [expect.stringContaining('empty')] });
  });

  it('stops at --', () => {
    expect(parseAppArgs(['app', '--', '--close', 'x'])).toEqual({ hidden: false, problems: [] });
  });

  it('ignores everything else', () => {
    expect(parseAppArgs(['app', '--no-sandbox', 'file.txt'])).toEqual({ hidden: false, problems: [] });
  });
});

describe('closeCommand', () => {
  it('quotes the preset name for a shell', () => {
    expect(closeCommand('Flatten all')).toBe("bitget-panic-app --close 'Flatten all'");
    expect(closeCommand("Trader's BTC")).toBe("bitget-panic-app --close 'Trader'\\''s BTC'");
  });
});
