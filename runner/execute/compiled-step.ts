/**
 * What a step's request needs that does not change from one run of the step to the next, worked out on its first
 * run and kept on the step: the operation it names, its path template cut into literal text and parameter names, its
 * suite defaults and its own parameters and headers merged in the order they are rendered, and the body as JSON text
 * when it holds no template. A step is then formed by filling values in (run-step.ts, formRequest), which renders
 * exactly what it rendered before, in the same order, so a missing name fails the same way.
 */
import type { Step, Templated } from '../model/scenario.ts';
import type { OpenApiIndex, OperationInfo } from '../spec/openapi-index.ts';
import { setOwn } from '../../lib/own-property.ts';
import { templateNames } from './template.ts';

/** The suite defaults a step is formed with. */
export interface StepDefaults {
  readonly params: Readonly<Record<string, Templated>>;
  readonly headers: Readonly<Record<string, Templated>>;
}

/** One header of the merged list: its spelling, and which rendered value (index into {@link CompiledStep.headerValues}) it takes. */
interface HeaderSlot {
  readonly name: string;
  readonly index: number;
}

/** The parts of a step fixed at its first run (see the module comment). */
export interface CompiledStep {
  readonly spec: OpenApiIndex;
  readonly defaults: StepDefaults;
  /** The operation of an `operation` step (undefined when the document has none of that id). */
  readonly operation: OperationInfo | undefined;
  /** The suite's default params overridden by the step's, as one object (rendered at each run). */
  readonly params: Readonly<Record<string, Templated>>;
  /** The operation's path cut at its `{name}` parameters: literal, name, literal, name… literal. */
  readonly pathParts: readonly string[];
  /** Every header value in the order the two header maps are rendered (the defaults', then the step's). */
  readonly headerValues: readonly (Templated | null)[];
  /** The merged headers (names case-insensitively, the step's spelling winning), each naming its value. */
  readonly headerSlots: readonly HeaderSlot[];
  /** The headers as sent when no value holds a template (shared by every run of the step: never mutated). */
  readonly staticHeaders: Readonly<Record<string, string>> | undefined;
  /** The body as sent, when it holds no template. */
  readonly staticBody: string | undefined;
  /** Whether the step has query parameters. */
  readonly hasQuery: boolean;
}

/** The compiled parts, kept on the step itself (non-enumerable, like template.ts's mark): no table to look them up in. */
const COMPILED: unique symbol = Symbol('settlekit.compiledStep');

interface Carrying {
  [COMPILED]?: CompiledStep;
}

/**
 * The compiled parts of `step` for this spec and these defaults: computed once and kept; computed again (not kept) for
 * a step run with another spec or other defaults than the first time (never, in a run: a step belongs to one suite).
 */
export function compiledStep(step: Step, spec: OpenApiIndex, defaults: StepDefaults): CompiledStep {
  const kept = (step as Carrying)[COMPILED];
  if (kept && kept.spec === spec && kept.defaults === defaults) return kept;
  const compiled = compile(step, spec, defaults);
  if (!kept && Object.isExtensible(step)) Object.defineProperty(step, COMPILED, { value: compiled, enumerable: false, writable: false, configurable: false });
  return compiled;
}

function compile(step: Step, spec: OpenApiIndex, defaults: StepDefaults): CompiledStep {
  const action = step.action;
  const operation = action.kind === 'operation' ? spec.operation(action.operation) : undefined;
  const headerValues: (Templated | null)[] = [];
  const merged = new Map<string, HeaderSlot>();
  for (const part of [defaults.headers, step.headers]) {
    for (const [name, value] of Object.entries(part)) {
      merged.set(name.toLowerCase(), { name, index: headerValues.length });
      headerValues.push(value);
    }
  }
  const headerSlots = [...merged.values()];
  const templated = (value: unknown): boolean => templateNames(value).length > 0;
  let staticHeaders: Record<string, string> | undefined;
  if (!headerValues.some(templated)) {
    staticHeaders = {};
    for (const { name, index } of headerSlots) {
      const value = headerValues[index];
      if (value !== null && value !== undefined) setOwn(staticHeaders, name, String(value));
    }
  }
  return {
    spec,
    defaults,
    operation,
    params: operation ? { ...defaults.params, ...step.params } : {},
    pathParts: operation ? operation.path.split(/\{([^}]+)\}/) : [],
    headerValues,
    headerSlots,
    staticHeaders,
    staticBody: step.body === undefined || templated(step.body) ? undefined : typeof step.body === 'string' ? step.body : JSON.stringify(step.body),
    hasQuery: Object.keys(step.query).length > 0,
  };
}
