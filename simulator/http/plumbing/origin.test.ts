import { describe, expect, it } from 'vitest';
import { originOf } from './origin.ts';

describe('originOf', () => {
  it('is the request host when it is a plain host, else the fallback', () => {
    expect(originOf('127.0.0.1:4010')).toBe('http://127.0.0.1:4010');
    expect(originOf('[::1]:4010')).toBe('http://[::1]:4010');
    expect(originOf('sim.example')).toBe('http://sim.example');
    expect(originOf(undefined)).toBe('http://127.0.0.1');
    expect(originOf('')).toBe('http://127.0.0.1');
    for (const odd of ['evil.example/path', 'user@evil.example', 'a b', 'host:99999999', 'x.example?q', '[::1]x']) expect(originOf(odd), odd).toBe('http://127.0.0.1');
    expect(originOf('evil.example/path', 'http://fallback.example')).toBe('http://fallback.example');
  });

  it('answers the same for a host it saw last and for one it did not', () => {
    expect(originOf('a.example:1')).toBe('http://a.example:1');
    expect(originOf('a.example:1')).toBe('http://a.example:1');
    expect(originOf('b.example:2')).toBe('http://b.example:2');
    expect(originOf('a.example:1/x')).toBe('http://127.0.0.1');
  });
});
