/**
 * A shrunk divergence, written out as an ordinary scenario: its steps (requests, captures, expectations taken from the
 * reference simulator's answers), the rules its steps touch, tag `found-by-fuzz`, and a comment with the seed and the
 * commands that reproduce it. It goes into a suite folder layout `settlekit run --scenarios <dir>` loads:
 * `<dir>/<suite>/suite.yaml` (the bundled suite's spec, rules and defaults, by relative path) and
 * `<dir>/<suite>/found-by-fuzz/<name>.yaml`.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import YAML from 'yaml';
import { writeFileAtomic } from '../../reports/output-file.ts';
import type { Rule, Step, Suite } from '../model/scenario.ts';
import { BUNDLED_SCENARIOS_DIR, KIT_VERSION, SCHEMAS_DIR } from '../paths.ts';
import type { Finding } from './search.ts';

/** The tag (and folder) of every scenario the fuzzer writes. */
export const FOUND_BY_FUZZ = 'found-by-fuzz';

/** What the writer needs besides the finding. */
export interface FoundScenarioInput {
  readonly suite: Suite;
  readonly finding: Finding;
  readonly outputDir: string;
  readonly seed: number;
  readonly runs: number;
  /** `settlekit fuzz …` that searches again with exactly the same sequences. */
  readonly searchCommand: string;
  /** `settlekit run --scenarios …` against the same target. */
  readonly replayCommand: string;
}

/** The files written for one finding. */
export interface WrittenScenario {
  readonly file: string;
  readonly suiteFile: string;
  readonly id: string;
}

/** Writes the found scenario (and its suite.yaml) under `outputDir`; returns the paths. */
export async function writeFoundScenario(input: FoundScenarioInput): Promise<WrittenScenario> {
  const suiteDir = resolve(input.outputDir, input.suite.id);
  const name = `seed-${input.seed}-run-${input.finding.run}`;
  const file = join(suiteDir, FOUND_BY_FUZZ, `${name}.yaml`);
  const suiteFile = join(suiteDir, 'suite.yaml');
  const id = `${input.suite.id}/${FOUND_BY_FUZZ}/${name}`;
  await writeFileAtomic(suiteFile, await suiteYaml(input.suite, suiteDir));
  await writeFileAtomic(file, scenarioYaml(input, id, dirname(file)));
  return { file, suiteFile, id };
}

/** The output folder's suite.yaml: the bundled suite, pointing at the kit's own spec and rule catalogue. */
async function suiteYaml(suite: Suite, suiteDir: string): Promise<string> {
  const bundledDir = join(BUNDLED_SCENARIOS_DIR, suite.id);
  const bundled = YAML.parse(await readFile(join(bundledDir, 'suite.yaml'), 'utf8')) as { rules: string; description?: string };
  const body = {
    id: suite.id,
    title: suite.title,
    description: `The bundled ${suite.id} suite's spec, rules and defaults, for the scenarios settlekit fuzz found (relative paths into the kit: keep this folder where it is, or copy the scenarios into a suite folder of your own).`,
    spec: relative(suiteDir, suite.specPath),
    rules: relative(suiteDir, resolve(bundledDir, bundled.rules)),
    ...(suite.ruleIdPattern !== undefined ? { ruleIdPattern: suite.ruleIdPattern } : {}),
    defaults: suite.defaults,
  };
  return `# yaml-language-server: $schema=${relative(suiteDir, join(SCHEMAS_DIR, 'suite.schema.json'))}\n# Written by settlekit fuzz.\n${YAML.stringify(body, { lineWidth: 0 })}`;
}

function scenarioYaml(input: FoundScenarioInput, id: string, dir: string): string {
  const { finding, suite } = input;
  const outcome = finding.outcome;
  const difference = outcome.difference;
  if (!difference) throw new Error('a finding without a difference');
  const steps = outcome.steps.slice(0, difference.step + 1);
  const divergent = steps[difference.step] as (typeof steps)[number];
  const catalogue = new Map<string, Rule>(suite.rules.map((rule) => [rule.id, rule]));
  // The scenario checks the rules that diverged: a failure of it is theirs. What the other steps touch is said in the
  // description, not listed, so a report does not blame rules the target kept.
  const touched = [...new Set(steps.slice(0, -1).flatMap((s) => s.rules))].filter((rule) => catalogue.has(rule) && !difference.rules.includes(rule));
  const requires = [...new Set(steps.flatMap((s) => s.requires))].sort();
  const broken = difference.rules.map((rule) => `${rule} (${catalogue.get(rule)?.level ?? '?'})`).join(', ');
  const scenario = {
    id,
    title: `Found by fuzz: ${divergent.step.name} — ${difference.rules.join(', ')}`,
    description:
      `settlekit fuzz found the target answering step ${difference.step + 1} ("${divergent.step.name}") differently from the reference simulator: ` +
      `${difference.messages.join('; ')}. Every expectation is the reference simulator's answer, normalised (ids as captured values, no timestamps or message texts).` +
      (touched.length > 0 ? ` The steps before it also touch ${touched.join(', ')}.` : ''),
    rules: [...difference.rules],
    tags: [FOUND_BY_FUZZ],
    ...(requires.length > 0 ? { requires } : {}),
    steps: steps.map((s, i) => stepYaml(i === difference.step ? s.step : { ...s.step, rules: [] })),
  };
  const header = [
    `# yaml-language-server: $schema=${relative(dir, join(SCHEMAS_DIR, 'scenario.schema.json'))}`,
    `# Found by settlekit fuzz ${KIT_VERSION} with seed ${input.seed}: run ${finding.run} of ${input.runs} diverged at step ${difference.step + 1} of ${steps.length},`,
    `# breaking ${broken}; shrunk from ${finding.originalSteps} steps to ${steps.length} (${finding.shrinks} shrinking runs)${finding.reproduced ? '' : ' — it did not diverge again when rerun: the target may be flaky'}.`,
    `# Replay this scenario:    ${input.replayCommand}`,
    `# Search again, same seed: ${input.searchCommand}`,
  ];
  return `${header.join('\n')}\n${YAML.stringify(scenario, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}

/** A step as a scenario file writes it (the inverse of the loader's reading of a step). */
export function stepYaml(step: Step): Record<string, unknown> {
  const out: Record<string, unknown> = { name: step.name };
  const action = step.action;
  const headers = Object.keys(step.headers).length > 0 ? step.headers : undefined;
  switch (action.kind) {
    case 'operation':
      out.operation = action.operation;
      break;
    case 'request':
      if (action.operation) out.operation = action.operation;
      out.request = { method: action.method, path: action.path, ...(headers ? { headers } : {}), ...(step.body !== undefined ? { body: step.body } : {}) };
      break;
    case 'follow':
      if (action.operation) out.operation = action.operation;
      out.follow = { href: action.href, method: action.method };
      break;
    case 'control':
      out.control = { action: action.action, ...action.args };
      break;
  }
  if (Object.keys(step.params).length > 0) out.params = step.params;
  if (action.kind !== 'request') {
    if (headers) out.headers = headers;
    if (step.body !== undefined) out.body = step.body;
  }
  if (step.repeat > 1) out.repeat = step.repeat;
  if (action.kind !== 'control') out.expect = step.expect;
  if (Object.keys(step.capture).length > 0) out.capture = step.capture;
  if (step.rules.length > 0) out.rules = step.rules;
  return out;
}
