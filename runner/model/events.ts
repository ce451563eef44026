/**
 * The typed event stream reporters listen to. Every hook is optional and may be async; a reporter that throws is
 * turned into a reported error by the multiplexer (reports/multiplexer.ts), never a crashed run.
 */
import type { RunReport, ScenarioResult, ShardInfo, StepResult } from './report.ts';

/** Sent once before the first scenario. */
export interface RunStartEvent {
  readonly kitVersion: string;
  readonly target: RunReport['target'];
  readonly startedAt: string;
  /** Number of scenarios planned (including ones that will be skipped). */
  readonly scenarioCount: number;
  readonly suites: readonly string[];
  /** Set when the run is one shard of a plan. */
  readonly shard?: ShardInfo;
  /** Scenarios of the whole plan, when the run is one shard of it. */
  readonly plannedCount?: number;
}

/** Sent when a scenario starts. */
export interface ScenarioStartEvent {
  readonly id: string;
  readonly suite: string;
  readonly title: string;
}

/** Sent after each step. */
export interface StepEndEvent {
  readonly scenarioId: string;
  readonly step: StepResult;
}

/** Sent when a scenario ends (or is skipped). */
export interface ScenarioEndEvent {
  readonly scenario: ScenarioResult;
}

/** Sent once at the end, with the complete report. */
export interface RunEndEvent {
  readonly report: RunReport;
  /** Folder reports are written into. */
  readonly outputDir: string;
}

/** A reporter or kit fault that did not stop the run. */
export interface RunErrorEvent {
  readonly code: string;
  readonly message: string;
  readonly reporter?: string;
}

/** A listener of the run. */
export interface Reporter {
  /** Name shown when the reporter fails. */
  readonly name: string;
  onRunStart?(event: RunStartEvent): void | Promise<void>;
  onScenarioStart?(event: ScenarioStartEvent): void | Promise<void>;
  onStepEnd?(event: StepEndEvent): void | Promise<void>;
  onScenarioEnd?(event: ScenarioEndEvent): void | Promise<void>;
  onRunEnd?(event: RunEndEvent): void | Promise<void>;
  onError?(event: RunErrorEvent): void | Promise<void>;
}
