/**
 * A step's expectations as a Pact response: status (a literal, or Pact's status-code matcher for a list or for "any
 * 2xx"), the expected headers and the documented media type, and the expected body — JSON or typed XML — with
 * matching rules, the reference run's answer giving every example. Returns the notes of what Pact checks otherwise.
 */
import { bodyKindOf } from '../execute/decode.ts';
import type { RecordedResponse } from '../model/report.ts';
import type { Step } from '../model/scenario.ts';
import { describeMatcher, encodedOperator, INJECTED_IN_RESPONSE, isOperatorObject, NoteSink, type EncodingNote } from './expectations.ts';
import { encodeJsonBody } from './json-body.ts';
import { schemaExpectation, underExpectation, type RefResolver } from './schema-expectation.ts';
import type { Pact } from './pact-runtime.ts';
import { alternativesRegex, escapeRegex, toPactRegex } from './regex.ts';
import { concreteOf, CredentialValue, InjectedValue, resolveTemplate, type StepScope } from './template-values.ts';
import { encodeXmlBody, parseXmlTree, renderXmlBody } from './xml-body.ts';

/** A response body in a pact. */
export type PactResponseBody =
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'xml'; readonly xml: string }
  | { readonly kind: 'raw'; readonly contentType: string; readonly text: string };

/** A response as the pact describes it. */
export interface PactResponseSpec {
  /** A status, or Pact's status-code matcher. */
  readonly status: unknown;
  readonly headers: Readonly<Record<string, unknown>>;
  readonly body?: PactResponseBody;
}

/** What encoding a response needs. */
export interface ResponseInput {
  readonly step: Step;
  /** The answer of the reference run (unredacted). */
  readonly response: RecordedResponse;
  /**
   * The documented schema of the answer (its operation, status and media type), when the step checks it, and how to
   * follow its `$ref`s.
   */
  readonly schema?: { readonly schema: unknown; readonly resolve: RefResolver };
  /** True when the step's answer is checked against an OpenAPI operation. */
  readonly schemaChecked: boolean;
  readonly scope: StepScope;
}

/** Encodes the expectations of a step against the reference run's answer. */
export function encodeResponse(input: ResponseInput, pact: Pact): { readonly response: PactResponseSpec; readonly notes: readonly EncodingNote[] } {
  const m = pact.MatchersV3;
  const sink = new NoteSink();
  const { step, response } = input;
  const expected = step.expect.status;
  const status =
    expected === undefined
      ? m.matchStatus(response.status, 'success' as Parameters<typeof m.matchStatus>[1])
      : Array.isArray(expected)
        ? expected.length === 1
          ? expected[0]
          : m.matchStatus(response.status, [...expected])
        : expected;

  const headers: Record<string, unknown> = {};
  const expectedHeaders = resolveTemplate(step.expect.headers ?? {}, input.scope) as Record<string, unknown>;
  for (const [name, want] of Object.entries(expectedHeaders)) {
    const actual = headerValue(response.headers, name);
    const encoded = encodeHeader(name, want, actual, sink, pact);
    if (encoded !== undefined) headers[name] = encoded;
  }
  const contentType = headerValue(response.headers, 'content-type');
  if (input.schemaChecked) {
    sink.approximated(
      'body',
      'the OpenAPI response schema',
      "its media type and required properties, by type, with the schema's patterns, enums and consts: Pact has no JSON-Schema matcher (optional properties, additionalProperties, formats, bounds and array items are not checked)",
    );
    if (contentType && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      const mediaType = contentType.split(';')[0]!.trim();
      headers['Content-Type'] = m.regex(String.raw`\A${escapeRegex(mediaType)}(?:\s*;[\s\S]*)?\z`, contentType);
    }
  }

  let body: PactResponseBody | undefined;
  const kind = bodyKindOf(contentType);
  const documented = input.schema && (kind === 'json' || kind === 'xml') && response.decoded !== undefined ? schemaExpectation(input.schema.schema, response.decoded, input.schema.resolve) : undefined;
  const stated = step.expect.body === undefined ? undefined : resolveTemplate(step.expect.body, input.scope);
  const want = underExpectation(stated, documented);
  if (want !== undefined) {
    if (kind === 'json') body = { kind: 'json', value: encodeJsonBody(want, response.decoded, sink, m) };
    else if (kind === 'xml') {
      const tree = parseXmlTree(response.body ?? '');
      if (tree) body = { kind: 'xml', xml: renderXmlBody(encodeXmlBody(want, response.decoded, tree, sink, m), pact) };
    } else if (typeof want === 'string') body = { kind: 'raw', contentType: contentType ?? 'text/plain', text: want };
    else sink.notExpressible('body', 'a matcher on a text body', 'not checked: Pact matches text bodies by equality only');
  }
  return { response: { status, headers, ...(body ? { body } : {}) }, notes: sink.notes };
}

function headerValue(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return Object.entries(headers).find(([key]) => key.toLowerCase() === wanted)?.[1];
}

/** One expected response header. */
function encodeHeader(name: string, want: unknown, actual: string | undefined, sink: NoteSink, pact: Pact): unknown {
  const m = pact.MatchersV3;
  const where = `header ${name}`;
  if (want === null) {
    sink.notExpressible(where, 'absent', 'not checked: Pact cannot require a header to be absent');
    return undefined;
  }
  if (actual === undefined) {
    sink.notExpressible(where, 'a header the reference answer did not send', 'not checked');
    return undefined;
  }
  if (want instanceof InjectedValue || want instanceof CredentialValue) {
    sink.approximated(where, 'a value from an earlier step', INJECTED_IN_RESPONSE);
    return m.like(actual);
  }
  if (!isOperatorObject(want)) return String(want);
  const [operator, operand] = encodedOperator(want, where, sink);
  switch (operator) {
    case '$match':
      return m.regex(toPactRegex(String(operand)), actual);
    case '$contains':
      return m.includes(String(concreteOf(operand)));
    case '$oneOf':
      if (Array.isArray(operand) && operand.every((o) => ['string', 'number', 'boolean'].includes(typeof o))) return m.regex(alternativesRegex(operand as string[]), actual);
      break;
    case '$eq':
      return String(concreteOf(operand));
    case '$type':
    case '$exists':
      return m.like(actual);
  }
  sink.approximated(where, describeMatcher(operator, operand), 'the header is present (type match)');
  return m.like(actual);
}
