import { afterEach, describe, expect, it, vi } from 'vitest';
import { isoNow } from './now.ts';

describe('isoNow', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is the ISO text of the current time, and follows the clock from one millisecond to the next', () => {
    vi.useFakeTimers();
    for (const at of [Date.UTC(2026, 0, 15, 9, 30, 0, 1), Date.UTC(2026, 0, 15, 9, 30, 0, 2), Date.UTC(2031, 11, 31, 23, 59, 59, 999), Date.UTC(2026, 0, 15, 9, 30, 0, 1)]) {
      vi.setSystemTime(at);
      expect(isoNow()).toBe(new Date(at).toISOString());
      expect(isoNow()).toBe(new Date(at).toISOString());
    }
  });

  it('agrees with new Date().toISOString() on the real clock', () => {
    const before = Date.now();
    const text = isoNow();
    const after = Date.now();
    const at = Date.parse(text);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(after);
    expect(text).toBe(new Date(at).toISOString());
  });
});
