import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { shellQuote, toCurl, type CurlRequest } from './curl.ts';

/**
 * Runs commands through a real POSIX shell with `curl` replaced by a function printing its arguments, so the tests
 * check what curl would actually receive. One shell for a whole batch keeps property tests fast.
 */
function shellArgs(commands: readonly string[]): string[][] {
  const script = [
    'curl() { for a in "$@"; do printf "%s\\036" "$a"; done; printf "\\035"; }',
    ...commands,
  ].join('\n');
  const output = execFileSync('sh', ['-c', script], { encoding: 'utf8' });
  return output
    .split('\x1d')
    .slice(0, -1)
    .map((command) => command.split('\x1e').slice(0, -1));
}

describe('shellQuote', () => {
  it('leaves plain words bare and single-quotes the rest', () => {
    expect(shellQuote('POST')).toBe('POST');
    expect(shellQuote('http://127.0.0.1:8080/a')).toBe('http://127.0.0.1:8080/a');
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('')).toBe("''");
  });
});

describe('toCurl', () => {
  const post = {
    method: 'POST',
    url: 'http://127.0.0.1:8080/merchants/integration_merchant_id/transactions',
    headers: { Authorization: 'Basic ***', 'X-ApiVersion': '6', 'Content-Type': 'application/json' },
    body: '{"transaction":{"amount":"10.00","type":"sale"}}',
  };

  it('writes one option per line, headers in order, the body with --data-raw', () => {
    expect(toCurl(post)).toBe(
      [
        'curl',
        '-X POST',
        'http://127.0.0.1:8080/merchants/integration_merchant_id/transactions',
        "-H 'Authorization: Basic ***'",
        "-H 'X-ApiVersion: 6'",
        "-H 'Content-Type: application/json'",
        `--data-raw '{"transaction":{"amount":"10.00","type":"sale"}}'`,
      ].join(' \\\n  '),
    );
  });

  it('is parsed by a POSIX shell into exactly the intended arguments', () => {
    const [args] = shellArgs([toCurl(post)]);
    expect(args).toEqual([
      '-X',
      'POST',
      post.url,
      '-H',
      'Authorization: Basic ***',
      '-H',
      'X-ApiVersion: 6',
      '-H',
      'Content-Type: application/json',
      '--data-raw',
      post.body,
    ]);
  });

  it('omits -X for a body-less GET, keeps it for a GET with a body, and uses --head for HEAD', () => {
    expect(toCurl({ method: 'GET', url: 'http://h/t/1', headers: {} })).toBe('curl \\\n  http://h/t/1');
    expect(toCurl({ method: 'GET', url: 'http://h/t/1', headers: {}, body: 'x' })).toContain('-X GET');
    expect(toCurl({ method: 'HEAD', url: 'http://h/', headers: {} })).toBe('curl \\\n  --head \\\n  http://h/');
    expect(toCurl({ method: 'PUT', url: 'http://h/t/1/void', headers: {} })).toBe('curl \\\n  -X PUT \\\n  http://h/t/1/void');
  });

  it('sends an empty body as no body', () => {
    expect(toCurl({ method: 'POST', url: 'http://h/', headers: {}, body: '' })).not.toContain('--data-raw');
  });

  it('turns off URL globbing when the URL has brackets or braces', () => {
    const command = toCurl({ method: 'GET', url: 'http://h/search?credit_card[number]=x&q={a}', headers: {} });
    expect(command).toContain('--globoff');
    expect(shellArgs([command])[0]).toEqual(['--globoff', 'http://h/search?credit_card[number]=x&q={a}']);
    expect(toCurl({ method: 'GET', url: 'http://h/x', headers: {} })).not.toContain('--globoff');
  });

  it('writes an empty header value as Name; and leaves Content-Length to curl', () => {
    const command = toCurl({ method: 'POST', url: 'http://h/', headers: { 'X-Empty': '', 'X-Blank': '  ', 'Content-Length': '12' }, body: 'x' });
    expect(shellArgs([command])[0]).toEqual(['-X', 'POST', 'http://h/', '-H', 'X-Empty;', '-H', 'X-Blank;', '--data-raw', 'x']);
  });

  it('survives hostile values: quotes, $, backticks, newlines, a quoted method (property)', () => {
    const hostile = fc.string({ unit: fc.constantFrom(...`ab '"$\`\\!;&|*?~#(){}[]<>\n\té`.split('')), maxLength: 24 });
    fc.assert(
      fc.property(fc.array(fc.tuple(hostile, hostile, hostile, fc.constantFrom('POST', 'PATCH', 'GET', "BR'EW")), { minLength: 1, maxLength: 20 }), (cases) => {
        const requests = cases.map(([path, value, body, method]) => ({
          method,
          url: `http://h/${path}`,
          headers: { 'X-Test': value },
          body: `${body}.`,
        }));
        const parsed = shellArgs(requests.map(toCurl));
        parsed.forEach((args, index) => {
          const request = requests[index]!;
          const url = args.find((arg) => arg.startsWith('http://h/'));
          expect(url).toBe(request.url);
          const value = request.headers['X-Test'];
          expect(args[args.indexOf('-H') + 1]).toBe(value.trim() === '' ? 'X-Test;' : `X-Test: ${value}`);
          expect(args[args.length - 1]).toBe(request.body);
          expect(args.slice(0, 2)).toEqual(['-X', request.method]);
        });
      }),
      { numRuns: 20 },
    );
  });

  it('writes each request\'s own headers when steps alternate between header maps (one shared, others fresh)', () => {
    const shared = { Accept: 'application/json' };
    const requests: CurlRequest[] = [
      { method: 'GET', url: 'http://h/a', headers: shared },
      { method: 'GET', url: 'http://h/b', headers: { Accept: 'text/plain', 'X-Id': '1' } },
      { method: 'GET', url: 'http://h/c', headers: shared },
      { method: 'GET', url: 'http://h/d', headers: {} },
      { method: 'GET', url: 'http://h/e', headers: shared },
    ];
    expect(requests.map((r) => toCurl(r))).toEqual([
      "curl \\\n  http://h/a \\\n  -H 'Accept: application/json'",
      "curl \\\n  http://h/b \\\n  -H 'Accept: text/plain' \\\n  -H 'X-Id: 1'",
      "curl \\\n  http://h/c \\\n  -H 'Accept: application/json'",
      'curl \\\n  http://h/d',
      "curl \\\n  http://h/e \\\n  -H 'Accept: application/json'",
    ]);
  });
});
