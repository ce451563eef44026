import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimulatorContext } from './context.ts';
import { createRequestContext, pathnameOf } from './request.ts';

const BASE = 'http://simulator.invalid';

describe('pathnameOf', () => {
  it('gives what the URL parser gives, for targets of every kind', () => {
    // Plain characters, the ones the parser resolves (dot segments, %2e), encodes (space, quotes, braces, non-ASCII),
    // strips (tab, newline), ends the path at (? #) or reads as a separator (backslash).
    const unit = fc.constantFrom(...'aZ09-_~!$&\'()*+,;=:@%./'.split(''), '%2e', '%2E', '..', '//', '?', '#', ' ', '\\', '"', '<', '>', '{', '}', '^', '|', '[', ']', '`', '\t', '\n', 'é', '€', '%zz');
    const target = fc.array(unit, { maxLength: 24 }).map((units) => `/${units.join('')}`);
    fc.assert(
      fc.property(target, (t) => {
        // Some targets (`//`) are no URL at all: the parser throws, and so must this.
        const parse = (f: () => string): string => {
          try {
            return f();
          } catch (error) {
            return `throws ${(error as { code?: string }).code}`;
          }
        };
        expect(parse(() => pathnameOf(t))).toBe(parse(() => new URL(t, BASE).pathname));
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps the requests clients send as they are, and resolves the rest like the parser', () => {
    for (const plain of ['/merchants/integration_merchant_id/transactions/abc123/submit_for_partial_settlement', '/api/payments/cGF5-_x', '/splitPayments/sp1/items/i-1/fulfillments', '/']) {
      expect(pathnameOf(plain)).toBe(plain);
    }
    expect(pathnameOf('/a/../b')).toBe('/b');
    expect(pathnameOf('/a/%2E%2e/b')).toBe('/b');
    expect(pathnameOf('/a/./b/.')).toBe('/a/b/');
    expect(pathnameOf('/a?x=1')).toBe('/a');
    expect(pathnameOf('//host/path')).toBe('/path');
    expect(pathnameOf('/a b')).toBe('/a%20b');
    expect(pathnameOf('*')).toBe(new URL('*', BASE).pathname);
    expect(pathnameOf('http://elsewhere/x/y')).toBe('/x/y');
  });
});

describe('RequestContext.header', () => {
  it('gives a header as sent, one sent several times joined with ", ", and undefined when absent', () => {
    const req = { url: '/', method: 'get', headers: { 'wp-api-version': '2024-06-01', 'x-many': ['a', 'b'], host: '' } } as unknown as IncomingMessage;
    const ctx = createRequestContext(req, {} as ServerResponse, {} as SimulatorContext, () => false);
    expect(ctx.header('wp-api-version')).toBe('2024-06-01');
    expect(ctx.header('x-many')).toBe('a, b');
    expect(ctx.header('host')).toBe('');
    expect(ctx.header('content-type')).toBeUndefined();
    expect(ctx.method).toBe('GET');
  });
});
