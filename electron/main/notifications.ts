// OS notifications, and what happens when one does not reach the person: hotkey, tray and command-line triggers have
// no other feedback, so a notification that is unsupported, refused or never confirmed is reported (`undelivered`).
import { Notification } from 'electron';
import type { NotificationText } from './notification-text.ts';

export type UndeliveredReason = 'unsupported' | 'failed' | 'unconfirmed';

/** Electron emits 'show' once the desktop took the notification; without it by then, it is taken as not shown. */
export const SHOW_CONFIRMATION_MS = 5_000;

export interface NotifierOptions {
  log: (line: string) => void;
  undelivered: (reason: UndeliveredReason, text: NotificationText) => void;
  confirmWithinMs?: number;
}

export function notificationsSupported(): boolean {
  return Notification.isSupported();
}

export type Notify = (text: NotificationText, options?: { ifUndelivered?: () => void }) => void;

export function createNotifier(options: NotifierOptions): Notify {
  return (text, { ifUndelivered } = {}) => {
    const report = (reason: UndeliveredReason, detail?: string) => {
      options.log(`notification not shown (${reason}${detail ? `: ${detail}` : ''}): ${text.title}: ${text.body}`);
      options.undelivered(reason, text);
      ifUndelivered?.();
    };
    if (!Notification.isSupported()) {
      report('unsupported');
      return;
    }
    const notification = new Notification({ title: text.title, body: text.body, urgency: text.urgency, timeoutType: text.urgency === 'critical' ? 'never' : 'default' });
    let settled = false;
    // The timer also keeps the notification object alive until it has answered (Electron drops events of collected ones).
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      report('unconfirmed');
    }, options.confirmWithinMs ?? SHOW_CONFIRMATION_MS);
    timer.unref();
    notification.once('show', () => {
      settled = true;
      clearTimeout(timer);
    });
    notification.once('failed', (_event, error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      report('failed', error);
    });
    notification.show();
  };
}
