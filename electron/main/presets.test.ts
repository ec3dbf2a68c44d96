import { describe, expect, it } from 'vitest';
import { presetSchema, type Preset } from '../../shared/schema.ts';
import { findPreset } from './presets.ts';

const preset = (input: Partial<Preset> & Pick<Preset, 'id' | 'name'>): Preset =>
  presetSchema.parse({ profile: 'main', productType: 'USDT-FUTURES', ...input });

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
