// What a hotkey, a tray item or the app's --close does with a preset: the one close path (or flatten-everything,
// which runs it per product type), answered as the event the window shows. Used by electron/main and the harness.
import type { CloseEverythingRequest, PanicRequest, Trigger } from '../../shared/bitget.ts';
import type { OutcomeEvent } from '../../shared/contract.ts';
import type { Preset } from '../../shared/schema.ts';
import type { Handlers } from './handlers.ts';

export type PresetAction =
  | { channel: 'close'; request: PanicRequest }
  | { channel: 'closeEverything'; request: CloseEverythingRequest };

export function presetAction(preset: Preset, trigger: Trigger): PresetAction {
  if (preset.everything) {
    return { channel: 'closeEverything', request: { profile: preset.profile, cancelOrders: preset.cancelOrders, trigger } };
  }
  const request: PanicRequest = { profile: preset.profile, productType: preset.productType, trigger, cancelOrders: preset.cancelOrders };
  if (preset.symbol) request.symbol = preset.symbol;
  if (preset.holdSide) request.holdSide = preset.holdSide;
  return { channel: 'close', request };
}

export async function runPreset(handlers: Pick<Handlers, 'close' | 'closeEverything'>, preset: Preset, trigger: Trigger): Promise<OutcomeEvent> {
  const action = presetAction(preset, trigger);
  const named = { presetName: preset.name, trigger };
  if (action.channel === 'closeEverything') {
    const result = await handlers.closeEverything(action.request);
    return result.ok ? { everythingResult: result.value, ...named } : { error: result.error, ...named };
  }
  const result = await handlers.close(action.request);
  return result.ok ? { outcome: result.value, ...named } : { error: result.error, ...named };
}
