/**
 * `settlekit list`: what the kit holds — scenarios (filtered), rules, operations, capabilities — for people or, with
 * `--json`, for scripts.
 */
import { loadProject } from '../load/load-project.ts';
import { BUNDLED_SCENARIOS_DIR } from '../paths.ts';
import { checkFilters, planScenarios } from '../plan/plan.ts';
import { knownCapabilities } from '../target/profile.ts';

/** Options of `settlekit list`. */
export interface ListOptions {
  readonly suite?: string[];
  readonly tag?: string[];
  readonly rule?: string[];
  readonly grep?: string;
  readonly scenarios?: string;
  readonly rules?: boolean;
  readonly operations?: boolean;
  readonly capabilities?: boolean;
  readonly json?: boolean;
}

/** Prints the requested listing. */
export async function listCommand(options: ListOptions): Promise<void> {
  const out = (line: string): boolean => process.stdout.write(`${line}\n`);
  const project = await loadProject(options.scenarios ?? BUNDLED_SCENARIOS_DIR);
  // The filters of run, checked as run checks them: a mistyped suite or rule is an error, not an empty list.
  checkFilters(project, { ...(options.suite ? { suites: options.suite } : {}), ...(options.rule ? { rules: options.rule } : {}) });
  if (options.capabilities) {
    // The kit's, then those the suites declare of their own.
    const known = knownCapabilities(project.suites);
    if (options.json) out(JSON.stringify(Object.fromEntries(known), null, 2));
    else for (const [name, meaning] of known) out(`${name.padEnd(30)} ${meaning}`);
    return;
  }
  const suites = project.suites.filter((s) => !options.suite?.length || options.suite.includes(s.id));
  if (options.rules) {
    const rules = suites.flatMap((s) => s.rules.filter((r) => !options.rule?.length || options.rule.includes(r.id)).map((r) => ({
      ...r,
      scenarios: s.scenarios.filter((sc) => sc.rules.includes(r.id) || sc.steps.some((st) => st.rules.includes(r.id))).map((sc) => sc.id),
    })));
    if (options.json) {
      out(JSON.stringify(rules, null, 2));
      return;
    }
    // Suites of one's own may have longer ids than BT-PS-01: the column is as wide as the longest.
    const width = Math.max(10, ...rules.map((r) => r.id.length + 1));
    for (const r of rules) out(`${r.id.padEnd(width)} ${r.level.padEnd(6)} ${String(r.scenarios.length).padStart(3)} scenario(s)  ${r.title}`);
    return;
  }
  if (options.operations) {
    const operations = suites.flatMap((s) => (project.specs.get(s.id)?.listOperations() ?? []).map((o) => ({ suite: s.id, ...o })));
    if (options.json) out(JSON.stringify(operations, null, 2));
    else for (const o of operations) out(`${o.suite.padEnd(24)} ${o.operationId.padEnd(36)} ${o.method.padEnd(6)} ${o.path}`);
    return;
  }
  // Listing shows every scenario matching the filters, including those a target might skip.
  const planned = planScenarios(suites, { ...(options.tag ? { tags: options.tag } : {}), ...(options.rule ? { rules: options.rule } : {}), ...(options.grep ? { grep: options.grep } : {}) }, new Set(knownCapabilities(suites).keys()));
  if (options.json) {
    out(JSON.stringify(planned.map(({ scenario }) => ({ id: scenario.id, suite: scenario.suite, title: scenario.title, rules: scenario.rules, tags: scenario.tags, requires: scenario.requires, file: scenario.position.file, line: scenario.position.line })), null, 2));
    return;
  }
  for (const { scenario } of planned) out(`${scenario.id}  [${scenario.rules.join(', ')}]${scenario.tags.length ? `  #${scenario.tags.join(' #')}` : ''}`);
  out(`${planned.length} scenario(s) in ${suites.length} suite(s)`);
}
