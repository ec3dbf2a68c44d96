import { describe, expect, it, vi } from 'vitest';
import { presetSchema, type Preset, type ProfileMeta } from '../../shared/schema.ts';
import type { GuardStatus } from '../../shared/guard.ts';
import { presetLabel, trayMenuTemplate, trayToolTip } from './tray-menu.ts';

const preset = (input: Partial<Preset> & Pick<Preset, 'id' | 'name' | 'profile'>): Preset =>
  presetSchema.parse({ productType: 'USDT-FUTURES', ...input });

const profiles: ProfileMeta[] = [
  { name: 'main', demo: false },
  { name: 'practice', demo: true },
];

const presets = [
  preset({ id: 'p1', name: 'Flatten BTC long', profile: 'main', symbol: 'BTCUSDT', holdSide: 'long' }),
  preset({ id: 'p2', name: 'Everything demo', profile: 'practice', cancelOrders: true }),
  preset({ id: 'p3', name: 'Orphan', profile: 'gone' }),
];

const handlers = () => ({ runPreset: vi.fn(), showWindow: vi.fn(), quit: vi.fn() });

describe('trayMenuTemplate', () => {
  it('names account, DEMO/LIVE and target on each preset item', () => {
    const template = trayMenuTemplate(presets, profiles, handlers());
    expect(template.map((item) => item.label ?? item.type)).toEqual([
      'Flatten BTC long — LIVE "main" — BTCUSDT, long side (USDT-FUTURES)',
      'Everything demo — DEMO "practice" — every USDT-FUTURES symbol, both sides, cancel orders',
      'Orphan — profile "gone" not found — every USDT-FUTURES symbol, both sides',
      'separator',
      'Show window',
      'Quit',
    ]);
  });

  it('spells out a flatten-everything preset, whatever target fields it still carries', () => {
    const panic = preset({ id: 'p4', name: 'PANIC', profile: 'main', everything: true, symbol: 'BTCUSDT', cancelOrders: true });
    expect(presetLabel(panic, profiles).label).toBe('PANIC — LIVE "main" — EVERYTHING (USDT-FUTURES, COIN-FUTURES, USDC-FUTURES), cancel orders');
  });

  it('disables a preset whose profile is missing', () => {
    const template = trayMenuTemplate(presets, profiles, handlers());
    expect(template.map((item) => item.enabled)).toEqual([true, true, false, undefined, undefined, undefined]);
    expect(presetLabel(presets[2]!, profiles).known).toBe(false);
  });

  it('names the built-in practice account PRACTICE (it is never stored), and a stored profile of that name by its own kind', () => {
    const practice = preset({ id: 'p5', name: 'Rehearse', profile: 'Practice', symbol: 'BTCUSDT' });
    expect(presetLabel(practice, profiles)).toEqual({ label: 'Rehearse — PRACTICE "Practice" — BTCUSDT, both sides (USDT-FUTURES)', known: true });
    expect(presetLabel(practice, [{ name: 'Practice', demo: false }]).label).toBe('Rehearse — LIVE "Practice" — BTCUSDT, both sides (USDT-FUTURES)');
    expect(trayMenuTemplate([practice], [], handlers())[0]).toMatchObject({ label: expect.stringContaining('PRACTICE "Practice"'), enabled: true });
  });

  it('wires each item to its action', () => {
    const h = handlers();
    const template = trayMenuTemplate(presets, profiles, h);
    const click = (index: number) => (template[index]!.click as () => void)();
    click(1);
    expect(h.runPreset).toHaveBeenCalledWith(presets[1]);
    click(4);
    expect(h.showWindow).toHaveBeenCalledOnce();
    click(5);
    expect(h.quit).toHaveBeenCalledOnce();
  });

  it('says where to add presets when there are none', () => {
    const template = trayMenuTemplate([], profiles, handlers());
    expect(template[0]).toMatchObject({ enabled: false, label: expect.stringContaining('No presets') });
    expect(template.at(-1)!.label).toBe('Quit');
  });

  it('gives distinct ids', () => {
    const ids = trayMenuTemplate(presets, profiles, handlers()).map((item) => item.id).filter(Boolean);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('counts presets in the tooltip', () => {
    expect(trayToolTip(presets)).toBe('Bitget Panic Button: 3 presets');
    expect(trayToolTip([])).toBe('Bitget Panic Button');
  });
});

describe('guard lines in the tray', () => {
  const guard = (profile: string, state: GuardStatus['state'], mode: GuardStatus['mode'], messages: string[] = []): GuardStatus => ({ profile, state, mode, messages });

  it('lists armed guards first, most urgent first, naming the account and why; disarmed ones not at all', () => {
    const template = trayMenuTemplate(presets, profiles, handlers(), [
      guard('main', 'watching', 'live'),
      guard('off', 'disarmed', 'demo'),
      guard('Practice', 'blind', 'practice', ['The live feed is down and positions cannot be read.']),
    ]);
    expect(template.slice(0, 3).map((item) => item.label ?? item.type)).toEqual([
      'GUARD CANNOT SEE THE ACCOUNT — PRACTICE "Practice": The live feed is down and positions cannot be read.',
      'Guard armed — LIVE "main"',
      'separator',
    ]);
    expect(template.slice(0, 2).every((item) => item.enabled === false)).toBe(true);
  });

  it('shows a guard watched by another window or process, and a disagreement or clock jump as the why (issue 18)', () => {
    const template = trayMenuTemplate(presets, profiles, handlers(), [
      guard('other', 'elsewhere', 'live', ['Watched by another window or process using this data folder.']),
      guard('main', 'watching', 'live', ['Not confirmed: the live figures said "Daily loss -1075 USDT reached the limit", but a fresh read of the account says: day 163.76 USDT.']),
    ]);
    expect(template.slice(0, 2).map((item) => item.label)).toEqual([
      'Guard armed — LIVE "main": Not confirmed: the live figures said "Daily loss -1075 USDT reached the limit", but a fresh read of the account says: day 163.76 USDT.',
      'Guard watched by another window or process — LIVE "other": Watched by another window or process using this data folder.',
    ]);
  });

  it('puts the most urgent guard in the tooltip, and nothing when none is armed', () => {
    expect(trayToolTip([], [guard('main', 'disarmed', 'live')])).toBe('Bitget Panic Button');
    expect(trayToolTip([], [guard('main', 'watching', 'live'), guard('demo', 'warning', 'demo', ['Daily loss at 82 % of its limit.'])])).toBe(
      'Bitget Panic Button\nGUARD WARNING — DEMO "demo": Daily loss at 82 % of its limit.',
    );
  });
});
