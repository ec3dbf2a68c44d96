// A raw WebSocket client for the simulator's tests (never the app's feed client): frames in order, waits by predicate.
import { createHmac } from 'node:crypto';
import { WebSocket } from 'ws';

export interface Received {
  /** Every text frame received, parsed when JSON, in order. */
  readonly frames: unknown[];
  /** Resolves with the first frame (from index `from`) that matches, or rejects after `ms`. */
  next(match: (frame: unknown) => boolean, ms?: number): Promise<unknown>;
  closed: Promise<{ code: number; reason: string }>;
}

export function loginFrame(credentials: { apiKey: string; secretKey: string; passphrase: string }, overrides: Partial<Record<'apiKey' | 'passphrase' | 'timestamp' | 'sign', string>> = {}): string {
  const timestamp = overrides.timestamp ?? String(Date.now());
  const sign = createHmac('sha256', credentials.secretKey).update(`${timestamp}GET/user/verify`).digest('base64');
  return JSON.stringify({ op: 'login', args: [{ apiKey: credentials.apiKey, passphrase: credentials.passphrase, timestamp, sign, ...overrides }] });
}

/** Collects what a socket-like object receives: `on('message', text)` and `on('close', code, reason)`. */
export function collect(socket: { on(event: 'message', listener: (text: string) => void): unknown; on(event: 'close', listener: (code: number, reason: string) => void): unknown }): Received {
  const frames: unknown[] = [];
  const waiters = new Set<() => void>();
  let consumed = 0;
  socket.on('message', (text) => {
    let frame: unknown = text;
    try {
      frame = JSON.parse(text);
    } catch {
      // the string "pong"
    }
    frames.push(frame);
    for (const waiter of [...waiters]) waiter();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  return {
    frames,
    closed,
    next(match, ms = 3_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          for (; consumed < frames.length; consumed += 1) {
            const frame = frames[consumed];
            if (match(frame)) {
              consumed += 1;
              waiters.delete(check);
              clearTimeout(timer);
              resolve(frame);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching frame within ${ms} ms; received: ${JSON.stringify(frames.slice(-5))}`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
  };
}

export async function connect(url: string): Promise<{ socket: WebSocket; received: Received; send(text: string): void }> {
  const socket = new WebSocket(url);
  const adapter = {
    on(event: 'message' | 'close', listener: (...args: never[]) => void) {
      if (event === 'message') socket.on('message', (data) => (listener as (text: string) => void)(data.toString()));
      else socket.on('close', (code, reason) => (listener as (code: number, reason: string) => void)(code, reason.toString()));
      return adapter;
    },
  };
  const received = collect(adapter as Parameters<typeof collect>[0]);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, received, send: (text) => socket.send(text) };
}

export function event(name: string, code?: string): (frame: unknown) => boolean {
  return (frame) => typeof frame === 'object' && frame !== null && (frame as { event?: unknown }).event === name && (code === undefined || (frame as { code?: unknown }).code === code);
}

export function push(channel: string, action?: string): (frame: unknown) => boolean {
  return (frame) => {
    if (typeof frame !== 'object' || frame === null) return false;
    const { arg, action: sent } = frame as { arg?: { channel?: string; topic?: string }; action?: string };
    return (arg?.channel === channel || arg?.topic === channel) && sent !== undefined && (action === undefined || sent === action);
  };
}
