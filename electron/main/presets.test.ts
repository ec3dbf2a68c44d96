import { describe, expect, it } from 'vitest';
import { panicRequestSchema, presetSchema, type Preset } from '../../shared/schema.ts';
import { findPreset, presetRequest } from './presets.ts';

const preset = (input: Partial<Preset> & Pick<Preset, 'id' | 'name'>): Preset =>
  presetSchema.parse({ profile: 'main', productType: 'USDT-FUTURES', ...input });

describe('presetRequest', () => {
  it('builds a request the shared schema accepts, with the trigger', () => {
    const request = presetRequest(preset({ id: 'a', name: 'A', symbol: 'btcusdt', holdSide: 'short', cancelOrders: true }), 'hotkey');
    expect(request).toEqual({ profile: 'main', productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'short', cancelOrders: true, trigger: 'hotkey' });
    expect(panicRequestSchema.safeParse(request).success).toBe(true);
  });

  it('leaves out symbol and side for "everything"', () => {
    expect(presetRequest(preset({ id: 'a', name: 'A' }), 'tray')).toEqual({ profile: 'main', productType: 'USDT-FUTURES', cancelOrders: false, trigger: 'tray' });
  });
});

describe('findPreset', () => {
  const presets = [preset({ id: 'p-1', name: 'Flatten all' }), preset({ id: 'p-2', name: 'BTC long' }), preset({ id: 'p-3', name: 'btc LONG' })];

  it('finds by id, exact name, then unambiguous loose name', () => {
    expect(findPreset(presets, 'p-2')).toMatchObject({ ok: true, value: { id: 'p-2' } });
    expect(findPreset(presets, 'btc LONG')).toMatchObject({ ok: true, value: { id: 'p-3' } });
    expect(findPreset(presets, ' flatten ALL ')).toMatchObject({ ok: true, value: { id: 'p-1' } });
  });

  it('explains a missing or ambiguous preset, listing the known ones', () => {
    expect(findPreset(presets, 'nope')).toMatchObject({ ok: false, error: { kind: 'not-found', hint: expect.stringContaining('"Flatten all"') } });
    expect(findPreset(presets, 'Btc Long')).toMatchObject({ ok: false, error: { kind: 'bad-input', message: expect.stringContaining('More than one') } });
    expect(findPreset([], 'x')).toMatchObject({ ok: false, error: { hint: expect.stringContaining('none yet') } });
  });
});
