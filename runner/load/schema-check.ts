/**
 * The kit's own file schemas (scenario, suite, rule catalogue, target profile, waivers), compiled once, and the translation of
 * ajv's errors into one clear positioned error per problem.
 *
 * The build precompiles them (ajv's standalone code, dist/file-validators.cjs, each found by the SHA-256 of its schema
 * file's text), so a run that checks the user's own files compiles no schema and does not load ajv's compiler for
 * them; a schema file edited since the build — or a run from the sources — has its validator compiled here, once.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorObject, Options, ValidateFunction } from 'ajv';
import { createAjv, type AjvInstance } from '../../lib/ajv.ts';
import { SettlekitError } from '../../lib/errors.ts';
import { pointerSegments } from '../../lib/json-pointer.ts';
import { KIT_ROOT, SCHEMAS_DIR } from '../paths.ts';
import { precompiledExport, standaloneModule } from '../spec/precompiled.ts';
import type { FileKind, YamlSource } from './yaml-source.ts';

export type { FileKind } from './yaml-source.ts';

/** Every kind of file the kit validates against a schema of its own. */
export const FILE_KINDS: readonly FileKind[] = ['scenario', 'suite', 'rules', 'profile', 'waivers'];

/** Where the build writes the file schemas' precompiled validators. */
export const FILE_VALIDATORS_FILE = join(KIT_ROOT, 'dist', 'file-validators.cjs');

const validators = new Map<FileKind, ValidateFunction>();
let ajv: AjvInstance | undefined;

/** The ajv of the file schemas — at run time and when the build precompiles them: both with the same options. */
function fileSchemaAjv(options: Options = {}): AjvInstance {
  // strictRequired is off: the step schema says "not required: request" in branches that list no properties.
  return createAjv({ strict: true, strictRequired: false, allowUnionTypes: true, ...options });
}

/** The JSON Schema file of a kind of file. */
export function schemaFileOf(kind: FileKind): string {
  return join(SCHEMAS_DIR, `${kind}.schema.json`);
}

/** The name a kind's precompiled validator is exported under: the kind and the digest of the schema it was made from. */
function exportName(kind: FileKind, schemaText: string): string {
  return `${kind} ${createHash('sha256').update(schemaText).digest('hex')}`;
}

/** Each kind's validator: precompiled, else compiled on first use (and only when a file's validity is not known already). */
function validatorFor(kind: FileKind): ValidateFunction {
  let validate = validators.get(kind);
  if (!validate) {
    const text = readFileSync(schemaFileOf(kind), 'utf8');
    validate = precompiledExport(FILE_VALIDATORS_FILE, exportName(kind, text));
    if (!validate) {
      ajv ??= fileSchemaAjv();
      validate = ajv.compile(JSON.parse(text) as object);
    }
    validators.set(kind, validate);
  }
  return validate;
}

/** The CommonJS source of a module exporting every file kind's validator, as the build writes {@link FILE_VALIDATORS_FILE}. */
export function precompileFileValidators(): string {
  const source = fileSchemaAjv({ code: { source: true } });
  const exported: Record<string, string> = {};
  for (const kind of FILE_KINDS) {
    const text = readFileSync(schemaFileOf(kind), 'utf8');
    const id = `settlekit:file-schema/${kind}`;
    source.addSchema(JSON.parse(text) as object, id);
    exported[exportName(kind, text)] = id;
  }
  return standaloneModule(source, exported);
}

const STEP_ACTIONS = ['operation', 'request', 'follow', 'control'] as const;

/** Checks a parsed file against its schema; returns one positioned error per distinct problem (empty when valid). */
export function checkSchema(kind: FileKind, source: YamlSource): SettlekitError[] {
  return schemaProblems(kind, source).map((p) => p.error);
}

/** One problem {@link schemaProblems} found: the error, and the path in the file's value it is about. */
export interface SchemaProblem {
  readonly error: SettlekitError;
  readonly path: readonly (string | number)[];
}

/** As {@link checkSchema}, with each problem's path (so a caller can tell which entry of a list is broken). */
export function schemaProblems(kind: FileKind, source: YamlSource): SchemaProblem[] {
  if (source.knownValid === kind) return [];
  const validate = validatorFor(kind);
  if (validate(source.value)) return [];
  const errors = selectErrors(validate.errors ?? [], source.value);
  const seen = new Set<string>();
  const result: SchemaProblem[] = [];
  for (const error of errors) {
    const { message, path, at } = describe(error, source.value);
    const key = `${path.join('/')}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push({ error: new SettlekitError('SETTLEKIT_E_SCHEMA', message, { position: source.positionOf(path, at), hint: hintFor(kind, error) }), path });
  }
  return result;
}

function pathOf(instancePath: string): (string | number)[] {
  return pointerSegments(instancePath).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((node, s) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[s] : undefined), root);
}

/**
 * ajv with allErrors reports every branch of a oneOf; keep what a person needs: errors that are not about
 * combinators, and among those the deepest per location.
 */
function selectErrors(errors: readonly ErrorObject[], root: unknown): ErrorObject[] {
  const combinator = new Set(['oneOf', 'anyOf', 'not', 'if', 'allOf']);
  const plain = errors.filter((e) => !combinator.has(e.keyword));
  const stepShape = errors.filter((e) => e.keyword === 'oneOf' && /^\/steps\/\d+$/.test(e.instancePath));
  const picked: ErrorObject[] = [];
  for (const e of stepShape) {
    const step = valueAt(root, pathOf(e.instancePath));
    const actions = STEP_ACTIONS.filter((a) => step !== null && typeof step === 'object' && a in step);
    // A step with zero or several actions: the one message that matters.
    if (actions.length !== 1 && !(actions.length === 2 && actions.includes('operation') && actions.includes('request'))) picked.push(e);
  }
  // The branches' "missing operation/request/…" errors only restate the oneOf message already picked.
  const restated = (e: ErrorObject): boolean =>
    e.keyword === 'required' &&
    (STEP_ACTIONS as readonly string[]).includes(String((e.params as { missingProperty?: string }).missingProperty)) &&
    /^\/steps\/\d+$/.test(e.instancePath);
  const pool = (plain.length > 0 ? plain : errors.filter((e) => !picked.includes(e))).filter((e) => !restated(e));
  // unevaluatedProperties errors under a step whose branch also failed elsewhere are noise.
  return [...picked, ...pool.filter((e) => !(e.keyword === 'unevaluatedProperties' && pool.some((o) => o !== e && o.keyword !== 'unevaluatedProperties' && o.instancePath === e.instancePath)))];
}

function describe(error: ErrorObject, root: unknown): { message: string; path: (string | number)[]; at: 'key' | 'value' } {
  const path = pathOf(error.instancePath);
  const where = error.instancePath ? `${error.instancePath.slice(1).replace(/\//g, '.')}` : 'the file';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const key = String(params.additionalProperty ?? params.unevaluatedProperty);
      return { message: `unknown key "${key}" in ${where}`, path: [...path, key], at: 'key' };
    }
    case 'required':
      return { message: `${where} is missing the required key "${String(params.missingProperty)}"`, path, at: 'value' };
    case 'oneOf': {
      const step = valueAt(root, path);
      const actions = STEP_ACTIONS.filter((a) => step !== null && typeof step === 'object' && a in step);
      const message =
        actions.length === 0
          ? `${where} needs one of: operation, request, follow, control`
          : `${where} has more than one action (${actions.join(', ')}); a step does exactly one`;
      return { message, path, at: 'value' };
    }
    case 'enum':
      return { message: `${where} must be one of ${JSON.stringify(params.allowedValues)}, got ${JSON.stringify(valueAt(root, path))}`, path, at: 'value' };
    case 'pattern':
      return { message: `${where} ${JSON.stringify(valueAt(root, path))} does not match ${String(params.pattern)}`, path, at: 'value' };
    case 'type':
      return { message: `${where} must be ${String(params.type)}, got ${JSON.stringify(valueAt(root, path)) ?? 'nothing'}`, path, at: 'value' };
    default:
      return { message: `${where} ${error.message ?? 'is invalid'}`, path, at: 'value' };
  }
}

function hintFor(kind: FileKind, error: ErrorObject): string {
  const schema = `specs/${kind}.schema.json`;
  if (error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties') return `Check the spelling; the allowed keys are in ${schema}.`;
  if (error.keyword === 'pattern' && /^\/(?:rules|steps\/\d+\/rules)(?:\/|$)/.test(error.instancePath)) {
    return "A rule id is letters, digits, '.', '_' and '-', starting with a letter or digit; suite.yaml's ruleIdPattern may narrow it.";
  }
  return `See ${schema}.`;
}
