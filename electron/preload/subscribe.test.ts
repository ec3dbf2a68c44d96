import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { EVENTS } from '../../shared/contract.ts';
import { createSubscribe, isEventChannel } from './subscribe.ts';

describe('createSubscribe', () => {
  it('hands the page only the payload, never the IPC event', () => {
    const source = new EventEmitter();
    const listener = vi.fn();
    createSubscribe(source)(EVENTS.outcome, listener);
    const ipcEvent = { sender: { send: () => undefined }, ports: [] };
    source.emit(EVENTS.outcome, ipcEvent, { presetName: 'P' });
    expect(listener).toHaveBeenCalledWith({ presetName: 'P' });
    expect(listener.mock.calls[0]).toHaveLength(1);
  });

  it('unsubscribes', () => {
    const source = new EventEmitter();
    const listener = vi.fn();
    const off = createSubscribe(source)(EVENTS.appStatus, listener);
    off();
    source.emit(EVENTS.appStatus, {}, {});
    expect(listener).not.toHaveBeenCalled();
    expect(source.listenerCount(EVENTS.appStatus)).toBe(0);
  });

  it('listens to the contract events only', () => {
    const source = new EventEmitter();
    const subscribe = createSubscribe(source) as (channel: string, listener: (payload: unknown) => void) => () => void;
    subscribe('panic:close', vi.fn());
    subscribe('electron-store-get-data', vi.fn());
    expect(source.eventNames()).toEqual([]);
    expect(isEventChannel(EVENTS.outcome)).toBe(true);
    expect(isEventChannel('panic:close')).toBe(false);
  });
});
