import { describe, expect, it } from 'vitest';
import { decodeUtf8, parseJson } from './body.ts';

describe('parseJson', () => {
  it('drops prototype keys spelled with escapes too', () => {
    expect(parseJson('{"\\u005f_proto__":{"polluted":1},"a":{"construct\\u006fr":1,"b":2},"\\u0070rototype":3,"c":"\\u0041"}')).toEqual({
      ok: true,
      value: { a: { b: 2 }, c: 'A' },
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps the words as values and as parts of other keys', () => {
    expect(parseJson('{"kind":"constructor","my_prototype_id":"x","list":["__proto__"]}')).toEqual({
      ok: true,
      value: { kind: 'constructor', my_prototype_id: 'x', list: ['__proto__'] },
    });
  });

  it('parses plain bodies the same with and without the words', () => {
    const plain = '{"transaction":{"amount":"10.00","options":{"submit_for_settlement":true}},"n":[1,2.5,null]}';
    expect(parseJson(plain)).toEqual({ ok: true, value: JSON.parse(plain) });
    expect(parseJson(Buffer.from(plain))).toEqual({ ok: true, value: JSON.parse(plain) });
    expect(parseJson(`${plain.slice(0, -1)},"constructor":1}`)).toEqual({ ok: true, value: JSON.parse(plain) });
  });

  it('refuses bytes that are not UTF-8 and text that is not JSON, without throwing', () => {
    expect(parseJson(Uint8Array.from([0x7b, 0xff, 0x7d]))).toEqual({ ok: false, message: 'the body is not valid UTF-8' });
    expect(parseJson('{"a":')).toMatchObject({ ok: false });
    expect(decodeUtf8(Uint8Array.from([0xe2, 0x82, 0xac]))).toBe('€');
    expect(decodeUtf8(Uint8Array.from([0xe2, 0x82]))).toBeUndefined();
  });
});
