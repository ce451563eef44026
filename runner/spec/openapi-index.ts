/**
 * An index over one OpenAPI 3.1 document: operations by id, operations by (method, concrete path), and response
 * validators. Validators are compiled once per (operation, status, media type), lazily on first use, and kept; ajv's
 * own error locations (`instancePath`, `schemaPath`) are kept in every result.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { AjvInstance } from '../../lib/ajv.ts';
import { SettlekitError } from '../../lib/errors.ts';
import { jsonPointer, pointerSegments } from '../../lib/json-pointer.ts';
import { parseYamlValue } from '../load/yaml-source.ts';
import { createOpenApiAjv } from './openapi-ajv.ts';
import { precompiledValidator } from './precompiled.ts';

/** One operation of the document. */
export interface OperationInfo {
  readonly operationId: string;
  readonly method: string;
  /** The path template, e.g. `/merchants/{merchantId}/transactions/{id}`. */
  readonly path: string;
  /** Names of the path parameters, in order. */
  readonly pathParams: readonly string[];
  /** Documented response statuses (`201`, `4XX`, `default`). */
  readonly statuses: readonly string[];
  readonly summary?: string;
}

/** One problem ajv found in a response body. */
export interface SchemaProblem {
  /** JSON pointer into the body. */
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly message: string;
  readonly keyword: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** Outcome of validating one response against the document. */
export type ResponseCheck =
  | { readonly kind: 'valid'; readonly status: string; readonly mediaType?: string }
  | { readonly kind: 'undocumented-status'; readonly documented: readonly string[] }
  | { readonly kind: 'undocumented-media-type'; readonly status: string; readonly documented: readonly string[] }
  | { readonly kind: 'invalid'; readonly status: string; readonly mediaType: string; readonly problems: readonly SchemaProblem[] };

type JsonObject = Record<string, unknown>;

/** How responses of one (operation, status, Content-Type) are checked: against a validator, or with a fixed outcome. */
type ResponseRoute =
  | { readonly kind: 'schema'; readonly validate: ValidateFunction; readonly status: string; readonly mediaType: string }
  | { readonly kind: 'fixed'; readonly check: Exclude<ResponseCheck, { kind: 'invalid' }> };

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Ajv instance shared by every document, so a schema is never compiled twice. */
let sharedAjv: AjvInstance | undefined;
function ajv(): AjvInstance {
  sharedAjv ??= createOpenApiAjv();
  return sharedAjv;
}

interface CompiledPath {
  readonly template: string;
  readonly regex: RegExp;
  readonly literalLength: number;
}

/** Turns `/a/{id}/b` into an anchored regex; literal length ranks concrete paths above templated ones. */
function compilePath(template: string): CompiledPath {
  const parts = template.split(/(\{[^}]+\})/);
  let source = '^';
  let literalLength = 0;
  for (const part of parts) {
    if (/^\{[^}]+\}$/.test(part)) source += '([^/]+)';
    else {
      source += part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      literalLength += part.length;
    }
  }
  return { template, regex: new RegExp(`${source}/?$`), literalLength };
}

/** The index of one OpenAPI document. Build it with {@link loadOpenApi}. */
export class OpenApiIndex {
  readonly file: string;
  readonly title: string;
  readonly version: string;
  private readonly doc: JsonObject;
  private readonly uri: string;
  private readonly operations = new Map<string, OperationInfo>();
  private readonly paths: CompiledPath[] = [];
  private readonly validators = new Map<string, ValidateFunction | null>();
  private readonly routes = new Map<string, ResponseRoute>();
  private registered = false;

  constructor(file: string, doc: JsonObject) {
    this.file = file;
    this.doc = doc;
    const info = isObject(doc.info) ? doc.info : {};
    this.title = typeof info.title === 'string' ? info.title : file;
    this.version = typeof info.version === 'string' ? info.version : '';
    this.uri = `settlekit:spec/${encodeURIComponent(file)}`;
    const paths = isObject(doc.paths) ? doc.paths : {};
    for (const [path, item] of Object.entries(paths)) {
      if (!isObject(item)) continue;
      this.paths.push(compilePath(path));
      for (const method of HTTP_METHODS) {
        const op = item[method];
        if (!isObject(op) || typeof op.operationId !== 'string') continue;
        const responses = isObject(op.responses) ? Object.keys(op.responses) : [];
        this.operations.set(op.operationId, {
          operationId: op.operationId,
          method: method.toUpperCase(),
          path,
          pathParams: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string),
          statuses: responses,
          ...(typeof op.summary === 'string' ? { summary: op.summary } : {}),
        });
      }
    }
    // Most literal characters first, so `/transactions/{id}/void` wins over `/transactions/{id}`.
    this.paths.sort((a, b) => b.literalLength - a.literalLength);
  }

  /**
   * Registers the whole document with ajv, once, before the first validator is compiled (not when the index is built:
   * listing or checking scenarios needs no ajv). Each validator is a $ref into it, so components are shared.
   */
  private register(): void {
    if (this.registered) return;
    if (!ajv().getSchema(this.uri)) ajv().addSchema({ $id: this.uri, ...this.doc }, undefined, undefined, false);
    this.registered = true;
  }

  /** Every operation, in document order. */
  listOperations(): OperationInfo[] {
    return [...this.operations.values()];
  }

  /** The operation with this id, if any. */
  operation(operationId: string): OperationInfo | undefined {
    return this.operations.get(operationId);
  }

  /** The operation a concrete request path and method belong to (path without the target's base path). */
  findOperation(method: string, path: string): OperationInfo | undefined {
    const pathname = path.split('?')[0] ?? path;
    for (const compiled of this.paths) {
      if (!compiled.regex.test(pathname)) continue;
      const match = [...this.operations.values()].find((op) => op.path === compiled.template && op.method === method.toUpperCase());
      if (match) return match;
    }
    return undefined;
  }

  /** Validates a decoded response body against the operation's documented response. */
  validateResponse(operationId: string, status: number, contentType: string | undefined, body: unknown): ResponseCheck {
    // Which schema (if any) a response is checked against depends only on these three: worked out once for each.
    const routeKey = `${operationId}\u0000${status}\u0000${contentType ?? ''}`;
    let route = this.routes.get(routeKey);
    if (!route) {
      route = this.route(operationId, status, contentType);
      this.routes.set(routeKey, route);
    }
    if (route.kind !== 'schema') return route.check;
    const { validate, status: statusKey, mediaType } = route;
    if (validate(body)) return { kind: 'valid', status: statusKey, mediaType };
    return { kind: 'invalid', status: statusKey, mediaType, problems: (validate.errors ?? []).map(toProblem) };
  }

  /** Where a response of `operationId` with this status and Content-Type is checked (see {@link validateResponse}). */
  private route(operationId: string, status: number, contentType: string | undefined): ResponseRoute {
    const check = this.resolveCheck(operationId, status, contentType);
    return check.kind === 'schema' ? check : { kind: 'fixed', check };
  }

  private resolveCheck(operationId: string, status: number, contentType: string | undefined): { kind: 'schema'; validate: ValidateFunction; status: string; mediaType: string } | Exclude<ResponseCheck, { kind: 'invalid' }> {
    const op = this.operation(operationId);
    if (!op) throw new SettlekitError('SETTLEKIT_E_UNKNOWN_OPERATION', `unknown operation ${operationId}`);
    const documented = this.documentedMedia(op, status, contentType);
    if (documented.kind !== 'media') return documented.check;
    const { statusKey, mediaKey, media } = documented;
    const validate = this.validator(op, statusKey, mediaKey, media);
    if (!validate) return { kind: 'valid', status: statusKey, mediaType: mediaKey };
    return { kind: 'schema', validate, status: statusKey, mediaType: mediaKey };
  }

  /**
   * The schema of an operation's documented response for a status and media type (as written: `$ref`s inside it are
   * left to {@link resolveRef}), or `undefined` when the response is not documented or has no schema.
   */
  responseSchema(operationId: string, status: number, contentType: string | undefined): unknown {
    const op = this.operation(operationId);
    if (!op) return undefined;
    const documented = this.documentedMedia(op, status, contentType);
    if (documented.kind !== 'media') return undefined;
    const media = this.resolve(documented.media);
    return isObject(media) ? media.schema : undefined;
  }

  /** Follows local `$ref`s (`#/components/…`) to the node they name. */
  resolveRef(node: unknown): unknown {
    return this.resolve(node);
  }

  /** The documented response of a status and media type, or the check saying why there is none to validate. */
  private documentedMedia(
    op: OperationInfo,
    status: number,
    contentType: string | undefined,
  ): { kind: 'media'; statusKey: string; mediaKey: string; media: unknown } | { kind: 'none'; check: Exclude<ResponseCheck, { kind: 'invalid' }> } {
    const responses = this.resolve(this.operationNode(op).responses);
    const statusKey = [String(status), `${String(status)[0]}XX`, 'default'].find((key) => isObject(responses) && key in responses);
    if (!statusKey || !isObject(responses)) return { kind: 'none', check: { kind: 'undocumented-status', documented: op.statuses } };
    const response = this.resolve(responses[statusKey]);
    const content = isObject(response) && isObject(response.content) ? response.content : undefined;
    if (!content || Object.keys(content).length === 0) return { kind: 'none', check: { kind: 'valid', status: statusKey } };
    const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
    const documented = Object.keys(content);
    const mediaKey =
      documented.find((m) => m.toLowerCase() === mediaType) ??
      documented.find((m) => m.endsWith('/*') && mediaType.startsWith(m.slice(0, -1).toLowerCase())) ??
      documented.find((m) => m === '*/*');
    if (!mediaKey) return { kind: 'none', check: { kind: 'undocumented-media-type', status: statusKey, documented } };
    return { kind: 'media', statusKey, mediaKey, media: content[mediaKey] };
  }

  /** How many validators have been compiled (for tests and benchmarks). */
  get compiledValidatorCount(): number {
    return [...this.validators.values()].filter((v) => v !== null).length;
  }

  private operationNode(op: OperationInfo): JsonObject {
    const item = (this.doc.paths as JsonObject)[op.path] as JsonObject;
    return item[op.method.toLowerCase()] as JsonObject;
  }

  private validator(op: OperationInfo, statusKey: string, mediaKey: string, media: unknown): ValidateFunction | null {
    const key = validatorKey(op.operationId, statusKey, mediaKey);
    if (this.validators.has(key)) return this.validators.get(key) ?? null;
    let compiled: ValidateFunction | null = null;
    const schema = this.schemaOf(op, statusKey, mediaKey, media, this.uri);
    if (schema !== undefined) {
      // The build compiled the bundled documents' validators already (see precompiled.ts).
      compiled = precompiledValidator(this.fingerprint, key) ?? null;
      if (!compiled) {
        try {
          this.register();
          compiled = ajv().compile(schema);
        } catch (error) {
          throw new SettlekitError('SETTLEKIT_E_SPEC', `cannot compile the schema of ${key} in ${this.file}: ${(error as Error).message}`, { position: { file: this.file } });
        }
      }
    }
    this.validators.set(key, compiled);
    return compiled;
  }

  /**
   * The schema a response is validated against, its `$ref`s pointing into the document registered as `uri`; none
   * when the media type documents no schema.
   */
  private schemaOf(op: OperationInfo, statusKey: string, mediaKey: string, media: unknown, uri: string): object | undefined {
    const mediaObject = this.resolve(media);
    if (!isObject(mediaObject) || mediaObject.schema === undefined) return undefined;
    const pointer = ['paths', op.path, op.method.toLowerCase(), 'responses', statusKey, 'content', mediaKey, 'schema'];
    // Responses behind a $ref (components/responses) are validated through their resolved schema object.
    return this.pointerIsDirect(pointer) ? { $ref: `${uri}#${jsonPointer(pointer)}` } : (this.rebaseRefs(mediaObject.schema, uri) as object);
  }

  /** A digest of the document's contents: precompiled validators are found by it, wherever the file is. */
  get fingerprint(): string {
    this.#fingerprint ??= createHash('sha256').update(JSON.stringify(this.doc)).digest('hex');
    return this.#fingerprint;
  }
  #fingerprint: string | undefined;

  /**
   * Every response schema of the document — each (operation, status, media type) that has one — with `$ref`s into
   * the document registered as `uri`, and the document itself: what {@link precompileValidators} compiles.
   */
  responseSchemas(uri: string): { readonly document: object; readonly schemas: readonly { readonly key: string; readonly schema: object }[] } {
    const schemas: { key: string; schema: object }[] = [];
    for (const op of this.operations.values()) {
      const responses = this.resolve(this.operationNode(op).responses);
      if (!isObject(responses)) continue;
      for (const statusKey of Object.keys(responses)) {
        const response = this.resolve(responses[statusKey]);
        const content = isObject(response) && isObject(response.content) ? response.content : {};
        for (const [mediaKey, media] of Object.entries(content)) {
          const schema = this.schemaOf(op, statusKey, mediaKey, media, uri);
          if (schema !== undefined) schemas.push({ key: validatorKey(op.operationId, statusKey, mediaKey), schema });
        }
      }
    }
    return { document: { $id: uri, ...this.doc }, schemas };
  }

  /** True when every step of the pointer exists without going through a `$ref`. */
  private pointerIsDirect(pointer: readonly string[]): boolean {
    let node: unknown = this.doc;
    for (const segment of pointer) {
      if (!isObject(node) || '$ref' in node) return false;
      node = node[segment];
    }
    return node !== undefined;
  }

  /** Makes local `#/…` refs inside a detached schema point into the document registered as `uri`. */
  private rebaseRefs(schema: unknown, uri: string): unknown {
    if (Array.isArray(schema)) return schema.map((s) => this.rebaseRefs(s, uri));
    if (!isObject(schema)) return schema;
    return Object.fromEntries(
      Object.entries(schema).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#') ? `${uri}${v}` : this.rebaseRefs(v, uri)]),
    );
  }

  /** Follows a local `$ref` (responses, media types); schemas are left to ajv. */
  private resolve(node: unknown): unknown {
    let current = node;
    for (let depth = 0; depth < 16 && isObject(current) && typeof current.$ref === 'string'; depth++) {
      const ref = current.$ref;
      if (!ref.startsWith('#/')) return current;
      current = pointerSegments(ref.slice(1)).reduce<unknown>((n, s) => (isObject(n) ? n[s] : undefined), this.doc);
    }
    return current;
  }
}

/** The name of one response validator of a document. */
function validatorKey(operationId: string, statusKey: string, mediaKey: string): string {
  return `${operationId} ${statusKey} ${mediaKey}`;
}

function toProblem(error: ErrorObject): SchemaProblem {
  return {
    instancePath: error.instancePath,
    // The registered document's URI is an implementation detail: show the pointer inside the spec.
    schemaPath: error.schemaPath.replace(/^settlekit:spec\/[^#]*#/, '#'),
    keyword: error.keyword,
    params: error.params as Record<string, unknown>,
    message: `${error.instancePath || '(root)'} ${error.message ?? 'is invalid'}${
      error.keyword === 'additionalProperties' ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})` : ''
    }${error.keyword === 'enum' ? ` (${JSON.stringify((error.params as { allowedValues?: unknown }).allowedValues)})` : ''}`,
  };
}

const cache = new Map<string, OpenApiIndex>();

/**
 * Loads (once per process) the OpenAPI document at `file` and indexes it; `read` reads and parses the file (the
 * loader passes its own, which knows the build's load cache).
 */
export function loadOpenApi(file: string, read: (file: string) => unknown = (f) => parseYamlValue(readFileSync(f, 'utf8'))): OpenApiIndex {
  const cached = cache.get(file);
  if (cached) return cached;
  let doc: unknown;
  try {
    doc = read(file);
  } catch (error) {
    throw new SettlekitError('SETTLEKIT_E_SPEC', `cannot read ${file}: ${(error as Error).message}`, { position: { file } });
  }
  if (!isObject(doc) || typeof doc.openapi !== 'string' || !doc.openapi.startsWith('3.1')) {
    throw new SettlekitError('SETTLEKIT_E_SPEC', `${file} is not an OpenAPI 3.1 document`, { position: { file } });
  }
  const index = new OpenApiIndex(file, doc);
  cache.set(file, index);
  return index;
}
