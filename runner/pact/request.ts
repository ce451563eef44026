/**
 * A step's request as a Pact request: method, path, query, headers and body as the runner forms them (suite defaults,
 * path parameters, templating), with every value that comes from an earlier step or the run a provider-state-injected
 * value (`fromProviderState`), the profile's credentials replaced by a placeholder, and the step tagged by
 * {@link STEP_HEADER}. Also the concrete request of the reference run, which the export sends to Pact's mock server.
 * A request Pact cannot carry (a body that is not what its Content-Type says, a value injected into a raw body…) is
 * refused with the reason.
 */
import { bodyKindOf } from '../execute/decode.ts';
import { mergeHeaderEntries } from '../execute/compiled-step.ts';
import { renderTemplate } from '../execute/template.ts';
import type { Step, Suite } from '../model/scenario.ts';
import type { OperationInfo } from '../spec/openapi-index.ts';
import { CREDENTIALS_PLACEHOLDER, LINK_PATH_SUFFIX, STEP_HEADER, stepTag } from './naming.ts';
import type { Pact } from './pact-runtime.ts';
import { concreteOf, CredentialValue, holdsCredentials, InjectedValue, linkPath, resolveTemplate, templateScope, varies, type StepScope } from './template-values.ts';

type Matchers = Pact['MatchersV3'];

/** A request body in a pact. */
export type PactBody = { readonly kind: 'json'; readonly value: unknown } | { readonly kind: 'raw'; readonly contentType: string; readonly text: string };

/** A request as the pact describes it (values may be Pact matchers). */
export interface PactRequestSpec {
  readonly method: string;
  readonly path: unknown;
  readonly query: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, unknown>>;
  readonly body?: PactBody;
}

/** The concrete request of the reference run, sent to Pact's mock server. */
export interface ExampleRequest {
  readonly method: string;
  /** Path and query string. */
  readonly target: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** The outcome of encoding a request. */
export type RequestEncoding =
  | {
      readonly ok: true;
      readonly request: PactRequestSpec;
      readonly example: ExampleRequest;
      /** The injected names the request uses (the provider state's `injects`). */
      readonly injects: readonly string[];
      /** Link methods the pact fixes to the reference run's (`${settleMethod} is POST`): Pact cannot inject a method. */
      readonly fixed: readonly string[];
    }
  | { readonly ok: false; readonly reason: string };

/** What encoding a request needs. */
export interface RequestInput {
  readonly scenarioId: string;
  readonly stepNumber: number;
  readonly step: Step;
  readonly suite: Suite;
  /** The step's operation, for `operation` steps. */
  readonly operation?: OperationInfo;
  /** The scope the step ran in, in the reference run. */
  readonly scope: StepScope;
  /** The reference run's base URL for the suite. */
  readonly baseUrl: string;
}

class Refused extends Error {}

/** Encodes the request of a step (an operation, a raw request or a followed link). */
export function encodeRequest(input: RequestInput, matchers: Matchers): RequestEncoding {
  try {
    return encode(input, matchers);
  } catch (error) {
    if (error instanceof Refused) return { ok: false, reason: error.message };
    throw error;
  }
}

function encode(input: RequestInput, m: Matchers): RequestEncoding {
  const { step, scope } = input;
  const injects = new Set<string>();
  const fixed: string[] = [];
  const inject = (value: InjectedValue, example: unknown = value.example): unknown => {
    for (const name of value.names) injects.add(name);
    return m.fromProviderState(value.expression, example);
  };
  const { method, path, pathExample, query } = target(input, inject, fixed);
  for (const [name, value] of Object.entries(step.query)) {
    const resolved = resolveTemplate(value, scope);
    if (resolved instanceof CredentialValue) throw new Refused('it puts the profile\'s credentials in the query, which settlekit never writes into a pact');
    query.set(name, resolved instanceof InjectedValue ? [inject(resolved, String(resolved.example)), String(resolved.example)] : [String(resolved), String(resolved)]);
  }

  const headers: Record<string, unknown> = {};
  const exampleHeaders: Record<string, string> = {};
  const entries = mergeHeaderEntries(
    resolveTemplate(input.suite.defaults.headers, scope) as Record<string, unknown>,
    resolveTemplate(step.headers, scope) as Record<string, unknown>,
  );
  for (const [name, value] of entries) {
    if (value instanceof CredentialValue) {
      if (!value.basicHeader || name.toLowerCase() !== 'authorization') throw new Refused(`its ${name} header is built from the profile's credentials, which settlekit never writes into a pact`);
      headers[name] = CREDENTIALS_PLACEHOLDER;
      exampleHeaders[name] = CREDENTIALS_PLACEHOLDER;
    } else if (value instanceof InjectedValue) {
      headers[name] = inject(value, String(value.example));
      exampleHeaders[name] = String(value.example);
    } else {
      headers[name] = String(value);
      exampleHeaders[name] = String(value);
    }
  }
  headers[STEP_HEADER] = stepTag(input.scenarioId, input.stepNumber);
  exampleHeaders[STEP_HEADER] = stepTag(input.scenarioId, input.stepNumber);

  const contentTypeEntry = entries.find(([name]) => name.toLowerCase() === 'content-type');
  const body = step.body === undefined ? undefined : encodeBody(step.body, contentTypeEntry?.[1], scope, inject);
  const search = new URLSearchParams([...query].map(([name, [, example]]) => [name, example])).toString();
  return {
    ok: true,
    request: { method, path, query: Object.fromEntries([...query].map(([name, [value]]) => [name, value])), headers, ...(body ? { body: body.pact } : {}) },
    example: { method, target: `${pathExample}${search ? `?${search}` : ''}`, headers: exampleHeaders, ...(body ? { body: body.example } : {}) },
    injects: [...injects],
    fixed,
  };
}

/** Method and path (and a link's query) of the request. */
function target(
  input: RequestInput,
  inject: (value: InjectedValue, example?: unknown) => unknown,
  fixed: string[],
): { method: string; path: unknown; pathExample: string; query: Map<string, [unknown, string]> } {
  const { step, scope } = input;
  const action = step.action;
  const query = new Map<string, [unknown, string]>();
  switch (action.kind) {
    case 'operation': {
      const operation = input.operation;
      if (!operation) throw new Refused(`its operation ${action.operation} is not in the suite's OpenAPI document`);
      const params = { ...input.suite.defaults.params, ...step.params };
      let expression = '';
      let example = '';
      const names: string[] = [];
      for (const [i, part] of operation.path.split(/\{([^}]+)\}/).entries()) {
        if (i % 2 === 0) {
          expression += part;
          example += part;
          continue;
        }
        const value = resolveTemplate(params[part] ?? '', scope);
        if (value instanceof CredentialValue) throw new Refused('it puts the profile\'s credentials in the path, which settlekit never writes into a pact');
        if (value instanceof InjectedValue) {
          expression += encodeLiterals(value.expression, false);
          names.push(...value.names);
          example += encodeURIComponent(String(value.example));
        } else {
          expression += encodeURIComponent(String(value));
          example += encodeURIComponent(String(value));
        }
      }
      const path = names.length > 0 ? inject(new InjectedValue(expression, example, names)) : example;
      return { method: operation.method, path, pathExample: example, query };
    }
    case 'request': {
      const resolved = resolveTemplate(action.path, scope);
      if (resolved instanceof CredentialValue) throw new Refused('its path is built from the profile\'s credentials');
      const rendered = String(concreteOf(resolved));
      const url = new URL(input.baseUrl + rendered);
      if (resolved instanceof InjectedValue && url.search) throw new Refused('its raw path has a query string and values from earlier steps, which a Pact path cannot inject');
      for (const [name, value] of url.searchParams) query.set(name, [value, value]);
      const pathExample = linkPath(url.href, input.baseUrl);
      return { method: action.method, path: resolved instanceof InjectedValue ? inject(resolved, pathExample) : pathExample, pathExample, query };
    }
    case 'follow': {
      const method = String(renderTemplate(action.method, templateScope(scope))).toUpperCase();
      const methodValue = resolveTemplate(action.method, scope);
      if (methodValue instanceof InjectedValue) fixed.push(`${methodValue.expression} is ${method}`);
      const href = resolveTemplate(action.href, scope);
      const hrefText = String(concreteOf(href));
      const url = new URL(hrefText, `${input.baseUrl}/`);
      if (url.search) throw new Refused('the link it follows has a query string, which a Pact path cannot inject');
      const pathExample = linkPath(url.href, input.baseUrl);
      if (!(href instanceof InjectedValue)) return { method, path: pathExample, pathExample, query };
      const lead = /^\$\{([^}]+)\}/.exec(href.expression);
      const leadValue = lead ? templateScope(scope).lookup(lead[1]!) : { found: false as const };
      if (lead && leadValue.found && typeof leadValue.value === 'string' && /^https?:\/\//.test(leadValue.value)) {
        // The link is absolute (the target's own origin): the state hands back its path, which the verifier sends
        // to its provider base URL.
        const name = `${lead[1]!}${LINK_PATH_SUFFIX}`;
        const expression = `\${${name}}${encodeLiterals(href.expression.slice(lead[0].length), true)}`;
        return { method, path: inject(new InjectedValue(expression, pathExample, [name, ...href.names.filter((n) => n !== lead[1])])), pathExample, query };
      }
      if (href.expression.startsWith('/')) return { method, path: inject(href, pathExample), pathExample, query };
      throw new Refused(`the link ${href.expression} is not a captured absolute link nor a path, so Pact cannot inject it`);
    }
    case 'control':
      throw new Refused('a test control is not an API request');
  }
}

/** The body of the request: JSON with injected values, or raw text Pact carries byte for byte. */
function encodeBody(
  template: unknown,
  contentTypeValue: unknown,
  scope: StepScope,
  inject: (value: InjectedValue, example?: unknown) => unknown,
): { pact: PactBody; example: string } {
  if (contentTypeValue === undefined) throw new Refused('it sends a body without a Content-Type header, which a Pact request body always has');
  if (contentTypeValue instanceof InjectedValue || contentTypeValue instanceof CredentialValue) throw new Refused('its Content-Type comes from an earlier step');
  const contentType = String(contentTypeValue);
  const resolved = resolveTemplate(template, scope);
  if (holdsCredentials(resolved)) {
    throw new Refused('its body is built from the profile\'s credentials, which settlekit never writes into a pact');
  }
  const json = bodyKindOf(contentType) === 'json';
  if (typeof template === 'string') {
    const structured = json ? jsonTemplate(template) : undefined;
    if (structured !== undefined) {
      // JSON written as text with templates inside its strings: the same bytes as a JSON body, whose values Pact can
      // inject.
      const parsed = resolveTemplate(structured, scope);
      return { pact: { kind: 'json', value: withInjections(parsed, inject) }, example: String(concreteOf(resolved)) };
    }
    if (varies(resolved)) throw new Refused('its raw body holds values from earlier steps, which Pact cannot inject into a raw body');
    const text = String(resolved);
    if (json && text !== '') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new Refused(`its body is not valid JSON but is sent as ${contentType}: Pact's mock server cannot match it`);
      }
      if (parsed === null || typeof parsed !== 'object') throw new Refused(`its JSON body is a bare ${parsed === null ? 'null' : typeof parsed}: Pact JS's verifier proxy only forwards JSON objects and arrays`);
    }
    if (/^application\/x-www-form-urlencoded\b/i.test(contentType)) throw new Refused("its body is form-encoded: Pact JS's verifier proxy re-encodes form bodies");
    return { pact: { kind: 'raw', contentType, text }, example: text };
  }
  const example = JSON.stringify(concreteOf(resolved));
  if (!json) {
    if (varies(resolved)) throw new Refused(`its body holds values from earlier steps but is sent as ${contentType}, which Pact cannot inject into`);
    return { pact: { kind: 'raw', contentType, text: example }, example };
  }
  return { pact: { kind: 'json', value: withInjections(resolved, inject) }, example };
}

/**
 * A raw body that is a JSON object or array as written (templates only inside its strings, e.g.
 * `'[{"id":"{{id}}"}]'`), parsed; `undefined` for anything else.
 */
function jsonTemplate(text: string): unknown {
  if (!text.includes('{{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** A resolved JSON body with its injected values as Pact provider-state matchers. */
function withInjections(value: unknown, inject: (value: InjectedValue) => unknown): unknown {
  if (value instanceof InjectedValue) return inject(value);
  if (Array.isArray(value)) return value.map((item) => withInjections(item, inject));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withInjections(item, inject)]));
  return value;
}

/**
 * Percent-encodes the literal parts of a Pact expression, not its `${…}`: as the runner encodes a path parameter
 * (`/` included), or as a URL keeps a path (`keepSlashes`).
 */
function encodeLiterals(expression: string, keepSlashes: boolean): string {
  return expression
    .split(/(\$\{[^}]+\})/)
    .map((part, i) => (i % 2 === 1 ? part : keepSlashes ? encodeURI(part) : encodeURIComponent(part)))
    .join('');
}
