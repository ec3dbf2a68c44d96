// One ipcMain.handle per contract channel, nothing else. Each checks the sender, then hands the payload to the core
// handler, which parses it with the shared schema.
import type { FeedUpdate } from '../../shared/feed.ts';
import type { GuardStatus } from '../../shared/guard.ts';
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { Result } from '../../shared/bitget.ts';
import { CHANNELS, type AppStatus, type ChannelName, type OutcomeEvent, EVENTS } from '../../shared/contract.ts';
import type { CloseEvent } from '../core/compose.ts';
import type { Handlers } from '../core/handlers.ts';
import { checkSender, untrustedSenderError } from './sender.ts';

/** The channels that send requests to the exchange: they wait for the start-up clock sync (see registerIpc). */
export const EXCHANGE_CHANNELS: ReadonlySet<ChannelName> = new Set(['testProfile', 'listPositions', 'close', 'closeEverything']);

/**
 * `exchangeReady` settles when the start-up warm-up (credentials, clock sync) has: the window is up and answers
 * everything else at once, while its requests to the exchange are stamped with the synced clock.
 */
export function registerIpc(handlers: Handlers, log: (line: string) => void, exchangeReady: Promise<unknown> = Promise.resolve()): () => void {
  const names = Object.keys(CHANNELS) as ChannelName[];
  for (const name of names) {
    const channel = CHANNELS[name];
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, payload: unknown): Promise<Result<unknown>> => {
      const verdict = checkSender(event.senderFrame);
      if (!verdict.trusted) {
        log(`IPC ${channel} refused: ${verdict.reason}`);
        return { ok: false, error: untrustedSenderError() };
      }
      try {
        if (EXCHANGE_CHANNELS.has(name)) await exchangeReady;
        return await handlers[name](payload);
      } catch (error) {
        log(`IPC ${channel} failed: ${error instanceof Error ? error.message : String(error)}`);
        return {
          ok: false,
          error: { kind: 'unknown', message: 'Something unexpected went wrong in the app.', hint: 'Nothing more was sent. Try again; if it repeats, restart the app.' },
        };
      }
    });
  }
  return () => {
    for (const name of names) ipcMain.removeHandler(CHANNELS[name]);
  };
}

function send(contents: WebContents | undefined, channel: string, payload: unknown): void {
  if (contents && !contents.isDestroyed()) contents.send(channel, payload);
}

export function sendOutcome(contents: WebContents | undefined, event: OutcomeEvent): void {
  send(contents, EVENTS.outcome, event);
}

export function sendAppStatus(contents: WebContents | undefined, status: AppStatus): void {
  send(contents, EVENTS.appStatus, status);
}

/** A close run's progress and cost reports, whatever triggered the run, to the window. */
export function sendCloseEvent(contents: WebContents | undefined, event: CloseEvent): void {
  if (event.kind === 'progress') send(contents, EVENTS.progress, event.progress);
  else send(contents, EVENTS.costs, event.report);
}

/** A live feed's figures and state (every running feed: the window picks the profile it shows). */
export function sendFeedUpdate(contents: WebContents | undefined, update: FeedUpdate): void {
  send(contents, EVENTS.feed, update);
}

/** A guard's state whenever it changes (armed, warning, blind, tripped, figures). */
export function sendGuardStatus(contents: WebContents | undefined, status: GuardStatus): void {
  send(contents, EVENTS.guard, status);
}
