/**
 * The parts of a step's request that do not change from one step to the next, worked out once and shared: an
 * operation's path template cut into literal text and parameter names (once per operation), and a suite's default
 * headers merged with a step's (once per suite for the steps that add none of their own — most), as the values to
 * render in order and the merged names that take them, by the one merge rule of headers ({@link mergeHeaderEntries},
 * which the Pact export uses too). A step is then formed by filling values in (run-step.ts,
 * formRequest), which renders exactly what it rendered before, in the same order, so a missing name fails the same
 * way.
 */
import { setOwn } from '../../lib/own-property.ts';
import type { Templated } from '../model/scenario.ts';
import type { OperationInfo } from '../spec/openapi-index.ts';
import { holdsTemplate } from './template.ts';

/** One header of a merged list: its spelling, and which value (index into {@link HeaderPlan.values}) it takes. */
export interface HeaderSlot {
  readonly name: string;
  readonly index: number;
}

/** A suite's default headers merged with a step's. */
export interface HeaderPlan {
  /** Every header value in the order the two maps are rendered (the defaults', then the step's). */
  readonly values: readonly (Templated | null)[];
  /** The merged headers (names compared case-insensitively, the step's spelling winning), each naming its value. */
  readonly slots: readonly HeaderSlot[];
  /** The headers as sent when no value holds a template (shared by every step it serves: never mutated). */
  readonly fixed: Readonly<Record<string, string>> | undefined;
}

const pathParts = new WeakMap<OperationInfo, readonly string[]>();

/** An operation's path template cut at its `{name}` parameters: literal, name, literal, name… literal. */
export function pathPartsOf(operation: OperationInfo): readonly string[] {
  let parts = pathParts.get(operation);
  if (!parts) {
    parts = operation.path.split(/\{([^}]+)\}/);
    pathParts.set(operation, parts);
  }
  return parts;
}

/** The plan of the defaults alone, per defaults object (one per suite): what every step without headers of its own sends. */
const defaultsOnly = new WeakMap<object, HeaderPlan>();

/** The headers a step sends: the suite's `defaults` overridden by the step's `own` (see {@link HeaderPlan}). */
export function headerPlan(defaults: Readonly<Record<string, Templated>>, own: Readonly<Record<string, Templated | null>>): HeaderPlan {
  if (hasKeys(own)) return plan(defaults, own);
  let kept = defaultsOnly.get(defaults);
  if (!kept) {
    kept = plan(defaults, own);
    defaultsOnly.set(defaults, kept);
  }
  return kept;
}

function plan(defaults: Readonly<Record<string, Templated>>, own: Readonly<Record<string, Templated | null>>): HeaderPlan {
  const values: (Templated | null)[] = [];
  // Each value by its index in `values`, merged by the one merge rule; the values are rendered (and a null one
  // dropped) when the step is formed.
  const indexes = (part: Readonly<Record<string, Templated | null>>): Record<string, number> => {
    const byName: Record<string, number> = {};
    for (const [name, value] of Object.entries(part)) {
      setOwn(byName, name, values.length);
      values.push(value);
    }
    return byName;
  };
  const defaultIndexes = indexes(defaults);
  const ownIndexes = indexes(own);
  const slots = mergeHeaderEntries(defaultIndexes, ownIndexes).map(([name, index]) => ({ name, index }));
  let fixed: Record<string, string> | undefined;
  if (!values.some(holdsTemplate)) {
    fixed = {};
    for (const { name, index } of slots) {
      const value = values[index];
      if (value !== null && value !== undefined) setOwn(fixed, name, String(value));
    }
  }
  return { values, slots, fixed };
}

/**
 * The headers a step sends: the suite's defaults overridden by the step's, names compared case-insensitively (the
 * step's spelling wins); a `null` or `undefined` value removes the header. Values are kept as given (rendered or not).
 */
export function mergeHeaderEntries<T>(defaults: Readonly<Record<string, T>>, overrides: Readonly<Record<string, T | null>>): [string, T][] {
  const merged = new Map<string, [string, T | null | undefined]>();
  for (const [name, value] of Object.entries(defaults)) merged.set(name.toLowerCase(), [name, value]);
  for (const [name, value] of Object.entries(overrides)) merged.set(name.toLowerCase(), [name, value]);
  return [...merged.values()].filter((entry): entry is [string, T] => entry[1] !== null && entry[1] !== undefined);
}

/** Whether `value` has an enumerable key (without listing them). */
export function hasKeys(value: object): boolean {
  for (const _ in value) return true;
  return false;
}
