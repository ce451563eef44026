/**
 * The parts of a step's request that do not change from one step to the next, worked out once and shared: an
 * operation's path template cut into literal text and parameter names (once per operation), and a suite's default
 * headers merged with a step's (once per suite for the steps that add none of their own — most), as the values to
 * render in order and the merged names that take them. A step is then formed by filling values in (run-step.ts,
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
  let empty = true;
  for (const _ in own) {
    empty = false;
    break;
  }
  if (!empty) return plan(defaults, own);
  let kept = defaultsOnly.get(defaults);
  if (!kept) {
    kept = plan(defaults, own);
    defaultsOnly.set(defaults, kept);
  }
  return kept;
}

function plan(defaults: Readonly<Record<string, Templated>>, own: Readonly<Record<string, Templated | null>>): HeaderPlan {
  const values: (Templated | null)[] = [];
  // A Map keeps the position of a name's first spelling and takes the value of its last, as the merge always did.
  const merged = new Map<string, HeaderSlot>();
  for (const part of [defaults, own]) {
    for (const [name, value] of Object.entries(part)) {
      merged.set(name.toLowerCase(), { name, index: values.length });
      values.push(value);
    }
  }
  const slots = [...merged.values()];
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
