import { describe, expect, it } from 'vitest';
import { jsonPointerPosition, jsonSyntaxErrorOffset, jsonSyntaxErrorPosition, lineColumnAt } from './json-position.ts';

const text = `{
  "schemaVersion": 1,
  "scenarios": [
    { "id": "a", "status": "passed" },
    {
      "id": "b",
      "a/b~c": { "x": [10, 20] },
      "status": "passd"
    }
  ],
  "esc\\u0061ped": true
}
`;

describe('positions in JSON text', () => {
  it('gives the line and column of an offset', () => {
    expect(lineColumnAt('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumnAt('ab\ncd', 2)).toEqual({ line: 1, column: 3 });
    expect(lineColumnAt('ab\ncd', 3)).toEqual({ line: 2, column: 1 });
    expect(lineColumnAt('ab\ncd', 99)).toEqual({ line: 2, column: 3 });
  });

  it('finds the first syntax error, as V8 would point at it', () => {
    expect(jsonSyntaxErrorOffset('{"a": }')).toBe(6);
    expect(jsonSyntaxErrorOffset('[1,]')).toBe(3);
    expect(jsonSyntaxErrorOffset('{"a": 1}')).toBe(8);
    expect(jsonSyntaxErrorOffset('{"a": "b')).toBe(8);
    expect(jsonSyntaxErrorOffset('{"a": 1} x')).toBe(9);
    expect(jsonSyntaxErrorOffset('{"a": "\u0001"}')).toBe(7);
    // A truncated file, and a trailing comma three lines down.
    const truncated = text.slice(0, 60);
    expect(jsonSyntaxErrorOffset(truncated)).toBe(truncated.length);
    const comma = text.replace('"passed" }', '"passed", }');
    let error: Error | undefined;
    try {
      JSON.parse(comma);
    } catch (e) {
      error = e as Error;
    }
    expect(jsonSyntaxErrorPosition(comma, error!)).toEqual({ line: 4, column: 38 });
    // Without "position N" in the message, the scan says where.
    expect(jsonSyntaxErrorPosition(comma, new Error('Unexpected token'))).toEqual({ line: 4, column: 38 });
  });

  it('finds the value, or the key, a JSON pointer names', () => {
    expect(jsonPointerPosition(text, '')).toEqual({ line: 1, column: 1 });
    expect(jsonPointerPosition(text, '/schemaVersion')).toEqual({ line: 2, column: 20 });
    expect(jsonPointerPosition(text, '/scenarios/1/status')).toEqual({ line: 8, column: 17 });
    expect(jsonPointerPosition(text, '/scenarios/1/status', 'key')).toEqual({ line: 8, column: 7 });
    expect(jsonPointerPosition(text, '/scenarios/0')).toEqual({ line: 4, column: 5 });
    expect(jsonPointerPosition(text, '/scenarios/1/a~1b~0c/x/1')).toEqual({ line: 7, column: 28 });
    expect(jsonPointerPosition(text, '/escaped')).toEqual({ line: 11, column: 19 });
    expect(jsonPointerPosition(text, '/scenarios/2')).toBeUndefined();
    expect(jsonPointerPosition(text, '/nope')).toBeUndefined();
    expect(jsonPointerPosition('{"a": ', '/a/b')).toBeUndefined();
  });
});
