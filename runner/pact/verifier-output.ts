/**
 * What Pact's verifier says about each interaction. Pact's Rust core ends a verification with a JSON document
 * (`pactffi_verifier_json`, which Pact JS's `verifyProvider()` resolves with — or rejects with, as the error's
 * message, when an interaction failed): `interactionResults` lists every interaction verified with its result and
 * duration, `errors` the mismatches (or the error) of each failed one, in Pact's own words. This module reads it and
 * turns Pact's mismatches into settlekit assertions.
 */
import { jsonPointer } from '../../lib/json-pointer.ts';
import type { Redactor } from '../../lib/redact.ts';
import type { AssertionKind, AssertionResult } from '../model/report.ts';

/** One mismatch as Pact reports it. */
export interface PactMismatch {
  /** `StatusMismatch`, `HeaderMismatch`, `BodyMismatch`, `BodyTypeMismatch`, `QueryMismatch`… */
  readonly type: string;
  readonly mismatch?: string;
  readonly path?: string;
  readonly key?: string;
  readonly expected?: unknown;
  readonly actual?: unknown;
}

/** Pact's verdict on one interaction. */
export type InteractionVerdict =
  | { readonly result: 'passed'; readonly durationMs?: number }
  | { readonly result: 'mismatches'; readonly mismatches: readonly PactMismatch[]; readonly durationMs?: number }
  | { readonly result: 'error'; readonly message: string; readonly durationMs?: number };

/** The verifier's JSON document, as far as settlekit reads it. */
export interface VerifierOutput {
  readonly result: boolean;
  readonly interactionResults: readonly { readonly description: string; readonly result: string; readonly duration?: string }[];
  readonly errors: readonly { readonly interaction: string; readonly mismatch: { readonly type: string; readonly mismatches?: readonly PactMismatch[]; readonly message?: string } }[];
}

/** Parses the verifier's JSON document; `undefined` when `text` is not one (e.g. Pact could not run at all). */
export function parseVerifierOutput(text: string): VerifierOutput | undefined {
  try {
    const value = JSON.parse(text) as Partial<VerifierOutput>;
    if (typeof value !== 'object' || value === null || !Array.isArray(value.interactionResults) || !Array.isArray(value.errors)) return undefined;
    return value as VerifierOutput;
  } catch {
    return undefined;
  }
}

/**
 * Pact's verdict on each interaction of a pact, by description; an interaction the verifier did not run (filtered
 * out with `PACT_DESCRIPTION`, …) has none. Errors name the interaction as `Verifying a pact between C and P Given S
 * - description`.
 */
export function verdicts(output: VerifierOutput, descriptions: readonly string[]): Map<string, InteractionVerdict> {
  const out = new Map<string, InteractionVerdict>();
  for (const description of descriptions) {
    const ran = output.interactionResults.find((r) => r.description === description);
    if (!ran) continue;
    const durationMs = parseDuration(ran.duration);
    const timing = durationMs === undefined ? {} : { durationMs };
    const error = output.errors.find((e) => e.interaction === description || e.interaction.endsWith(` - ${description}`));
    if (ran.result === 'OK' || !error) out.set(description, { result: 'passed', ...timing });
    else if (error.mismatch.type === 'error') out.set(description, { result: 'error', message: error.mismatch.message ?? 'Pact could not verify the interaction', ...timing });
    else out.set(description, { result: 'mismatches', mismatches: error.mismatch.mismatches ?? [], ...timing });
  }
  return out;
}

/** A Rust `Duration` as Pact prints it (`82ms`, `1.2s`, `950µs`) in milliseconds. */
export function parseDuration(text: string | undefined): number | undefined {
  const match = /^([\d.]+)\s*(ns|µs|us|ms|s)$/.exec(text ?? '');
  if (!match) return undefined;
  const value = Number(match[1]);
  const factor = { ns: 1e-6, µs: 1e-3, us: 1e-3, ms: 1, s: 1000 }[match[2] as 'ns'];
  return Math.round(value * factor * 100) / 100;
}

/** The order a report lists a step's assertions in: status, then headers, then the body (as `run` checks them). */
const KIND_ORDER: readonly AssertionKind[] = ['status', 'header', 'body'];

/** Pact's mismatches as assertions, Pact's own message kept in each, the status first. */
export function mismatchAssertions(mismatches: readonly PactMismatch[], redactor: Redactor): AssertionResult[] {
  const assertions = mismatches.map((m): AssertionResult => {
    const kind: AssertionKind = m.type === 'StatusMismatch' ? 'status' : m.type === 'HeaderMismatch' ? 'header' : 'body';
    const path = m.type === 'HeaderMismatch' ? (m.key ?? '') : m.type === 'BodyMismatch' ? pointerOf(m.path ?? '$') : '';
    return {
      kind,
      passed: false,
      path,
      ...(m.expected !== undefined ? { expected: redactor.value(fromJsonText(m.expected)) } : {}),
      ...(m.actual !== undefined ? { actual: redactor.value(fromJsonText(m.actual)) } : {}),
      message: redactor.text(`Pact: ${m.mismatch ?? m.type}`),
    };
  });
  return assertions.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
}

/** Pact gives body values as JSON text (`"\"abc\""`): the value, when it is JSON. */
function fromJsonText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** A Pact document path (`$.transaction.errors[0]`, `$.a['b-c']`, XML `#text`) as a JSON pointer. */
export function pointerOf(path: string): string {
  const segments: string[] = [];
  const pattern = /\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(path.replace(/^\$/, '')))) {
    const segment = match[1] ?? match[2] ?? match[3]!;
    if (segment === '#text') continue;
    segments.push(segment);
  }
  return jsonPointer(segments);
}
