import { describe, expect, it } from 'vitest';
import { closeEverythingSchema, panicRequestSchema, presetSchema, type Preset } from '../../shared/schema.ts';
import { presetAction, runPreset } from './run-preset.ts';

const preset = (input: Partial<Preset>): Preset => presetSchema.parse({ id: 'p', name: 'P', profile: 'main', productType: 'USDT-FUTURES', ...input });

describe('presetAction', () => {
  it('builds the close request the shared schema accepts, with the trigger', () => {
    const action = presetAction(preset({ symbol: 'btcusdt', holdSide: 'short', cancelOrders: true }), 'hotkey');
    expect(action).toEqual({
      channel: 'close',
      request: { profile: 'main', productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'short', cancelOrders: true, trigger: 'hotkey' },
    });
    expect(panicRequestSchema.safeParse(action.request).success).toBe(true);
  });

  it('leaves out symbol and side when the preset has none', () => {
    expect(presetAction(preset({}), 'tray').request).toEqual({ profile: 'main', productType: 'USDT-FUTURES', cancelOrders: false, trigger: 'tray' });
  });

  it('turns an everything preset into flatten-everything on its profile, ignoring the target fields', () => {
    const action = presetAction(preset({ everything: true, symbol: 'BTCUSDT', holdSide: 'long', cancelOrders: true }), 'hotkey');
    expect(action).toEqual({ channel: 'closeEverything', request: { profile: 'main', cancelOrders: true, trigger: 'hotkey' } });
    expect(closeEverythingSchema.safeParse(action.request).success).toBe(true);
  });
});

describe('runPreset', () => {
  it('answers the event the window shows, named by the preset', async () => {
    const calls: string[] = [];
    const handlers = {
      close: async () => {
        calls.push('close');
        return { ok: false as const, error: { kind: 'not-found' as const, message: 'm', hint: 'h' } };
      },
      closeEverything: async () => {
        calls.push('everything');
        return { ok: true as const, value: { outcomes: [], alreadyFlat: [], refused: [] } };
      },
    };
    expect(await runPreset(handlers, preset({ everything: true, name: 'ALL' }), 'hotkey')).toEqual({ everythingResult: { outcomes: [], alreadyFlat: [], refused: [] }, presetName: 'ALL', trigger: 'hotkey' });
    expect(await runPreset(handlers, preset({ name: 'BTC' }), 'tray')).toEqual({ error: { kind: 'not-found', message: 'm', hint: 'h' }, presetName: 'BTC', trigger: 'tray' });
    expect(calls).toEqual(['everything', 'close']);
  });
});
