/**
 * The masthead: the verdict and why, the gate, and the run's facts (target, profile, kit, date, duration, options,
 * shard, baseline, waivers); and the banner of an interrupted run.
 */
import type { RuleLevel } from '../../../runner/model/scenario.ts';
import type { RunReport } from '../../../runner/model/report.ts';
import { type Children, add, attr, el } from './dom.ts';
import { fmtDate, fmtMs, plural } from './format.ts';
import { gateFacts, gateLine } from './gate.ts';

function failingRules(report: RunReport, level: RuleLevel): number {
  return report.rules.filter((r) => r.level === level && (r.status === 'failed' || r.status === 'errored')).length;
}

/** Why the verdict is what it is, in a few words. */
function verdictReasons(report: RunReport): string[] {
  const strict = report.options.strict;
  if (report.verdict.conformant) {
    return [strict ? 'Every MUST and SHOULD rule that ran passed, and nothing errored.' : 'Every MUST rule that ran passed, and nothing errored.'];
  }
  const why: string[] = [];
  const must = failingRules(report, 'MUST');
  if (must) why.push(`${plural(must, 'MUST rule')} failed or errored`);
  const should = failingRules(report, 'SHOULD');
  if (should && strict) why.push(`${plural(should, 'SHOULD rule')} failed or errored (strict)`);
  const errored = report.summary.scenarios.errored;
  if (errored) why.push(`${plural(errored, 'scenario')} errored`);
  return why;
}

/** The masthead of the report. */
export function buildHeader(report: RunReport, hasMarks: boolean): HTMLElement {
  const ok = report.verdict.conformant;
  const verdict = attr(
    el('div', `verdict ${ok ? 'verdict--pass' : 'verdict--fail'}`, [
      el('div', 'verdict-kicker', 'Overall verdict'),
      el('div', 'verdict-label', ok ? 'CONFORMANT' : 'NOT CONFORMANT'),
      el('div', 'verdict-why', verdictReasons(report).join(' \u00b7 ')),
      gateLine(report, hasMarks),
    ]),
    { id: 'verdict', role: 'status', 'data-conformant': String(ok) },
  );

  const meta = el('dl', 'meta');
  const fact = (term: string, value: Children, id?: string): void => {
    const dd = el('dd', null, value);
    if (id) dd.id = id;
    add(meta, [el('dt', null, term), dd]);
  };
  const t = report.target;
  fact('Target', [el('span', 'mono', t.url), t.embedded ? el('span', 'muted', ' (embedded simulator)') : null], 'meta-target');
  if (t.profile) fact('Profile', el('span', 'mono', t.profile));
  fact('Kit', `${report.kit.name} ${report.kit.version}`, 'meta-kit');
  fact('Started', fmtDate(report.startedAt), 'meta-date');
  fact('Duration', fmtMs(report.durationMs), 'meta-duration');
  const opts = report.options;
  fact('Options', [
    `concurrency ${opts.concurrency}, timeout ${fmtMs(opts.timeoutMs)}${opts.strict ? ', strict' : ''}`,
    opts.tags.length ? `, tags ${opts.tags.join(' ')}` : '',
    opts.rules.length ? `, rules ${opts.rules.join(' ')}` : '',
    opts.grep ? `, grep ${opts.grep}` : '',
  ]);
  gateFacts(report, fact);

  return el('header', 'masthead', [
    el('h1', 'brand', [el('span', 'logo', 'settlekit'), ' ', el('span', 'brand-sub', 'conformance report')]),
    el('div', 'masthead-grid', [verdict, meta]),
  ]);
}

/** The banner of a run stopped by SIGINT/SIGTERM, when it was. */
export function interruptedBanner(report: RunReport): HTMLDivElement | null {
  if (!report.interrupted) return null;
  return attr(
    el('div', 'banner banner--warn', [
      el('strong', null, 'Run interrupted. '),
      'The run was stopped (SIGINT/SIGTERM) before every scenario ran: this report holds only what ran, and the verdict covers only that.',
    ]),
    { role: 'alert', id: 'interrupted' },
  );
}
