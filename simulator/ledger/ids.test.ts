/** Record ids: random by default, the same sequence from a seed, the shape of each API's ids either way. */
import { describe, expect, it } from 'vitest';
import { createIdGenerator, createSeededIds, LOWER_ALPHANUMERIC, seededBytes } from './ids.ts';

/** `[A-Za-z0-9_-]`, as Worldpay ids are (the ledger does not import the models that define it). */
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

const draw = (next: () => string, n: number): string[] => Array.from({ length: n }, next);

describe('createIdGenerator', () => {
  it('maps the bytes of the source it is given onto the alphabet, dropping the bytes that would bias it', () => {
    // 256 % 36 = 4: bytes 252…255 are drawn again (255 and 252 are skipped); 37 is 1 again, 'b'.
    const bytes = [255, 1, 0, 37, 252, 35, 1, 0, 2, 3];
    let i = 0;
    const source = (): number => {
      if (i === bytes.length) throw new Error('the generator asked for more bytes than an id takes');
      return bytes[i++]!;
    };
    expect(createIdGenerator(8, LOWER_ALPHANUMERIC, source)()).toBe('bab9bacd');
  });
});

describe('createSeededIds', () => {
  it('draws the same ids from the same seed, other ids from another seed', () => {
    const a = draw(createSeededIds('scenario-a'), 200);
    expect(draw(createSeededIds('scenario-a'), 200)).toEqual(a);
    const b = draw(createSeededIds('scenario-b'), 200);
    expect(b.filter((id) => a.includes(id))).toEqual([]);
  });

  it("keeps the shape of the random ids: Braintree's 8 of [a-z0-9], Worldpay's 21 of [A-Za-z0-9_-], spread over the alphabet", () => {
    const braintree = draw(createSeededIds('s'), 500);
    for (const id of braintree) expect(id).toMatch(/^[a-z0-9]{8}$/);
    expect(new Set(braintree).size).toBe(500);
    expect(new Set(braintree.join('')).size).toBe(36);
    const worldpay = draw(createSeededIds('s', 21, BASE64URL), 200);
    for (const id of worldpay) expect(id).toMatch(/^[A-Za-z0-9_-]{21}$/);
    expect(new Set(worldpay.join('')).size).toBe(64);
  });
});

describe('seededBytes', () => {
  it('is a pure function of the seed, past its first block of 32 bytes, and looks uniform', () => {
    const take = (seed: string) => {
      const next = seededBytes(seed);
      return Array.from({ length: 4096 }, next);
    };
    const bytes = take('x');
    expect(take('x')).toEqual(bytes);
    expect(take('y')).not.toEqual(bytes);
    // Blocks differ from one another (a counter, not one digest repeated).
    expect(bytes.slice(32, 64)).not.toEqual(bytes.slice(0, 32));
    expect(new Set(bytes).size).toBe(256);
    expect(bytes.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)).toBe(true);
  });
});
