import { describe, expect, it } from 'vitest';
import { checkSender, isTrustedSender, untrustedSenderError } from './sender.ts';

const mainFrame = { origin: 'app://bitget-panic', url: 'app://bitget-panic/index.html', parent: null };

describe('isTrustedSender', () => {
  it('trusts our page in the main frame', () => {
    expect(isTrustedSender(mainFrame)).toBe(true);
    expect(isTrustedSender({ ...mainFrame, url: 'app://bitget-panic/index.html#/history' })).toBe(true);
  });

  it('refuses a missing frame (navigated away or destroyed)', () => {
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
    expect(checkSender(null)).toMatchObject({ trusted: false, reason: expect.stringContaining('no sender frame') });
  });

  it('refuses sub-frames, even of our origin', () => {
    expect(isTrustedSender({ ...mainFrame, parent: mainFrame })).toBe(false);
  });

  it('refuses other origins and URLs', () => {
    expect(isTrustedSender({ origin: 'null', url: 'data:text/html,hi', parent: null })).toBe(false);
    expect(isTrustedSender({ origin: 'file://', url: 'file:///tmp/index.html', parent: null })).toBe(false);
    expect(isTrustedSender({ origin: 'https://evil.example', url: 'https://evil.example/', parent: null })).toBe(false);
    expect(isTrustedSender({ origin: 'app://bitget-panic', url: 'app://other/index.html', parent: null })).toBe(false);
    expect(isTrustedSender({ origin: 'app://bitget-panic.evil', url: 'app://bitget-panic.evil/', parent: null })).toBe(false);
    expect(isTrustedSender({ origin: 'app://bitget-panic', url: '', parent: null })).toBe(false);
  });

  it('answers with a bad-input error that says nothing was sent', () => {
    expect(untrustedSenderError()).toMatchObject({ kind: 'bad-input', hint: expect.stringContaining('Nothing was sent') });
  });
});
