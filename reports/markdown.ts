/**
 * The Markdown summary: a short conformance summary for CI job summaries (e.g. `$GITHUB_STEP_SUMMARY`), as a pure
 * function of the JSON report. Everything that came from the target or a scenario file is escaped, so a response
 * cannot inject Markdown, HTML, links or table cells into the summary.
 */
import type { RuleResult, RunReport, ScenarioResult, StatusCounts } from '../runner/model/report.ts';
import { RULE_LEVELS, type RuleLevel } from '../lib/rule-levels.ts';
import { CHANGE_LABELS, CHANGES, gateLine, gatePassed, hasGateDetails, notRunByStop, shardText, waiverMarkText, waiverOutcomeText } from './gate-text.ts';
import { createReportFileReporter, type FileReporter } from './output-file.ts';
import { compareText } from '../lib/text-order.ts';

/** The file the Markdown reporter writes inside its output folder. */
export const MARKDOWN_SUMMARY_FILE = 'summary.md';

/** Failing scenarios listed under one rule before the list is cut. */
const MAX_SCENARIOS_PER_RULE = 10;
/** Errored scenarios listed before the list is cut. */
const MAX_ERRORED = 50;
/** Skip reasons listed before the table is cut. */
const MAX_SKIP_REASONS = 20;
/** Longest piece of target text quoted in one place. */
const MAX_TEXT = 240;

/**
 * Escapes text for inline Markdown (GitHub Flavored): collapses whitespace to one line, cuts long text, turns `<`, `>`
 * and `&` into entities (no raw HTML), breaks bare-URL autolinks, and backslash-escapes every character Markdown gives
 * a meaning inside a line (emphasis, code spans, links and images, table pipes, strikethrough, math). Text never
 * starts a line in the summary, so line-start syntax (headings, lists, quotes) cannot trigger.
 */
export function escapeMarkdown(text: string, max = MAX_TEXT): string {
  let t = text.replace(/\s+/g, ' ').trim();
  if (t.length > max) t = `${t.slice(0, max - 1)}…`;
  return t
    .replace(/[\\`*_[\]|~$]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    // GFM turns bare URLs into links; a target's text must not become a clickable link in the summary.
    .replace(/:\/\//g, '&#58;//')
    .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}&#46;`);
}

/** An id as inline code when it is made of plain characters, else as escaped text. */
function code(id: string): string {
  return /^[\w./:@+-]+$/.test(id) && id.length <= MAX_TEXT ? `\`${id}\`` : escapeMarkdown(id);
}

/** A duration as `420 ms`, `12.3 s` or `2 min 5 s`; each unit chosen by the value as written, rounded (119.7 s is "2 min 0 s", not "1 min 60 s"). */
export function fmtMs(ms: number): string {
  if (Math.round(ms) < 1000) return `${Math.round(ms)} ms`;
  const tenths = Math.round(ms / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

function fmtDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? escapeMarkdown(iso) : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

function row(cells: readonly (string | number)[]): string {
  return `| ${cells.join(' | ')} |`;
}

function countsRow(label: string, c: StatusCounts): string {
  return row([label, c.total, c.passed, c.failed, c.errored, c.skipped]);
}

/** Where a scenario went wrong: the failing (or erroring) step's position and its first failed check, in one line. */
function firstFailure(s: ScenarioResult): { where: string; what: string } {
  const step = s.steps.find((st) => st.status === 'failed' || st.status === 'errored');
  const where = `${s.file}:${step?.line ?? s.line}`;
  if (!step) return { where, what: s.reason ? escapeMarkdown(s.reason) : '' };
  const assertion = step.assertions.find((a) => !a.passed);
  const detail = step.error
    ? `${code(step.error.code)} ${escapeMarkdown(step.error.message)}`
    : assertion
      ? `${escapeMarkdown(assertion.kind)}${assertion.path ? ` at ${code(assertion.path)}` : ''}: ${escapeMarkdown(assertion.message)}`
      : escapeMarkdown(s.reason ?? step.status);
  return { where, what: `step “${escapeMarkdown(step.name, 120)}”: ${detail}` };
}

function scenarioLine(s: ScenarioResult, indent = ''): string {
  const { where, what } = firstFailure(s);
  const mark = s.status === 'errored' ? '⚠️' : '❌';
  const waiver = s.waiver ? ` (${escapeMarkdown(waiverMarkText(s.waiver))})` : '';
  return `${indent}- ${mark} ${code(s.id)} (${code(where)})${what ? ` — ${what}` : ''}${waiver}`;
}

function failingRuleSection(level: RuleLevel, rules: readonly RuleResult[], byId: ReadonlyMap<string, ScenarioResult>, strict: boolean): string[] {
  const failing = rules.filter((r) => r.level === level && (r.status === 'failed' || r.status === 'errored'));
  if (!failing.length) return [];
  const note = level === 'SHOULD' && !strict ? ' — warnings (they fail the verdict only with `--strict`)' : '';
  const out = [`### Failing ${level} rules (${failing.length})${note}`, ''];
  for (const rule of failing) {
    const change = rule.baseline ? ` · ${CHANGE_LABELS[rule.baseline.change]}` : '';
    const waiver = rule.waiver ? ` · ${rule.waiver.state === 'applied' ? '🏷️' : '⏰'} ${escapeMarkdown(waiverMarkText(rule.waiver))}` : '';
    out.push(`- **${code(rule.id)}** ${escapeMarkdown(rule.title)} — ${rule.status}${change}${waiver}`);
    out.push(`  > ${escapeMarkdown(rule.sentence, 400)} <sub>(${escapeMarkdown(rule.source)})</sub>`);
    const scenarios = rule.scenarios.map((id) => byId.get(id)).filter((s): s is ScenarioResult => s?.status === 'failed' || s?.status === 'errored');
    for (const s of scenarios.slice(0, MAX_SCENARIOS_PER_RULE)) out.push(scenarioLine(s, '  '));
    if (scenarios.length > MAX_SCENARIOS_PER_RULE) out.push(`  - … and ${scenarios.length - MAX_SCENARIOS_PER_RULE} more`);
  }
  out.push('');
  return out;
}

/** Renders the Markdown summary of a run. Pure: the same report gives the same text. */
export function renderMarkdown(report: RunReport): string {
  const ok = report.verdict.conformant;
  const byId = new Map(report.scenarios.map((s) => [s.id, s] as const));
  const target = `${escapeMarkdown(report.target.url)}${report.target.embedded ? ' (embedded simulator)' : ''}`;
  const out: string[] = [
    `## settlekit: ${ok ? '✅ CONFORMANT' : '❌ NOT CONFORMANT'}`,
    '',
    `**Target** ${target} · **Kit** ${escapeMarkdown(`${report.kit.name} ${report.kit.version}`)} · ` +
      `**Started** ${fmtDate(report.startedAt)} · **Duration** ${fmtMs(report.durationMs)}${report.options.strict ? ' · **strict**' : ''}`,
    '',
  ];
  if (report.interrupted) {
    out.push('> [!WARNING]', '> The run was interrupted (SIGINT/SIGTERM): this summary covers only the scenarios that ran.', '');
  }
  out.push(...gateSection(report));
  out.push(
    row(['', 'Total', 'Passed', 'Failed', 'Errored', 'Skipped']),
    row(['---', '---:', '---:', '---:', '---:', '---:']),
    countsRow('Scenarios', report.summary.scenarios),
    countsRow('Steps', report.summary.steps),
    '',
    row(['Rules', 'Total', 'Passed', 'Failed', 'Errored', 'Skipped', 'Untested']),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:']),
    ...RULE_LEVELS.map((level) => {
      const c = report.summary.rules[level];
      return row([level, c.total, c.passed, c.failed, c.errored, c.skipped, c.untested]);
    }),
    '',
  );
  if (report.verdict.suites.length) {
    out.push(row(['Suite', 'Verdict', 'Passed', 'Failed', 'Errored', 'Skipped']), row(['---', '---', '---:', '---:', '---:', '---:']));
    for (const sv of report.verdict.suites) {
      const c = sv.scenarios;
      const name = sv.title === sv.id ? code(sv.id) : `${escapeMarkdown(sv.title)} (${code(sv.id)})`;
      out.push(row([name, sv.conformant ? '✅ conformant' : '❌ not conformant', c.passed, c.failed, c.errored, c.skipped]));
    }
    out.push('');
  }

  out.push(...failingRuleSection('MUST', report.rules, byId, report.options.strict));
  out.push(...failingRuleSection('SHOULD', report.rules, byId, report.options.strict));
  out.push(...baselineSection(report), ...waiverSection(report));

  // Scenarios a stop kept from running are counted in the caution above, not listed.
  const errored = report.scenarios.filter((s) => s.status === 'errored' && !notRunByStop(report, s));
  if (errored.length) {
    out.push(`### Errored scenarios (${errored.length})`, '');
    for (const s of errored.slice(0, MAX_ERRORED)) out.push(scenarioLine(s));
    if (errored.length > MAX_ERRORED) out.push(`- … and ${errored.length - MAX_ERRORED} more`);
    out.push('');
  }

  const skipped = report.scenarios.filter((s) => s.status === 'skipped');
  if (skipped.length) {
    const reasons = new Map<string, number>();
    for (const s of skipped) reasons.set(s.reason ?? '(no reason given)', (reasons.get(s.reason ?? '(no reason given)') ?? 0) + 1);
    const sorted = [...reasons].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]));
    out.push(`### Skipped scenarios (${skipped.length})`, '', row(['Reason', 'Scenarios']), row(['---', '---:']));
    for (const [reason, n] of sorted.slice(0, MAX_SKIP_REASONS)) out.push(row([escapeMarkdown(reason), n]));
    if (sorted.length > MAX_SKIP_REASONS) {
      const rest = sorted.slice(MAX_SKIP_REASONS).reduce((sum, [, n]) => sum + n, 0);
      out.push(row([`… ${sorted.length - MAX_SKIP_REASONS} other reasons`, rest]));
    }
    out.push('');
  }

  out.push('<sub>Every step, request, response and assertion is in the HTML report (`index.html`) and the JSON report.</sub>', '');
  return out.join('\n');
}

/** The gate (when it can differ from the verdict), the shard, and a run the kit stopped. */
function gateSection(report: RunReport): string[] {
  const out: string[] = [];
  const shard = shardText(report);
  if (shard || hasGateDetails(report)) {
    const parts = [shard ? `**Shard** ${escapeMarkdown(shard)}` : '', hasGateDetails(report) ? `**Gate** ${gatePassed(report) ? '✅' : '❌'} ${escapeMarkdown(gateLine(report))}` : ''];
    out.push(parts.filter(Boolean).join(' · '), '');
  }
  if (report.stopped) {
    const notRun = report.scenarios.filter((s) => notRunByStop(report, s)).length;
    out.push('> [!CAUTION]', `> The kit stopped the run: ${escapeMarkdown(report.stopped.message)} (${code(report.stopped.code)}). ${notRun} scenario${notRun === 1 ? ' was' : 's were'} not run and ${notRun === 1 ? 'is' : 'are'} reported errored.`, '');
  }
  return out;
}

/** The comparison with the baseline: counts of each change, and the new failures and fixed ones by id. */
function baselineSection(report: RunReport): string[] {
  const b = report.baseline;
  if (!b) return [];
  const out = [`### Compared with the baseline`, '', `${code(b.source)} · ${escapeMarkdown(b.target)} · started ${fmtDate(b.startedAt)} · kit ${escapeMarkdown(b.kitVersion)}`, ''];
  out.push(row(['', ...CHANGES.map((c) => CHANGE_LABELS[c])]), row(['---', ...CHANGES.map(() => '---:')]));
  out.push(row(['Rules', ...CHANGES.map((c) => b.rules[c])]), row(['Scenarios', ...CHANGES.map((c) => b.scenarios[c])]), '');
  const items = [...report.rules, ...report.scenarios];
  for (const [change, title] of [['new-failure', '❌ New failures'], ['fixed', '✅ Fixed']] as const) {
    const ids = items.filter((x) => x.baseline?.change === change).map((x) => x.id);
    if (!ids.length) continue;
    const shown = ids.slice(0, MAX_ERRORED).map(code).join(', ');
    out.push(`**${title}** (${ids.length}): ${shown}${ids.length > MAX_ERRORED ? ` … and ${ids.length - MAX_ERRORED} more` : ''}`, '');
  }
  return out;
}

/** Every waiver and what became of it: applied, expired (no longer waives), stale (nothing it names failed). */
function waiverSection(report: RunReport): string[] {
  const w = report.waivers;
  if (!w) return [];
  const out = [`### Waivers (${w.entries.length})`, '', `${w.file ? `${code(w.file)} · ` : ''}judged on ${w.today}`, ''];
  const mark = { applied: '🏷️ applied', expired: '⏰ expired', stale: '🧹 stale' } as const;
  for (const entry of w.entries) {
    const where = w.file && entry.line ? ` (${code(`${w.file}:${entry.line}`)})` : '';
    const link = entry.link ? ` — ${escapeMarkdown(entry.link)}` : '';
    out.push(`- ${mark[entry.state]}: ${escapeMarkdown(waiverOutcomeText(entry))}${where}${link}`);
  }
  out.push('');
  return out;
}

/** Options of {@link createMarkdownReporter}. */
export interface MarkdownReporterOptions {
  /** The folder `summary.md` is written into (created when missing). */
  readonly outputDir: string;
}

/** A reporter that writes `<outputDir>/summary.md` (atomically) from the complete report on `onRunEnd`. */
export function createMarkdownReporter(options: MarkdownReporterOptions): FileReporter {
  return createReportFileReporter('markdown', options.outputDir, MARKDOWN_SUMMARY_FILE, renderMarkdown);
}
