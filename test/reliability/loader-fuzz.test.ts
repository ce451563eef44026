/**
 * Issue 6, part 2: the loader, fuzzed. Scenario files (the bundled ones and the mini fixture's) and suite files are
 * mutated — lines deleted, duplicated, swapped, re-indented, truncated, YAML punctuation and random characters
 * inserted, values replaced by other types — and loaded from a temporary copy. Whatever the damage, `loadProject`
 * either loads or throws a SettlekitError / SettlekitErrorList whose every error has a catalogued code, a position
 * with a file and a line, and a hint: never a raw exception or stack trace.
 *
 * Deterministic: the seed is fixed (override with FC_SEED=<n>, and the run count with FC_RUNS=<n>); fast-check prints
 * the seed and path of a failure.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS, SettlekitError, SettlekitErrorList } from '../../lib/errors.ts';
import { loadProject } from '../../runner/load/load-project.ts';
import { BUNDLED_SCENARIOS_DIR } from '../../runner/paths.ts';
import { MINI_ROOT } from '../helpers/mini-fixture.ts';
import { walkFiles } from './report-checks.ts';

const SEED = Number(process.env.FC_SEED ?? 20_261_122);
/** Runs per property (override with FC_RUNS=<n> for a longer hunt). */
const RUNS = Number(process.env.FC_RUNS ?? 150);
const SPECS_DIR = join(BUNDLED_SCENARIOS_DIR, '..', 'specs');

/** A YAML file of a suite, as found on disk. */
interface SourceFile {
  readonly suite: string;
  /** Path inside the suite folder. */
  readonly path: string;
  readonly text: string;
}

/** One edit of a file's lines; positions are taken modulo the current length. */
type Mutation =
  | { readonly kind: 'delete'; readonly at: number }
  | { readonly kind: 'duplicate'; readonly at: number }
  | { readonly kind: 'swap'; readonly a: number; readonly b: number }
  | { readonly kind: 'indent'; readonly at: number; readonly delta: number }
  | { readonly kind: 'insert'; readonly at: number; readonly col: number; readonly text: string }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'retype'; readonly at: number; readonly value: string };

const PUNCTUATION = [':', ': ', '- ', '-', '[', ']', '{', '}', ',', '#', '&a ', '*a', '*', '&', '!', '!!binary ', '!!int ', '|', '>', '?', '? ', '"', "'", '%', '@', '`', '\t', '\n', '{{', '}}', '{{ x }}', '$', '$.', '<<: *a', '---\n', '...\n', '\\', '\u0000', '\uFEFF', '\r'];
const VALUES = ['[]', '{}', '0', '-1', '1e309', '123456789012345678901234567890', 'true', 'null', '~', '""', '"x"', '[1, 2]', '{ a: 1 }', '- x', '!!str 5', '0x1F', '2024-01-01', '.inf', '"{{nope}}"', '"{{target}}"', '$.x', '&anchor x', '*missing', '[[[[[[]]]]]]', '{ $contains: 1 }', '{ $nope: 1 }', '"__proto__"', '{ __proto__: { polluted: 1 } }'];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('indent' as const), at: fc.nat(), delta: fc.integer({ min: -4, max: 4 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    col: fc.nat(),
    text: fc.oneof(fc.constantFrom(...PUNCTUATION), fc.string({ maxLength: 4 }), fc.string({ unit: 'binary', maxLength: 3 })),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('retype' as const), at: fc.nat(), value: fc.constantFrom(...VALUES) }),
);

/** Applies the mutations in order to `text`. */
function mutate(text: string, mutations: readonly Mutation[]): string {
  let lines = text.split('\n');
  for (const m of mutations) {
    const n = Math.max(lines.length, 1);
    switch (m.kind) {
      case 'delete':
        lines.splice(m.at % n, 1);
        break;
      case 'duplicate':
        lines.splice(m.at % n, 0, lines[m.at % n] ?? '');
        break;
      case 'swap': {
        const [a, b] = [m.a % n, m.b % n];
        [lines[a], lines[b]] = [lines[b] ?? '', lines[a] ?? ''];
        break;
      }
      case 'indent': {
        const line = lines[m.at % n] ?? '';
        lines[m.at % n] = m.delta >= 0 ? ' '.repeat(m.delta) + line : line.replace(new RegExp(`^ {0,${-m.delta}}`), '');
        break;
      }
      case 'insert': {
        const line = lines[m.at % n] ?? '';
        const col = m.col % (line.length + 1);
        lines[m.at % n] = line.slice(0, col) + m.text + line.slice(col);
        break;
      }
      case 'truncate': {
        const cut = m.at % (lines.join('\n').length + 1);
        lines = lines.join('\n').slice(0, cut).split('\n');
        break;
      }
      case 'retype': {
        // The value of the first `key: value` line at or after the position.
        const start = m.at % n;
        const index = [...lines.keys()].map((i) => (start + i) % n).find((i) => /^\s*(- )?[\w$-]+:\s+\S/.test(lines[i] ?? ''));
        if (index !== undefined) lines[index] = (lines[index] ?? '').replace(/^(\s*(?:- )?[\w$-]+:)\s+.*$/, `$1 ${m.value}`);
        break;
      }
    }
  }
  return lines.join('\n');
}

/** Asserts `error` is a kit error (or list) whose every entry is catalogued, positioned and hinted. */
function expectWellFormedLoadError(error: unknown): void {
  const errors = error instanceof SettlekitErrorList ? error.errors : error instanceof SettlekitError ? [error] : undefined;
  if (!errors) throw new Error(`loadProject threw a raw ${(error as Error)?.name ?? typeof error}: ${(error as Error)?.stack ?? String(error)}`);
  expect(errors.length).toBeGreaterThan(0);
  for (const e of errors) {
    expect(e, e.format()).toBeInstanceOf(SettlekitError);
    expect(Object.keys(ERRORS), e.format()).toContain(e.code);
    expect(e.code, e.format()).not.toBe('SETTLEKIT_E_INTERNAL');
    expect(e.message.trim(), e.format()).not.toBe('');
    expect(e.hint.trim(), e.format()).not.toBe('');
    expect(e.position?.file, e.format()).toBeTruthy();
    expect(e.position?.line, e.format()).toBeGreaterThanOrEqual(1);
    expect(e.position?.column ?? 1, e.format()).toBeGreaterThanOrEqual(1);
  }
}

/** Reads every YAML file of every suite folder below `root`. */
async function suiteFiles(root: string): Promise<Map<string, SourceFile[]>> {
  const bySuite = new Map<string, SourceFile[]>();
  for (const file of await walkFiles(root)) {
    if (!/\.ya?ml$/.test(file)) continue;
    const [suite, ...rest] = relative(root, file).split(/[/\\]/);
    if (!suite || rest.length === 0) continue;
    const list = bySuite.get(suite) ?? [];
    list.push({ suite, path: rest.join('/'), text: await readFile(file, 'utf8') });
    bySuite.set(suite, list);
  }
  return bySuite;
}

describe('the loader under mutated input', () => {
  let base: string;
  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'settlekit-fuzz-'));
    // Specs and the mini suite's spec and rules at stable paths, so the spec cache serves every run.
    await cp(SPECS_DIR, join(base, 'specs'), { recursive: true });
    for (const file of ['mini.openapi.yaml', 'mini.rules.yaml']) await cp(join(MINI_ROOT, file), join(base, 'scenarios', file));
  });
  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  /** Writes a suite (its suite.yaml and the given files) as the only suite under base/scenarios; returns the root. */
  async function materialize(suite: string, files: readonly { path: string; text: string }[]): Promise<string> {
    const root = join(base, 'scenarios');
    await rm(join(root, suite), { recursive: true, force: true });
    for (const file of files) {
      await mkdir(dirname(join(root, suite, file.path)), { recursive: true });
      await writeFile(join(root, suite, file.path), file.text);
    }
    return root;
  }

  const fuzz = async (label: string, root: string, numRuns: number): Promise<void> => {
    const bySuite = await suiteFiles(root);
    const suites = [...bySuite.keys()].sort();
    expect(suites.length, label).toBeGreaterThan(0);
    let loaded = 0;
    let refused = 0;
    const scenarioCase = fc
      .constantFrom(...suites)
      .chain((suite) => {
        const files = bySuite.get(suite)!;
        const scenarios = files.filter((f) => f.path !== 'suite.yaml');
        return fc.record({
          suite: fc.constant(suite),
          // Mostly a scenario; sometimes the suite file itself.
          target: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...scenarios) }, { weight: 1, arbitrary: fc.constant(files.find((f) => f.path === 'suite.yaml')!) }),
          // A pristine neighbour, so a mutated id can collide with it.
          neighbour: fc.constantFrom(...scenarios),
          mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }),
        });
      });
    await fc.assert(
      fc.asyncProperty(scenarioCase, async ({ suite, target, neighbour, mutations }) => {
        const suiteFile = bySuite.get(suite)!.find((f) => f.path === 'suite.yaml')!;
        const files = new Map([suiteFile, neighbour, target].map((f) => [f.path, f.text]));
        files.set(target.path, mutate(target.text, mutations));
        const scenariosRoot = await materialize(suite, [...files].map(([path, text]) => ({ path, text })));
        try {
          await loadProject(scenariosRoot);
          loaded += 1;
        } catch (error) {
          refused += 1;
          expectWellFormedLoadError(error);
        } finally {
          await rm(join(scenariosRoot, suite), { recursive: true, force: true });
        }
      }),
      { numRuns, seed: SEED },
    );
    // The mutations did damage (and some files survived them), so both branches were exercised.
    expect(refused, label).toBeGreaterThan(numRuns / 4);
    expect(loaded + refused, label).toBe(numRuns);
  };

  it('loads the pristine files through the same harness', async () => {
    for (const root of [BUNDLED_SCENARIOS_DIR, MINI_ROOT]) {
      const bySuite = await suiteFiles(root);
      for (const [suite, files] of bySuite) {
        const scenariosRoot = await materialize(suite, files);
        const project = await loadProject(scenariosRoot);
        expect(project.suites.map((s) => s.id)).toEqual([suite]);
        expect(project.suites[0]!.scenarios.length).toBe(files.length - 1);
        await rm(join(scenariosRoot, suite), { recursive: true, force: true });
      }
    }
  }, 60_000);

  it('never throws anything but positioned, catalogued, hinted kit errors: bundled scenarios', async () => {
    await fuzz('bundled', BUNDLED_SCENARIOS_DIR, RUNS);
  }, 120_000);

  it('never throws anything but positioned, catalogued, hinted kit errors: the mini suite', async () => {
    await fuzz('mini', MINI_ROOT, Math.ceil((RUNS * 2) / 3));
  }, 120_000);
});
