/**
 * The fast YAML path (runner/load/fast-yaml.ts) against the reference, the `yaml` library: wherever the fast path
 * takes a text, the value and the position of every node (and of every key, and of a path that goes past the
 * document) must be the reference's — on every YAML file of the kit and on random documents.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseFast } from '../../runner/load/fast-yaml.ts';
import { parseYamlSource, parseYamlSourceExact } from '../../runner/load/yaml-source.ts';
import { KIT_ROOT } from '../../runner/paths.ts';

type Path = (string | number)[];

/** Every path into `value` (objects by key, arrays by index), plus one that does not exist under each. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const paths: Path[] = [prefix, [...prefix, 'no-such-key']];
  if (Array.isArray(value)) value.forEach((item, i) => paths.push(...pathsOf(item, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [key, inner] of Object.entries(value)) paths.push(...pathsOf(inner, [...prefix, key]));
  return paths;
}

/** Fails unless the fast path gives the reference's value and positions; returns whether it took the text. */
function expectSameAsReference(text: string, label: string): boolean {
  const fast = parseFast(text);
  let reference;
  try {
    reference = parseYamlSourceExact(text, label);
  } catch {
    // The reference refuses the text: the fast path must not accept it.
    expect(fast, `${label}: the fast path accepted what the reference refuses`).toBeUndefined();
    return false;
  }
  if (!fast) return false;
  expect(fast.value, label).toEqual(reference.value);
  const source = parseYamlSource(text, label);
  for (const path of pathsOf(reference.value)) {
    for (const at of ['value', 'key'] as const) {
      expect(source.positionOf(path, at), `${label} ${at} ${JSON.stringify(path)}`).toEqual(reference.positionOf(path, at));
    }
  }
  return true;
}

/** Every YAML file under `dir` (recursively). */
function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('the fast YAML path', () => {
  it('reads every YAML file of the kit as the reference does, values and positions, and takes every scenario', () => {
    const files = ['scenarios', 'specs', 'examples', 'test/fixtures', 'bench/fixtures'].flatMap((dir) => yamlFiles(join(KIT_ROOT, dir)));
    expect(files.length).toBeGreaterThan(150);
    const taken = files.filter((file) => expectSameAsReference(readFileSync(file, 'utf8'), file));
    const scenarioFiles = files.filter((file) => file.startsWith(join(KIT_ROOT, 'scenarios')));
    expect(scenarioFiles.filter((file) => !taken.includes(file))).toEqual([]);
  });

  it.each([
    ['an empty value', 'a:\nb: 1\n'],
    ['nulls and booleans in every spelling', 'a: ~\nb: null\nc: Null\nd: true\ne: False\nf: yes\ng: off\n'],
    ['numbers the core schema knows, and ones it does not', 'a: 0o17\nb: 0x1F\nc: 1_000\nd: .inf\ne: -.Inf\nf: 1e3\ng: +12\nh: 012\ni: 1.\nj: .5\n'],
    ['non-string keys', '1: one\ntrue: yes\nnull: nothing\n1.5: x\n'],
    ['quoted keys and values', '"a b": \'c\'\n\'d\': "e\\tf"\n"": empty\n'],
    ['block scalars with chomping', 'a: |\n  one\n  two\n\nb: >-\n  folded\n  text\n\nc: |+\n  keep\n\n'],
    ['multi-line plain and quoted scalars', 'a: one\n  two\n  three\nb: "x\n  y"\n'],
    ['flow collections across lines', 'a: { b: [1, 2,\n  3], c: { d: e } }\nf: [ { g: h }, [] , {} ]\n'],
    ['comments everywhere', '# head\na: # after key\n  # before value\n  b: 1 # trailing\nc:\n  # before item\n  - x\n'],
    ['a document marker and CRLF line ends', '---\r\na: 1\r\nb:\r\n  - c\r\n'],
    ['a compact sequence under a key', 'steps:\n- name: a\n- name: b\n  x: [1]\n'],
    ['a top-level sequence', '- a\n- b: c\n-\n  d: e\n'],
  ])('agrees with the reference on %s', (_name, text) => {
    expectSameAsReference(text, 'case.yaml');
  });

  it.each([
    ['an anchor and alias', 'a: &x { b: 1 }\nc: *x\n'],
    ['an explicit tag', 'a: !!str 12\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a syntax error', 'a: [1, 2\n'],
    ['an empty document', '# nothing\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
  ])('leaves %s to the reference', (_name, text) => {
    expect(parseFast(text)).toBeUndefined();
  });

  it('agrees with the reference on random documents', () => {
    const key = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('id', 'steps', 'a b', '1', 'true', 'null', '-x', '#y', 'k:'));
    const scalar = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('', ' ', 'yes', 'no', '~', 'null', 'true', '0o7', '0x1f', '1_0', '1e3', '.nan', '- x', 'a: b', '# c', '"q"', "'s'", '{x}', '[y]', '@z', '`w'),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
    );
    const document = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
      list: fc.array(tie('value'), { maxLength: 4 }),
      map: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
    })).value;
    const style = fc.record({
      collectionStyle: fc.constantFrom('any', 'block', 'flow'),
      defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'),
      indent: fc.constantFrom(2, 4),
      lineWidth: fc.constantFrom(0, 20, 80),
      indentSeq: fc.boolean(),
    });
    fc.assert(
      fc.property(document, style, (value, options) => {
        expectSameAsReference(stringify(value, options as never), 'random.yaml');
      }),
      { numRuns: 300 },
    );
  });
});
