import { describe, expect, it } from 'vitest';
import { jsonPointer, pointerSegments } from './json-pointer.ts';

describe('JSON pointers', () => {
  it('builds RFC 6901 pointers, escaping ~ before /', () => {
    expect(jsonPointer([])).toBe('');
    expect(jsonPointer(['transaction', 'refund-ids', 0])).toBe('/transaction/refund-ids/0');
    expect(jsonPointer(['a/b', 'c~d', '~1'])).toBe('/a~1b/c~0d/~01');
    expect(jsonPointer([''])).toBe('/');
  });

  it('reads them back, unescaping ~1 before ~0', () => {
    expect(pointerSegments('')).toEqual([]);
    expect(pointerSegments('/')).toEqual(['']);
    expect(pointerSegments('/transaction/refund-ids/0')).toEqual(['transaction', 'refund-ids', '0']);
    expect(pointerSegments('/a~1b/c~0d/~01')).toEqual(['a/b', 'c~d', '~1']);
    for (const segments of [['a/b', 'c~d', '~1', ''], ['~0~1', '//']]) expect(pointerSegments(jsonPointer(segments))).toEqual(segments);
  });
});
