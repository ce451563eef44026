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
  /** How the scenario compares with the baseline report, when the run was given one (`--baseline`). */
  readonly baseline?: BaselineMark<Status>;
  /** The waiver that matched this failing scenario. */
  readonly waiver?: WaiverMark;
}

/** The result of one rule, rolled up from its scenarios: the catalogued rule, its status and the scenarios checking it. */
export interface RuleResult extends Rule {
  readonly status: RuleStatus;
  readonly scenarios: readonly string[];
  /** How the rule compares with the baseline report, when the run was given one (`--baseline`). */
  readonly baseline?: BaselineMark<RuleStatus>;
  /** The waiver that matched this failing rule (directly, or through the waivers of all its failing scenarios). */
  readonly waiver?: WaiverMark;
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

/**
 * How a rule or scenario compares with the baseline, by whether it is failing (failed or errored):
 * `new-failure` — failing now, and not failing in the baseline (or not in it at all);
 * `still-failing` — failing in the baseline and not passed now (failing, or no longer checked: skipped, untested);
 * `fixed` — failing in the baseline, passed now;
 * `new` — not in the baseline, and not failing now;
 * `unchanged` — not failing in the baseline nor now (the status may still have moved, e.g. passed → skipped).
 */
export type BaselineChange = 'new-failure' | 'still-failing' | 'fixed' | 'new' | 'unchanged';

/** A rule's or scenario's comparison with the baseline. */
export interface BaselineMark<S extends string> {
  readonly change: BaselineChange;
  /** The status in the baseline; absent when the item is not in it. */
  readonly before?: S;
}

/** Counts of each {@link BaselineChange}. */
export type ChangeCounts = Readonly<Record<BaselineChange, number>>;

/** What the run was compared with (`--baseline <report.json>`), and the counts of each change. */
export interface BaselineSummary {
  /** The baseline file, as given. */
  readonly source: string;
  readonly kitVersion: string;
  readonly target: string;
  readonly startedAt: string;
  readonly rules: ChangeCounts;
  readonly scenarios: ChangeCounts;
}

/** A waiver that matched a failing rule or scenario. */
export interface WaiverMark {
  /** `applied`: the failure does not fail the gate; `expired`: the waiver is past its date and no longer waives. */
  readonly state: 'applied' | 'expired';
  readonly reason: string;
  /** Last day (YYYY-MM-DD, UTC) the waiver waives. */
  readonly expires: string;
  readonly link?: string;
  /** Set on a rule waived through its scenarios: the waived scenarios (every failing scenario checking the rule). */
  readonly scenarios?: readonly string[];
  /** Set on a scenario waived (or no longer waived) through its rules, every rule it checks having a waiver: those rules. */
  readonly rules?: readonly string[];
}

/** One entry of a waivers file (specs/waivers.schema.json): a known failure, accepted for a while. */
export interface Waiver {
  /** The waived rule id (exactly one of `rule`, `scenario`). */
  readonly rule?: string;
  /** The waived scenario id. */
  readonly scenario?: string;
  readonly reason: string;
  /** Last day (YYYY-MM-DD, UTC) the waiver waives. */
  readonly expires: string;
  /** A ticket or discussion. */
  readonly link?: string;
  /** Line of the entry in the waivers file. */
  readonly line?: number;
}

/**
 * What became of one waiver: `applied` (it waived a failure), `expired` (past its date: it waives nothing), `stale`
 * (in date, but nothing it names failed: the rule or scenario passed, or is not in the run).
 */
export interface WaiverOutcome extends Waiver {
  readonly state: 'applied' | 'expired' | 'stale';
  /** The failing ids it waived (applied) or would have waived (expired). */
  readonly matched: readonly string[];
  /** Why a stale waiver matched nothing, in words. */
  readonly note?: string;
}

/** The waivers of the run (`--waivers`, or the profile's `waivers:`). */
export interface WaiverSummary {
  /** The waivers file, as shown to the user (relative to the working directory). */
  readonly file?: string;
  /** The date expiry was judged on (YYYY-MM-DD, UTC). */
  readonly today: string;
  readonly entries: readonly WaiverOutcome[];
}

/** What fails the gate: `failures` — any failing MUST rule (and SHOULD with strict); `regressions` — only new failures. */
export type GateMode = 'failures' | 'regressions';

/** The gate's decision, which gives the exit code (the verdict's `conformant` is the plain conformance claim). */
export interface GateVerdict {
  readonly mode: GateMode;
  readonly passed: boolean;
  /** Ids of the rules (and of failing scenarios tied to no rule) that fail the gate. */
  readonly blocking: readonly string[];
}

/** Every scenario a run set out to run, whatever part of it a report holds; equal digests mean the same plan. */
export interface PlanInfo {
  /** SHA-256 (hex) of the suites, filters, capabilities and scenario ids of the plan. */
  readonly digest: string;
  /** Every scenario id of the plan, in plan order. */
  readonly scenarios: readonly string[];
  /** The capabilities the target declared (they decide what is skipped). */
  readonly capabilities: readonly string[];
}

/** The part of the plan a shard report holds (`--shard i/n`). */
export interface ShardInfo {
  /** 1-based. */
  readonly index: number;
  readonly total: number;
  /** How the plan was split: by scenario count, or by the durations of an earlier report. */
  readonly balance: 'count' | 'durations';
}

/** One shard a merged report was made of. */
export interface MergedShard {
  readonly index: number;
  readonly total: number;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly scenarios: number;
}

/** Why the kit stopped the run before the plan was done (a target that stopped answering, `--max-duration`). */
export interface StopInfo {
  readonly code: string;
  readonly message: string;
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
  /** Set when the kit stopped the run itself; the scenarios it did not run are errored with this code. */
  readonly stopped?: StopInfo;
  /** The whole plan (also in a shard's report, so `settlekit merge` can check every scenario is there once). */
  readonly plan?: PlanInfo;
  /** Set on the report of one shard of the plan. */
  readonly shard?: ShardInfo;
  /** Set on a report merged from shards (`settlekit merge`). */
  readonly merged?: { readonly shards: readonly MergedShard[] };
  /** Set when the run was compared with a baseline report. */
  readonly baseline?: BaselineSummary;
  /** Set when the run had waivers. */
  readonly waivers?: WaiverSummary;
  readonly options: {
    readonly suites: readonly string[];
    readonly tags: readonly string[];
    readonly rules: readonly string[];
    readonly grep?: string;
    readonly concurrency: number;
    readonly timeoutMs: number;
    readonly strict: boolean;
    /** What fails the gate (absent: `failures`). */
    readonly gate?: GateMode;
    /** Consecutive timeouts after which the kit stops sending (0: never). */
    readonly maxTimeouts?: number;
    /** Bound of the whole run, in ms. */
    readonly maxDurationMs?: number;
  };
  readonly verdict: {
    /** Every MUST rule (and SHOULD with --strict) that ran passed, and nothing errored. Waivers and baselines do not change it. */
    readonly conformant: boolean;
    readonly suites: readonly SuiteVerdict[];
    /** The gate's decision (absent in reports of older kits: the gate is then `conformant`). */
    readonly gate?: GateVerdict;
  };
  readonly summary: {
    readonly scenarios: StatusCounts;
    readonly steps: StatusCounts;
    readonly rules: Readonly<Record<RuleLevel, RuleCounts>>;
  };
  readonly rules: readonly RuleResult[];
  readonly scenarios: readonly ScenarioResult[];
}
