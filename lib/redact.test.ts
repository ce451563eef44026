import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { XMLBuilder } from 'fast-xml-parser';
import { MASK, MIN_SECRET_LENGTH, createRedactor } from './redact.ts';

const PUBLIC_KEY = 'integration_public_key';
const PRIVATE_KEY = 'integration_private_key';
const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Reference Luhn, written independently of the implementation. */
function luhnValid(digits: string): boolean {
  const sum = [...digits]
    .reverse()
    .map(Number)
    .reduce((total, digit, index) => total + (index % 2 === 1 ? [0, 2, 4, 6, 8, 1, 3, 5, 7, 9][digit]! : digit), 0);
  return sum % 10 === 0;
}

describe('createRedactor: headers', () => {
  const redactor = createRedactor({ secrets: [PUBLIC_KEY, PRIVATE_KEY] });

  it('masks Authorization and Proxy-Authorization, keeping the scheme word', () => {
    expect(redactor.headers({ Authorization: basic(PUBLIC_KEY, PRIVATE_KEY) })).toEqual({ Authorization: 'Basic ***' });
    expect(redactor.headers({ authorization: 'Bearer eyJhbGciOi.x.y' })).toEqual({ authorization: 'Bearer ***' });
    expect(redactor.headers({ 'PROXY-AUTHORIZATION': 'Digest username="a", response="b"' })).toEqual({ 'PROXY-AUTHORIZATION': 'Digest ***' });
    expect(redactor.headers({ Authorization: 'rawtoken' })).toEqual({ Authorization: '***' });
  });

  it('masks API keys and token-like headers entirely', () => {
    expect(redactor.headers({ 'X-Api-Key': 'k-123', 'x-auth-token': 't', 'X-CSRF-Token': 'c', 'X-Client-Secret': 's' })).toEqual({
      'X-Api-Key': '***',
      'x-auth-token': '***',
      'X-CSRF-Token': '***',
      'X-Client-Secret': '***',
    });
  });

  it('masks cookie values but keeps cookie names and Set-Cookie attributes', () => {
    expect(redactor.headers({ Cookie: 'sid=abc123; theme=dark' })).toEqual({ Cookie: 'sid=***; theme=***' });
    expect(redactor.headers({ Cookie: 'barevalue' })).toEqual({ Cookie: '***' });
    expect(redactor.headers({ 'Set-Cookie': 'sid=xyz; Path=/; Expires=Wed, 21 Oct 2015 07:28:00 GMT; HttpOnly; SameSite=Lax' })).toEqual({
      'Set-Cookie': 'sid=***; Path=/; Expires=Wed, 21 Oct 2015 07:28:00 GMT; HttpOnly; SameSite=Lax',
    });
    // Several cookies folded into one value.
    expect(redactor.headers({ 'set-cookie': 'a=1; Path=/, b=2; Secure' })).toEqual({ 'set-cookie': 'a=***; Path=/, b=***; Secure' });
  });

  it('keeps other headers, masking secrets, URL credentials and cards inside them', () => {
    const out = redactor.headers({
      'Content-Type': 'application/xml',
      'X-ApiVersion': '6',
      Location: 'https://bob:hunter22@host/x',
      'X-Echo': `key=${PRIVATE_KEY}`,
      'X-Card': '4111111111111111',
      'Access-Control-Allow-Credentials': 'true',
    });
    expect(out).toEqual({
      'Content-Type': 'application/xml',
      'X-ApiVersion': '6',
      Location: 'https://***:***@host/x',
      'X-Echo': 'key=***',
      'X-Card': '************1111',
      'Access-Control-Allow-Credentials': 'true',
    });
  });

  it('returns a copy when it masks something, and leaves the input untouched', () => {
    const input = { Accept: 'application/json', Authorization: 'Basic abc', 'X-After': 'kept' };
    const out = redactor.headers(input);
    expect(out).not.toBe(input);
    expect(out).toEqual({ Accept: 'application/json', Authorization: 'Basic ***', 'X-After': 'kept' });
    expect(Object.keys(out)).toEqual(['Accept', 'Authorization', 'X-After']);
    expect(input.Authorization).toBe('Basic abc');
  });

  it('returns the map itself when nothing in it is masked (copy on write), the same every time', () => {
    const input = { 'content-type': 'application/json', date: 'Tue, 01 Dec 2026 18:00:00 GMT', 'x-request-id': 'r-1' };
    expect(redactor.headers(input)).toBe(input);
    expect(redactor.headers(input)).toBe(input);
  });

  it('keeps a header named __proto__ as data when it copies', () => {
    const input = JSON.parse('{"__proto__":"x","authorization":"Bearer abcdefghijklmnopqrstuvwxyz"}') as Record<string, string>;
    const out = redactor.headers(input);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__', 'authorization']);
    expect(out.authorization).toBe('Bearer ***');
  });

  it('redacts the same (name, value) the same way past the memo bound', () => {
    const values = Array.from({ length: 1500 }, (_, i) => `v${i}-${PRIVATE_KEY}`);
    for (const value of values) expect(redactor.headers({ 'X-Echo': value })['X-Echo']).toBe(value.replace(PRIVATE_KEY, MASK));
    expect(redactor.headers({ 'X-Echo': values[0]! })['X-Echo']).toBe(values[0]!.replace(PRIVATE_KEY, MASK));
  });
});

describe('createRedactor: URLs', () => {
  const redactor = createRedactor({ secrets: ['p@ss/word!'] });

  it('masks userinfo', () => {
    expect(redactor.url('http://user:pass@host')).toBe('http://***:***@host');
    expect(redactor.url('https://user:pa:ss@127.0.0.1:8080/path?q=1')).toBe('https://***:***@127.0.0.1:8080/path?q=1');
    expect(redactor.url('https://tokenonly@github.com/x')).toBe('https://***@github.com/x');
    expect(redactor.text('see http://a:b@h/ and ftp://c:d@e/')).toBe('see http://***:***@h/ and ftp://***:***@e/');
  });

  it('masks userinfo wherever a text holds it, plain URLs beside it or not (the pre-check lets no userinfo through)', () => {
    const plain = createRedactor();
    const userChar = fc.constantFrom(...'abcXYZ019_-.~%!$&()*+,;='.split(''));
    const part = fc.array(userChar, { minLength: 1, maxLength: 8 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(part, fc.option(part, { nil: undefined }), fc.constantFrom('', 'see ', 'http://plain.example/x and '), (user, password, before) => {
        const url = `https://${user}${password === undefined ? '' : `:${password}`}@host.example/p`;
        const masked = plain.text(`${before}${url}`);
        expect(masked).toBe(`${before}https://${password === undefined ? '***' : '***:***'}@host.example/p`);
      }),
    );
  });

  it('does not mistake an @ in the path or query for userinfo', () => {
    expect(redactor.url('http://host/users/a@b.com?email=x@y.z')).toBe('http://host/users/a@b.com?email=x@y.z');
    expect(redactor.url('http://host:8080/x')).toBe('http://host:8080/x');
  });

  it('masks credential-named query parameters, keeping the rest and the fragment', () => {
    expect(redactor.url('http://h/p?token=abc&amount=10&api_key=zz&Signature=s#token=frag')).toBe(
      'http://h/p?token=***&amount=10&api_key=***&Signature=***#token=frag',
    );
    expect(redactor.url('http://h/p?tokens=1&monkey=2')).toBe('http://h/p?tokens=1&monkey=2');
  });

  it('masks secrets written raw or percent-encoded in the path', () => {
    expect(redactor.url(`http://h/${encodeURIComponent('p@ss/word!')}/x`)).toBe('http://h/***/x');
    expect(redactor.url('http://h/?q=p%40ss%2Fword!')).toBe('http://h/?q=***');
  });
});

describe('createRedactor: secrets', () => {
  it('masks every occurrence of each secret, longest first', () => {
    const redactor = createRedactor({ secrets: ['secret', 'secret-longer'] });
    expect(redactor.text('a secret-longer and a secret')).toBe('a *** and a ***');
  });

  it(`ignores secrets shorter than ${MIN_SECRET_LENGTH} characters, and empty ones`, () => {
    const redactor = createRedactor({ secrets: ['abc', '', 'a'] });
    expect(redactor.text('abc a the alphabet')).toBe('abc a the alphabet');
    expect(createRedactor({ secrets: ['abcd'] }).text('xabcdx')).toBe(`x${MASK}x`);
  });

  it('masks secrets inside JSON strings, including their escaped form', () => {
    const tricky = 'pa"ss\\wo\nrd';
    const redactor = createRedactor({ secrets: [PRIVATE_KEY, tricky] });
    const json = JSON.stringify({ transaction: { note: `key ${PRIVATE_KEY}!`, other: tricky, list: [tricky] } });
    const out = redactor.text(json);
    expect(out).toBe(JSON.stringify({ transaction: { note: 'key ***!', other: '***', list: ['***'] } }));
    expect(JSON.parse(out)).toBeTruthy();
  });

  it('masks secrets inside XML text and attributes, escaped the way an XML writer escapes them', () => {
    const tricky = 'a&b<c>"d\'e';
    const redactor = createRedactor({ secrets: [PRIVATE_KEY, tricky] });
    const xml = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_' }).build({
      transaction: { '@_ref': tricky, message: `bad key ${PRIVATE_KEY}`, note: tricky },
    }) as string;
    const out = redactor.text(xml);
    expect(out).not.toContain(PRIVATE_KEY);
    expect(out).toContain('<message>bad key ***</message>');
    expect(out).toContain('<note>***</note>');
    expect(out).toContain('ref="***"');
  });

  it('masks the base64 of a secret, and of user:pass pairs of secrets', () => {
    const redactor = createRedactor({ secrets: [PUBLIC_KEY, PRIVATE_KEY] });
    const single = Buffer.from(PRIVATE_KEY).toString('base64');
    expect(single.endsWith('=')).toBe(true);
    expect(redactor.text(`token=${single}`)).toBe('token=***');
    expect(redactor.text(`token=${single.replace(/=+$/, '')}&x`)).toBe('token=***&x');
    expect(redactor.text(`token=${Buffer.from(PRIVATE_KEY).toString('base64url')}`)).toBe('token=***');
    const pair = Buffer.from(`${PUBLIC_KEY}:${PRIVATE_KEY}`).toString('base64');
    expect(redactor.text(`credentials ${pair} here`)).toBe('credentials *** here');
  });

  it('masks Basic credentials in text: any user:pass pair, or a token holding a secret', () => {
    const redactor = createRedactor({ secrets: [PRIVATE_KEY] });
    expect(redactor.text(`Authorization: ${basic('someone', 'else')}`)).toBe('Authorization: Basic ***');
    expect(redactor.text(`"authorization":"${basic('x', `${PRIVATE_KEY}`)}"`)).toBe('"authorization":"Basic ***"');
    expect(redactor.text('basic settlement rules; Basic info')).toBe('basic settlement rules; Basic info');
  });

  it('masks long Bearer tokens in text', () => {
    const redactor = createRedactor();
    expect(redactor.text('Authorization: Bearer abcdefghijklmnopqrstuvwxyz.0123456789')).toBe('Authorization: Bearer ***');
    expect(redactor.text('the bearer of bad news')).toBe('the bearer of bad news');
  });

  it('never leaves a planted secret in JSON, XML, URL or header text (property)', () => {
    const secretChar = fc.constantFrom(...'abcXYZ019_-.:/@"\'&<>%+= é\\'.split(''));
    const secret = fc.array(secretChar, { minLength: MIN_SECRET_LENGTH, maxLength: 16 }).map((chars) => chars.join(''));
    const filler = fc.string({ maxLength: 20 }).filter((s) => !s.includes('*'));
    fc.assert(
      fc.property(fc.uniqueArray(secret, { minLength: 1, maxLength: 3 }), filler, filler, (secrets, before, after) => {
        const redactor = createRedactor({ secrets });
        const [first] = secrets as [string];
        const planted = [
          `${before}${first}${after}`,
          JSON.stringify({ a: before, b: [`${before}${first}${after}`], c: { d: first } }),
          new XMLBuilder({}).build({ root: { a: `${before}${first}${after}` } }) as string,
          `http://h/${encodeURIComponent(first)}?q=${new URLSearchParams({ v: first }).toString().slice(2)}`,
          `Authorization: ${basic(before.replace(/[\s:]/g, '') || 'u', first)}`,
          Buffer.from(first).toString('base64'),
        ];
        for (const text of planted) {
          const out = redactor.text(text);
          for (const s of secrets) {
            expect(out).not.toContain(s);
            expect(out).not.toContain(JSON.stringify(s).slice(1, -1));
            expect(out).not.toContain(encodeURIComponent(s));
          }
        }
        expect(JSON.stringify(redactor.value({ x: [first], y: { z: `${before}${first}` } }))).not.toContain(JSON.stringify(first).slice(1, -1));
      }),
    );
  });
});

describe('createRedactor: card numbers', () => {
  const redactor = createRedactor();
  const testCards = [
    '4111111111111111',
    '5555555555554444',
    '378282246310005',
    '371449635398431',
    '6011111111111117',
    '6011000991300009',
    '4000000000002701',
    '5200000000002235',
    '340000000002708',
  ];

  it('masks every Luhn-valid test card, keeping the last four digits', () => {
    for (const card of testCards) {
      expect(luhnValid(card)).toBe(true);
      expect(redactor.text(`card ${card}.`)).toBe(`card ${'*'.repeat(card.length - 4)}${card.slice(-4)}.`);
    }
  });

  it('never masks a digit run that fails Luhn', () => {
    expect(redactor.text('4111111111111112')).toBe('4111111111111112');
    expect(redactor.text('5555555555554445')).toBe('5555555555554445');
    expect(luhnValid('1718000000001')).toBe(false);
    expect(redactor.text('{"createdAt":1718000000001}')).toBe('{"createdAt":1718000000001}');
  });

  it('only considers runs of 13 to 19 digits', () => {
    expect(luhnValid('411111111117')).toBe(true);
    expect(redactor.text('411111111117')).toBe('411111111117'); // 12 digits
    expect(luhnValid('4111111111111111110')).toBe(true);
    expect(redactor.text('4111111111111111110')).toBe('***************1110'); // 19 digits
    expect(luhnValid('41111111111111111115')).toBe(true);
    expect(redactor.text('id 41111111111111111115')).toBe('id 41111111111111111115'); // 20 digits: an id
  });

  it('masks cards grouped by single spaces or dashes, keeping the separators', () => {
    expect(redactor.text('4111 1111 1111 1111')).toBe('**** **** **** 1111');
    expect(redactor.text('4111-1111-1111-1111')).toBe('****-****-****-1111');
    expect(redactor.text('3782 822463 10005')).toBe('**** ****** *0005');
    expect(redactor.text('4111  1111 1111 1111')).toBe('4111  1111 1111 1111'); // a double space ends the run
  });

  it('finds a card next to other numbers in the same run', () => {
    expect(redactor.text('on 2024-01-15 4111111111111111 paid')).toBe('on 2024-01-15 ************1111 paid');
    expect(redactor.text('4111111111111111 5555555555554444')).toBe('************1111 ************4444');
    expect(redactor.text('ref 12-4111-1111-1111-1111')).toBe('ref 12-****-****-****-1111');
  });

  it('masks cards embedded in JSON, XML, form and query text', () => {
    expect(redactor.text('{"number":"4111111111111111","amount":"10.00"}')).toBe('{"number":"************1111","amount":"10.00"}');
    expect(redactor.text('<number>5555555555554444</number>')).toBe('<number>************4444</number>');
    expect(redactor.text('credit_card[number]=4111111111111111&x=1')).toBe('credit_card[number]=************1111&x=1');
  });

  it('never treats a part of a decimal number as a card', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(redactor.text('4111111111111111.00')).toBe('4111111111111111.00');
    expect(redactor.text('0.4111111111111111')).toBe('0.4111111111111111');
    expect(redactor.text('end of sentence 4111111111111111. Next')).toBe('end of sentence ************1111. Next');
  });

  it('masks exactly the Luhn-valid 16-digit strings that start with 2–9 (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{16}$/), (digits) => {
        const out = redactor.text(`x ${digits} y`);
        expect(out).toBe(luhnValid(digits) && digits[0]! >= '2' ? `x ************${digits.slice(-4)} y` : `x ${digits} y`);
      }),
    );
  });

  it('keeps epoch timestamps (13, 16 and 19 digits, starting with 1) even when they pass Luhn, and masks UATP cards', () => {
    // Milliseconds, microseconds and nanoseconds since 1970, each Luhn-valid: 1 in 10 timestamps was masked before.
    const stamps = ['1764633600002', '1764633600000006', '1764633600000000002'];
    for (const stamp of stamps) {
      expect(luhnValid(stamp), stamp).toBe(true);
      expect(redactor.text(`{"createdAt":${stamp}}`)).toBe(`{"createdAt":${stamp}}`);
    }
    expect(redactor.text('at 1764 633600002')).toBe('at 1764 633600002');
    expect(redactor.value({ createdAt: 1764633600002 })).toEqual({ createdAt: 1764633600002 });
    // UATP: 15 digits starting with 1 (the only cards that do).
    expect(luhnValid('135410014004955')).toBe(true);
    expect(redactor.text('uatp 135410014004955')).toBe('uatp ***********4955');
    expect(redactor.value({ n: 135410014004955 })).toEqual({ n: '***********4955' });
    // No card starts with 0: a zero-padded counter that passes Luhn is kept.
    expect(luhnValid('0000000000000018')).toBe(true);
    expect(redactor.text('seq 0000000000000018')).toBe('seq 0000000000000018');
    // A grouped window is judged by its own first digit: the card after a 1-led group is still found.
    expect(redactor.text('1 4111 1111 1111 1111')).toBe('1 **** **** **** 1111');
  });

  it('keeps every non-digit character and the length of the text (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.stringMatching(/^\d{1,20}$/), fc.constantFrom(' ', '-', '.', 'a', ',', ' 4111 1111 1111 1111 ')), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        const out = redactor.text(text);
        expect(out.length).toBe(text.length);
        for (let i = 0; i < text.length; i += 1) {
          if (out[i] !== text[i]) {
            expect(out[i]).toBe('*');
            expect(text[i]).toMatch(/\d/);
          }
        }
      }),
    );
  });
});

describe('createRedactor: credential fields', () => {
  const redactor = createRedactor();

  it('masks card security codes and passwords in JSON and XML text', () => {
    expect(redactor.text('{"credit_card":{"cvv":"123","number":"4111111111111111"},"Password" : "x y","cvc": 456}')).toBe(
      '{"credit_card":{"cvv":"***","number":"************1111"},"Password" : "***","cvc": "***"}',
    );
    expect(redactor.text('<credit-card><cvv>123</cvv><security-code type="string">9999</security-code><private-key>k</private-key></credit-card>')).toBe(
      '<credit-card><cvv>***</cvv><security-code type="string">***</security-code><private-key>***</private-key></credit-card>',
    );
    expect(redactor.text('{"cvv":"a\\"b"}')).toBe('{"cvv":"***"}');
  });

  it('leaves similar names alone', () => {
    expect(redactor.text('{"cvvResult":"M","passwordPolicy":"x"}')).toBe('{"cvvResult":"M","passwordPolicy":"x"}');
    expect(redactor.text('<cvv-response-code>M</cvv-response-code>')).toBe('<cvv-response-code>M</cvv-response-code>');
  });
});

describe('createRedactor: value', () => {
  const redactor = createRedactor({ secrets: [PRIVATE_KEY] });

  it('returns a redacted deep copy, never mutating the input, keys unchanged', () => {
    const input = {
      transaction: { id: 'p1', note: `k=${PRIVATE_KEY}`, 'credit-card': { number: '4111111111111111', cvv: '123', bin: '411111' } },
      list: [PRIVATE_KEY, 42, null, true, { deep: [`x ${PRIVATE_KEY}`] }],
      '4111111111111111': 'key stays',
    };
    const snapshot = structuredClone(input);
    const out = redactor.value(input);
    expect(out).toEqual({
      transaction: { id: 'p1', note: 'k=***', 'credit-card': { number: '************1111', cvv: '***', bin: '411111' } },
      list: ['***', 42, null, true, { deep: ['x ***'] }],
      '4111111111111111': 'key stays',
    });
    expect(input).toEqual(snapshot);
    expect(out).not.toBe(input);
  });

  it('masks card numbers stored as JSON numbers, and no other number', () => {
    expect(redactor.value({ n: 4111111111111111, m: 4111111111111112, amount: 1000, cvv: 123 })).toEqual({
      n: '************1111',
      m: 4111111111111112,
      amount: 1000,
      cvv: '***',
    });
  });

  it('redacts scalars and leaves non-plain objects alone', () => {
    expect(redactor.value(`x${PRIVATE_KEY}`)).toBe('x***');
    expect(redactor.value(7)).toBe(7);
    expect(redactor.value(undefined)).toBeUndefined();
    const date = new Date(0);
    expect(redactor.value(date)).toBe(date);
  });

  it('is the identity on JSON without secrets, digits or credential names (property)', () => {
    const safeString = fc.string().filter((s) => !/\d|:\/\/|basic|bearer|cvv|cvc|cvn|security|passw|private|secret/i.test(s));
    const json = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.boolean(),
        fc.integer({ min: -1e9, max: 1e9 }),
        safeString,
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(safeString, tie('value'), { maxKeys: 3 }),
      ),
    })).value;
    fc.assert(fc.property(json, (v) => void expect(redactor.value(v)).toEqual(v)));
  });
});

describe('createRedactor: large inputs', () => {
  // Not timed: these shapes would take minutes with a quadratic pass, and must simply finish and stay correct.
  const redactor = createRedactor({ secrets: [PUBLIC_KEY, PRIVATE_KEY, 'p@ssw0rd'] });
  const MB = 1 << 20;
  const shapes: Record<string, string> = {
    letters: 'a'.repeat(MB),
    digits: '1'.repeat(MB),
    'spaced digits': '1 '.repeat(MB / 2),
    'dashed digits': '12-'.repeat(MB / 3),
    'repeated scheme separators': '://a:'.repeat(MB / 5),
    'repeated Basic': 'Basic '.repeat(MB / 6),
    'one long Basic token': `Basic ${'A'.repeat(MB)}===`,
    'unterminated JSON fields': '"cvv":"'.repeat(MB / 7),
    'unclosed XML fields': `<cvv>${'x'.repeat(MB)}`,
    'near-miss secrets': 'integration_public_ke'.repeat(MB / 21),
    decimals: '1234567890123.45 '.repeat(MB / 17),
  };

  for (const [name, text] of Object.entries(shapes)) {
    it(`handles 1 MB of ${name}`, () => {
      const out = redactor.text(text);
      expect(out.length).toBeGreaterThan(0);
      expect(out).not.toContain(PRIVATE_KEY);
    });
  }

  it('masks every card in 1 MB of cards', () => {
    const out = redactor.text('4111111111111111 '.repeat(MB / 17));
    expect(out).not.toMatch(/4111111111111111/);
    expect(out.startsWith('************1111 ************1111 ')).toBe(true);
  });
});
