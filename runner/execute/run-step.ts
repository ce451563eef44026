/**
 * One step: form the request (templating, suite defaults, path parameters), send it, record the exchange (redacted),
 * and check it — status, headers, body matchers, the OpenAPI response schema — then capture values for later steps.
 */
import { SettlekitError } from '../../lib/errors.ts';
import { pointerSegments } from '../../lib/json-pointer.ts';
import { setOwn } from '../../lib/own-property.ts';
import type { Redactor } from '../../lib/redact.ts';
import type { AssertionResult, RecordedExchange, RecordedRequest, RecordedResponse, StepResult } from '../model/report.ts';
import type { OutcomeExpectation, Step, StepExpectation, Templated } from '../model/scenario.ts';
import type { OpenApiIndex, OperationInfo } from '../spec/openapi-index.ts';
import type { OriginPolicy } from '../target/origin-policy.ts';
import { extractCapture } from './capture.ts';
import { toCurl } from './curl.ts';
import { decodeBody, type DecodedBody } from './decode.ts';
import type { HttpClient, HttpRequest, HttpResponse } from './http-client.ts';
import { hasKeys, headerPlan, pathPartsOf, type HeaderPlan } from './compiled-step.ts';
import { matchBody, matchHeaders } from './matchers.ts';
import { isoNow } from './now.ts';
import { holdsTemplate, renderTemplate, type TemplateScope } from './template.ts';

/** What a step needs from its scenario and run. */
export interface StepContext {
  readonly baseUrl: string;
  /** Origins links and redirects may lead to. */
  readonly origins: OriginPolicy;
  readonly spec: OpenApiIndex;
  readonly defaults: { readonly params: Readonly<Record<string, Templated>>; readonly headers: Readonly<Record<string, Templated>> };
  readonly scope: TemplateScope;
  readonly http: HttpClient;
  readonly redactor: Redactor;
  readonly signal?: AbortSignal;
}

/** A step's result plus the values it captured. */
export interface StepOutcome {
  readonly result: StepResult;
  readonly captures: Readonly<Record<string, unknown>>;
}

interface FormedRequest {
  readonly request: HttpRequest;
  readonly operation?: OperationInfo;
  readonly isControl: boolean;
}

/** Runs one step. Never throws: every fault becomes an errored or failed result. */
export async function runStep(step: Step, ctx: StepContext): Promise<StepOutcome> {
  const startedAt = isoNow();
  const started = performance.now();
  const base = { name: step.name, line: step.position.line, action: actionLabel(step) };
  const timings = (): StepResult['timings'] => ({ startedAt, durationMs: round(performance.now() - started) });
  let formed: FormedRequest;
  try {
    formed = formRequest(step, ctx);
  } catch (error) {
    return { result: { ...base, status: 'errored', assertions: [], error: errorInfo(error), timings: timings() }, captures: {} };
  }
  const { request, operation } = formed;
  if (step.repeat > 1 && !formed.isControl) return runRepeated(step, formed, ctx, { ...base, ...(operation ? { operation: operation.operationId } : {}) }, timings);
  const recordedRequest = recordRequest(request, ctx.redactor);
  const curl = toCurl(recordedRequest);
  // Literals of one shape each (what the report's key order is), not spreads of a conditional part.
  const withRequest = operation
    ? { name: base.name, line: base.line, action: base.action, operation: operation.operationId, request: recordedRequest, curl }
    : { name: base.name, line: base.line, action: base.action, request: recordedRequest, curl };
  const outcome = await ctx.http.send(request, sendOptions(ctx));
  if (!outcome.ok) {
    const error = outcome.error;
    const assertion: AssertionResult = { kind: 'transport', passed: false, path: '', message: ctx.redactor.text(error.message) };
    return { result: { ...withRequest, status: 'errored', assertions: [assertion], error: errorInfo(error, ctx.redactor), timings: timings() }, captures: {} };
  }
  const { response } = outcome;
  const { decoded, recorded: recordedResponse } = receive(response, ctx.redactor);
  const done = (status: StepResult['status'], assertions: AssertionResult[], captures: Record<string, unknown> = {}, error?: SettlekitError): StepOutcome =>
    finished(withRequest, recordedResponse, status, assertions, captures, error, startedAt, started, ctx.redactor);

  if (formed.isControl) {
    // Test controls are plumbing: a failure means the target cannot do what the scenario needs, not nonconformance.
    if (response.status >= 200 && response.status < 300) return done('passed', [statusAssertion([200, 299], response.status, true)]);
    const error = new SettlekitError('SETTLEKIT_E_NETWORK', `test control ${request.method} ${new URL(request.url).pathname} answered ${response.status}`, {
      hint: 'The target does not implement settlekit test controls; do not declare the capability in the profile.',
    });
    return done('errored', [statusAssertion([200, 299], response.status, false)], {}, error);
  }

  let assertions: AssertionResult[];
  try {
    assertions = checkResponse(step.expect, response, decoded, operation, ctx);
  } catch (error) {
    return done('errored', [], {}, asSettlekitError(error));
  }
  const undecodable = decodeError(decoded, response, assertions, ctx.redactor);
  if (undecodable) return done('errored', assertions, {}, undecodable);
  const captures: Record<string, unknown> = {};
  if (assertions.every((a) => a.passed)) {
    for (const [name, expression] of Object.entries(step.capture)) {
      const found = extractCapture(expression, { status: response.status, headers: response.headers, body: decoded.value });
      if (found.found) captures[name] = found.value;
      else assertions.push({ kind: 'capture', passed: false, path: expression, expected: `a value for ${name}`, message: `capture ${name}: ${found.reason}` });
    }
  }
  return done(assertions.every((a) => a.passed) ? 'passed' : 'failed', assertions, captures);
}

/** What a step's result starts with once its request is formed (the report's key order). */
interface ResultHead {
  readonly name: string;
  readonly line: number;
  readonly action: string;
  readonly operation?: string;
  readonly request: RecordedRequest;
  readonly curl: string;
}

/** A result under construction: its fields are set in the report's key order (see {@link finished}). */
type Building<T> = { -readonly [K in keyof T]?: T[K] };

/**
 * The outcome of a step that got a response: the head, the response, the status and assertions, the captures (redacted)
 * and the error when there are any, and the timings — fields set in that order, the report's, without copying the head.
 */
function finished(
  head: ResultHead,
  response: RecordedResponse,
  status: StepResult['status'],
  assertions: AssertionResult[],
  captures: Record<string, unknown>,
  error: SettlekitError | undefined,
  startedAt: string,
  started: number,
  redactor: Redactor,
): StepOutcome {
  const result: Building<StepResult> =
    head.operation === undefined
      ? { name: head.name, line: head.line, action: head.action, request: head.request, curl: head.curl, response, status, assertions }
      : { name: head.name, line: head.line, action: head.action, operation: head.operation, request: head.request, curl: head.curl, response, status, assertions };
  if (hasKeys(captures)) result.captures = redactor.value(captures) as Record<string, unknown>;
  if (error) result.error = errorInfo(error, redactor);
  result.timings = { startedAt, durationMs: round(performance.now() - started) };
  return { result: result as StepResult, captures };
}

/** A response decoded and recorded (redacted). */
function receive(response: HttpResponse, redactor: Redactor): { decoded: DecodedBody; recorded: RecordedResponse } {
  const decoded = decodeBody(response.body, response.headers['content-type'], response.truncated);
  // Fields set in the report's key order: status, headers, body, decoded, truncated, size.
  const recorded: Building<RecordedResponse> = { status: response.status, headers: redactor.headers(response.headers) };
  if (decoded.text !== '') recorded.body = redactor.text(decoded.text);
  if (decoded.value !== undefined && decoded.kind !== 'text') recorded.decoded = redactor.value(decoded.value);
  if (response.truncated) recorded.truncated = true;
  recorded.size = response.size;
  return { decoded, recorded: recorded as RecordedResponse };
}

const NO_ASSERTIONS: readonly AssertionResult[] = [];

/** Every check of one response: status, transport oddities, headers, body matchers, the OpenAPI schema. */
function checkResponse(
  expect: Pick<StepExpectation, 'status' | 'headers' | 'body' | 'schema'>,
  response: HttpResponse,
  decoded: DecodedBody,
  operation: OperationInfo | undefined,
  ctx: StepContext,
): AssertionResult[] {
  const assertions: AssertionResult[] = [];
  const expectedStatus = expect.status;
  const statusOk =
    expectedStatus === undefined ? response.status >= 200 && response.status < 300 : typeof expectedStatus === 'number' ? expectedStatus === response.status : expectedStatus.includes(response.status);
  assertions.push(statusAssertion(expectedStatus ?? ANY_2XX, response.status, statusOk));
  if (response.truncated) {
    assertions.push({ kind: 'transport', passed: false, path: '', message: `SETTLEKIT_E_BODY_TOO_LARGE: the body is larger than the cap of ${response.body.length} bytes (${response.size}+ bytes received); only the start was kept` });
  }
  if (response.redirects.length > 0) {
    assertions.push({ kind: 'transport', passed: false, path: '', expected: 'no redirect', actual: response.redirects.map((u) => ctx.redactor.url(u)), message: `the target redirected ${response.redirects.length} time(s)` });
  }
  if (expect.headers) {
    const expected = renderTemplate(expect.headers, ctx.scope) as Record<string, unknown>;
    const failures = matchHeaders(expected, response.headers);
    for (const failure of failures) {
      assertions.push({ kind: 'header', passed: false, path: failure.path, expected: ctx.redactor.value(failure.expected), actual: ctx.redactor.value(failure.actual), message: ctx.redactor.text(failure.message) });
    }
    if (failures.length === 0) assertions.push({ kind: 'header', passed: true, path: '', message: `headers match (${Object.keys(expected).join(', ')})` });
  }
  const bodyUsable = decoded.problem === undefined;
  if (decoded.problem && (expect.body !== undefined || operation)) {
    // Parser messages quote the start of the body, which may hold a secret.
    assertions.push({ kind: 'decode', passed: false, path: '', expected: response.headers['content-type'] ?? 'a Content-Type', message: ctx.redactor.text(decoded.problem) });
  }
  const schema = operation && expect.schema !== false && bodyUsable ? schemaAssertions(ctx.spec, operation, response.status, response.headers['content-type'], decoded.value, ctx.redactor) : NO_ASSERTIONS;
  // A Content-Type the spec does not document explains every body mismatch after it: name it first.
  const wrongMediaType = schema.every((a) => a.passed) ? NO_ASSERTIONS : schema.filter((a) => !a.passed && a.message.startsWith('Content-Type '));
  for (const a of wrongMediaType) assertions.push(a);
  if (expect.body !== undefined && bodyUsable) {
    const failures = matchBody(renderTemplate(expect.body, ctx.scope), decoded.value);
    for (const failure of failures) {
      assertions.push({ kind: 'body', passed: false, path: failure.path, expected: ctx.redactor.value(failure.expected), actual: ctx.redactor.value(failure.actual), message: ctx.redactor.text(failure.message) });
    }
    if (failures.length === 0) assertions.push({ kind: 'body', passed: true, path: '', message: 'the body matches the expected subset' });
  }
  for (const a of schema) if (!wrongMediaType.includes(a)) assertions.push(a);
  return assertions;
}

/**
 * A body that is not what its Content-Type says (or not UTF-8) is a fault of the exchange, reported as an errored step
 * (README, Statuses); a body cut at the cap is not — that step fails.
 */
function decodeError(decoded: DecodedBody, response: HttpResponse, assertions: readonly AssertionResult[], redactor: Redactor): SettlekitError | undefined {
  if (decoded.problem === undefined || response.truncated || !assertions.some((a) => a.kind === 'decode' && !a.passed)) return undefined;
  return new SettlekitError('SETTLEKIT_E_DECODE', redactor.text(decoded.problem));
}

/**
 * A race: the same request sent `step.repeat` times at once. Every response is checked on its own (status, body,
 * schema — failures named by response number), then the set of responses against `expect.outcomes`.
 */
async function runRepeated(step: Step, formed: FormedRequest, ctx: StepContext, base: Omit<StepResult, 'status' | 'assertions' | 'timings'>, timings: () => StepResult['timings']): Promise<StepOutcome> {
  const { request, operation } = formed;
  const sent = await Promise.all(Array.from({ length: step.repeat }, () => ctx.http.send(request, sendOptions(ctx))));
  const recordedRequest = recordRequest(request, ctx.redactor);
  const exchanges: RecordedExchange[] = [];
  const assertions: AssertionResult[] = [];
  const received: { response: HttpResponse; decoded: DecodedBody }[] = [];
  let transportError: SettlekitError | undefined;
  sent.forEach((outcome, i) => {
    if (!outcome.ok) {
      transportError ??= outcome.error;
      exchanges.push({ request: recordedRequest, error: errorInfo(outcome.error, ctx.redactor), durationMs: round(outcome.durationMs) });
      assertions.push({ kind: 'transport', passed: false, path: `#${i + 1}`, message: `response #${i + 1}: ${ctx.redactor.text(outcome.error.message)}` });
      return;
    }
    const { decoded, recorded } = receive(outcome.response, ctx.redactor);
    exchanges.push({ request: recordedRequest, response: recorded, durationMs: round(outcome.durationMs) });
    received.push({ response: outcome.response, decoded });
  });
  const finish = (status: StepResult['status'], error?: SettlekitError): StepOutcome => ({
    result: { ...base, request: recordedRequest, ...(exchanges[0]?.response ? { response: exchanges[0].response } : {}), exchanges, status, assertions, ...(error ? { error: errorInfo(error, ctx.redactor) } : {}), timings: timings() },
    captures: {},
  });
  if (transportError) return finish('errored', transportError);
  let undecodable: SettlekitError | undefined;
  try {
    const outcomes = step.expect.outcomes;
    // With outcome classes, statuses and bodies are the classes' business; each response still meets its schema.
    const perResponse = outcomes ? { schema: step.expect.schema, status: received.map((r) => r.response.status) } : step.expect;
    let schemaChecked = 0;
    received.forEach(({ response, decoded }, i) => {
      const checks = checkResponse({ ...perResponse, ...(outcomes ? { status: response.status } : {}) }, response, decoded, operation, ctx);
      if (checks.some((c) => c.kind === 'schema')) schemaChecked += 1;
      for (const a of checks.filter((c) => !c.passed)) assertions.push({ ...a, path: `#${i + 1}${a.path}`, message: `response #${i + 1}: ${a.message}` });
      undecodable ??= decodeError(decoded, response, checks, ctx.redactor);
    });
    if (operation && schemaChecked === received.length && !assertions.some((a) => a.kind === 'schema')) {
      assertions.push({ kind: 'schema', passed: true, path: '', message: `all ${received.length} responses match the OpenAPI schema of ${operation.operationId}` });
    }
    if (outcomes) assertions.push(...outcomeAssertions(outcomes, received, ctx));
    else assertions.push({ kind: 'status', passed: assertions.length === 0, path: '', message: `all ${step.repeat} responses checked` });
  } catch (error) {
    return finish('errored', asSettlekitError(error));
  }
  if (undecodable) return finish('errored', undecodable);
  return finish(assertions.every((a) => a.passed) ? 'passed' : 'failed');
}

/** Sorts responses into the expected classes (first match wins) and checks each class's count. */
function outcomeAssertions(outcomes: readonly OutcomeExpectation[], received: readonly { response: HttpResponse; decoded: DecodedBody }[], ctx: StepContext): AssertionResult[] {
  const counts = outcomes.map(() => 0);
  const assertions: AssertionResult[] = [];
  const label = (o: OutcomeExpectation): string => `${o.status !== undefined ? `status ${([] as number[]).concat(o.status).join('/')}` : 'any status'}${o.body !== undefined ? ' with the expected body' : ''}`;
  received.forEach(({ response, decoded }, i) => {
    const index = outcomes.findIndex((o) => {
      if (o.status !== undefined && !([] as number[]).concat(o.status).includes(response.status)) return false;
      return o.body === undefined || (decoded.problem === undefined && matchBody(renderTemplate(o.body, ctx.scope), decoded.value).length === 0);
    });
    if (index === -1) {
      // Expected and actual have the same shape ({status, body}), so a report can diff them.
      const expected = outcomes.map((o) => ({ ...(o.status !== undefined ? { status: o.status } : {}), ...(o.body !== undefined ? { body: renderTemplate(o.body, ctx.scope) } : {}) }));
      assertions.push({ kind: 'body', passed: false, path: `#${i + 1}`, expected: ctx.redactor.value(expected), actual: { status: response.status, body: ctx.redactor.value(decoded.value) }, message: `response #${i + 1} (status ${response.status}) matches none of the expected outcomes` });
    } else counts[index] = (counts[index] ?? 0) + 1;
  });
  outcomes.forEach((o, i) => {
    if (o.count === undefined) return;
    const got = counts[i] ?? 0;
    assertions.push({ kind: 'status', passed: got === o.count, path: '', expected: o.count, actual: got, message: got === o.count ? `${got} response(s) with ${label(o)}` : `expected ${o.count} response(s) with ${label(o)}, got ${got}` });
  });
  return assertions;
}

function formRequest(step: Step, ctx: StepContext): FormedRequest {
  const action = step.action;
  const render = <T>(value: T): T => renderTemplate(value, ctx.scope) as T;
  if (action.kind === 'control') return { request: controlRequest(action.action, render(action.args), ctx.baseUrl), isControl: true };
  let method: string;
  let url: URL;
  let operation: OperationInfo | undefined;
  switch (action.kind) {
    case 'operation': {
      operation = ctx.spec.operation(action.operation);
      if (!operation) throw new SettlekitError('SETTLEKIT_E_UNKNOWN_OPERATION', `unknown operation ${action.operation}`);
      const params = render(hasKeys(ctx.defaults.params) ? { ...ctx.defaults.params, ...step.params } : step.params) as Record<string, unknown>;
      // The path template cut once: literal, name, literal… (as replacing each `{name}` would give).
      const parts = pathPartsOf(operation);
      let path = parts[0]!;
      for (let i = 1; i < parts.length; i += 2) path += encodeURIComponent(String(params[parts[i]!] ?? '')) + parts[i + 1]!;
      method = operation.method;
      url = new URL(ctx.baseUrl + path);
      break;
    }
    case 'request':
      method = action.method;
      url = new URL(ctx.baseUrl + String(render(action.path)));
      break;
    case 'follow': {
      method = String(render(action.method)).toUpperCase();
      const href = render(action.href);
      if (typeof href !== 'string' || href === '') throw new SettlekitError('SETTLEKIT_E_TEMPLATE', `the link to follow is ${JSON.stringify(href)}, not a URL`);
      url = new URL(href, ctx.baseUrl + '/');
      if (!ctx.origins.allows(url)) {
        // The kit only ever talks to the target it was given (and the origins its profile declares).
        const allowed = ctx.origins.origins;
        throw new SettlekitError('SETTLEKIT_E_NETWORK', `the link ${url.href} leaves the target ${allowed.length > 1 ? `and its origins (${allowed.join(', ')})` : allowed[0]}; settlekit does not follow it`, {
          hint: "If that origin is the target's own (an API gateway in front of it), declare it under `origins:` in the profile.",
        });
      }
      break;
    }
  }
  if (hasKeys(step.query)) for (const [name, value] of Object.entries(render(step.query))) url.searchParams.set(name, String(value));
  if (!operation) {
    const explicit = 'operation' in action ? action.operation : undefined;
    operation = explicit ? ctx.spec.operation(explicit) : ctx.spec.findOperation(method, stripBase(url.pathname, ctx.baseUrl));
  }
  const plan = headerPlan(ctx.defaults.headers, step.headers);
  const headers = plan.fixed ?? renderHeaders(plan, ctx.scope);
  // A body without a template is sent as it is (rendering would copy it to the same text).
  const body = step.body === undefined ? undefined : holdsTemplate(step.body) ? render(step.body) : step.body;
  const request: HttpRequest = body === undefined ? { method, url: url.href, headers } : { method, url: url.href, headers, body: typeof body === 'string' ? body : JSON.stringify(body) };
  return operation ? { request, operation, isControl: false } : { request, isControl: false };
}

/**
 * The headers a step sends when some hold a template: every value rendered in the order the defaults' and the step's
 * maps were (so the first missing name is the one reported), then the merged names given their values; a value that
 * renders to `null` or `undefined` removes the header.
 */
function renderHeaders(plan: HeaderPlan, scope: TemplateScope): Record<string, string> {
  const rendered = plan.values.map((value) => renderTemplate(value, scope));
  const headers: Record<string, string> = {};
  for (const { name, index } of plan.slots) {
    const value = rendered[index];
    if (value !== null && value !== undefined) setOwn(headers, name, String(value));
  }
  return headers;
}

function controlRequest(action: string, args: Readonly<Record<string, unknown>>, baseUrl: string): HttpRequest {
  const post = (path: string, body?: unknown): HttpRequest => ({
    method: 'POST',
    url: `${baseUrl}/__settlekit${path}`,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  switch (action) {
    case 'advance-clock':
      return post('/clock/advance', pick(args, ['days', 'hours', 'minutes', 'seconds']));
    case 'expire-authorization':
      return post(`/transactions/${encodeURIComponent(String(args.transaction))}/expire-authorization`);
    case 'inject-fault':
      return post('/faults/next-request', { status: args.status ?? 500, ...pick(args, ['count']) });
    case 'reset':
      return post('/reset');
    default:
      throw new SettlekitError('SETTLEKIT_E_SCHEMA', `unknown test control ${action}`);
  }
}

/** The given keys of `args` that are set. */
function pick(args: Readonly<Record<string, unknown>>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => args[key] !== undefined).map((key) => [key, args[key]]));
}

function stripBase(pathname: string, baseUrl: string): string {
  const prefix = new URL(baseUrl).pathname.replace(/\/$/, '');
  return prefix && pathname.startsWith(prefix) ? pathname.slice(prefix.length) || '/' : pathname;
}

function schemaAssertions(spec: OpenApiIndex, op: OperationInfo, status: number, contentType: string | undefined, body: unknown, redactor: Redactor): AssertionResult[] {
  const check = spec.validateResponse(op.operationId, status, contentType, body);
  const where = `${op.operationId} ${status}`;
  switch (check.kind) {
    case 'valid':
      return [{ kind: 'schema', passed: true, path: '', message: `the response matches the OpenAPI schema of ${where}` }];
    case 'undocumented-status':
      return [{ kind: 'schema', passed: false, path: '', expected: check.documented, actual: status, message: `status ${status} is not documented for ${op.operationId} (documented: ${check.documented.join(', ')})` }];
    case 'undocumented-media-type':
      return [{ kind: 'schema', passed: false, path: '', expected: check.documented, actual: contentType ?? null, message: `Content-Type ${contentType ?? '(none)'} is not documented for ${where} (documented: ${check.documented.join(', ')})` }];
    case 'invalid':
      return check.problems.map((p) => ({
        kind: 'schema' as const,
        passed: false,
        path: p.instancePath,
        schemaPath: p.schemaPath,
        expected: redactor.value(p.params),
        actual: redactor.value(valueAt(body, p.instancePath)),
        message: redactor.text(`${where}: ${p.message}`),
      }));
  }
}

function valueAt(body: unknown, pointer: string): unknown {
  return pointerSegments(pointer).reduce<unknown>((node, s) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[s] : undefined), body);
}

/** What a step expects when it names no status (any 2xx), as {@link statusAssertion} takes it. */
const ANY_2XX: readonly number[] = [200, 299];

function statusAssertion(expected: number | readonly number[], actual: number, passed: boolean): AssertionResult {
  const range = Array.isArray(expected) && expected.length === 2 && expected[1]! - expected[0]! > 1;
  if (passed) return { kind: 'status', passed, path: '', expected: range ? '2xx' : expected, actual, message: `status is ${actual}` };
  const label = range ? '2xx' : ([] as number[]).concat(expected as number | number[]).join(' or ');
  return { kind: 'status', passed, path: '', expected: range ? '2xx' : expected, actual, message: `expected status ${label}, got ${actual}` };
}

function recordRequest(request: HttpRequest, redactor: Redactor): RecordedRequest {
  return {
    method: request.method,
    url: redactor.url(request.url),
    headers: redactor.headers(request.headers),
    ...(request.body !== undefined ? { body: redactor.text(request.body) } : {}),
  };
}

function actionLabel(step: Step): string {
  const action = step.action;
  return action.kind === 'operation' ? action.operation : action.kind === 'control' ? `control:${action.action}` : action.kind;
}

function sendOptions(ctx: StepContext): { signal?: AbortSignal; origins: OriginPolicy } {
  return { origins: ctx.origins, ...(ctx.signal ? { signal: ctx.signal } : {}) };
}

function asSettlekitError(error: unknown): SettlekitError {
  return error instanceof SettlekitError ? error : new SettlekitError('SETTLEKIT_E_INTERNAL', (error as Error)?.message ?? String(error));
}

function errorInfo(error: unknown, redactor?: Redactor): StepResult['error'] & object {
  const e = asSettlekitError(error);
  const message = redactor ? redactor.text(e.message) : e.message;
  return { code: e.code, message, hint: e.hint };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
