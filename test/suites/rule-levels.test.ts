/**
 * The bundled suites keep what a source document states apart from what it leaves open: a scenario names rules of
 * one kind — the seed's (MUST), the public behaviour around it (SHOULD) or settlekit's reference behaviour (INFO) —
 * and never a MUST rule with one of the others. A scenario fails as a
 * whole and every rule it names fails with it, so an INFO assertion inside a scenario that also names a MUST rule
 * would fail that MUST rule — and the gate — for an implementation that follows the document and differs only where
 * the document is silent.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../runner/load/load-project.ts';
import { ROOT } from '../helpers/suite-run.ts';

describe('the bundled scenarios and the levels of their rules', () => {
  it('no scenario names an INFO rule together with a MUST rule', async () => {
    const project = await loadProject(join(ROOT, 'scenarios'));
    const mixed: string[] = [];
    for (const suite of project.suites) {
      const level = new Map(suite.rules.map((rule) => [rule.id, rule.level]));
      for (const scenario of suite.scenarios) {
        const levels = new Set(scenario.rules.map((id) => level.get(id)));
        if (levels.has('INFO') && levels.has('MUST')) mixed.push(`${scenario.id}: ${scenario.rules.join(', ')}`);
      }
    }
    expect(project.suites.length).toBe(3);
    expect(mixed).toEqual([]);
  });

  it('no scenario names a SHOULD rule together with a MUST rule', async () => {
    // The same reason one level down: a SHOULD assertion (a code or wording seen from the SDKs, a lifecycle call
    // around the document) inside a MUST scenario would fail the MUST rule, which gates without --strict.
    const project = await loadProject(join(ROOT, 'scenarios'));
    const mixed: string[] = [];
    for (const suite of project.suites) {
      const level = new Map(suite.rules.map((rule) => [rule.id, rule.level]));
      for (const scenario of suite.scenarios) {
        const levels = new Set(scenario.rules.map((id) => level.get(id)));
        if (levels.has('SHOULD') && levels.has('MUST')) mixed.push(`${scenario.id}: ${scenario.rules.join(', ')}`);
      }
    }
    expect(mixed).toEqual([]);
  });
});
