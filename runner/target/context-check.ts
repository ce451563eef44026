/**
 * What a suite sends with every request must have a value before the first one is sent: a suite whose `defaults`
 * use `{{auth.basic}}` while the profile gives it no credentials would otherwise error in every scenario, one by one.
 * (A template used by one step only still errors that step, when it runs.)
 */
import { SettlekitError, SettlekitErrorList } from '../../lib/errors.ts';
import { scopeOf, templateNames } from '../execute/template.ts';
import type { Suite } from '../model/scenario.ts';
import type { ResolvedTarget } from './profile.ts';

/** Context roots the profile fills in (docs/ARCHITECTURE.md, Templating): what a missing one asks of the profile. */
const PROFILE_ROOTS = ['auth', 'target'] as const;

/** Throws SETTLEKIT_E_PROFILE errors for every `{{auth.*}}` or `{{target.*}}` a suite's defaults use that the resolved target lacks. */
export function checkSuiteDefaults(suites: readonly Suite[], target: ResolvedTarget): void {
  const errors: SettlekitError[] = [];
  for (const suite of suites) {
    const scope = scopeOf((target.suites.get(suite.id)?.context ?? {}) as Record<string, unknown>);
    for (const part of ['params', 'headers'] as const) {
      for (const [key, value] of Object.entries(suite.defaults[part])) {
        for (const name of templateNames(value)) {
          const root = name.split('.')[0] as string;
          if (!(PROFILE_ROOTS as readonly string[]).includes(root) || scope.lookup(name).found) continue;
          const where = `defaults.${part}.${key}`;
          const position = suite.defaultsPositions?.[part][key] ?? suite.position;
          errors.push(
            root === 'auth'
              ? new SettlekitError('SETTLEKIT_E_PROFILE', `suite ${suite.id} sends {{${name}}} (${where}) but the target profile gives it no credentials`, {
                  position,
                  hint: `Add suites.${suite.id}.credentials to the profile (--profile), e.g. { username: { env: NAME }, password: { env: NAME } }.`,
                })
              : new SettlekitError('SETTLEKIT_E_PROFILE', `suite ${suite.id} uses {{${name}}} (${where}) but the target profile sets no suites.${suite.id}.${name.slice('target.'.length)}`, {
                  position,
                  hint: 'Set it in the target profile (--profile); see specs/profile.schema.json.',
                }),
          );
        }
      }
    }
  }
  if (errors.length > 0) throw new SettlekitErrorList(errors);
}
