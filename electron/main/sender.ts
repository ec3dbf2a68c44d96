// Who may call the IPC handlers: our page, in the main frame, from the app:// origin. Pure.
import type { ExplainedError } from '../../shared/bitget.ts';
import { APP_HOST, APP_ORIGIN, APP_SCHEME } from './window-policy.ts';

/** The parts of Electron's WebFrameMain the check reads. */
export interface SenderFrame {
  readonly origin: string;
  readonly url: string;
  readonly parent: unknown;
}

export type SenderVerdict = { trusted: true } | { trusted: false; reason: string };

export function checkSender(frame: SenderFrame | null | undefined): SenderVerdict {
  if (!frame) return { trusted: false, reason: 'no sender frame (it navigated away or was destroyed)' };
  if (frame.parent !== null) return { trusted: false, reason: 'the sender is a sub-frame, not the main frame' };
  if (frame.origin !== APP_ORIGIN) return { trusted: false, reason: `origin ${JSON.stringify(frame.origin)} is not ${APP_ORIGIN}` };
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return { trusted: false, reason: `URL ${JSON.stringify(frame.url)} cannot be parsed` };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) {
    return { trusted: false, reason: `URL ${JSON.stringify(frame.url)} is not on ${APP_ORIGIN}` };
  }
  return { trusted: true };
}

export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  return checkSender(frame).trusted;
}

export function untrustedSenderError(): ExplainedError {
  return {
    kind: 'bad-input',
    message: 'The request did not come from the app window and was ignored.',
    hint: 'Nothing was sent to the exchange. Use the app window, the tray, a hotkey or the command line.',
  };
}
