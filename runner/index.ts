/**
 * settlekit's programmatic API.
 */
export { runConformance, assertReachable, checkTargetUrl, gateExitCode, DEFAULT_REPORTERS, type RunOptions, type RunOutcome } from './run-conformance.ts';
export { mergeReports, type MergeInput, type MergeOptions } from './report/merge-reports.ts';
export { readWaivers } from './load/load-waivers.ts';
export { splitPlan, parseShard, type ShardSpec } from './plan/shard.ts';
export { loadProject, type Project } from './load/load-project.ts';
export { planScenarios, type PlanFilters, type PlannedScenario } from './plan/plan.ts';
export { buildReport } from './report/build-report.ts';
export { DEFAULT_PROFILE } from './target/profile.ts';
export { KIT_VERSION } from './paths.ts';
export type * from './model/report.ts';
export type * from './model/scenario.ts';
export type * from './model/events.ts';
export type * from './model/profile.ts';
export { SettlekitError, SettlekitErrorList, ERRORS, formatGroup, groupErrors, type ErrorCode, type ErrorGroup } from '../lib/errors.ts';
