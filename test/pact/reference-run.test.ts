/** The reference run's fixed inputs: the uid derived from a scenario id, and the example origin written over the simulator's. */
import { describe, expect, it } from 'vitest';
import { EXAMPLE_ORIGIN, referenceSimulatorOptions, referenceUid, withExampleOrigin } from '../../runner/pact/reference-run.ts';

describe('referenceUid', () => {
  it("has a fresh uid's shape, is stable for a scenario and differs between scenarios", () => {
    const ids = ['braintree/void/pending-parent-refused', 'braintree/void/pending-parent-refuse', 'worldpay-payments/partial-settlement/three-shipments'];
    const uids = ids.map(referenceUid);
    for (const uid of uids) expect(uid).toMatch(/^sk[a-z0-9]{16}$/);
    expect(ids.map(referenceUid)).toEqual(uids);
    expect(new Set(uids).size).toBe(ids.length);
  });
});

describe('referenceSimulatorOptions', () => {
  it('seeds each scenario its own simulator', () => {
    expect(referenceSimulatorOptions('a/b').seed).toBeDefined();
    expect(referenceSimulatorOptions('a/b')).toEqual(referenceSimulatorOptions('a/b'));
    expect(referenceSimulatorOptions('a/b').seed).not.toBe(referenceSimulatorOptions('a/c').seed);
  });
});

describe('withExampleOrigin', () => {
  it('writes the example origin over the simulator origin in every string, deep, and nowhere else', () => {
    const origin = 'http://127.0.0.1:4010';
    const value = {
      headers: { location: `${origin}/splitPayments/spl1` },
      decoded: { _links: { self: { href: `${origin}/api/payments/x` } }, items: [`${origin}/a`, 'plain', 7, null, true] },
      body: `{"href":"${origin}/api/payments/x","other":"${origin}"}`,
      // Another port that starts with the same digits is another origin.
      elsewhere: 'http://127.0.0.1:40101/api/payments/x',
    };
    expect(withExampleOrigin(value, origin)).toEqual({
      headers: { location: `${EXAMPLE_ORIGIN}/splitPayments/spl1` },
      decoded: { _links: { self: { href: `${EXAMPLE_ORIGIN}/api/payments/x` } }, items: [`${EXAMPLE_ORIGIN}/a`, 'plain', 7, null, true] },
      body: `{"href":"${EXAMPLE_ORIGIN}/api/payments/x","other":"${EXAMPLE_ORIGIN}"}`,
      elsewhere: 'http://127.0.0.1:40101/api/payments/x',
    });
    // The input is left as it was.
    expect(value.headers.location).toBe(`${origin}/splitPayments/spl1`);
  });
});
