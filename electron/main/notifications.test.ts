// createNotifier against the honest stand-in's Notification: shown, refused ('failed'), never confirmed, unsupported.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { electronStandInModule, installElectronStandIn, type NotificationMode } from '../../e2e/electron/stand-in.ts';
import type { NotificationText } from './notification-text.ts';

const text: NotificationText = { title: 'Flat · DEMO "d" · (BTC)', body: 'closed', urgency: 'normal' };

async function notifierWith(mode: NotificationMode) {
  vi.resetModules();
  const standIn = installElectronStandIn({ notifications: mode });
  vi.doMock('electron', () => electronStandInModule());
  await standIn.ready();
  const { createNotifier, SHOW_CONFIRMATION_MS } = await import('./notifications.ts');
  const undelivered = vi.fn();
  const fallback = vi.fn();
  const notify = createNotifier({ log: () => undefined, undelivered });
  return { standIn, notify: () => notify(text, { ifUndelivered: fallback }), undelivered, fallback, SHOW_CONFIRMATION_MS };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createNotifier', () => {
  it('a notification the desktop confirms is not reported', async () => {
    const { standIn, notify, undelivered, fallback, SHOW_CONFIRMATION_MS } = await notifierWith('shown');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    notify();
    await new Promise((resolve) => setImmediate(resolve));
    vi.advanceTimersByTime(SHOW_CONFIRMATION_MS * 2);
    expect(standIn.state.notifications).toEqual([expect.objectContaining({ title: text.title, delivered: true })]);
    expect(undelivered).not.toHaveBeenCalled();
    expect(fallback).not.toHaveBeenCalled();
  });

  it.each([
    ['unsupported', 'unsupported'],
    ['failed', 'failed'],
  ] as const)('%s: reported, and the fallback runs', async (mode, reason) => {
    const { notify, undelivered, fallback } = await notifierWith(mode);
    notify();
    await vi.waitFor(() => expect(undelivered).toHaveBeenCalledWith(reason, text));
    expect(fallback).toHaveBeenCalledTimes(1);
  });

  it('one that vanishes without a word (no show, no failed) is reported once the confirmation time is over', async () => {
    const { notify, undelivered, fallback, SHOW_CONFIRMATION_MS } = await notifierWith('silent');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    notify();
    vi.advanceTimersByTime(SHOW_CONFIRMATION_MS - 1);
    expect(undelivered).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(undelivered).toHaveBeenCalledWith('unconfirmed', text);
    expect(fallback).toHaveBeenCalledTimes(1);
  });
});
