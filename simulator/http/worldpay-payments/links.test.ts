import { describe, expect, it } from 'vitest';
import { actionsOf, LinkCodec, linksOf } from './links.ts';

describe('LinkCodec', () => {
  const key = Buffer.alloc(32, 7);

  it('turns a payment id into an opaque token and back, the same token every time', () => {
    const codec = new LinkCodec(key);
    const token = codec.encode('payAAAAAAAAAAAAAAAAAAAAA0');
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(token).not.toContain('payAAAA');
    expect(codec.encode('payAAAAAAAAAAAAAAAAAAAAA0')).toBe(token);
    expect(codec.decode(token)).toBe('payAAAAAAAAAAAAAAAAAAAAA0');
  });

  it('refuses altered, extended, foreign and malformed tokens', () => {
    const codec = new LinkCodec(key);
    const token = codec.encode('payAAAAAAAAAAAAAAAAAAAAA0');
    const flipped = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect(codec.decode(flipped)).toBeUndefined();
    expect(codec.decode(`${token}A`)).toBeUndefined();
    expect(codec.decode(new LinkCodec(Buffer.alloc(32, 8)).encode('payAAAAAAAAAAAAAAAAAAAAA0'))).toBeUndefined();
    // A token forged from a payment id and a made-up signature.
    expect(codec.decode(Buffer.from('payAAAAAAAAAAAAAAAAAAAAA0.xxxxxxxxxxxxxxxxxxxxxx').toString('base64url'))).toBeUndefined();
    for (const bad of ['', 'not base64!', 'a'.repeat(513)]) expect(codec.decode(bad)).toBeUndefined();
  });

  it('still verifies its tokens once it forgot them, and a codec with the same key knows them', () => {
    const codec = new LinkCodec(key);
    const token = codec.encode('payBBBBBBBBBBBBBBBBBBBBB0');
    codec.forget();
    expect(codec.decode(token)).toBe('payBBBBBBBBBBBBBBBBBBBBB0');
    expect(new LinkCodec(key).decode(token)).toBe('payBBBBBBBBBBBBBBBBBBBBB0');
  });
});

describe('links', () => {
  it('builds hrefs on the origin given', () => {
    expect(linksOf('http://h', 'tok')).toEqual({ self: { href: 'http://h/api/payments/tok' } });
    expect(actionsOf('http://h', 'tok', ['partiallySettlePayment', 'cancelPayment'])).toEqual({
      partiallySettlePayment: { href: 'http://h/api/payments/tok/partialSettlements', method: 'POST' },
      cancelPayment: { href: 'http://h/api/payments/tok/cancellations', method: 'POST' },
    });
  });
});
