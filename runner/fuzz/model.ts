/**
 * The shapes the fuzzer is built from. A per-suite {@link CommandModel} generates logical commands (plain data that
 * fast-check can shrink), compiles each one against a small model state into an ordinary scenario {@link Step}, and
 * says how to read the reference simulator's answer: what to expect of the target (a body subset, ids as captured
 * templates) and which documented rule each compared aspect checks (an {@link AspectTable}: data, not code).
 */
import type { Arbitrary } from 'fast-check';
import type { RuleLevel, Step } from '../model/scenario.ts';

/** What the fuzzer knows of the target while generating: its declared capabilities, and whether races are on. */
export interface FuzzEnv {
  readonly capabilities: ReadonlySet<string>;
  /** `--race`: some commands are sent several times at once. */
  readonly race: boolean;
}

/** A logical command, as generated: plain data (so it prints, replays and shrinks), discriminated by `op`. */
export interface FuzzCommand {
  readonly op: string;
  readonly [argument: string]: unknown;
}

/** One answer of one side, decoded. */
export interface Observed {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The decoded body (JSON, or typed XML as an object); `undefined` when there is none. */
  readonly body: unknown;
  /** The values the step's candidate captures found in this answer. */
  readonly captures: Readonly<Record<string, unknown>>;
}

/** Runs a read-only step against the reference simulator only, for a model that needs to ask it something. */
export type OracleProbe = (step: Step) => Promise<Observed | undefined>;

/** A command made concrete against the model state: the step both sides run, and how to judge its answers. */
export interface CompiledCommand {
  /** The step (its `expect` and `capture` are filled in by the fuzzer from the oracle's answer). */
  readonly step: Step;
  /** Capture name → candidate expressions; the first one the oracle's answer has is kept. */
  readonly captures: Readonly<Record<string, readonly string[]>>;
  /** Key of the aspect table (an operationId, or a label for a raw request). */
  readonly operation: string;
  /** Capabilities a scenario running this step must require. */
  readonly requires: readonly string[];
  /**
   * The situation the oracle's answer puts this command in (`accepted`, `over-amount`, `repeat`…): with the aspect it
   * selects the rules a difference breaks. May ask the oracle (read-only) when the answer alone does not tell.
   */
  situation(observed: Observed, probe: OracleProbe): string | Promise<string>;
  /** Whatever the model needs to remember about the command when it reads the oracle's answer. */
  readonly meta?: unknown;
}

/** What the target must answer, derived from the oracle's answer: a status and a body subset with matchers. */
export interface Expectation {
  readonly status: number;
  readonly body?: unknown;
}

/** Names the oracle-side values a projection may meet, so ids become `{{name}}` templates resolved per side. */
export interface IdNames {
  /** The template name whose oracle value is `value` (a capture, or a context value such as a merchant account id). */
  nameOf(value: unknown): string | undefined;
}

/**
 * Which rules a difference breaks: operation → aspect → situation → rule ids. `*` matches any operation, aspect or
 * situation; an aspect key ending in `:*` matches every aspect of that family (`action:*`). An empty list marks an
 * aspect no catalogued rule speaks about (reported apart, like INFO).
 */
export type AspectTable = Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>>>;

/** A suite's command model. `S` is its state: what the oracle's answers told so far (records, kinds, amounts). */
export interface CommandModel<S = unknown> {
  readonly suite: string;
  readonly aspects: AspectTable;
  /** The aspect a body difference at this JSON pointer is about (`status`, `amount`, `links`, `action:cancelPayment`…). */
  aspectOf(pointer: string): string;
  /** Commands every sequence starts with (at least one record to act on). */
  opening(env: FuzzEnv): Arbitrary<readonly FuzzCommand[]>;
  /** Any further command. */
  command(env: FuzzEnv): Arbitrary<FuzzCommand>;
  initial(env: FuzzEnv): S;
  /** The command made concrete, or `undefined` when the state has nothing it can act on (the command is skipped). */
  compile(command: FuzzCommand, state: S, env: FuzzEnv): CompiledCommand | undefined;
  /** Updates the state from one oracle answer to `compiled` (called once per request of a race). */
  observe(compiled: CompiledCommand, observed: Observed, state: S): void;
  /** The target's expected answer: the oracle's, normalised (ids as templates; no timestamps, no message texts). */
  expectation(compiled: CompiledCommand, observed: Observed, ids: IdNames): Expectation;
  /** Read-only commands run after every sequence, so a state difference shows even when no command looked. */
  closing(state: S, env: FuzzEnv): readonly FuzzCommand[];
}

/** One difference between the target's answer and the oracle's, tied to the rules it breaks. */
export interface Difference {
  /** The highest level of its rules; `INFO` also when no catalogued rule speaks about the aspect. */
  readonly level: RuleLevel;
  readonly rules: readonly string[];
  readonly aspects: readonly string[];
  readonly situation: string;
  /** The failed checks, as the runner words them. */
  readonly messages: readonly string[];
  /** True when no catalogued rule speaks about the aspects that differ. */
  readonly uncatalogued: boolean;
}
