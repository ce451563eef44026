/**
 * The mutation summary (scripts/mutation/summary.ts) on a small hand-written Stryker JSON report: the score per file
 * over the mutants that can matter, ignored mutants by the category of their reason, kills by rule level, fuzz-only
 * kills, survivors, and the Markdown of bench/mutation.md.
 */
import { describe, expect, it } from 'vitest';
import { categoryOf, renderConsole, renderMarkdown, rerunRange, summarise, type Baseline, type MutationReport, type ReportedMutant } from '../../scripts/mutation/summary.ts';
import { killLevelOf, killReason } from '../../scripts/mutation/options.ts';

function mutant(id: string, status: ReportedMutant['status'], extra: Partial<ReportedMutant> = {}): ReportedMutant {
  return { id, mutatorName: 'ConditionalExpression', replacement: 'false', location: { start: { line: Number(id), column: 4 }, end: { line: Number(id), column: 9 } }, status, ...extra };
}

const REPORT: MutationReport = {
  files: {
    // Listed out of order: the summary sorts files by path.
    'simulator/models/b.ts': {
      source: '',
      mutants: [
        mutant('11', 'Killed', { statusReason: 'INFO: braintree/info-only: step 1', killedBy: ['t3'] }),
        mutant('12', 'Ignored', { statusReason: 'equivalent: the façade refused it already' }),
      ],
    },
    'simulator/models/a.ts': {
      source: '',
      mutants: [
        mutant('1', 'Killed', { statusReason: 'MUST: braintree/x: step 2 (line 9): expected 422, got 201', killedBy: ['t1', 'f1'] }),
        mutant('2', 'Killed', { statusReason: 'SHOULD: braintree/y: step 1', killedBy: ['t2'] }),
        mutant('3', 'Killed', { statusReason: 'MUST: fuzz:braintree: the fuzzer diverged', killedBy: ['f1'] }),
        mutant('4', 'Survived', { mutatorName: 'EqualityOperator', replacement: 'a  <=\n   b' }),
        mutant('5', 'NoCoverage'),
        mutant('6', 'Ignored', { statusReason: 'equivalent: the façade refused it already' }),
        mutant('7', 'Ignored', { statusReason: 'message: the simulator’s own wording' }),
        mutant('8', 'Timeout'),
        mutant('9', 'CompileError'),
        mutant('10', 'Ignored', { statusReason: 'because it is hard' }),
      ],
    },
  },
  testFiles: {
    '': {
      tests: [
        { id: 't1', name: 'braintree/x [MUST]' },
        { id: 't2', name: 'braintree/y [SHOULD]' },
        { id: 't3', name: 'braintree/info-only [INFO]' },
        { id: 'f1', name: 'fuzz:braintree' },
      ],
    },
  },
};

const BASELINE: Baseline = {
  measured: 'hand-written',
  files: {
    'simulator/models/a.ts': { mutants: 10, killed: 2, score: 20 },
    'simulator/models/b.ts': { mutants: 2, killed: 1, score: 50 },
    // Not in the report (a partial run): not in the total's "before" either.
    'simulator/models/c.ts': { mutants: 100, killed: 100, score: 100 },
  },
};

describe('mutation summary', () => {
  const summary = summarise(REPORT, { fuzz: true, wallMs: 90_000, baseline: BASELINE });
  const [a, b] = summary.files;

  it('scores each file over the mutants that can matter: killed by the suites and timeouts, fuzz-only apart', () => {
    expect(summary.files.map((f) => f.file)).toEqual(['simulator/models/a.ts', 'simulator/models/b.ts']);
    // 10 mutants: 3 ignored and 1 that does not compile leave 6 that can matter; MUST + SHOULD + the timeout = 3.
    expect(a).toMatchObject({ mutants: 10, ignored: 3, valid: 6, killedBy: { MUST: 1, SHOULD: 1, INFO: 0 }, timeout: 1, fuzzOnly: 1, suitesScore: 50, fuzzScore: 66.7 });
    expect(a?.survived.map((m) => m.id)).toEqual(['4']);
    expect(a?.noCoverage.map((m) => m.id)).toEqual(['5']);
    expect(b).toMatchObject({ mutants: 2, ignored: 1, valid: 1, killedBy: { MUST: 0, SHOULD: 0, INFO: 1 }, suitesScore: 100 });
    expect(summary.total).toMatchObject({ file: 'all files', mutants: 12, ignored: 4, valid: 7, timeout: 1, fuzzOnly: 1, suitesScore: 57.1, fuzzScore: 71.4 });
    expect(summary.total.before).toEqual({ mutants: 12, killed: 3, score: 25 });
  });

  it('counts ignored mutants by the category their reason starts with, and each reason once with its count', () => {
    expect(a?.ignoredBy).toEqual({ equivalent: 1, unreachable: 0, message: 1, undocumented: 0, control: 0, random: 0, other: 1 });
    expect(categoryOf('undocumented: the seeds are silent')).toBe('undocumented');
    expect(summary.reasons).toEqual([
      { category: 'equivalent', reason: 'equivalent: the façade refused it already', count: 2 },
      { category: 'message', reason: 'message: the simulator’s own wording', count: 1 },
      { category: 'other', reason: 'because it is hard', count: 1 },
    ]);
    expect(categoryOf('unreachable: no façade')).toBe('unreachable');
    expect(categoryOf('Unreachable: capitalised')).toBe('other');
    expect(categoryOf('nonsense: not a category')).toBe('other');
    expect(categoryOf(undefined)).toBe('other');
  });

  it('writes the Markdown table, the reasons and the survivors', () => {
    const md = renderMarkdown(summary, { command: 'npm run mutation -- --fuzz' });
    expect(md).toContain('Command: `npm run mutation -- --fuzz`');
    expect(md).toContain('| file | before | mutants | ignored | can matter | killed (MUST/SHOULD/INFO) | timeout | survived | suites | fuzz only | suites + fuzz |');
    expect(md).toContain('| `simulator/models/a.ts` | 20.0% (2/10) | 10 | 3 | 6 | 2 (1/1/0) | 1 | 2 | 50.0% | 1 | 66.7% |');
    expect(md).toContain('| **all files** | 25.0% (3/12) | 12 | 4 | 7 | 3 (1/1/1) | 1 | 2 | 57.1% | 1 | 71.4% |');
    expect(md).toContain('- **equivalent** (2): ');
    expect(md).toContain('  - 2 × the façade refused it already');
    expect(md).toContain('- **other** (1): other (a reason naming no category)');
    expect(md).toContain('- `simulator/models/a.ts:4:4 EqualityOperator → a <= b` (`--mutate simulator/models/a.ts:4:3-4:9`)');
    expect(md).toContain('- `simulator/models/a.ts:5:4 ConditionalExpression → false` (no scenario reaches it) (`--mutate simulator/models/a.ts:5:3-5:9`)');
    expect(md).toContain('*before*: hand-written');
  });

  it('prints the same figures on the console, without the fuzz columns when fuzz is off', () => {
    const plain = summarise(REPORT, { fuzz: false, wallMs: 1_000 });
    const text = renderConsole(plain);
    const row = text.split('\n').find((line) => line.startsWith('simulator/models/a.ts'));
    expect(row?.trim().split(/\s{2,}/)).toEqual(['simulator/models/a.ts', '—', '10', '3', '6', '2 (1/1/0)', '1', '2', '50.0%']);
    expect(text).not.toContain('suites + fuzz');
    expect(text).toContain('2 survivor(s):');
    expect(text).toContain('  simulator/models/a.ts:5:4 ConditionalExpression → false (no scenario reaches it)  [--mutate simulator/models/a.ts:5:3-5:9]');
  });

  it('scores a file whose every mutant is ignored as 100% and says there is no survivor', () => {
    const all = summarise({ files: { 'x.ts': { source: '', mutants: [mutant('1', 'Ignored', { statusReason: 'unreachable: x' })] } } }, { fuzz: false, wallMs: 0 });
    expect(all.total).toMatchObject({ valid: 0, suitesScore: 100 });
    expect(renderConsole(all)).toContain('No survivor.');
    expect(renderMarkdown(all, { command: 'npm run mutation' })).toMatch(/## Survivors\n\nNone\./);
  });

  it('gives each survivor the --mutate range that runs it again: Stryker ranges count columns from 0, reports from 1', () => {
    // A mutant reported at 12:9-12:20 (1-based columns) is Babel's 12:8; the range must start there to include it.
    expect(rerunRange('x.ts', mutant('12', 'Survived', { location: { start: { line: 12, column: 9 }, end: { line: 13, column: 20 } } }))).toBe('x.ts:12:8-13:20');
    expect(rerunRange('x.ts', mutant('1', 'Survived', { location: { start: { line: 1, column: 0 }, end: { line: 1, column: 3 } } }))).toBe('x.ts:1:0-1:3');
  });
});

describe('kill reasons', () => {
  it('carry the level the test runner wrote to the summary that reads it', () => {
    for (const level of ['MUST', 'SHOULD', 'INFO'] as const) expect(killLevelOf(killReason(level, 'braintree/x', 'step 2: expected 422, got 201'))).toBe(level);
  });

  it('count a reason another runner wrote as MUST', () => {
    expect(killLevelOf('expected 422, got 201')).toBe('MUST');
    expect(killLevelOf(undefined)).toBe('MUST');
  });
});
