/**
 * Loading: every suite folder under the scenarios root, its rule catalogue and OpenAPI document, and every scenario
 * file, validated and cross-checked (rules, operations, path parameters, captures, matchers, capabilities) before a
 * single request is sent. All problems of a load are collected and reported together, each with `file:line:col`.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { SettlekitError, SettlekitErrorList } from '../../lib/errors.ts';
import { suggest } from '../../lib/suggest.ts';
import { KNOWN_CAPABILITIES } from '../model/profile.ts';
import type { Rule, Scenario, SourcePosition, Step, StepAction, Suite, Templated } from '../model/scenario.ts';
import { MATCHER_OPERATORS } from '../execute/matchers.ts';
import { isValidCaptureExpression } from '../execute/capture.ts';
import { templateNames, templateNamesIn } from '../execute/template.ts';
import { loadOpenApi, type OpenApiIndex } from '../spec/openapi-index.ts';
import { defaultReader, type FileReader } from './load-cache.ts';
import { checkSchema, schemaProblems } from './schema-check.ts';
import type { YamlSource } from './yaml-source.ts';
import { compareText } from '../../lib/text-order.ts';

/** Everything a run needs, loaded and checked. */
export interface Project {
  readonly root: string;
  readonly suites: readonly Suite[];
  /** The OpenAPI index of each suite, by suite id. */
  readonly specs: ReadonlyMap<string, OpenApiIndex>;
}

/** Names every scenario may use without capturing them (see docs/ARCHITECTURE.md, Templating). */
export const CONTEXT_ROOTS = ['target', 'auth', 'run', 'scenario'] as const;

/** Which test-control actions need which capability. */
export const CONTROL_CAPABILITY: Readonly<Record<string, string>> = {
  'advance-clock': 'clock-control',
  'expire-authorization': 'clock-control',
  'inject-fault': 'fault-injection',
  reset: 'clock-control',
};

/** Options of {@link loadProject}. */
export interface LoadOptions {
  /** How files are read (default: through the build's load cache, see runner/load/load-cache.ts). */
  readonly reader?: FileReader;
}

/** Loads every suite below `root` (default: the bundled scenarios). Throws a {@link SettlekitErrorList} on any problem. */
export async function loadProject(root: string, options: LoadOptions = {}): Promise<Project> {
  const reader = options.reader ?? defaultReader();
  const absoluteRoot = resolve(root);
  const errors: SettlekitError[] = [];
  // Paths are shown relative to the working folder when they are inside it, else absolute (never ../../…).
  const display = (file: string): string => {
    const shown = relative(process.cwd(), file);
    return shown && !shown.startsWith(`..${sep}`) && shown !== '..' && !isAbsolute(shown) ? shown : file;
  };
  let entries: string[];
  try {
    entries = (await readdir(absoluteRoot, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch {
    throw new SettlekitErrorList([new SettlekitError('SETTLEKIT_E_USAGE', `no scenarios folder at ${display(absoluteRoot)}`, { hint: 'Pass --scenarios <dir> with one folder per suite, each holding a suite.yaml.' })]);
  }
  const suites: Suite[] = [];
  const specs = new Map<string, OpenApiIndex>();
  const seenIds = new Map<string, string>();
  // A folder holding a suite.yaml is that one suite (`--scenarios my-suites/acme`); any other, one folder per suite.
  const suiteDirs = existsSync(join(absoluteRoot, 'suite.yaml')) ? [absoluteRoot] : entries.map((folder) => join(absoluteRoot, folder));
  for (const suiteDir of suiteDirs) {
    const suiteFile = join(suiteDir, 'suite.yaml');
    const files = await listYaml(suiteDir);
    if (!files.includes(suiteFile)) continue;
    try {
      const loaded = await loadSuite(reader, suiteDir, suiteFile, files.filter((f) => f !== suiteFile), display, errors, seenIds);
      if (loaded) {
        suites.push(loaded.suite);
        specs.set(loaded.suite.id, loaded.spec);
      }
    } catch (error) {
      collect(error, errors);
    }
  }
  if (errors.length > 0) throw new SettlekitErrorList(errors);
  if (suites.length === 0) throw new SettlekitErrorList([new SettlekitError('SETTLEKIT_E_USAGE', `no suite (a folder with suite.yaml) under ${display(absoluteRoot)}`)]);
  return { root: absoluteRoot, suites, specs };
}

function collect(error: unknown, into: SettlekitError[]): void {
  if (error instanceof SettlekitErrorList) into.push(...error.errors);
  else if (error instanceof SettlekitError) into.push(error);
  else into.push(new SettlekitError('SETTLEKIT_E_INTERNAL', (error as Error)?.message ?? String(error)));
}

async function listYaml(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.ya?ml$/.test(entry.name)) found.push(join(entry.parentPath, entry.name));
  }
  return found.sort();
}

async function loadSuite(
  reader: FileReader,
  suiteDir: string,
  suiteFile: string,
  scenarioFiles: readonly string[],
  display: (file: string) => string,
  errors: SettlekitError[],
  seenIds: Map<string, string>,
): Promise<{ suite: Suite; spec: OpenApiIndex } | undefined> {
  const source = await reader.yaml(suiteFile, display(suiteFile), 'suite');
  const schemaErrors = checkSchema('suite', source);
  if (schemaErrors.length > 0) {
    errors.push(...schemaErrors);
    return undefined;
  }
  const raw = source.value as {
    id: string;
    title: string;
    spec: string;
    rules: string;
    ruleIdPattern?: string;
    capabilities?: Record<string, string>;
    defaults?: { params?: Record<string, Templated>; headers?: Record<string, Templated> };
  };
  const specPath = resolve(suiteDir, raw.spec);
  const rulesPath = resolve(suiteDir, raw.rules);
  const ruleIdPattern = compileRuleIdPattern(raw.ruleIdPattern, source, errors);
  // A suite's own capabilities add to the kit's; one may not redefine a kit capability (its meaning is the kit's).
  for (const name of Object.keys(raw.capabilities ?? {})) {
    if (name in KNOWN_CAPABILITIES) {
      errors.push(new SettlekitError('SETTLEKIT_E_SCHEMA', `capability "${name}" is one of the kit's; a suite declares only capabilities of its own`, { position: source.positionOf(['capabilities', name], 'key'), hint: 'Remove it (scenarios may require the kit\'s capabilities as they are), or choose another name.' }));
    }
  }
  const capabilities = new Set([...Object.keys(KNOWN_CAPABILITIES), ...Object.keys(raw.capabilities ?? {})]);
  let spec: OpenApiIndex;
  try {
    spec = loadOpenApi(specPath, (file) => reader.document(file));
  } catch (error) {
    const e = error as SettlekitError;
    errors.push(new SettlekitError(e.code ?? 'SETTLEKIT_E_SPEC', e.message, { position: source.positionOf(['spec']) }));
    return undefined;
  }
  const catalogue = await loadRules(reader, rulesPath, raw.id, ruleIdPattern, display, errors, source);
  const rules = catalogue.rules;
  const defaults = { params: raw.defaults?.params ?? {}, headers: raw.defaults?.headers ?? {} };
  const positionsOf = (part: 'params' | 'headers'): Record<string, SourcePosition> =>
    Object.fromEntries(Object.keys(defaults[part]).map((name) => [name, source.positionOf(['defaults', part, name])]));
  const defaultsPositions = { params: positionsOf('params'), headers: positionsOf('headers') };
  const scenarios: Scenario[] = [];
  // The spec and the rule catalogue may sit in the suite's folder: they are the files suite.yaml names, not scenarios.
  const ownFiles = scenarioFiles.filter((file) => file !== specPath && file !== rulesPath);
  // One file at a time, read, parsed and checked before the next is read, in file order (so duplicate ids are reported
  // the same way every time): a file's parse tree and positions then die young, instead of every file's being alive
  // at once until the last is checked (which made the young generation's collections copy them all).
  for (const file of ownFiles) {
    try {
      const scenario = loadScenario(await reader.yaml(file, display(file), 'scenario'), raw.id, spec, catalogue, capabilities, defaults, seenIds);
      if (scenario) scenarios.push(scenario);
    } catch (error) {
      collect(error, errors);
    }
  }
  scenarios.sort((a, b) => compareText(a.id, b.id));
  return {
    suite: { id: raw.id, title: raw.title, specPath, rules, ...(raw.ruleIdPattern !== undefined ? { ruleIdPattern: raw.ruleIdPattern } : {}), ...(raw.capabilities ? { capabilities: raw.capabilities } : {}), defaults, scenarios, position: source.positionOf(['id']), defaultsPositions },
    spec,
  };
}

/**
 * A suite's `ruleIdPattern`, anchored (a rule id matches it as a whole), or undefined when the suite declares none. A
 * pattern that does not compile is a positioned error, and the catalogue is then checked without it.
 */
function compileRuleIdPattern(pattern: string | undefined, suiteSource: YamlSource, errors: SettlekitError[]): RuleIdPattern | undefined {
  if (pattern === undefined) return undefined;
  try {
    new RegExp(pattern, 'u');
    return { text: pattern, whole: new RegExp(`^(?:${pattern})$`, 'u') };
  } catch (error) {
    // V8 says "Invalid regular expression: /…/u: <reason>"; the reason is what the user needs.
    const reason = (error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
    errors.push(
      new SettlekitError('SETTLEKIT_E_SCHEMA', `ruleIdPattern ${JSON.stringify(pattern)} is not a valid regular expression: ${reason}`, {
        position: suiteSource.positionOf(['ruleIdPattern']),
        hint: 'A JavaScript regular expression (Unicode) that every rule id of the suite matches as a whole, e.g. ACME-[A-Z]+-[0-9]+.',
      }),
    );
    return undefined;
  }
}

/** A suite's `ruleIdPattern`: as written, and compiled to match a whole id. */
interface RuleIdPattern {
  readonly text: string;
  readonly whole: RegExp;
}

/** A suite's rule catalogue as loaded: its usable rules, and why the ids it holds but cannot use are broken. */
interface Catalogue {
  readonly rules: readonly Rule[];
  readonly ids: ReadonlySet<string>;
  /** Rule ids whose entry is broken (schema, ruleIdPattern), each with the entry's first error. */
  readonly broken: ReadonlyMap<string, SettlekitError>;
  /** The error that kept the whole catalogue from loading (unreadable, not YAML, no list of rules). */
  readonly failed?: SettlekitError;
  /** The catalogue's file, as shown, for hints. */
  readonly file: string;
  readonly pattern?: RuleIdPattern;
}

async function loadRules(
  reader: FileReader,
  file: string,
  suiteId: string,
  pattern: RuleIdPattern | undefined,
  display: (file: string) => string,
  errors: SettlekitError[],
  suiteSource: YamlSource,
): Promise<Catalogue> {
  const shown = display(file);
  const broken = new Map<string, SettlekitError>();
  const empty = (failed: SettlekitError): Catalogue => ({ rules: [], ids: new Set(), broken, failed, file: shown, ...(pattern ? { pattern } : {}) });
  let source: YamlSource;
  try {
    source = await reader.yaml(file, shown, 'rules');
  } catch (error) {
    const e = error as SettlekitError;
    const reported = e.code === 'SETTLEKIT_E_USAGE' ? new SettlekitError('SETTLEKIT_E_USAGE', e.message, { position: suiteSource.positionOf(['rules']) }) : e;
    errors.push(reported);
    return empty(reported);
  }
  const problems = schemaProblems('rules', source);
  errors.push(...problems.map((p) => p.error));
  const entries = (source.value as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(entries)) return empty(problems[0]?.error ?? new SettlekitError('SETTLEKIT_E_SCHEMA', 'the rule catalogue has no list of rules', { position: source.positionOf([]) }));
  const seen = new Set<string>();
  const rules: Rule[] = [];
  entries.forEach((entry: unknown, i) => {
    const id = (entry as { id?: unknown } | null)?.id;
    // An entry with a problem is not usable; a scenario naming its id follows from that problem, not from an unknown rule.
    const first = problems.find((p) => p.path[0] === 'rules' && p.path[1] === i);
    if (first) {
      if (typeof id === 'string' && !broken.has(id)) broken.set(id, first.error);
      return;
    }
    const rule = entry as Omit<Rule, 'suite'>;
    if (seen.has(rule.id)) {
      errors.push(new SettlekitError('SETTLEKIT_E_DUPLICATE_ID', `rule ${rule.id} is catalogued twice`, { position: source.positionOf(['rules', i, 'id']), hint: 'Rule ids are unique in a catalogue; keep one entry.' }));
      return;
    }
    seen.add(rule.id);
    if (pattern && !pattern.whole.test(rule.id)) {
      const error = new SettlekitError('SETTLEKIT_E_SCHEMA', `rule id "${rule.id}" does not match the suite's ruleIdPattern ${pattern.text}`, {
        position: source.positionOf(['rules', i, 'id']),
        hint: `ruleIdPattern in ${suiteSource.file} says what the rule ids of suite ${suiteId} look like: rename the rule, or change the pattern.`,
      });
      errors.push(error);
      broken.set(rule.id, error);
      return;
    }
    rules.push({ ...rule, suite: suiteId });
  });
  return { rules, ids: new Set(rules.map((r) => r.id)), broken, file: shown, ...(pattern ? { pattern } : {}) };
}

interface RawStep {
  name: string;
  operation?: string;
  request?: { method: string; path: string; headers?: Record<string, Templated | null>; body?: Templated };
  follow?: { href: string; method?: string };
  control?: { action: string } & Record<string, Templated>;
  rules?: string[];
  params?: Record<string, Templated>;
  query?: Record<string, Templated>;
  headers?: Record<string, Templated | null>;
  body?: Templated;
  expect?: Step['expect'];
  capture?: Record<string, string>;
  repeat?: number;
}

interface RawScenario {
  id: string;
  title: string;
  description?: string;
  rules: string[];
  tags?: string[];
  requires?: string[];
  vars?: Record<string, Templated>;
  steps: RawStep[];
}

function loadScenario(
  source: YamlSource,
  suiteId: string,
  spec: OpenApiIndex,
  catalogue: Catalogue,
  capabilities: ReadonlySet<string>,
  defaults: Suite['defaults'],
  seenIds: Map<string, string>,
): Scenario | undefined {
  const displayName = source.file;
  const errors = checkSchema('scenario', source);
  if (errors.length > 0) throw new SettlekitErrorList(errors);
  const raw = source.value as RawScenario;
  const at = (path: (string | number)[], where: 'key' | 'value' = 'value') => source.positionOf(path, where);
  const problem = (code: ConstructorParameters<typeof SettlekitError>[0], message: string, path: (string | number)[], hint?: string): void => {
    errors.push(new SettlekitError(code, message, { position: at(path), ...(hint ? { hint } : {}) }));
  };

  if (!raw.id.startsWith(`${suiteId}/`)) problem('SETTLEKIT_E_SCHEMA', `scenario id "${raw.id}" must start with its suite "${suiteId}/"`, ['id']);
  const previous = seenIds.get(raw.id);
  if (previous) problem('SETTLEKIT_E_DUPLICATE_ID', `scenario id "${raw.id}" is already used by ${previous}`, ['id']);
  else seenIds.set(raw.id, `${displayName}:${at(['id']).line}`);
  const checkRule = (rule: string, path: (string | number)[]): void => {
    if (catalogue.ids.has(rule)) return;
    const rootCause = catalogue.broken.get(rule) ?? catalogue.failed;
    if (rootCause) {
      const why = catalogue.broken.has(rule) ? 'its entry in the rule catalogue is broken' : 'the rule catalogue did not load';
      errors.push(new SettlekitError('SETTLEKIT_E_UNKNOWN_RULE', `rule ${rule} cannot be checked: ${why}`, { position: at(path), hint: `Fix ${rootCause.where ?? catalogue.file} first.`, rootCause }));
      return;
    }
    const shape = catalogue.pattern && !catalogue.pattern.whole.test(rule) ? ` Rule ids of suite ${suiteId} match ${catalogue.pattern.text} (ruleIdPattern).` : '';
    problem('SETTLEKIT_E_UNKNOWN_RULE', `unknown rule ${rule} for suite ${suiteId}${suggest(rule, [...catalogue.ids])}`, path, `Use a rule id of ${catalogue.file} (\`settlekit list --rules\`).${shape}`);
  };
  raw.rules.forEach((rule, i) => checkRule(rule, ['rules', i]));
  const requires = raw.requires ?? [];
  requires.forEach((capability, i) => {
    const name = capability.replace(/^!/, '');
    if (!capabilities.has(name)) {
      problem('SETTLEKIT_E_UNKNOWN_CAPABILITY', `unknown capability "${capability}"${suggest(name, [...capabilities])}`, ['requires', i], `Known capabilities: ${[...capabilities].join(', ')}; a suite declares its own under capabilities: in suite.yaml.`);
    }
  });

  const vars = raw.vars ?? {};
  const known = new Set<string>(Object.keys(vars));
  const steps: Step[] = raw.steps.map((rawStep, i) => {
    const path = ['steps', i];
    const action = stepAction(rawStep);
    const operationId = action.kind === 'control' ? undefined : (action as { operation?: string }).operation;
    if (operationId !== undefined) {
      const op = spec.operation(operationId);
      if (!op) {
        problem('SETTLEKIT_E_UNKNOWN_OPERATION', `unknown operation "${operationId}" in ${spec.title}${suggest(operationId, spec.listOperations().map((o) => o.operationId))}`, [...path, 'operation']);
      } else if (action.kind === 'operation') {
        for (const param of op.pathParams) {
          if (!(rawStep.params && param in rawStep.params) && !(param in defaults.params)) {
            problem('SETTLEKIT_E_SCHEMA', `operation ${operationId} needs the path parameter "${param}" under params`, path);
          }
        }
      }
    }
    if (action.kind === 'control') {
      const needed = CONTROL_CAPABILITY[action.action];
      if (needed && !requires.includes(needed)) problem('SETTLEKIT_E_SCHEMA', `a ${action.action} control step needs "${needed}" under requires`, [...path, 'control'], 'Targets that cannot do it then skip the scenario instead of failing.');
    }
    for (const name of templateNamesIn([rawStep.params, rawStep.query, rawStep.headers, rawStep.body, rawStep.request, rawStep.follow, rawStep.control, rawStep.expect])) {
      const root = name.split('.')[0] ?? name;
      if (!known.has(name) && !known.has(root) && !(CONTEXT_ROOTS as readonly string[]).includes(root)) {
        // Point at the value that holds the template, not just at the step.
        problem('SETTLEKIT_E_CAPTURE_UNDEFINED', `{{${name}}} is used before any step captures it`, [...path, ...(pathToTemplate(rawStep, name) ?? [])]);
      }
    }
    for (const [name, expression] of Object.entries(rawStep.capture ?? {})) {
      if (!isValidCaptureExpression(expression)) problem('SETTLEKIT_E_SCHEMA', `capture "${name}" has an invalid expression ${JSON.stringify(expression)}`, [...path, 'capture', name]);
      known.add(name);
    }
    for (const operator of unknownOperators([rawStep.expect?.body, rawStep.expect?.headers])) {
      problem('SETTLEKIT_E_SCHEMA', `unknown matcher "${operator}"`, [...path, 'expect'], `Matchers: ${MATCHER_OPERATORS.join(', ')}.`);
    }
    const repeat = rawStep.repeat ?? 1;
    if (repeat > 1 && rawStep.capture && Object.keys(rawStep.capture).length > 0) {
      problem('SETTLEKIT_E_SCHEMA', 'a repeated step cannot capture (which of its responses would it take?)', [...path, 'capture'], 'Capture in a step before or after the race.');
    }
    if (repeat <= 1 && rawStep.expect?.outcomes) {
      problem('SETTLEKIT_E_SCHEMA', 'expect.outcomes needs repeat: N (N > 1)', [...path, 'expect', 'outcomes']);
    }
    if (action.kind === 'control' && repeat > 1) problem('SETTLEKIT_E_SCHEMA', 'a control step cannot be repeated', [...path, 'repeat']);
    for (const operator of unknownOperators((rawStep.expect?.outcomes ?? []).map((o) => o.body))) {
      problem('SETTLEKIT_E_SCHEMA', `unknown matcher "${operator}"`, [...path, 'expect', 'outcomes'], `Matchers: ${MATCHER_OPERATORS.join(', ')}.`);
    }
    (rawStep.rules ?? []).forEach((rule, r) => checkRule(rule, [...path, 'rules', r]));
    const stepPosition = at(path);
    return {
      name: rawStep.name,
      action,
      params: rawStep.params ?? {},
      query: rawStep.query ?? {},
      headers: { ...(rawStep.request?.headers ?? {}), ...(rawStep.headers ?? {}) },
      ...(rawStep.request && 'body' in rawStep.request ? { body: rawStep.request.body } : 'body' in rawStep ? { body: rawStep.body } : {}),
      expect: rawStep.expect ?? {},
      capture: rawStep.capture ?? {},
      rules: rawStep.rules ?? [],
      repeat,
      position: stepPosition,
    };
  });
  if (errors.length > 0) throw new SettlekitErrorList(errors);
  return {
    id: raw.id,
    suite: suiteId,
    title: raw.title,
    ...(raw.description ? { description: raw.description } : {}),
    rules: raw.rules,
    tags: raw.tags ?? [],
    requires,
    vars,
    steps,
    position: at(['id']),
  };
}

function stepAction(step: RawStep): StepAction {
  if (step.control) {
    const { action, ...args } = step.control;
    return { kind: 'control', action, args };
  }
  if (step.follow) return { kind: 'follow', href: step.follow.href, method: step.follow.method ?? 'GET', ...(step.operation ? { operation: step.operation } : {}) };
  if (step.request) return { kind: 'request', method: step.request.method, path: step.request.path, ...(step.operation ? { operation: step.operation } : {}) };
  return { kind: 'operation', operation: step.operation as string };
}

function unknownOperators(values: readonly unknown[]): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key.startsWith('$') && !MATCHER_OPERATORS.includes(key)) found.push(key);
        walk(inner);
      }
    }
  };
  values.forEach(walk);
  return found;
}

/** The path, inside `value`, of the first string that uses `{{name}}`. */
function pathToTemplate(value: unknown, name: string): (string | number)[] | undefined {
  if (typeof value === 'string') return templateNames(value).includes(name) ? [] : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, inner] of Array.isArray(value) ? value.entries() : Object.entries(value)) {
    const found = pathToTemplate(inner, name);
    if (found) return [key, ...found];
  }
  return undefined;
}
