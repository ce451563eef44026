/**
 * The console reporter: progress while the run goes, then the failures in detail, the rules table and the verdict.
 * In an interactive terminal (and not in CI) progress is one line rewritten in place; elsewhere (CI logs, pipes) it is
 * one plain line per finished scenario. Everything the target sent is escaped before it reaches the terminal, so a
 * response cannot inject terminal control sequences.
 */
import type { Reporter, RunEndEvent, RunErrorEvent, RunStartEvent, ScenarioEndEvent, ScenarioStartEvent } from '../runner/model/events.ts';
import type { AssertionResult, RuleResult, RuleStatus, RunReport, ScenarioResult, Status, StepResult } from '../runner/model/report.ts';
import { levelRank, RULE_LEVELS, type RuleLevel } from '../lib/rule-levels.ts';
import { CHANGE_LABELS, changeCountsText, gateLine, gatePassed, hasGateDetails, listIds, notRunByStop, waiverMarkText, waiverOutcomeText } from './gate-text.ts';

/** Options of {@link createConsoleReporter}. */
export interface ConsoleReporterOptions {
  /** Where to write; default `process.stdout`. */
  readonly stream?: NodeJS.WritableStream;
  /** Whether the stream is an interactive terminal; default `stream.isTTY`. The live line also needs `CI` unset. */
  readonly tty?: boolean;
  /**
   * Colour the output. When not given: `FORCE_COLOR` (on unless `0`/`false`), else `NO_COLOR` (off when set and not
   * empty), else on for a terminal.
   */
  readonly color?: boolean;
  /** Also list passing scenarios live in a terminal, every step of each scenario, and the curl of failing steps. */
  readonly verbose?: boolean;
  /** Whether other reporters write files into the output folder, so the summary names it (default true). */
  readonly filesWritten?: boolean;
}

/** Longest rendering of an expected/actual value in the failure details. */
const MAX_VALUE_CHARS = 200;
/** Most rule ids listed in the verdict line. */
const MAX_VERDICT_IDS = 10;
/** Clears the current terminal line and returns to its start. */
const CLEAR_LINE = '\r\x1b[2K';

const SYMBOL: Readonly<Record<Status, string>> = { passed: '✓', failed: '✗', errored: '!', skipped: '○' };
const STATUSES: readonly Status[] = ['passed', 'failed', 'errored', 'skipped'];

/**
 * A reporter writing progress, failure details, a rules table and the verdict to a stream (stdout by default).
 */
export function createConsoleReporter(options: ConsoleReporterOptions = {}): Reporter {
  const stream = options.stream ?? process.stdout;
  const tty = options.tty ?? (stream as { isTTY?: boolean }).isTTY === true;
  const live = tty && !isCI();
  const verbose = options.verbose ?? false;
  const style = styler(resolveColor(options.color, tty));
  const counts: Record<Status, number> = { passed: 0, failed: 0, errored: 0, skipped: 0 };
  let total: number | undefined;
  let current = '';
  let progressShown = false;

  const write = (text: string): void => void stream.write(text);
  const columns = (): number => {
    const c = (stream as { columns?: number }).columns;
    return typeof c === 'number' && c > 10 ? c : 80;
  };
  const progressLine = (): string => {
    const done = counts.passed + counts.failed + counts.errored + counts.skipped;
    const parts = [`[${done}/${total ?? '?'}]`, ...STATUSES.map((status) => `${SYMBOL[status]} ${counts[status]}`)];
    const head = [parts[0], ...STATUSES.map((status, i) => statusStyle(status, style)(parts[i + 1]!))].join(' ');
    // A wrapped line cannot be rewritten with \r: keep it inside the terminal's width.
    const room = columns() - 1 - parts.join(' ').length - 2;
    return room > 1 && current !== '' ? `${head}  ${style.dim(truncate(current, room))}` : head;
  };
  /** Prints permanent lines; in live mode above the progress line, which is then redrawn. */
  const print = (text: string): void => {
    if (!live) return write(`${text}\n`);
    write(`${progressShown ? CLEAR_LINE : ''}${text}\n${progressLine()}`);
    progressShown = true;
  };
  const redraw = (): void => {
    if (!live) return;
    write(`${CLEAR_LINE}${progressLine()}`);
    progressShown = true;
  };

  return {
    name: 'console',

    onRunStart(event: RunStartEvent): void {
      total = event.scenarioCount;
      const target = `${clean(event.target.url)}${event.target.embedded ? ' (embedded simulator)' : ''}`;
      const part = event.shard ? `shard ${event.shard.index}/${event.shard.total}: ${event.scenarioCount} of ${plural(event.plannedCount ?? event.scenarioCount, 'scenario')}` : plural(event.scenarioCount, 'scenario');
      write(`${style.bold(`settlekit ${clean(event.kitVersion)}`)} — ${part} against ${target}\n`);
      redraw();
    },

    onScenarioStart(event: ScenarioStartEvent): void {
      current = clean(event.id);
      redraw();
    },

    onScenarioEnd({ scenario }: ScenarioEndEvent): void {
      counts[scenario.status] += 1;
      current = clean(scenario.id);
      const steps = verbose ? scenario.steps.map((step) => `    ${stepLine(step, style)}`) : [];
      // Scenario: in a terminal, only problems are printed above the progress line unless verbose.
      if (!live || verbose || scenario.status === 'failed' || scenario.status === 'errored') {
        print([scenarioLine(scenario, style), ...steps].join('\n'));
      } else {
        redraw();
      }
    },

    onError(event: RunErrorEvent): void {
      const who = event.reporter === undefined ? '' : ` (reporter ${clean(event.reporter)})`;
      print(style.yellow(`! ${clean(event.code)}${who}: ${clean(event.message)}`));
    },

    onRunEnd(event: RunEndEvent): void {
      if (progressShown) write(CLEAR_LINE);
      progressShown = false;
      write(renderSummary(event.report, options.filesWritten === false ? undefined : event.outputDir, { verbose, style }));
    },
  };
}

/** The end-of-run text: failure details, the rules table, the verdict and counts. */
function renderSummary(report: RunReport, outputDir: string | undefined, { verbose, style }: { verbose: boolean; style: Style }): string {
  const out: string[] = [''];
  // Scenarios a stop kept from running are one line of the verdict, not one block each.
  const problems = report.scenarios.filter((s) => (s.status === 'failed' || s.status === 'errored') && !notRunByStop(report, s));
  if (problems.length > 0) {
    out.push(style.bold(`Failures (${problems.length})`), '');
    for (const scenario of problems) out.push(...failureDetail(scenario, verbose, style), '');
  }
  if (report.rules.length > 0) out.push(style.bold('Rules'), ...rulesTable(report.rules, style), '');
  out.push(...baselineLines(report, style), ...waiverLines(report, style));
  out.push(...verdictLines(report, style));
  out.push(`Scenarios: ${countLine(report.summary.scenarios)}`);
  out.push(`Steps:     ${countLine(report.summary.steps)}`);
  const levels = RULE_LEVELS
    .filter((level) => report.summary.rules[level].total > 0)
    .map((level) => `${level} ${report.summary.rules[level].passed}/${report.summary.rules[level].total} passed`);
  if (levels.length > 0) out.push(`Rules:     ${levels.join(' · ')}`);
  out.push(`Duration:  ${duration(report.durationMs)}`);
  // With the console alone (`--reporter console`) nothing is written there: no folder to send anyone to.
  if (outputDir !== undefined) out.push(`Reports:   ${clean(outputDir)}`);
  return `${out.join('\n')}\n`;
}

function failureDetail(s: ScenarioResult, verbose: boolean, style: Style): string[] {
  const head = s.status === 'failed' ? style.red(`${SYMBOL.failed} ${clean(s.id)}`) : style.yellow(`${SYMBOL.errored} errored ${clean(s.id)}`);
  const change = s.baseline && s.baseline.change !== 'still-failing' ? style.dim(` [${CHANGE_LABELS[s.baseline.change]}]`) : '';
  const lines = [`${head} — ${clean(s.title)}${change}`, `  ${style.dim(`${clean(s.file)}:${s.line}`)}`];
  if (s.waiver) lines.push(`  ${(s.waiver.state === 'applied' ? style.yellow : style.red)(clean(waiverMarkText(s.waiver)))}`);
  const bad = s.steps.map((step, index) => ({ step, index })).filter(({ step }) => step.status === 'failed' || step.status === 'errored');
  if (bad.length === 0 && s.reason !== undefined) lines.push(`  ${clean(s.reason)}`);
  for (const { step, index } of bad) {
    lines.push(`  step ${index + 1} "${clean(step.name)}" ${step.status} at ${clean(s.file)}:${step.line}`);
    if (step.error) {
      lines.push(`    ${style.yellow(clean(step.error.code))}: ${clean(step.error.message)}`);
      if (step.error.hint) lines.push(`    ${style.dim(`hint: ${clean(step.error.hint)}`)}`);
    }
    for (const a of step.assertions.filter((x) => !x.passed)) lines.push(...assertionLines(a, style));
    if (verbose && step.curl) lines.push(`    ${style.dim(`reproduce: ${clean(step.curl)}`)}`);
  }
  return lines;
}

function assertionLines(a: AssertionResult, style: Style): string[] {
  const lines = [`    ${style.red(SYMBOL.failed)} ${a.kind}${a.path ? ` ${clean(a.path)}` : ''}: ${clean(a.message)}`];
  if (a.expected !== undefined) lines.push(`      expected: ${style.green(compact(a.expected))}`);
  if (a.actual !== undefined) lines.push(`      actual:   ${style.red(compact(a.actual))}`);
  if (a.schemaPath) lines.push(`      schema:   ${clean(a.schemaPath)}`);
  return lines;
}

const STATUS_RANK: Readonly<Record<RuleStatus, number>> = { failed: 0, errored: 1, skipped: 2, untested: 3, passed: 4 };

/** Rules as an aligned table, every non-passing rule first (by status, then level), passing ones last. */
function rulesTable(rules: readonly RuleResult[], style: Style): string[] {
  const sorted = rules
    .map((rule, index) => ({ rule, index }))
    .sort((a, b) => STATUS_RANK[a.rule.status] - STATUS_RANK[b.rule.status] || levelRank(a.rule.level) - levelRank(b.rule.level) || a.index - b.index)
    .map(({ rule }) => rule);
  // A NOTE column only when the run has a baseline or waivers: what changed, what is waived.
  const noted = rules.some((r) => r.baseline || r.waiver);
  const note = (r: RuleResult): string =>
    [r.baseline && r.baseline.change !== 'unchanged' ? CHANGE_LABELS[r.baseline.change] : '', r.waiver ? (r.waiver.state === 'applied' ? 'waived' : 'waiver expired') : ''].filter(Boolean).join(', ');
  const rows = sorted.map((r) => [clean(r.id), r.level, r.status, String(r.scenarios.length), ...(noted ? [note(r)] : [])]);
  const header = ['RULE', 'LEVEL', 'STATUS', 'SCENARIOS', ...(noted ? ['NOTE'] : [])];
  const width = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const pad = (cells: readonly string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(width[i]!))).join('  ');
  return [
    `  ${style.dim(pad(header))}`,
    ...sorted.map((rule, i) => {
      const [id, level, status, n, ...rest] = rows[i]!;
      const paint = statusStyle(rule.status, style);
      return `  ${pad([id!, level!, paint(status!.padEnd(width[2]!)), n!, ...rest])}`.trimEnd();
    }),
  ];
}

/** The comparison with the baseline: counts, then the new failures and the fixed, by id. */
function baselineLines(report: RunReport, style: Style): string[] {
  const b = report.baseline;
  if (!b) return [];
  const ids = (items: readonly (RuleResult | ScenarioResult)[], change: string): string[] => items.filter((x) => x.baseline?.change === change).map((x) => clean(x.id));
  const lines = [style.bold(`Baseline ${clean(b.source)}`) + style.dim(` (${clean(b.startedAt)}, ${clean(b.target)})`)];
  lines.push(`  rules:     ${changeCountsText(b.rules)}`, `  scenarios: ${changeCountsText(b.scenarios)}`);
  const newRules = ids(report.rules, 'new-failure');
  const newScenarios = ids(report.scenarios, 'new-failure');
  const fixed = ids(report.rules, 'fixed');
  if (newRules.length) lines.push(style.red(`  new failures: ${listIds(newRules, MAX_VERDICT_IDS)}`));
  if (newScenarios.length) lines.push(style.red(`  new failing scenarios: ${listIds(newScenarios, MAX_VERDICT_IDS)}`));
  if (fixed.length) lines.push(style.green(`  fixed: ${listIds(fixed, MAX_VERDICT_IDS)}`));
  return [...lines, ''];
}

/** Every waiver and what became of it (expired and stale ones are warnings). */
function waiverLines(report: RunReport, style: Style): string[] {
  const w = report.waivers;
  if (!w) return [];
  const lines = [style.bold(`Waivers${w.file ? ` ${clean(w.file)}` : ''}`) + style.dim(` (today ${w.today})`)];
  for (const entry of w.entries) {
    const where = w.file && entry.line ? style.dim(` (${clean(w.file)}:${entry.line})`) : '';
    const text = `${clean(waiverOutcomeText(entry))}${where}`;
    lines.push(entry.state === 'applied' ? `  ${style.yellow('~')} ${text}` : `  ${style.red('!')} ${text}`);
  }
  if (w.entries.length === 0) lines.push(style.dim('  (none)'));
  return [...lines, ''];
}

/** `CONFORMANT` or `NOT CONFORMANT (…)`, plus warnings for SHOULD rules that do not gate the run. */
function verdictLines(report: RunReport, style: Style): string[] {
  const bad = (level: RuleLevel, status: RuleStatus): string[] =>
    report.rules.filter((r) => r.level === level && r.status === status).map((r) => clean(r.id));
  const list = (ids: readonly string[]): string => listIds(ids, MAX_VERDICT_IDS);
  const lines: string[] = [];
  if (report.interrupted) lines.push(style.yellow('INTERRUPTED — the results cover only what ran'));
  if (report.stopped) {
    const notRun = report.scenarios.filter((sc) => notRunByStop(report, sc)).length;
    lines.push(style.red(`STOPPED — ${clean(report.stopped.message)} (${clean(report.stopped.code)}); ${plural(notRun, 'scenario')} not run, errored`));
  }
  const mustFailed = bad('MUST', 'failed');
  const mustErrored = bad('MUST', 'errored');
  const shouldFailed = bad('SHOULD', 'failed');
  const shouldErrored = bad('SHOULD', 'errored');
  // "2 SHOULD rules failed: A, B; 1 SHOULD rule errored: C", each clause with `suffix`.
  const shouldText = (suffix: string): string =>
    [
      ...(shouldFailed.length > 0 ? [`${plural(shouldFailed.length, 'SHOULD rule')} failed${suffix}: ${list(shouldFailed)}`] : []),
      ...(shouldErrored.length > 0 ? [`${plural(shouldErrored.length, 'SHOULD rule')} errored${suffix}: ${list(shouldErrored)}`] : []),
    ].join('; ');
  const shouldCount = shouldFailed.length + shouldErrored.length;
  if (report.verdict.conformant) {
    lines.push(style.bold(style.green('CONFORMANT')));
  } else {
    const why: string[] = [];
    if (mustFailed.length > 0) why.push(`${plural(mustFailed.length, 'MUST rule')} failed: ${list(mustFailed)}`);
    if (mustErrored.length > 0) why.push(`${plural(mustErrored.length, 'MUST rule')} errored: ${list(mustErrored)}`);
    if (report.options.strict && shouldCount > 0) why.push(shouldText(' (--strict)'));
    // The gate also counts failures of scenarios tied to no rule, and an interrupted run.
    const unruled = report.scenarios.filter((sc) => sc.rules.length === 0 && (sc.status === 'failed' || sc.status === 'errored')).map((sc) => clean(sc.id));
    if (unruled.length > 0) why.push(`${plural(unruled.length, 'scenario')} without a rule did not pass: ${list(unruled)}`);
    if (why.length === 0 && report.interrupted) why.push('interrupted');
    lines.push(style.bold(style.red(`NOT CONFORMANT${why.length > 0 ? ` (${why.join('; ')})` : ''}`)));
  }
  if (!report.options.strict && shouldCount > 0) {
    lines.push(style.yellow(`warning: ${shouldText('')} (fails the run with --strict)`));
  }
  if (report.shard) {
    const of = report.plan ? ` covers ${report.scenarios.length} of ${plural(report.plan.scenarios.length, 'scenario')}` : ' covers this shard only';
    lines.push(style.dim(`shard ${report.shard.index}/${report.shard.total}: this verdict${of}; \`settlekit merge\` the shards' reports for the run's`));
  }
  // The gate decides the exit code; say it whenever it can differ from the verdict above.
  if (hasGateDetails(report)) lines.push(style.bold((gatePassed(report) ? style.green : style.red)(clean(gateLine(report, MAX_VERDICT_IDS)))));
  return lines;
}

/** `✓ id (12 ms)`, `✗ id (12 ms) — reason`, `! errored id (12 ms) — reason`, `○ skipped id — reason`. */
function scenarioLine(s: ScenarioResult, style: Style): string {
  const id = clean(s.id);
  const time = style.dim(`(${duration(s.timings.durationMs)})`);
  const reason = s.reason === undefined ? '' : ` — ${clean(s.reason)}`;
  switch (s.status) {
    case 'passed':
      return `${style.green(SYMBOL.passed)} ${id} ${time}`;
    case 'failed':
      return `${style.red(SYMBOL.failed)} ${id} ${time}${reason}`;
    case 'errored':
      return `${style.yellow(`${SYMBOL.errored} errored`)} ${id} ${time}${reason}`;
    case 'skipped':
      return `${style.dim(`${SYMBOL.skipped} skipped`)} ${id}${reason}`;
  }
}

/** `✓ name — POST url → 201 (4 ms)`. */
function stepLine(step: StepResult, style: Style): string {
  const request = step.request ? `${step.request.method} ${step.request.url}` : step.action;
  const outcome = step.response ? ` → ${step.response.status}` : step.error ? ` → ${step.error.code}` : '';
  return `${statusStyle(step.status, style)(SYMBOL[step.status])} ${clean(step.name)} — ${clean(`${request}${outcome}`)} ${style.dim(`(${duration(step.timings.durationMs)})`)}`;
}

function countLine(c: RunReport['summary']['scenarios']): string {
  return `${c.total} total · ${c.passed} passed · ${c.failed} failed · ${c.errored} errored · ${c.skipped} skipped`;
}

function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Compact JSON of a value, made terminal-safe and cut to about {@link MAX_VALUE_CHARS} characters. */
function compact(value: unknown): string {
  let rendered: string;
  try {
    rendered = JSON.stringify(value) ?? String(value);
  } catch {
    rendered = String(value);
  }
  return truncate(clean(rendered), MAX_VALUE_CHARS);
}

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

/**
 * Makes target-controlled text safe for one terminal line: C0/C1 control characters (ESC, CR, LF…) and bidirectional
 * overrides are shown escaped (`\x1b`, `\u202e`) instead of being interpreted.
 */
function clean(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const unsafe = code < 0x20 || (code >= 0x7f && code <= 0x9f) || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
    if (!unsafe) out += ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else out += code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return out;
}

function isCI(): boolean {
  const ci = process.env['CI'];
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/**
 * Whether to colour: the explicit option, else FORCE_COLOR (on unless `0` or `false`), else NO_COLOR (off when set and
 * not empty), else whether the stream is a terminal. The one colour policy of the console, which the commands use too.
 */
export function resolveColor(option: boolean | undefined, tty: boolean): boolean {
  if (option !== undefined) return option;
  const force = process.env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  const noColor = process.env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return false;
  return tty;
}

interface Style {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly red: (s: string) => string;
  readonly green: (s: string) => string;
  readonly yellow: (s: string) => string;
}

/** Plain ANSI SGR codes, each closed by its own reset so styles nest. */
function styler(enabled: boolean): Style {
  const sgr = (open: number, close: number) => (s: string): string => (enabled ? `\x1b[${open}m${s}\x1b[${close}m` : s);
  return { bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39) };
}

function statusStyle(status: RuleStatus, style: Style): (s: string) => string {
  switch (status) {
    case 'passed':
      return style.green;
    case 'failed':
      return style.red;
    case 'errored':
      return style.yellow;
    case 'skipped':
    case 'untested':
      return style.dim;
  }
}
