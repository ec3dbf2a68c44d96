// Event subscription for the page: only the contract's EVENTS, and only the payload, never the IPC event. Pure.
import { EVENTS, type EventChannel, type Subscribe } from '../../shared/contract.ts';

export interface EventSource<E> {
  on(channel: string, listener: (event: E, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: E, payload: unknown) => void): unknown;
}

const EVENT_CHANNELS: readonly string[] = Object.values(EVENTS);

export function isEventChannel(value: unknown): value is EventChannel {
  return typeof value === 'string' && EVENT_CHANNELS.includes(value);
}

export function createSubscribe<E>(source: EventSource<E>): Subscribe {
  return (channel, listener) => {
    if (!isEventChannel(channel) || typeof listener !== 'function') return () => undefined;
    const forward = (_event: E, payload: unknown) => listener(payload);
    source.on(channel, forward);
    return () => {
      source.removeListener(channel, forward);
    };
  };
}
