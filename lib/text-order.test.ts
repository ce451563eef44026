import { describe, expect, it } from 'vitest';
import { compareText } from './text-order.ts';

describe('compareText', () => {
  it('orders by code units, not by a locale', () => {
    // Danish collation sorts "aa" as "å", after "z"; Swedish puts "ä" after "z" too; code units do neither.
    const ids = ['suite/zebra', 'suite/aarhus', 'suite/abc', 'suite/Zulu', 'suite/äpple', 'suite/a-b', 'suite/a/b'];
    expect([...ids].sort(compareText)).toEqual(['suite/Zulu', 'suite/a-b', 'suite/a/b', 'suite/aarhus', 'suite/abc', 'suite/zebra', 'suite/äpple']);
    expect([...ids].sort(compareText)).toEqual([...ids].sort());
  });

  it('says equal for equal strings only', () => {
    expect(compareText('a', 'a')).toBe(0);
    expect(compareText('a', 'b')).toBeLessThan(0);
    expect(compareText('b', 'a')).toBeGreaterThan(0);
  });
});
