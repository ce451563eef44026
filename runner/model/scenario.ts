/**
 * The in-memory shape of suites and scenarios after loading. Every node keeps the source position it came from, so
 * that any problem found later (an unknown operation, a capture used before it exists, a failed assertion) can point
 * the user at `file:line:col`.
 */

/** A position in a source file, 1-based. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** Level of a documented rule (its home, with the levels' order, is lib/rule-levels.ts). */
export type { RuleLevel } from '../../lib/rule-levels.ts';
import type { RuleLevel } from '../../lib/rule-levels.ts';

/** One rule of the catalogue, traceable to the sentence of the source document it comes from. */
export interface Rule {
  readonly id: string;
  readonly level: RuleLevel;
  readonly suite: string;
  readonly title: string;
  /** The sentence(s) of the source document the rule encodes, verbatim. */
  readonly sentence: string;
  /** The source document, relative to the repository (e.g. `../shared/seeds/003_….txt`) or a public reference. */
  readonly source: string;
  /** Why no scenario can test this rule, when none does. */
  readonly untestableReason?: string;
}

/** A value that may hold `{{template}}` strings anywhere inside. */
export type Templated = unknown;

/** What a step expects of the response. */
export interface StepExpectation {
  /** A status code, or a list of acceptable ones. */
  readonly status?: number | readonly number[];
  /** Header name (case-insensitive) → expected value or matcher; `null` means the header must be absent. */
  readonly headers?: Readonly<Record<string, Templated>>;
  /** A subset of the decoded body, with matchers. */
  readonly body?: Templated;
  /** Validate the response against the operation's OpenAPI response schema (default true when the step has an operation). */
  readonly schema?: boolean;
  /**
   * For a step sent several times at once (`repeat`): the classes of responses expected, in any order. Each response
   * belongs to the first class it matches; a class with `count` must get exactly that many.
   */
  readonly outcomes?: readonly OutcomeExpectation[];
}

/** One class of responses of a repeated step. */
export interface OutcomeExpectation {
  readonly status?: number | readonly number[];
  readonly body?: Templated;
  readonly count?: number;
}

/** The request part of a step: how the request is formed. */
export type StepAction =
  | { readonly kind: 'operation'; readonly operation: string }
  | {
      readonly kind: 'request';
      readonly method: string;
      readonly path: string;
      /** When set, the response is validated against this operation's responses too. */
      readonly operation?: string;
    }
  | { readonly kind: 'follow'; readonly href: Templated; readonly method: Templated; readonly operation?: string }
  | { readonly kind: 'control'; readonly action: string; readonly args: Readonly<Record<string, Templated>> };

/** One step of a scenario, run in order. */
export interface Step {
  readonly name: string;
  readonly action: StepAction;
  readonly params: Readonly<Record<string, Templated>>;
  readonly query: Readonly<Record<string, Templated>>;
  /** Header overrides; a `null` value removes a suite default. */
  readonly headers: Readonly<Record<string, Templated | null>>;
  /** `undefined` = no body; a string is sent verbatim; anything else is JSON-encoded. */
  readonly body?: Templated;
  readonly expect: StepExpectation;
  /** Name → JSONPath (`$.…`) into the decoded body, or `header:Name`, or `status`. */
  readonly capture: Readonly<Record<string, string>>;
  /** Rules this step in particular checks, in addition to the scenario's. */
  readonly rules: readonly string[];
  /** Send the same request this many times at once (a race); 1 = once. */
  readonly repeat: number;
  readonly position: SourcePosition;
}

/** One scenario: an isolated story that creates its own payments. */
export interface Scenario {
  readonly id: string;
  readonly suite: string;
  readonly title: string;
  readonly description?: string;
  readonly rules: readonly string[];
  readonly tags: readonly string[];
  readonly requires: readonly string[];
  readonly vars: Readonly<Record<string, Templated>>;
  readonly steps: readonly Step[];
  readonly position: SourcePosition;
}

/** A suite: one API of one version, with its spec, rules and default request parts. */
export interface Suite {
  readonly id: string;
  readonly title: string;
  /** Absolute path of the OpenAPI document. */
  readonly specPath: string;
  readonly rules: readonly Rule[];
  /** The suite's `ruleIdPattern` (suite.yaml) as written, when it declares one: what its rule ids look like. */
  readonly ruleIdPattern?: string;
  /** Capabilities of the suite's own (name → meaning), besides the kit's KNOWN_CAPABILITIES. */
  readonly capabilities?: Readonly<Record<string, string>>;
  readonly defaults: {
    readonly params: Readonly<Record<string, Templated>>;
    readonly headers: Readonly<Record<string, Templated>>;
  };
  readonly scenarios: readonly Scenario[];
  readonly position: SourcePosition;
  /** Where each of `defaults` is written in suite.yaml, by part and name (`headers` → `Authorization`). */
  readonly defaultsPositions?: {
    readonly params: Readonly<Record<string, SourcePosition>>;
    readonly headers: Readonly<Record<string, SourcePosition>>;
  };
}
