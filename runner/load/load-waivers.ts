/**
 * Reading a waivers file (YAML or JSON, specs/waivers.schema.json) with the same positioned loading as every other
 * user file: a problem is a SETTLEKIT_E_WAIVERS error at its `file:line:col` (exit 2), before any request is sent.
 */
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { SettlekitError, SettlekitErrorList } from '../../lib/errors.ts';
import type { TargetProfile } from '../model/profile.ts';
import type { Waiver } from '../model/report.ts';
import type { WaiverSet } from '../report/waivers.ts';
import { checkSchema } from './schema-check.ts';
import { readYamlSource } from './yaml-source.ts';

/** The file as written (after schema validation). */
interface WaiversFile {
  readonly waivers: readonly Omit<Waiver, 'line'>[];
}

/** The waivers file a profile names (`waivers:`), resolved against the profile's folder so the two can be committed side by side. */
export function waiversFileOf(profile: TargetProfile, profilePath?: string): string | undefined {
  return profile.waivers ? resolve(profilePath ? dirname(profilePath) : '.', profile.waivers) : undefined;
}

/**
 * Reads and checks a waivers file: the schema, exactly one of `rule`/`scenario` per entry, and no rule or scenario
 * waived twice.
 *
 * @throws {SettlekitErrorList} of `SETTLEKIT_E_WAIVERS` errors (or the file's YAML syntax error).
 */
export async function readWaivers(file: string): Promise<WaiverSet> {
  // Relative to the working directory when inside it (as scenario files are shown), else as given.
  const inside = relative(process.cwd(), file);
  const display = inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : file;
  const source = await readYamlSource(file, display);
  const wrap = (e: SettlekitError): SettlekitError => new SettlekitError('SETTLEKIT_E_WAIVERS', e.message, { ...(e.position ? { position: e.position } : {}), hint: e.hint });
  const schemaErrors = checkSchema('waivers', source).map(wrap);
  if (schemaErrors.length > 0) throw new SettlekitErrorList(schemaErrors);
  const errors: SettlekitError[] = [];
  const seen = new Map<string, number>();
  const entries: Waiver[] = [];
  (source.value as WaiversFile).waivers.forEach((entry, i) => {
    const position = source.positionOf(['waivers', i]);
    const names = (['rule', 'scenario'] as const).filter((k) => entry[k] !== undefined);
    if (names.length !== 1) {
      errors.push(new SettlekitError('SETTLEKIT_E_WAIVERS', `waivers.${i} must name exactly one of rule, scenario${names.length ? ` (it names both)` : ''}`, { position }));
      return;
    }
    const key = `${names[0]} ${String(entry[names[0]!])}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      errors.push(new SettlekitError('SETTLEKIT_E_WAIVERS', `${key} is waived twice (lines ${earlier} and ${position.line})`, { position, hint: 'Keep one waiver per rule or scenario.' }));
      return;
    }
    seen.set(key, position.line);
    entries.push({ ...entry, line: position.line });
  });
  if (errors.length > 0) throw new SettlekitErrorList(errors);
  return { file: display, entries };
}
