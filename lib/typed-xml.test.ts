import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arrayItemName, decodeTypedXml, encodeTypedXml, escapeText, formatDatetime, xmlSymbol, xmlTyped } from './typed-xml.ts';

describe('encodeTypedXml', () => {
  it('writes the declaration and the Rails types', () => {
    const xml = encodeTypedXml('transaction', {
      id: 'abc123',
      amount: '6.00',
      count: 3,
      flag: false,
      'order-id': null,
      'created-at': new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 678)),
      'updated-at': '2025-01-02T03:04:05Z',
      'refund-ids': [],
      'partial-settlement-transaction-ids': ['c1', 'c2'],
    });
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<transaction>\n')).toBe(true);
    expect(xml).toContain('  <amount>6.00</amount>');
    expect(xml).toContain('<count type="integer">3</count>');
    expect(xml).toContain('<flag type="boolean">false</flag>');
    expect(xml).toContain('<order-id nil="true"/>');
    expect(xml).toContain('<created-at type="datetime">2025-01-02T03:04:05Z</created-at>');
    expect(xml).toContain('<updated-at type="datetime">2025-01-02T03:04:05Z</updated-at>');
    expect(xml).toContain('<refund-ids type="array"/>');
    expect(xml).toContain('<partial-settlement-transaction-ids type="array">\n    <item>c1</item>\n    <item>c2</item>\n  </partial-settlement-transaction-ids>');
  });

  it('writes Braintree errors with type="symbol" attributes, as DOMAIN.md shows', () => {
    const xml = encodeTypedXml(
      'api-error-response',
      { errors: { errors: [], transaction: { errors: [{ code: '91522', attribute: xmlSymbol('amount'), message: 'Settlement amount is too large.' }] } } },
      { indent: '' },
    );
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><api-error-response><errors><errors type="array"/><transaction><errors type="array"><error><code>91522</code><attribute type="symbol">amount</attribute><message>Settlement amount is too large.</message></error></errors></transaction></errors></api-error-response>',
    );
  });

  it('names array children: error, item for *-ids, status-event, singulars, else item', () => {
    expect(arrayItemName('errors')).toBe('error');
    expect(arrayItemName('refund-ids')).toBe('item');
    expect(arrayItemName('status-history')).toBe('status-event');
    expect(arrayItemName('transactions')).toBe('transaction');
    expect(arrayItemName('entries')).toBe('entry');
    expect(arrayItemName('addresses')).toBe('address');
    expect(arrayItemName('data')).toBe('item');
    expect(arrayItemName('things', { things: 'thingy' })).toBe('thingy');
    expect(encodeTypedXml('x', { 'status-history': [{ status: 'authorized' }] }, { indent: '' })).toContain(
      '<status-history type="array"><status-event><status>authorized</status></status-event></status-history>',
    );
  });

  it('escapes text so no value can inject markup', () => {
    const xml = encodeTypedXml('t', { 'order-id': '</order-id><status>settled</status>&amp;"\'' }, { indent: '' });
    expect(xml).toContain('<order-id>&lt;/order-id&gt;&lt;status&gt;settled&lt;/status&gt;&amp;amp;&quot;&apos;</order-id>');
    expect(decodeTypedXml(xml)).toEqual({ t: { 'order-id': '</order-id><status>settled</status>&amp;"\'' } });
  });

  it('replaces characters XML cannot carry', () => {
    expect(escapeText('a\u0000b\u001Fc\uD800d')).toBe('a\uFFFDb\uFFFDc\uFFFDd');
    expect(escapeText('tab\tnl\n😀')).toBe('tab\tnl\n😀');
  });

  it('refuses non-integers, bad names and unencodable values', () => {
    expect(() => encodeTypedXml('t', { amount: 6.5 })).toThrow(/integer/);
    expect(() => encodeTypedXml('t', { 'bad name': 'x' })).toThrow(/invalid element name/);
    expect(() => encodeTypedXml('t', { f: () => 1 })).toThrow(/cannot encode/);
  });

  it('supports explicit types', () => {
    expect(encodeTypedXml('t', { d: xmlTyped('decimal', '1.50') }, { indent: '' })).toContain('<d type="decimal">1.50</d>');
  });
});

describe('formatDatetime', () => {
  it('writes any instant as toISOString without milliseconds, in any order and repeated', () => {
    // Instants that repeat, alternate and come back after others: whatever it remembers must never answer another's text.
    const instants = fc.array(fc.integer({ min: -62_000_000_000_000, max: 250_000_000_000_000 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(instants, fc.array(fc.nat(), { maxLength: 30 }), (pool, picks) => {
        for (const pick of [0, ...picks]) {
          const ms = pool[pick % pool.length] as number;
          expect(formatDatetime(new Date(ms))).toBe(new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'));
        }
      }),
    );
    expect(() => formatDatetime(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('decodeTypedXml', () => {
  it('decodes the Rails types and keeps dashed names', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<transaction>
  <id>abc</id>
  <amount>6.00</amount>
  <count type="integer">-42</count>
  <ok type="boolean">true</ok>
  <no type="boolean">false</no>
  <order-id nil="true"/>
  <empty></empty>
  <self-closed/>
  <created-at type="datetime">2025-01-02T03:04:05Z</created-at>
  <attribute type="symbol">amount</attribute>
  <refund-ids type="array"/>
  <partial-settlement-transaction-ids type="array">
    <item>c1</item>
    <item>c2</item>
  </partial-settlement-transaction-ids>
  <credit-card><last-4>1111</last-4></credit-card>
</transaction>`;
    expect(decodeTypedXml(xml)).toEqual({
      transaction: {
        id: 'abc',
        amount: '6.00',
        count: -42,
        ok: true,
        no: false,
        'order-id': null,
        empty: '',
        'self-closed': '',
        'created-at': '2025-01-02T03:04:05Z',
        attribute: 'amount',
        'refund-ids': [],
        'partial-settlement-transaction-ids': ['c1', 'c2'],
        'credit-card': { 'last-4': '1111' },
      },
    });
  });

  it('decodes entities, character references and CDATA', () => {
    expect(decodeTypedXml('<a><b>1 &amp; 2 &lt;3&gt; &#65;&#x42;&quot;&apos;</b><c><![CDATA[x<y&amp;]]></c></a>')).toEqual({
      a: { b: '1 & 2 <3> AB"\'', c: 'x<y&amp;' },
    });
  });

  it('collects repeated elements outside typed arrays', () => {
    expect(decodeTypedXml('<a><b>1</b><b>2</b><c>3</c></a>')).toEqual({ a: { b: ['1', '2'], c: '3' } });
  });

  it('decodes arrays of objects', () => {
    expect(decodeTypedXml('<r><errors type="array"><error><code>1</code></error><error><code>2</code></error></errors></r>')).toEqual({
      r: { errors: [{ code: '1' }, { code: '2' }] },
    });
  });

  it('never lets element names reach a prototype', () => {
    expect(() => decodeTypedXml('<r><__proto__><polluted>yes</polluted></__proto__></r>')).toThrow(/refused element name/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(() => decodeTypedXml('<r><constructor>x</constructor></r>')).toThrow(/refused element name/);
    const decoded = decodeTypedXml('<r><proto>x</proto></r>');
    expect(Object.getPrototypeOf(decoded.r)).toBe(Object.prototype);
  });

  it.each([
    ['<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>', /DOCTYPE/],
    ['<r><!ENTITY x "y"></r>', /DOCTYPE and ENTITY/],
    ['<r><a></r>', /malformed XML at line 1/],
    ['<r>', /malformed/],
    ['not xml', /malformed/],
    ['', /empty/],
    ['<a/><b/>', /exactly one root/],
    ['<r>&unknown;</r>', /unknown entity/],
    ['<r>a & b</r>', /bare "&"|malformed/],
    ['<r type="integer">1.5</r>', /integer/],
    ['<r type="boolean">maybe</r>', /boolean/],
  ])('refuses %j', (xml, message) => {
    expect(() => decodeTypedXml(xml)).toThrow(message);
  });

  it('refuses a non-string', () => {
    expect(() => decodeTypedXml(42 as unknown as string)).toThrow(/expected a string/);
  });
});

describe('round trip', () => {
  it('decode(encode(v)) is v for typed values', () => {
    const value = {
      id: 'x1',
      amount: '10.00',
      n: 0,
      b: true,
      nothing: null,
      'refund-ids': ['r1'],
      'status-history': [
        { status: 'authorized', amount: '10.00', timestamp: '2025-01-01T00:00:00Z' },
        { status: 'settled', amount: '10.00', timestamp: '2025-01-02T00:00:00Z' },
      ],
      nested: { deeper: { text: 'a & b < c' } },
      empty: '',
      'empty-list': [],
    };
    for (const indent of ['', '  ', '\t']) expect(decodeTypedXml(encodeTypedXml('root', value, { indent }))).toEqual({ root: value });
  });

  it('holds for arbitrary strings, integers, booleans and nulls', () => {
    const scalar = fc.oneof(fc.string(), fc.maxSafeInteger(), fc.boolean(), fc.constant(null));
    const key = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/).filter((k) => !k.endsWith('-at'));
    fc.assert(
      fc.property(fc.dictionary(key, scalar), fc.array(fc.string()), (record, list) => {
        // Strings are compared after the codec's documented replacement of characters XML cannot carry.
        const clean = (v: unknown): unknown => (typeof v === 'string' ? escapeText(v).replace(/&(amp|lt|gt|quot|apos);/g, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e] ?? '') : v);
        const value = { ...record, list };
        const expected = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, Array.isArray(v) ? v.map(clean) : clean(v)]));
        const decoded = decodeTypedXml(encodeTypedXml('root', value, { indent: '' }));
        expect(decoded).toEqual({ root: expected });
      }),
    );
  });
});
