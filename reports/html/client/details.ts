/**
 * The details of an opened scenario, built when it is first opened: its facts, why it did not pass, and each step —
 * failed and errored steps open, the others built when opened — with assertions (expected against actual, or a diff),
 * the exchange, captures and the curl command.
 */
import type { AssertionResult, RuleResult, ScenarioResult, StepResult } from '../../../runner/model/report.ts';
import { diffBlock } from './diff.ts';
import { ruleHref, stepHref } from './deep-links.ts';
import { type Child, attr, el, facts, icon, kvTable, link, srOnly } from './dom.ts';
import { buildCurl, buildExchanges, buildRequest, buildResponse, errorBox } from './exchange.ts';
import { fmtDate, fmtMs, isStructured, show } from './format.ts';
import { markFacts } from './gate.ts';

/** The JSON pointers of a step's failing body and schema assertions, highlighted in its response body. */
function bodyPaths(st: StepResult): string[] {
  return st.assertions.filter((a) => !a.passed && (a.kind === 'body' || a.kind === 'schema') && typeof a.path === 'string' && a.path.charAt(0) === '/').map((a) => a.path);
}

function assertionItem(a: AssertionResult): HTMLLIElement {
  const status = a.passed ? 'passed' : 'failed';
  const li = el('li', `assert assert--${status}`, [
    el('div', 'assert-line', [icon(status), srOnly(a.passed ? 'passed: ' : 'failed: '), el('span', 'kind', a.kind), a.path ? el('code', 'path', a.path) : null, el('span', 'msg', a.message)]),
  ]);
  if (a.passed) return li;
  if (a.schemaPath) li.appendChild(el('div', 'schema-path muted', ['Schema rule: ', el('code', null, a.schemaPath), a.path ? ' \u2014 highlighted in the response body' : '']));
  if (a.expected === undefined && a.actual === undefined) return li;
  if (isStructured(a.expected) || isStructured(a.actual)) li.appendChild(diffBlock(a.expected, a.actual));
  else {
    li.appendChild(
      el('div', 'expact', [
        el('div', 'vbox vbox--exp', [el('div', 'vlabel', 'Expected'), el('pre', 'code', show(a.expected))]),
        el('div', 'vbox vbox--act', [el('div', 'vlabel', 'Actual'), el('pre', 'code', show(a.actual))]),
      ]),
    );
  }
  return li;
}

function buildStepBody(s: ScenarioResult, st: StepResult, k: number): HTMLDivElement {
  const body = el('div', 'step-body');
  if (st.error) {
    const hint = st.error.hint ? el('div', 'error-hint', [el('strong', null, 'Hint: '), st.error.hint]) : null;
    body.appendChild(attr(errorBox(st.error, hint), { role: 'group', 'aria-label': 'Error' }));
  }
  if (st.assertions.length) {
    const ul = attr(el('ul', 'asserts'), { 'aria-label': 'Assertions' });
    for (const a of st.assertions) ul.appendChild(assertionItem(a));
    body.appendChild(el('section', 'block', [el('h4', null, 'Assertions'), ul]));
  }
  const ex = el('div', 'exchange', [st.request ? buildRequest(st.request) : null, st.response ? buildResponse(st.response, bodyPaths(st)) : null]);
  if (ex.childNodes.length) body.appendChild(ex);
  if (st.exchanges && st.exchanges.length > 1) body.appendChild(buildExchanges(st.exchanges));
  const captures = st.captures ? Object.keys(st.captures) : [];
  if (captures.length) {
    body.appendChild(el('section', 'block', [el('h4', null, 'Captures'), kvTable(captures.map((k) => [k, JSON.stringify(st.captures![k])] as const))]));
  }
  body.appendChild(
    facts([
      ['Action', el('span', 'mono', st.action + (st.operation && st.operation !== st.action ? ` \u00b7 ${st.operation}` : ''))],
      ['Started', fmtDate(st.timings.startedAt)],
      ['Duration', fmtMs(st.timings.durationMs)],
      ['Link', attr(link(stepHref(s.id, k + 1), `step ${k + 1}`, 'step-link'), { title: 'Link to this step' })],
    ]),
  );
  if (st.curl) body.appendChild(buildCurl(st.curl));
  return body;
}

function buildStep(s: ScenarioResult, st: StepResult, k: number): HTMLLIElement {
  const det = el('details', null, [
    el('summary', 'step-sum', [
      icon(st.status),
      srOnly(`${st.status}: `),
      el('span', 'step-no', `${k + 1}.`),
      el('span', 'step-name', st.name),
      el('span', 'step-op mono', st.operation || st.action),
      el('span', 'step-line muted', `${s.file}:${st.line}`),
      el('span', 'dur', fmtMs(st.timings.durationMs)),
    ]),
  ]);
  let filled = false;
  const fill = (): void => {
    if (filled) return;
    filled = true;
    det.appendChild(buildStepBody(s, st, k));
  };
  if (st.status === 'failed' || st.status === 'errored') {
    det.open = true;
    fill();
  }
  det.addEventListener('toggle', () => {
    if (det.open) fill();
  });
  return el('li', `step step--${st.status}`, det);
}

/** The details of the scenario at index `i` of the report. */
export function buildDetails(s: ScenarioResult, i: number, rulesById: ReadonlyMap<string, RuleResult>): HTMLDivElement {
  const d = attr(el('div', 'scn-details'), { id: `scn-details-${i}` });
  const ruleLinks: Child[] = [];
  s.rules.forEach((r, k) => {
    const rule = rulesById.get(r);
    if (k) ruleLinks.push(' ');
    ruleLinks.push(attr(link(ruleHref(r), r, 'mono'), { title: rule ? `${rule.level}: ${rule.title}` : 'Not in the rule catalogue' }));
  });
  d.appendChild(
    facts([
      ['File', el('span', 'mono', `${s.file}:${s.line}`)],
      ['Suite', s.suite],
      ['Rules', ruleLinks.length ? ruleLinks : 'none'],
      s.tags.length ? ['Tags', s.tags.join(', ')] : null,
      ['Started', fmtDate(s.timings.startedAt)],
      ['Duration', fmtMs(s.timings.durationMs)],
      ...markFacts(s),
    ]),
  );
  if (s.reason && s.status !== 'passed') {
    const lead = s.status === 'skipped' ? 'Skipped: ' : s.status === 'errored' ? 'Error: ' : 'Failure: ';
    d.appendChild(el('p', `reason reason--${s.status}`, [el('strong', null, lead), s.reason]));
  }
  if (!s.steps.length) d.appendChild(el('p', 'muted', 'No step ran.'));
  const ol = el('ol', 'steps');
  s.steps.forEach((st, k) => ol.appendChild(buildStep(s, st, k)));
  d.appendChild(ol);
  return d;
}
