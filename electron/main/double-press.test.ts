import { describe, expect, it } from 'vitest';
import { createDoublePress } from './double-press.ts';

describe('createDoublePress', () => {
  it('arms on the first press and fires on a second within the window', () => {
    let time = 1_000;
    const press = createDoublePress(800, () => time);
    expect(press.press()).toBe('armed');
    time += 800;
    expect(press.press()).toBe('fire');
  });

  it('re-arms when the second press is too late', () => {
    let time = 0;
    const press = createDoublePress(800, () => time);
    expect(press.press()).toBe('armed');
    time += 801;
    expect(press.press()).toBe('armed');
    time += 100;
    expect(press.press()).toBe('fire');
  });

  it('starts over after firing: a third quick press only arms', () => {
    let time = 0;
    const press = createDoublePress(800, () => time);
    press.press();
    time += 10;
    expect(press.press()).toBe('fire');
    time += 10;
    expect(press.press()).toBe('armed');
  });

  it('forgets an armed press on reset', () => {
    const press = createDoublePress(800, () => 0);
    press.press();
    press.reset();
    expect(press.press()).toBe('armed');
  });
});
