/**
 * `settlekit validate`: load and check everything without sending a request.
 */
import { loadProject } from '../load/load-project.ts';
import { readWaivers, waiversFileOf } from '../load/load-waivers.ts';
import { BUNDLED_SCENARIOS_DIR } from '../paths.ts';
import { readProfile } from '../target/profile.ts';

/** Loads every suite (and the profile and waivers, when given); throws the collected load errors (exit 2). */
export async function validateCommand(options: { scenarios?: string; profile?: string; waivers?: string }): Promise<void> {
  const project = await loadProject(options.scenarios ?? BUNDLED_SCENARIOS_DIR);
  const profile = options.profile ? await readProfile(options.profile, project.suites) : undefined;
  const waiversFile = options.waivers ?? (profile ? waiversFileOf(profile, options.profile) : undefined);
  const waivers = waiversFile ? await readWaivers(waiversFile) : undefined;
  const scenarios = project.suites.reduce((n, s) => n + s.scenarios.length, 0);
  const rules = project.suites.reduce((n, s) => n + s.rules.length, 0);
  const extra = [options.profile ? `, profile ${options.profile}` : '', waivers ? `, ${waivers.entries.length} waivers in ${waivers.file ?? waiversFile}` : ''].join('');
  const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
  process.stdout.write(`ok: ${count(project.suites.length, 'suite')}, ${count(scenarios, 'scenario')}, ${count(rules, 'rule')}${extra}\n`);
  // A waiver naming no rule or scenario of the catalogue would be stale in every run: say so now.
  const known = new Set(project.suites.flatMap((s) => [...s.rules.map((r) => r.id), ...s.scenarios.map((x) => x.id)]));
  for (const w of waivers?.entries ?? []) {
    const id = (w.rule ?? w.scenario)!;
    if (!known.has(id)) process.stdout.write(`warning: ${waivers?.file}:${w.line ?? 1}: the waiver names ${w.rule !== undefined ? 'rule' : 'scenario'} ${id}, which is not in the catalogue\n`);
  }
  process.exitCode = 0;
}
