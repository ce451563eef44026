/**
 * The summary of a mutation run, from Stryker's JSON report (mutation-testing-report-schema): per file, how many
 * mutants the suites killed (and at which rule level), how many only the fuzz killed, which survived, and why the
 * ignored ones cannot matter at the API (the reasons of the `// Stryker disable` comments, by category). Pure
 * functions; ./run.ts prints {@link renderConsole} and writes {@link renderMarkdown} to bench/mutation.md.
 */
import type { RuleLevel } from '../../runner/model/scenario.ts';
import { FUZZ_TEST_PREFIX, killLevelOf } from './options.ts';

/** What is mutated: the generic ledger and the vendor models, not their tests nor their re-export indexes. */
export const MUTATE: readonly string[] = ['simulator/ledger/**/*.ts', 'simulator/models/**/*.ts', '!simulator/**/*.test.ts', '!simulator/**/index.ts'];

/** Where Stryker's HTML and JSON reports go (ignored by git). */
export const REPORT_DIR = 'mutation-report';

/** A mutant as Stryker's JSON report holds it (the fields used here). */
export interface ReportedMutant {
  readonly id: string;
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly location: { readonly start: { readonly line: number; readonly column: number }; readonly end: { readonly line: number; readonly column: number } };
  readonly status: 'Killed' | 'Survived' | 'NoCoverage' | 'Timeout' | 'CompileError' | 'RuntimeError' | 'Ignored' | 'Pending';
  readonly statusReason?: string;
  readonly killedBy?: readonly string[];
  readonly coveredBy?: readonly string[];
  readonly static?: boolean;
}

/** Stryker's JSON report (the fields used here): `killedBy` holds the ids of `testFiles`' tests, named by the runner. */
export interface MutationReport {
  readonly files: Readonly<Record<string, { readonly source: string; readonly mutants: readonly ReportedMutant[] }>>;
  readonly testFiles?: Readonly<Record<string, { readonly tests: readonly { readonly id: string; readonly name: string }[] }>>;
}

/** The figures of one file before the triage (bench/mutation-before.json). */
export interface BaselineFile {
  readonly mutants: number;
  readonly killed: number;
  readonly score: number;
}

/** The committed "before" figures: per file, and how they were measured. */
export interface Baseline {
  readonly measured: string;
  readonly files: Readonly<Record<string, BaselineFile>>;
}

/** Why a mutant was ignored, by the first word of its disable comment's reason (`// Stryker disable … : <category>: why`). */
export const IGNORE_CATEGORIES = {
  equivalent: 'equivalent: the mutant answers every request exactly as the original does',
  unreachable: 'unreachable through the façades: no request (with the configuration settlekit simulate runs) gets the code there, or what it computes is served by no answer',
  message: "a message text the kit does not check by design (the simulator's own wording, said so in the spec)",
  undocumented: 'behaviour the documents do not state (the simulator\'s own choice, said so in the spec), which the kit by design does not check',
  control: "settlekit's own test controls (/__settlekit/…), not a vendor API the suites check",
  random: 'the draw of random ids: the suites see that ids are well-formed and unique, never how uniform they are',
} as const;

/** A category of {@link IGNORE_CATEGORIES}, or `other` for a reason that names none. */
export type IgnoreCategory = keyof typeof IGNORE_CATEGORIES | 'other';

/** One file's figures. */
export interface FileSummary {
  readonly file: string;
  readonly mutants: number;
  readonly ignored: number;
  readonly ignoredBy: Readonly<Record<IgnoreCategory, number>>;
  /** Mutants that can matter at the API: all but the ignored (and those that do not even load). */
  readonly valid: number;
  /** Killed by a scenario, by the strongest level of the rules it broke. */
  readonly killedBy: Readonly<Record<RuleLevel, number>>;
  readonly timeout: number;
  /** Killed only by the fuzz (fuzz mode). */
  readonly fuzzOnly: number;
  readonly survived: readonly ReportedMutant[];
  readonly noCoverage: readonly ReportedMutant[];
  /** (killed by the suites + timeouts) / valid, percent. */
  readonly suitesScore: number;
  /** (killed by the suites or the fuzz + timeouts) / valid, percent (fuzz mode). */
  readonly fuzzScore: number;
  readonly before?: BaselineFile;
}

/** The summary of a run. */
export interface MutationSummary {
  readonly files: readonly FileSummary[];
  readonly total: FileSummary;
  readonly fuzz: boolean;
  readonly wallMs: number;
  readonly baseline?: Baseline;
  /** The reasons of the ignored mutants, with their counts, by category. */
  readonly reasons: readonly { readonly category: IgnoreCategory; readonly reason: string; readonly count: number }[];
}

/** The category a disable comment's reason starts with (`equivalent: …`), or `other`. */
export function categoryOf(reason: string | undefined): IgnoreCategory {
  const word = /^\s*([a-z]+)\s*:/.exec(reasonText(reason))?.[1];
  return word !== undefined && Object.hasOwn(IGNORE_CATEGORIES, word) ? (word as IgnoreCategory) : 'other';
}

/** The reason of a disable comment as Stryker reports it (its status reason is the comment's own text), trimmed. */
export function reasonText(statusReason: string | undefined): string {
  return (statusReason ?? '').trim();
}


/** True when only fuzz tests (named `fuzz:<suite>`) killed the mutant; `names` maps the report's test ids to names. */
export function killedByFuzzOnly(mutant: ReportedMutant, names: ReadonlyMap<string, string>): boolean {
  const killers = (mutant.killedBy ?? []).map((id) => names.get(id) ?? id);
  return killers.length > 0 && killers.every((name) => name.startsWith(FUZZ_TEST_PREFIX));
}

/** The report's test names by test id. */
export function testNames(report: MutationReport): Map<string, string> {
  return new Map(Object.values(report.testFiles ?? {}).flatMap((file) => file.tests.map((t) => [t.id, t.name] as const)));
}

/** Summarises a report; `baseline` adds the "before" figures. */
export function summarise(report: MutationReport, options: { readonly fuzz: boolean; readonly wallMs: number; readonly baseline?: Baseline }): MutationSummary {
  const names = testNames(report);
  const files = Object.entries(report.files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, { mutants }]) => summariseFile(file, mutants, names, options.baseline?.files[file]));
  const all = Object.values(report.files).flatMap((f) => f.mutants);
  const reasons = new Map<string, { category: IgnoreCategory; reason: string; count: number }>();
  for (const mutant of all) {
    if (mutant.status !== 'Ignored') continue;
    const reason = reasonText(mutant.statusReason);
    const known = reasons.get(reason);
    if (known) known.count += 1;
    else reasons.set(reason, { category: categoryOf(reason), reason, count: 1 });
  }
  // The total's "before" covers the same files as this run (a partial run is compared with those files only).
  const before = options.baseline ? sumBaseline(Object.entries(options.baseline.files).filter(([file]) => Object.hasOwn(report.files, file)).map(([, f]) => f)) : undefined;
  return {
    files,
    total: summariseFile('all files', all, names, before),
    fuzz: options.fuzz,
    wallMs: options.wallMs,
    ...(options.baseline ? { baseline: options.baseline } : {}),
    reasons: [...reasons.values()].sort((a, b) => a.category.localeCompare(b.category) || b.count - a.count || a.reason.localeCompare(b.reason)),
  };
}

function summariseFile(file: string, mutants: readonly ReportedMutant[], names: ReadonlyMap<string, string>, before: BaselineFile | undefined): FileSummary {
  const ignoredBy = Object.fromEntries([...Object.keys(IGNORE_CATEGORIES), 'other'].map((c) => [c, 0])) as Record<IgnoreCategory, number>;
  const killedBy: Record<RuleLevel, number> = { MUST: 0, SHOULD: 0, INFO: 0 };
  let ignored = 0;
  let invalid = 0;
  let timeout = 0;
  let fuzzOnly = 0;
  const survived: ReportedMutant[] = [];
  const noCoverage: ReportedMutant[] = [];
  for (const mutant of mutants) {
    switch (mutant.status) {
      case 'Ignored':
        ignored += 1;
        ignoredBy[categoryOf(mutant.statusReason)] += 1;
        break;
      case 'CompileError':
      case 'RuntimeError':
      case 'Pending':
        invalid += 1;
        break;
      case 'Timeout':
        timeout += 1;
        break;
      case 'Killed':
        if (killedByFuzzOnly(mutant, names)) fuzzOnly += 1;
        else killedBy[killLevelOf(mutant.statusReason)] += 1;
        break;
      case 'Survived':
        survived.push(mutant);
        break;
      case 'NoCoverage':
        noCoverage.push(mutant);
        break;
    }
  }
  const valid = mutants.length - ignored - invalid;
  const bySuites = killedBy.MUST + killedBy.SHOULD + killedBy.INFO + timeout;
  return {
    file,
    mutants: mutants.length,
    ignored,
    ignoredBy,
    valid,
    killedBy,
    timeout,
    fuzzOnly,
    survived,
    noCoverage,
    suitesScore: percent(bySuites, valid),
    fuzzScore: percent(bySuites + fuzzOnly, valid),
    ...(before ? { before } : {}),
  };
}

function sumBaseline(files: readonly BaselineFile[]): BaselineFile {
  const mutants = files.reduce((n, f) => n + f.mutants, 0);
  const killed = files.reduce((n, f) => n + f.killed, 0);
  return { mutants, killed, score: percent(killed, mutants) };
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 100 : Math.round((part / whole) * 1000) / 10;
}

function where(mutant: ReportedMutant): string {
  return `${mutant.location.start.line}:${mutant.location.start.column}`;
}

function describe(file: string, mutant: ReportedMutant): string {
  return `${file}:${where(mutant)} ${mutant.mutatorName}${mutant.replacement !== undefined ? ` → ${oneLine(mutant.replacement)}` : ''}`;
}

/**
 * The `--mutate` range that runs just this mutant again (with any that share its span). Stryker's reports count
 * columns from 1, its `mutate` ranges (like Babel) from 0: the start column is one less than the report's.
 */
export function rerunRange(file: string, mutant: ReportedMutant): string {
  const { start, end } = mutant.location;
  return `${file}:${start.line}:${Math.max(0, start.column - 1)}-${end.line}:${end.column}`;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}…` : flat;
}

function scoreCells(f: FileSummary, fuzz: boolean): string[] {
  const killed = `${f.killedBy.MUST + f.killedBy.SHOULD + f.killedBy.INFO} (${f.killedBy.MUST}/${f.killedBy.SHOULD}/${f.killedBy.INFO})`;
  const cells = [
    f.before ? `${f.before.score.toFixed(1)}% (${f.before.killed}/${f.before.mutants})` : '—',
    String(f.mutants),
    String(f.ignored),
    String(f.valid),
    killed,
    String(f.timeout),
    String(f.survived.length + f.noCoverage.length),
    `${f.suitesScore.toFixed(1)}%`,
  ];
  if (fuzz) cells.push(String(f.fuzzOnly), `${f.fuzzScore.toFixed(1)}%`);
  return cells;
}

const HEADERS = ['file', 'before', 'mutants', 'ignored', 'can matter', 'killed (MUST/SHOULD/INFO)', 'timeout', 'survived', 'suites'];
const FUZZ_HEADERS = ['fuzz only', 'suites + fuzz'];

/** The summary as console text: a table per file, then every survivor (file:line:col mutator → replacement). */
export function renderConsole(summary: MutationSummary): string {
  const headers = summary.fuzz ? [...HEADERS, ...FUZZ_HEADERS] : HEADERS;
  const rows = [...summary.files, summary.total].map((f) => [f.file, ...scoreCells(f, summary.fuzz)]);
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const out = ['', 'Mutation score per file (score = killed + timeout over the mutants that can matter at the API)', line(headers), ...rows.map(line)];
  const survivors = summary.files.flatMap((f) => [...f.survived, ...f.noCoverage].map((m) => `  ${describe(f.file, m)}${m.status === 'NoCoverage' ? ' (no scenario reaches it)' : ''}  [--mutate ${rerunRange(f.file, m)}]`));
  out.push('', survivors.length === 0 ? 'No survivor.' : `${survivors.length} survivor(s):`, ...survivors);
  out.push('', `Wall time: ${(summary.wallMs / 1000).toFixed(0)} s`, '');
  return out.join('\n');
}

/** The summary as the Markdown of bench/mutation.md. */
export function renderMarkdown(summary: MutationSummary, options: { readonly command: string }): string {
  const headers = summary.fuzz ? [...HEADERS, ...FUZZ_HEADERS] : HEADERS;
  const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  const out = [
    '# Mutation testing of the reference simulator',
    '',
    '<!-- Generated by `npm run mutation` (scripts/mutation/run.ts); do not edit by hand. -->',
    '',
    `Command: \`${options.command}\` · Stryker over ${MUTATE.map((m) => `\`${m}\``).join(', ')} · wall time ${(summary.wallMs / 1000 / 60).toFixed(1)} min.`,
    '',
    'A mutant is **killed** when a scenario of the bundled suites (each one a test, run against a `settlekit simulate`-like',
    'server of the mutated simulator by the unmutated runner) fails or errors: *killed* counts them by the strongest rule',
    'level the failing scenario checks — MUST (the run is not conformant), SHOULD (not conformant with `--strict`), INFO',
    '(reported, never gating). *Ignored* mutants carry a `// Stryker disable` comment saying why they cannot matter at',
    'the API; *can matter* is the rest, and the score is over those.',
    '',
    row(headers),
    row(headers.map((_, i) => (i === 0 ? '---' : '---:'))),
    ...[...summary.files, summary.total].map((f) => row([i(f.file), ...scoreCells(f, summary.fuzz)])),
    '',
  ];
  if (summary.baseline) out.push(`*before*: ${summary.baseline.measured}`, '');
  out.push('## Ignored mutants, by reason', '');
  const byCategory = new Map<IgnoreCategory, { count: number; reasons: { reason: string; count: number }[] }>();
  for (const r of summary.reasons) {
    const entry = byCategory.get(r.category) ?? { count: 0, reasons: [] };
    entry.count += r.count;
    entry.reasons.push({ reason: r.reason, count: r.count });
    byCategory.set(r.category, entry);
  }
  if (byCategory.size === 0) out.push('None.', '');
  for (const [category, entry] of byCategory) {
    const title = category === 'other' ? 'other (a reason naming no category)' : IGNORE_CATEGORIES[category];
    out.push(`- **${category}** (${entry.count}): ${title}`);
    for (const r of entry.reasons) out.push(`  - ${r.count} × ${r.reason.replace(/^\s*[a-z]+\s*:\s*/, '')}`);
  }
  out.push('', '## Survivors', '');
  const survivors = summary.files.flatMap((f) => [...f.survived, ...f.noCoverage].map((m) => `- \`${describe(f.file, m)}\`${m.status === 'NoCoverage' ? ' (no scenario reaches it)' : ''} (\`--mutate ${rerunRange(f.file, m)}\`)`));
  out.push(...(survivors.length === 0 ? ['None.'] : survivors), '');
  return out.join('\n');
}

function i(file: string): string {
  return file === 'all files' ? '**all files**' : `\`${file}\``;
}
