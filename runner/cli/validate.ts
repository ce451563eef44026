/**
 * `settlekit validate`: load and check everything without sending a request.
 */
import { loadProject } from '../load/load-project.ts';
import { BUNDLED_SCENARIOS_DIR } from '../paths.ts';
import { readProfile } from '../target/profile.ts';

/** Loads every suite (and the profile, when given); throws the collected load errors (exit 2). */
export async function validateCommand(options: { scenarios?: string; profile?: string }): Promise<void> {
  const project = await loadProject(options.scenarios ?? BUNDLED_SCENARIOS_DIR);
  if (options.profile) await readProfile(options.profile);
  const scenarios = project.suites.reduce((n, s) => n + s.scenarios.length, 0);
  const rules = project.suites.reduce((n, s) => n + s.rules.length, 0);
  process.stdout.write(`ok: ${project.suites.length} suites, ${scenarios} scenarios, ${rules} rules${options.profile ? `, profile ${options.profile}` : ''}\n`);
  process.exitCode = 0;
}
