/**
 * The bundled suites keep what a source document states apart from what it does not: a scenario names rules of one
 * kind — the seed's (MUST), the public behaviour around it (SHOULD) or settlekit's reference behaviour (INFO) — and
 * never a MUST rule with one of the others. A scenario fails as a whole and every rule it names fails with it, so an
 * INFO or SHOULD assertion inside a scenario that also names a MUST rule would fail that MUST rule — and the gate —
 * for an implementation that follows the document and differs only where the document is silent.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RuleLevel } from '../../lib/rule-levels.ts';
import { loadProject } from '../../runner/load/load-project.ts';
import { ROOT } from '../helpers/suite-run.ts';

/** The bundled scenarios that name a rule of each of the two levels, as `id: rules`. */
async function scenariosNaming(a: RuleLevel, b: RuleLevel): Promise<string[]> {
  const project = await loadProject(join(ROOT, 'scenarios'));
  expect(project.suites.length).toBe(3);
  const mixed: string[] = [];
  for (const suite of project.suites) {
    const level = new Map(suite.rules.map((rule) => [rule.id, rule.level]));
    for (const scenario of suite.scenarios) {
      const levels = new Set(scenario.rules.map((id) => level.get(id)));
      if (levels.has(a) && levels.has(b)) mixed.push(`${scenario.id}: ${scenario.rules.join(', ')}`);
    }
  }
  return mixed;
}

describe('the bundled scenarios and the levels of their rules', () => {
  it('no scenario names an INFO rule together with a MUST rule', async () => {
    expect(await scenariosNaming('INFO', 'MUST')).toEqual([]);
  });

  it('no scenario names a SHOULD rule together with a MUST rule', async () => {
    // A SHOULD assertion (a code or wording seen from the SDKs, a lifecycle call around the document) inside a MUST
    // scenario would fail the MUST rule, which gates without --strict.
    expect(await scenariosNaming('SHOULD', 'MUST')).toEqual([]);
  });
});
