/**
 * From a failed comparison to the rules it breaks. The target's step is run with the oracle's answer as its
 * expectation, so every difference is one of the runner's own failed assertions; each is named as an aspect (the
 * status, an error code, a record's status, amount or links, an offered action, the schema) and looked up, with the
 * situation the oracle's answer put the command in, in the model's {@link AspectTable}.
 */
import type { AssertionResult, StepResult } from '../model/report.ts';
import { strongestLevel } from '../../lib/rule-levels.ts';
import type { Rule, RuleLevel } from '../model/scenario.ts';
import type { AspectTable, CommandModel, Difference } from './model.ts';

/** Aspects that are not about the body: the answer's status, and an answer that did not come. */
export const OUTCOME = 'outcome';
const TRANSPORT = 'transport';
const SCHEMA = 'schema';

/**
 * The rules a difference in `aspect` breaks when the command is `operation` in `situation`. Looked up most specific
 * first: the operation's own row for the aspect, then the `*` operation's, then the operation's catch-all `*` aspect,
 * then the global one; an aspect also matches its family (`action:*` for `action:cancelPayment`); a row's `*` column
 * matches any situation. An answer that never came is judged like a wrong status.
 */
export function rulesFor(table: AspectTable, operation: string, aspect: string, situation: string): readonly string[] {
  const colon = aspect.indexOf(':');
  const keys = [aspect, ...(colon > 0 ? [`${aspect.slice(0, colon)}:*`] : []), ...(aspect === TRANSPORT ? [OUTCOME] : [])];
  const cell = (op: string, key: string): readonly string[] | undefined => {
    const row = table[op]?.[key];
    return row ? (row[situation] ?? row['*']) : undefined;
  };
  for (const op of [operation, '*']) {
    for (const key of keys) {
      const found = cell(op, key);
      if (found) return found;
    }
  }
  for (const op of [operation, '*']) {
    const found = cell(op, '*');
    if (found) return found;
  }
  return [];
}

/** The highest level among `ruleIds` (INFO when there are none). */
export function levelOf(ruleIds: readonly string[], catalogue: ReadonlyMap<string, Rule>): RuleLevel {
  const levels = ruleIds.flatMap((id) => catalogue.get(id)?.level ?? []);
  return strongestLevel(levels, 'INFO');
}

/** The aspect each failed assertion of a target step is about (a wrong status explains every body difference). */
export function failedAspects(result: StepResult, aspectOf: CommandModel['aspectOf']): { aspects: string[]; messages: string[] } {
  const failed = result.assertions.filter((a) => !a.passed);
  if (failed.length === 0 && result.status === 'errored') return { aspects: [TRANSPORT], messages: [result.error?.message ?? 'the step errored'] };
  const outcome = failed.filter((a) => a.kind === 'status' || a.kind === 'transport' || a.kind === 'decode' || a.kind === 'capture');
  const considered = outcome.length > 0 ? outcome : failed;
  const aspects = new Set<string>();
  for (const assertion of considered) aspects.add(aspectOfAssertion(assertion, aspectOf));
  if (result.status === 'errored' && aspects.size === 0) aspects.add(TRANSPORT);
  const messages = considered.map((a) => a.message);
  if (result.status === 'errored' && result.error && messages.length === 0) messages.push(result.error.message);
  return { aspects: [...aspects], messages };
}

function aspectOfAssertion(assertion: AssertionResult, aspectOf: CommandModel['aspectOf']): string {
  switch (assertion.kind) {
    case 'status':
    case 'capture':
      return OUTCOME;
    case 'transport':
    case 'decode':
      return TRANSPORT;
    case 'schema':
      return SCHEMA;
    default:
      // A race's per-response failures are named `#n/pointer`: the pointer is what the aspect is about.
      return aspectOf(assertion.path.replace(/^#\d+/, ''));
  }
}

/** The difference a failed target step shows, or `undefined` when the target answered as the oracle did. */
export function differenceOf(
  result: StepResult,
  model: Pick<CommandModel, 'aspects' | 'aspectOf'>,
  operation: string,
  situation: string,
  catalogue: ReadonlyMap<string, Rule>,
): Difference | undefined {
  if (result.status === 'passed') return undefined;
  const { aspects, messages } = failedAspects(result, model.aspectOf);
  const rules = [...new Set(aspects.flatMap((aspect) => rulesFor(model.aspects, operation, aspect, situation)))];
  return { level: levelOf(rules, catalogue), rules, aspects, situation, messages, uncatalogued: rules.length === 0 };
}

/** Every rule id an aspect table names, for checking it against the catalogue. */
export function tableRules(table: AspectTable): string[] {
  const ids = new Set<string>();
  for (const row of Object.values(table)) for (const cells of Object.values(row)) for (const list of Object.values(cells)) for (const id of list) ids.add(id);
  return [...ids].sort();
}
