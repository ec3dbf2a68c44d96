// OS notifications, where the desktop has a notification service.
import { Notification } from 'electron';
import type { NotificationText } from './notification-text.ts';

export function notify(text: NotificationText, log: (line: string) => void): void {
  if (!Notification.isSupported()) {
    log(`notifications unsupported here: ${text.title}: ${text.body}`);
    return;
  }
  const notification = new Notification({ title: text.title, body: text.body, urgency: text.urgency, timeoutType: text.urgency === 'critical' ? 'never' : 'default' });
  notification.show();
}
