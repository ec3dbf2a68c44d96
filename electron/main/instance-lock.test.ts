import { describe, expect, it, vi } from 'vitest';
import { checkInstanceLock } from './instance-lock.ts';

describe('checkInstanceLock', () => {
  it('held, taken back, or lost to another copy', () => {
    expect(checkInstanceLock({ hasSingleInstanceLock: () => true, requestSingleInstanceLock: vi.fn() })).toBe('held');
    expect(checkInstanceLock({ hasSingleInstanceLock: () => false, requestSingleInstanceLock: () => true })).toBe('regained');
    expect(checkInstanceLock({ hasSingleInstanceLock: () => false, requestSingleInstanceLock: () => false })).toBe('lost');
  });
});
