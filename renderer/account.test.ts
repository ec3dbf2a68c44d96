import { describe, expect, it } from 'vitest';
import { accountRef, defaultProfile, modeWord, strongestMode } from './account.ts';

describe('the account word', () => {
  it('is PRACTICE for the practice account, DEMO for a demo profile, LIVE otherwise', () => {
    expect(modeWord({ demo: false, practice: true })).toBe('PRACTICE');
    expect(modeWord({ demo: true })).toBe('DEMO');
    expect(modeWord({ demo: false })).toBe('LIVE');
    expect(modeWord({ demo: false, practice: false })).toBe('LIVE');
  });

  it('keeps only the account fields, and practice only when set', () => {
    const summary = { name: 'Practice', demo: false, practice: true, configured: true, keyHint: 'a1b2' };
    expect(accountRef(summary)).toEqual({ name: 'Practice', demo: false, practice: true });
    expect(accountRef({ name: 'main', demo: false, practice: false })).toEqual({ name: 'main', demo: false });
  });

  it('colours a set of accounts by the one with the most at stake: LIVE over DEMO over PRACTICE', () => {
    const live = { demo: false };
    const demo = { demo: true };
    const practice = { demo: false, practice: true };
    expect(strongestMode([practice, demo, live])).toBe('live');
    expect(strongestMode([practice, demo])).toBe('demo');
    expect(strongestMode([practice])).toBe('practice');
    expect(strongestMode([])).toBe('live');
  });
});

describe('the account the window opens on', () => {
  const practice = { name: 'Practice', demo: false, practice: true };
  it('is Practice while no real profile exists, and the first real profile once one does, wherever Practice is listed', () => {
    expect(defaultProfile([practice])).toBe(practice);
    const main = { name: 'main', demo: false };
    expect(defaultProfile([practice, main])).toBe(main);
    expect(defaultProfile([main, practice])).toBe(main);
    expect(defaultProfile([])).toBeUndefined();
  });
});
