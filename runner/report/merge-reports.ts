/**
 * `settlekit merge`: the reports of the shards of one plan joined into the report of one run — the scenarios in plan
 * order, rolled up again through {@link buildReport}, judged by the same gate. Reports of different kits, targets,
 * suites, filters or plans, and sets of shards that miss or repeat a scenario, are refused with the reason.
 */
import { SettlekitError } from '../../lib/errors.ts';
import type { GateMode, MergedShard, RunReport, ScenarioResult } from '../model/report.ts';
import type { Rule, Suite } from '../model/scenario.ts';
import { snapshotFromMarks, type BaselineSnapshot } from './baseline.ts';
import { buildReport } from './build-report.ts';
import type { WaiverSet } from './waivers.ts';

/** One report to merge and the file it was read from (for messages). */
export interface MergeInput {
  readonly file: string;
  readonly report: RunReport;
}

/** How to judge the merged report; each defaults to what the shards were run with. */
export interface MergeOptions {
  readonly gate?: GateMode;
  readonly strict?: boolean;
  /** Default: the baseline the shards were compared with (kept in their marks). */
  readonly baseline?: BaselineSnapshot;
  /** Default: the waivers the shards had (kept in their reports). */
  readonly waivers?: WaiverSet;
  /** The date waivers expire against; default today. */
  readonly today?: string;
}

/** How many ids a message lists before eliding the rest. */
const MAX_LISTED = 5;

/**
 * Merges shard reports into one.
 *
 * @throws {SettlekitError} `SETTLEKIT_E_MERGE` (exit 2) when the reports are not the shards of one plan, with the reason.
 */
export function mergeReports(inputs: readonly MergeInput[], options: MergeOptions = {}): RunReport {
  const first = checkSamePlan(inputs);
  checkSameJudgement(inputs, options);
  const plan = first.report.plan!;
  const scenarios = collectScenarios(inputs, plan.scenarios);
  const reports = inputs.map((i) => i.report);
  const startedAt = reports.map((r) => r.startedAt).sort()[0]!;
  const finishedAt = reports.map((r) => r.finishedAt).sort().at(-1)!;
  const merged: MergedShard[] = inputs
    .map(({ report }) => ({
      index: report.shard?.index ?? 1,
      total: report.shard?.total ?? 1,
      startedAt: report.startedAt,
      durationMs: report.durationMs,
      scenarios: report.scenarios.length,
    }))
    .sort((a, b) => a.index - b.index);
  const baseline = options.baseline ?? snapshotFromMarks(reports);
  const waivers = options.waivers ?? waiversOf(reports);
  const stopped = reports.find((r) => r.stopped)?.stopped;
  return buildReport(
    {
      kitVersion: first.report.kit.version,
      target: first.report.target,
      startedAt,
      finishedAt,
      durationMs: Math.max(0, Date.parse(finishedAt) - Date.parse(startedAt)),
      interrupted: reports.some((r) => r.interrupted),
      ...(stopped ? { stopped } : {}),
      options: {
        ...first.report.options,
        strict: options.strict ?? reports.some((r) => r.options.strict),
        gate: options.gate ?? first.report.options.gate ?? 'failures',
      },
      plan,
      merged: { shards: merged },
      ...(baseline ? { baseline } : {}),
      ...(waivers ? { waivers } : {}),
      ...(options.today ? { today: options.today } : {}),
    },
    catalogueOf(first.report),
    scenarios,
  );
}

/** Checks every report belongs to the plan of the first; returns the first. */
function checkSamePlan(inputs: readonly MergeInput[]): MergeInput {
  const first = inputs[0];
  if (!first) throw mergeError('no report to merge');
  for (const input of inputs) {
    if (!input.report.plan) throw mergeError(`${input.file} has no plan: it was written by an older settlekit, or by \`settlekit merge\` itself`);
  }
  const differ = (what: string, show: (r: RunReport) => string): void => {
    const odd = inputs.find((i) => show(i.report) !== show(first.report));
    if (odd) throw mergeError(`different ${what}: ${first.file} has ${show(first.report)}, ${odd.file} has ${show(odd.report)}`);
  };
  differ('kits', (r) => `${r.kit.name} ${r.kit.version}`);
  // An embedded simulator listens on a new port each run: all embedded targets are the same target.
  differ('targets', (r) => (r.target.embedded ? 'the embedded simulator' : r.target.url));
  differ('suites', (r) => (suitesOf(r).join(', ') || '(none)'));
  differ('filters', (r) => filtersOf(r));
  differ('capabilities', (r) => r.plan!.capabilities.join(', ') || '(none)');
  differ('plans (the scenario files differ)', (r) => `plan ${r.plan!.digest.slice(0, 12)}`);
  const totals = new Set(inputs.map((i) => i.report.shard?.total ?? 1));
  if (totals.size > 1) throw mergeError(`the reports come from different splits: ${inputs.map((i) => `${i.file} is ${shardLabel(i.report)}`).join(', ')}`);
  const seen = new Map<number, string>();
  for (const input of inputs) {
    const index = input.report.shard?.index ?? 1;
    const earlier = seen.get(index);
    if (earlier !== undefined) throw mergeError(`${shardLabel(input.report)} is given twice: ${earlier} and ${input.file}`);
    seen.set(index, input.file);
  }
  return first;
}

/**
 * Checks the shards were judged alike — gate, baseline, waivers — where the merge is not told how to judge: the merge
 * judges by what they carried, and shards that differ would make the merged gate that of whichever came first.
 */
function checkSameJudgement(inputs: readonly MergeInput[], options: MergeOptions): void {
  const first = inputs[0]!;
  const differ = (what: string, show: (r: RunReport) => string): void => {
    const odd = inputs.find((i) => show(i.report) !== show(first.report));
    if (odd) {
      throw mergeError(`different ${what}: ${first.file} has ${show(first.report)}, ${odd.file} has ${show(odd.report)}`, `Run every shard with the same --gate, --strict, --baseline and --waivers, or give them to \`settlekit merge\`, which then judges the merged run by them.`);
    }
  };
  if (options.gate === undefined || options.strict === undefined) {
    differ('gates', (r) => [options.gate === undefined ? (r.options.gate ?? 'failures') : '', options.strict === undefined && r.options.strict ? 'strict' : ''].filter(Boolean).join(', '));
  }
  if (options.baseline === undefined) differ('baselines', (r) => r.baseline?.source ?? 'none');
  if (options.waivers === undefined) {
    differ('waivers', (r) => (r.waivers ? `${r.waivers.file ?? 'waivers'} (${r.waivers.entries.length} waiver${r.waivers.entries.length === 1 ? '' : 's'})` : 'none'));
  }
}

/** Every planned scenario exactly once, in plan order. */
function collectScenarios(inputs: readonly MergeInput[], planned: readonly string[]): ScenarioResult[] {
  const found = new Map<string, { result: ScenarioResult; file: string }>();
  const inPlan = new Set(planned);
  for (const { file, report } of inputs) {
    for (const result of report.scenarios) {
      if (!inPlan.has(result.id)) throw mergeError(`${file} has scenario ${result.id}, which is not in the plan`);
      const earlier = found.get(result.id);
      if (earlier) {
        throw mergeError(`scenario ${result.id} is in ${earlier.file} and in ${file}`, 'Run every shard with the same options (and the same --shard-durations report, if any).');
      }
      found.set(result.id, { result, file });
    }
  }
  const missing = planned.filter((id) => !found.has(id));
  if (missing.length > 0) {
    const total = inputs[0]!.report.shard?.total ?? 1;
    const given = new Set(inputs.map((i) => i.report.shard?.index ?? 1));
    const absent = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !given.has(i));
    const shards = absent.length > 0 ? `; no report of shard ${absent.map((i) => `${i}/${total}`).join(', ')}` : '';
    throw mergeError(`${missing.length} planned scenario${missing.length === 1 ? ' is' : 's are'} in no report (${list(missing)})${shards}`);
  }
  // Marks are the shard's own judgement; the merge judges again.
  return planned.map((id) => {
    const { baseline: _baseline, waiver: _waiver, ...result } = found.get(id)!.result;
    return result;
  });
}

/** The suites and rule catalogue a report was built from (every shard reports every rule of the plan's suites). */
function catalogueOf(report: RunReport): Pick<Suite, 'id' | 'title' | 'rules'>[] {
  const titles = new Map(report.verdict.suites.map((s) => [s.id, s.title]));
  return suitesOf(report).map((id) => ({
    id,
    title: titles.get(id) ?? id,
    rules: report.rules
      .filter((r) => r.suite === id)
      .map((r): Rule => ({ id: r.id, level: r.level, suite: r.suite, title: r.title, sentence: r.sentence, source: r.source, ...(r.untestableReason ? { untestableReason: r.untestableReason } : {}) })),
  }));
}

/** The waivers the shards had, when they had any (every shard has the same file). */
function waiversOf(reports: readonly RunReport[]): WaiverSet | undefined {
  const summary = reports.find((r) => r.waivers)?.waivers;
  if (!summary) return undefined;
  return {
    ...(summary.file ? { file: summary.file } : {}),
    entries: summary.entries.map(({ state: _state, matched: _matched, note: _note, ...waiver }) => waiver),
  };
}

function suitesOf(report: RunReport): string[] {
  return report.verdict.suites.map((s) => s.id);
}

function filtersOf(report: RunReport): string {
  const o = report.options;
  const parts = [o.tags.length ? `tags ${o.tags.join(',')}` : '', o.rules.length ? `rules ${o.rules.join(',')}` : '', o.grep ? `grep "${o.grep}"` : ''].filter(Boolean);
  return parts.join('; ') || 'no filters';
}

function shardLabel(report: RunReport): string {
  return report.shard ? `shard ${report.shard.index}/${report.shard.total}` : 'a whole run';
}

function list(ids: readonly string[]): string {
  return ids.length > MAX_LISTED ? `${ids.slice(0, MAX_LISTED).join(', ')}, … and ${ids.length - MAX_LISTED} more` : ids.join(', ');
}

function mergeError(message: string, hint?: string): SettlekitError {
  return new SettlekitError('SETTLEKIT_E_MERGE', message, hint ? { hint } : {});
}
