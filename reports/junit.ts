/**
 * The JUnit XML report, for CI systems: one `<testsuite>` per suite, one `<testcase>` per scenario. A pure function of
 * the {@link RunReport}, so it can be rebuilt from a saved JSON report. Everything the target sent is escaped and
 * stripped of characters XML 1.0 cannot carry, so the document is well-formed whatever the target answered.
 */
import type { AssertionResult, RunReport, ScenarioResult, Status, StepResult } from '../runner/model/report.ts';
import { waiverMarkText } from './gate-text.ts';
import { createReportFileReporter, type FileReporter } from './output-file.ts';

/** Options of {@link createJUnitReporter}. */
export interface JUnitReporterOptions {
  /** Folder the report is written into (created when missing). */
  readonly outputDir: string;
  /** File name inside `outputDir`; default `junit.xml`. */
  readonly fileName?: string;
}

/** A reporter that writes {@link renderJUnit}'s document atomically when the run ends. */
export function createJUnitReporter(options: JUnitReporterOptions): FileReporter {
  return createReportFileReporter('junit', options.outputDir, options.fileName ?? 'junit.xml', renderJUnit);
}

/** Longest JSON rendering of an expected/actual value kept in a failure's text. */
const MAX_VALUE_CHARS = 2000;

/**
 * Renders the report as JUnit XML: a `<testsuites name="settlekit">` root with totals, one `<testsuite>` per suite
 * (time = the sum of its scenarios' durations), one `<testcase>` per scenario. `classname` is the suite id plus the
 * scenario's folder inside the suite (`braintree/void/x` → `braintree.void`), `name` the scenario id.
 * failed → `<failure>`, errored → `<error>` (type = the error code), skipped → `<skipped>`; a failure a waiver waives
 * → `<skipped type="waived">` with the reason (as for an expected failure), its details kept in `<system-out>`. Each test
 * case carries its scenario `file` and `line` (GitLab, Jenkins), and properties for its baseline change and waiver.
 */
export function renderJUnit(report: RunReport): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const totals = counts(report.scenarios);
  out.push(
    `<testsuites${attrs({ name: 'settlekit', tests: totals.tests, failures: totals.failures, errors: totals.errors, skipped: totals.skipped, time: seconds(report.durationMs), timestamp: report.startedAt })}>`,
  );
  for (const suite of suiteIds(report)) {
    const scenarios = report.scenarios.filter((s) => s.suite === suite);
    const c = counts(scenarios);
    const time = scenarios.reduce((sum, s) => sum + s.timings.durationMs, 0);
    const timestamp = scenarios.map((s) => s.timings.startedAt).sort()[0] ?? report.startedAt;
    const head = `  <testsuite${attrs({ name: suite, tests: c.tests, failures: c.failures, errors: c.errors, skipped: c.skipped, time: seconds(time), timestamp })}`;
    if (scenarios.length === 0) {
      out.push(`${head}/>`);
      continue;
    }
    out.push(`${head}>`);
    for (const scenario of scenarios) out.push(...testcase(scenario));
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

function testcase(s: ScenarioResult): string[] {
  const lines = [`    <testcase${attrs({ classname: classname(s), name: s.id, file: s.file, line: s.line, time: seconds(s.timings.durationMs) })}>`];
  lines.push('      <properties>');
  lines.push(`        <property${attrs({ name: 'title', value: s.title })}/>`);
  for (const rule of s.rules) lines.push(`        <property${attrs({ name: 'rule', value: rule })}/>`);
  for (const tag of s.tags) lines.push(`        <property${attrs({ name: 'tag', value: tag })}/>`);
  if (s.baseline) {
    lines.push(`        <property${attrs({ name: 'baseline', value: s.baseline.change })}/>`);
    if (s.baseline.before) lines.push(`        <property${attrs({ name: 'baseline-before', value: s.baseline.before })}/>`);
  }
  if (s.waiver) {
    lines.push(`        <property${attrs({ name: 'waiver', value: `${s.waiver.state}: ${s.waiver.reason}` })}/>`);
    lines.push(`        <property${attrs({ name: 'waiver-expires', value: s.waiver.expires })}/>`);
    if (s.waiver.link) lines.push(`        <property${attrs({ name: 'waiver-link', value: s.waiver.link })}/>`);
  }
  lines.push('      </properties>');
  const waived = s.waiver?.state === 'applied';
  // An expired waiver no longer waives, and says so in the failure's message.
  const expired = s.waiver?.state === 'expired' ? `(${waiverMarkText(s.waiver)}) ` : '';
  // Scenario: a known failure, waived until its expiry: not a failure for the CI system, the details kept below.
  if (waived) lines.push(`      <skipped${attrs({ type: 'waived', message: `${waiverMarkText(s.waiver!)} — ${s.reason ?? s.status}` })}/>`);
  // Scenario: the target broke the contract.
  if (s.status === 'failed' && !waived) {
    const first = s.steps.flatMap((st) => st.assertions).find((a) => !a.passed);
    const message = expired + (s.reason ?? first?.message ?? 'scenario failed');
    lines.push(`      <failure${attrs({ message, type: first?.kind ?? 'assertion' })}>${text(problemText(s))}</failure>`);
  }
  // Scenario: the network, the kit or the scenario itself broke.
  if (s.status === 'errored' && !waived) {
    const step = s.steps.find((st) => st.error !== undefined);
    const message = expired + (s.reason ?? step?.error?.message ?? 'scenario errored');
    lines.push(`      <error${attrs({ message, type: step?.error?.code ?? 'error' })}>${text(problemText(s))}</error>`);
  }
  if (s.status === 'skipped') lines.push(`      <skipped${attrs({ message: s.reason })}/>`);
  const out = [...(waived ? [problemText(s), ''] : []), ...s.steps.map(stepSummary)];
  if (s.steps.length > 0) lines.push(`      <system-out>${text(out.join('\n'))}</system-out>`);
  lines.push('    </testcase>');
  return lines;
}

/** What went wrong, step by step: failed assertions with expected/actual, errors with their hint. */
function problemText(s: ScenarioResult): string {
  const blocks: string[] = [];
  s.steps.forEach((step, index) => {
    if (step.status !== 'failed' && step.status !== 'errored') return;
    const lines = [`step ${index + 1} "${step.name}" (${step.status}) at ${s.file}:${step.line}`];
    if (step.error) {
      lines.push(`  ${step.error.code}: ${step.error.message}`);
      if (step.error.hint) lines.push(`  hint: ${step.error.hint}`);
    }
    for (const a of step.assertions.filter((x) => !x.passed)) lines.push(...assertionLines(a));
    if (step.curl) lines.push(`  reproduce: ${step.curl}`);
    blocks.push(lines.join('\n'));
  });
  return blocks.length > 0 ? blocks.join('\n\n') : (s.reason ?? '');
}

function assertionLines(a: AssertionResult): string[] {
  const lines = [`  ${a.kind}${a.path ? ` ${a.path}` : ''}: ${a.message}`];
  // `undefined` and absent must render alike: a report read back from JSON has lost its undefined fields.
  if (a.expected !== undefined) lines.push(`    expected: ${json(a.expected)}`);
  if (a.actual !== undefined) lines.push(`    actual:   ${json(a.actual)}`);
  if (a.schemaPath) lines.push(`    schema:   ${a.schemaPath}`);
  return lines;
}

/** One line per step for `<system-out>`: `[passed] name — POST url → 201 (4 ms)`. */
function stepSummary(step: StepResult): string {
  const request = step.request ? `${step.request.method} ${step.request.url}` : step.action;
  const outcome = step.response ? ` → ${step.response.status}` : step.error ? ` → ${step.error.code}` : '';
  return `[${step.status}] ${step.name} — ${request}${outcome} (${Math.round(step.timings.durationMs)} ms)`;
}

/** Suites in verdict order, then any suite only the scenarios mention. */
function suiteIds(report: RunReport): string[] {
  return [...new Set([...report.verdict.suites.map((v) => v.id), ...report.scenarios.map((s) => s.suite)])];
}

function classname(s: ScenarioResult): string {
  const parts = s.id.split('/');
  if (parts[0] === s.suite) parts.shift();
  parts.pop();
  return parts.length > 0 ? `${s.suite}.${parts.join('.')}` : s.suite;
}

function counts(scenarios: readonly ScenarioResult[]): { tests: number; failures: number; errors: number; skipped: number } {
  // Waived failures are written as skipped test cases, so they count as skipped.
  const waived = (s: ScenarioResult): boolean => s.waiver?.state === 'applied';
  const n = (status: Status): number => scenarios.filter((s) => s.status === status && !waived(s)).length;
  return { tests: scenarios.length, failures: n('failed'), errors: n('errored'), skipped: n('skipped') + scenarios.filter(waived).length };
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function json(value: unknown): string {
  let rendered: string;
  try {
    rendered = JSON.stringify(value) ?? String(value);
  } catch {
    rendered = String(value);
  }
  return rendered.length > MAX_VALUE_CHARS ? `${rendered.slice(0, MAX_VALUE_CHARS)}…` : rendered;
}

/** Characters XML 1.0 cannot carry at all (even escaped): C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF. */
const INVALID_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Removes the characters XML 1.0 forbids. */
export function stripInvalidXmlChars(value: string): string {
  return value.replace(INVALID_XML_CHARS, '');
}

/** Escapes element text; CR is written as a reference because parsers would otherwise turn it into LF. */
function text(value: string): string {
  return stripInvalidXmlChars(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** Escapes an attribute value; whitespace is written as references so attribute normalization keeps it. */
function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

/** ` a="1" b="2"` for the defined values, in order. */
function attrs(values: Readonly<Record<string, string | number | undefined>>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${attr(String(value))}"`)
    .join('');
}
