import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { presetSchema, type Preset } from '../../shared/schema.ts';
import { acceleratorKey, createHotkeyDispatcher, isWaylandSession, registerPresetHotkeys } from './hotkey-registration.ts';

const preset = (input: Partial<Preset> & Pick<Preset, 'id' | 'name'>): Preset =>
  presetSchema.parse({ profile: 'main', productType: 'USDT-FUTURES', ...input });

function fakeRegistrar(behaviour: Record<string, 'ok' | 'taken' | 'invalid'>) {
  const callbacks = new Map<string, () => void>();
  return {
    callbacks,
    register(accelerator: string, callback: () => void) {
      const outcome = behaviour[accelerator] ?? 'ok';
      if (outcome === 'invalid') throw new Error(`conversion failure: ${accelerator}`);
      if (outcome === 'taken') return false;
      callbacks.set(accelerator, callback);
      return true;
    },
  };
}

describe('registerPresetHotkeys', () => {
  it('never registers a hotkey without a modifier that an older settings file kept, and says why', () => {
    const registrar = fakeRegistrar({});
    const stored = { ...preset({ id: 'a', name: 'Stray' }), hotkey: 'A' };
    const statuses = registerPresetHotkeys([stored], registrar, { wayland: false, onPress: vi.fn() });
    expect(registrar.callbacks.size).toBe(0);
    expect(statuses).toEqual([{ presetId: 'a', accelerator: 'A', registered: false, problem: expect.stringMatching(/no modifier/) }]);
  });

  it('registers enabled hotkeys and routes presses to their preset', () => {
    const registrar = fakeRegistrar({});
    const onPress = vi.fn();
    const a = preset({ id: 'a', name: 'A', hotkey: 'CommandOrControl+Alt+P' });
    const statuses = registerPresetHotkeys([a, preset({ id: 'b', name: 'B' }), preset({ id: 'c', name: 'C', hotkey: 'Alt+F1', hotkeyEnabled: false })], registrar, { wayland: false, onPress });
    expect(statuses).toEqual([{ presetId: 'a', accelerator: 'CommandOrControl+Alt+P', registered: true }]);
    registrar.callbacks.get('CommandOrControl+Alt+P')!();
    expect(onPress).toHaveBeenCalledWith(a);
  });

  it('says which accelerators are taken, invalid or duplicated, and offers the command line', () => {
    const registrar = fakeRegistrar({ 'Alt+F4': 'taken', 'Ctrl+Alt+Numlock': 'invalid' });
    const statuses = registerPresetHotkeys(
      [
        preset({ id: 'a', name: 'Taken', hotkey: 'Alt+F4' }),
        preset({ id: 'b', name: 'Invalid', hotkey: 'Ctrl+Alt+Numlock' }),
        preset({ id: 'c', name: 'First', hotkey: 'Control+Alt+P' }),
        preset({ id: 'd', name: "Trader's second", hotkey: 'alt+ctrl+p' }),
      ],
      registrar,
      { wayland: false, onPress: vi.fn() },
    );
    expect(statuses.map((status) => [status.presetId, status.registered])).toEqual([
      ['a', false],
      ['b', false],
      ['c', true],
      ['d', false],
    ]);
    expect(statuses[0]!.problem).toMatch(/taken by another application.*bitget-panic-app --close 'Taken'/);
    expect(statuses[1]!.problem).toMatch(/not a valid shortcut \(conversion failure: Ctrl\+Alt\+Numlock\)/);
    expect(statuses[2]!.problem).toBeUndefined();
    expect(statuses[3]!.problem).toMatch(/already bound to the preset "First"/);
  });

  it('warns on Wayland that a registered hotkey may not be delivered', () => {
    const statuses = registerPresetHotkeys([preset({ id: 'a', name: 'A', hotkey: 'Alt+P' })], fakeRegistrar({}), { wayland: true, onPress: vi.fn() });
    expect(statuses[0]).toMatchObject({ registered: true, problem: expect.stringMatching(/Wayland.*bitget-panic-app --close 'A'/) });
    const refused = registerPresetHotkeys([preset({ id: 'a', name: 'A', hotkey: 'Alt+P' })], fakeRegistrar({ 'Alt+P': 'taken' }), { wayland: true, onPress: vi.fn() });
    expect(refused[0]).toMatchObject({ registered: false, problem: expect.stringMatching(/GlobalShortcuts portal/) });
  });
});

describe('acceleratorKey', () => {
  it('treats aliases, case and modifier order as the same keys', () => {
    expect(acceleratorKey('Ctrl+Alt+P')).toBe(acceleratorKey('alt+control+p'));
    expect(acceleratorKey('CmdOrCtrl+Shift+1')).toBe(acceleratorKey('Shift+CommandOrControl+1'));
    expect(acceleratorKey('Alt+P')).not.toBe(acceleratorKey('Alt+O'));
  });
});

describe('isWaylandSession', () => {
  it('looks at the Linux session type', () => {
    expect(isWaylandSession({ XDG_SESSION_TYPE: 'wayland' }, 'linux')).toBe(true);
    expect(isWaylandSession({ XDG_SESSION_TYPE: 'x11', DISPLAY: ':0' }, 'linux')).toBe(false);
    expect(isWaylandSession({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBe(true);
    expect(isWaylandSession({ XDG_SESSION_TYPE: 'wayland' }, 'darwin')).toBe(false);
  });
});

describe('createHotkeyDispatcher', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const pressAfter = (dispatch: (preset: Preset) => void, p: Preset, ms: number) => {
    vi.advanceTimersByTime(ms);
    dispatch(p);
  };

  it('runs a double-press preset only after a second, distinct press within the window', () => {
    const run = vi.fn();
    const armed = vi.fn();
    const dispatch = createHotkeyDispatcher({ windowMs: 800, run, armed, held: vi.fn() });
    const p = preset({ id: 'a', name: 'A', hotkey: 'Alt+P', confirmByDoublePress: true });
    dispatch(p);
    expect(armed).toHaveBeenCalledWith(p);
    pressAfter(dispatch, p, 500);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(100);
    expect(run).toHaveBeenCalledWith(p);
  });

  it('a held hotkey disarms, says so once and never runs', () => {
    const run = vi.fn();
    const held = vi.fn();
    const dispatch = createHotkeyDispatcher({ windowMs: 800, run, armed: vi.fn(), held });
    const p = preset({ id: 'a', name: 'A', hotkey: 'Alt+P', confirmByDoublePress: true });
    for (const gap of [0, 500, 33, 33, 33]) pressAfter(dispatch, p, gap);
    vi.advanceTimersByTime(2_000);
    expect(run).not.toHaveBeenCalled();
    expect(held).toHaveBeenCalledTimes(1);
  });

  it('keeps presets apart and runs single-press presets at once, once per hold', () => {
    const run = vi.fn();
    const dispatch = createHotkeyDispatcher({ windowMs: 800, run, armed: vi.fn(), held: vi.fn() });
    dispatch(preset({ id: 'a', name: 'A', confirmByDoublePress: true }));
    pressAfter(dispatch, preset({ id: 'b', name: 'B', confirmByDoublePress: true }), 300);
    vi.advanceTimersByTime(1_000);
    expect(run).not.toHaveBeenCalled();
    const single = preset({ id: 'c', name: 'C', confirmByDoublePress: false });
    for (const gap of [0, 500, 33, 33]) pressAfter(dispatch, single, gap);
    expect(run).toHaveBeenCalledTimes(1);
    expect(run).toHaveBeenCalledWith(single);
  });
});
