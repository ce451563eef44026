/**
 * The results of a run. The JSON report is exactly a {@link RunReport}; every other report format is a pure function
 * of it. All result objects are readonly; statuses are discriminated unions.
 */
import type { Rule, RuleLevel } from './scenario.ts';

/** Outcome of a step, scenario or rule. `failed` = the target broke the contract; `errored` = a network, kit or scenario fault. */
export type Status = 'passed' | 'failed' | 'errored' | 'skipped';

/** Rule status: also `untested` when no scenario that ran covers it. */
export type RuleStatus = Status | 'untested';

/** A structured error with a stable code (see lib/errors.ts). */
export interface ErrorInfo {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
}

/** One HTTP request as sent (secrets redacted). */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text, when there was one. */
  readonly body?: string;
}

/** One HTTP response as received (secrets redacted). */
export interface RecordedResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text (possibly cut at the body cap). */
  readonly body?: string;
  /** The decoded body (JSON, or typed XML as an object), when decoding succeeded. */
  readonly decoded?: unknown;
  /** True when the body was larger than the cap and only its start is kept. */
  readonly truncated?: boolean;
  /** The full size of the body in bytes, as received. */
  readonly size: number;
}

/** Timings of one exchange, in milliseconds. */
export interface Timings {
  readonly startedAt: string;
  readonly durationMs: number;
}

/** What an assertion checked. */
export type AssertionKind = 'status' | 'header' | 'body' | 'schema' | 'capture' | 'decode' | 'transport';

/** One check of one step. */
export interface AssertionResult {
  readonly kind: AssertionKind;
  readonly passed: boolean;
  /** Where in the response: a JSON pointer for bodies and schemas, a header name, or empty. */
  readonly path: string;
  readonly expected?: unknown;
  readonly actual?: unknown;
  readonly message: string;
  /** For schema assertions: ajv's own error location. */
  readonly schemaPath?: string;
}

/** One of the exchanges of a step sent several times at once. */
export interface RecordedExchange {
  readonly request: RecordedRequest;
  readonly response?: RecordedResponse;
  readonly error?: ErrorInfo;
  readonly durationMs: number;
}

/** The result of one step. */
export interface StepResult {
  readonly name: string;
  readonly status: Status;
  /** `operation` id, `request`, `follow` or `control`. */
  readonly action: string;
  readonly operation?: string;
  readonly line: number;
  readonly request?: RecordedRequest;
  readonly response?: RecordedResponse;
  readonly assertions: readonly AssertionResult[];
  readonly captures?: Readonly<Record<string, unknown>>;
  readonly error?: ErrorInfo;
  readonly timings: Timings;
  /** A copyable curl command reproducing the request (secrets redacted). */
  readonly curl?: string;
  /** Every exchange of a step sent several times at once (`repeat`), in completion order. */
  readonly exchanges?: readonly RecordedExchange[];
}

/** The result of one scenario. */
export interface ScenarioResult {
  readonly id: string;
  readonly suite: string;
  readonly title: string;
  readonly file: string;
  readonly line: number;
  readonly rules: readonly string[];
  readonly tags: readonly string[];
  readonly status: Status;
  /** Why it was skipped, or the first failure or error in one line. */
  readonly reason?: string;
  readonly steps: readonly StepResult[];
  readonly timings: Timings;
}

/** The result of one rule, rolled up from its scenarios: the catalogued rule, its status and the scenarios checking it. */
export interface RuleResult extends Rule {
  readonly status: RuleStatus;
  readonly scenarios: readonly string[];
}

/** Counts by status. */
export interface StatusCounts {
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
  readonly errored: number;
  readonly skipped: number;
}

/** Rule counts by status, for one level. */
export interface RuleCounts extends StatusCounts {
  readonly untested: number;
}

/** The verdict of one suite. */
export interface SuiteVerdict {
  readonly id: string;
  readonly title: string;
  readonly conformant: boolean;
  readonly scenarios: StatusCounts;
}

/** The whole run: the JSON report. */
export interface RunReport {
  readonly schemaVersion: 1;
  readonly kit: { readonly name: 'settlekit'; readonly version: string };
  readonly target: { readonly url: string; readonly embedded: boolean; readonly profile?: string };
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  /** True when the run was stopped by SIGINT/SIGTERM: the report holds what ran. */
  readonly interrupted: boolean;
  readonly options: {
    readonly suites: readonly string[];
    readonly tags: readonly string[];
    readonly rules: readonly string[];
    readonly grep?: string;
    readonly concurrency: number;
    readonly timeoutMs: number;
    readonly strict: boolean;
  };
  readonly verdict: {
    /** Every MUST rule (and SHOULD with --strict) that ran passed, and nothing errored. */
    readonly conformant: boolean;
    readonly suites: readonly SuiteVerdict[];
  };
  readonly summary: {
    readonly scenarios: StatusCounts;
    readonly steps: StatusCounts;
    readonly rules: Readonly<Record<RuleLevel, RuleCounts>>;
  };
  readonly rules: readonly RuleResult[];
  readonly scenarios: readonly ScenarioResult[];
}
