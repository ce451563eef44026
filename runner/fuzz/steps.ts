/**
 * Building ordinary scenario steps for the command models: a generated command compiles to the same {@link Step} a
 * scenario file loads into, so the runner's step executor runs it and the found scenario is these steps written out.
 */
import type { SourcePosition, Step, StepAction, Templated } from '../model/scenario.ts';
import type { CompiledCommand, FuzzCommand, FuzzEnv } from './model.ts';

/** Where generated steps come from, until they are written to a file. */
export const GENERATED: SourcePosition = Object.freeze({ file: 'settlekit fuzz', line: 0, column: 0 });

/** The parts of a step a model sets; everything else takes its scenario default. */
export interface StepParts {
  readonly name: string;
  readonly action: StepAction;
  readonly params?: Readonly<Record<string, Templated>>;
  readonly headers?: Readonly<Record<string, Templated | null>>;
  readonly body?: Templated;
  readonly repeat?: number;
}

/** A step with no expectation and no capture yet (the fuzzer adds them from the oracle's answer). */
export function stepOf(parts: StepParts): Step {
  return {
    name: parts.name,
    action: parts.action,
    params: parts.params ?? {},
    query: {},
    headers: parts.headers ?? {},
    ...(parts.body === undefined ? {} : { body: parts.body }),
    expect: {},
    capture: {},
    rules: [],
    repeat: parts.repeat ?? 1,
    position: GENERATED,
  };
}

/** An `operation:` step. */
export function operationStep(name: string, operation: string, parts: Omit<StepParts, 'name' | 'action'> = {}): Step {
  return stepOf({ name, action: { kind: 'operation', operation }, ...parts });
}

/** A `follow:` step on a captured link, validated against `operation`. */
export function followStep(name: string, href: string, method: string, operation: string, parts: Omit<StepParts, 'name' | 'action'> = {}): Step {
  return stepOf({ name, action: { kind: 'follow', href, method, operation }, ...parts });
}

/** A `control:` step (a settlekit test control). */
export function controlStep(name: string, action: string, args: Readonly<Record<string, Templated>>): Step {
  return stepOf({ name, action: { kind: 'control', action, args } });
}

/** Compiles one kind of command (`op`) against the state; `undefined` when there is nothing to act on. */
export type Compiler<S> = (command: FuzzCommand, state: S, env: FuzzEnv) => CompiledCommand | undefined;

/** A model's `compile`: the compiler of the command's `op` (an unknown `op` compiles to nothing). */
export function compileBy<S>(compilers: Readonly<Record<string, Compiler<S>>>): Compiler<S> {
  return (command, state, env) => (Object.hasOwn(compilers, command.op) ? compilers[command.op]?.(command, state, env) : undefined);
}
