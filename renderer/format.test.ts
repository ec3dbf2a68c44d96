import { describe, expect, it } from 'vitest';
import { dateTime, signed, symbolProblem, verificationLine } from './format.ts';

describe('symbolProblem', () => {
  it('accepts blank and exchange symbols', () => {
    expect(symbolProblem('')).toBeUndefined();
    expect(symbolProblem('btcusdt')).toBeUndefined();
    expect(symbolProblem('BTCUSD_251226')).toBeUndefined();
  });
  it('refuses slashes and spaces', () => {
    expect(symbolProblem('BTC/USDT')).toMatch(/letters and digits/);
    expect(symbolProblem('BTC USDT')).toMatch(/letters and digits/);
  });
});

describe('display', () => {
  it('spells out the sign of a gain', () => {
    expect(signed('12.5')).toBe('+12.5');
    expect(signed('-3')).toBe('-3');
    expect(signed('0')).toBe('0');
  });
  it('never lets an unverified result read as all clear', () => {
    expect(verificationLine({ verified: false, stillOpen: [] })).toMatch(/^NOT VERIFIED/);
    expect(verificationLine({ verified: true, stillOpen: [1, 2] })).toMatch(/^STILL OPEN: 2 positions/);
    expect(verificationLine({ verified: true, stillOpen: [] })).toMatch(/nothing of the target is open/);
  });
  it('writes dates year first', () => expect(dateTime('2026-01-02T03:04:05')).toBe('2026-01-02 03:04:05'));
});
