/**
 * One scenario step as one Pact interaction: which steps can be one (a step that sends one request, and ran in the
 * reference run), the interaction's description, provider state and comments, and how it is handed to Pact's V4
 * consumer DSL and exercised against Pact's mock server.
 */
import { Agent, request } from 'undici';
import { bodyKindOf } from '../execute/decode.ts';
import type { StepResult } from '../model/report.ts';
import type { Scenario, Suite } from '../model/scenario.ts';
import type { OpenApiIndex } from '../spec/openapi-index.ts';
import type { EncodingNote } from './expectations.ts';
import { interactionDescription, stateName, type SettlekitStateParams } from './naming.ts';
import type { Pact } from './pact-runtime.ts';
import { encodeRequest, type ExampleRequest, type PactRequestSpec } from './request.ts';
import { encodeResponse, type PactResponseSpec } from './response.ts';
import type { StepScope } from './template-values.ts';

/** An interaction just begun with Pact's V4 DSL (`pactV4.addInteraction()`). */
export type UnconfiguredInteraction = ReturnType<InstanceType<Pact['PactV4']>['addInteraction']>;

/** An interaction described up to its response, ready for `executeTest`. */
export type ConfiguredInteraction = ReturnType<ReturnType<UnconfiguredInteraction['withRequest']>['willRespondWith']>;

/** A step as a Pact interaction, ready for the DSL. */
export interface InteractionSpec {
  readonly scenarioId: string;
  readonly stepNumber: number;
  readonly description: string;
  readonly state: { readonly name: string; readonly params: SettlekitStateParams };
  readonly comments: readonly string[];
  readonly request: PactRequestSpec;
  readonly example: ExampleRequest;
  readonly response: PactResponseSpec;
  readonly notes: readonly EncodingNote[];
}

/** A step that is not an interaction, and why. */
export interface LeftOutStep {
  readonly scenarioId: string;
  readonly stepNumber: number;
  readonly stepName: string;
  /**
   * Why, in one word: a `test control` or a `repeated` step is no API exchange; a `skipped` scenario does not run
   * against the simulator (a capability); a step that did not pass in the `reference run` has no example; a `request`
   * Pact cannot carry; an interaction `pact` refused.
   */
  readonly category: 'test control' | 'repeated' | 'skipped' | 'reference run' | 'request' | 'pact';
  readonly reason: string;
}

/** The outcome of one step. */
export type StepEncoding = { readonly ok: true; readonly interaction: InteractionSpec } | { readonly ok: false; readonly leftOut: LeftOutStep };

/** What encoding a step needs. */
export interface StepInput {
  readonly scenario: Scenario;
  readonly suite: Suite;
  readonly spec: OpenApiIndex;
  readonly stepIndex: number;
  /** The step's result in the reference run (unredacted), when it ran. */
  readonly result?: StepResult;
  /** The scope the step ran in. */
  readonly scope: StepScope;
  readonly baseUrl: string;
  /** The scenario's file as the pact names it (relative to the folder of the suites' folder). */
  readonly source: string;
}

/** Encodes one step of a scenario, or says why it is not an interaction. */
export function encodeStep(input: StepInput, pact: Pact): StepEncoding {
  const { scenario, stepIndex, result } = input;
  const step = scenario.steps[stepIndex]!;
  const stepNumber = stepIndex + 1;
  const leftOut = (category: LeftOutStep['category'], reason: string): StepEncoding => ({ ok: false, leftOut: { scenarioId: scenario.id, stepNumber, stepName: step.name, category, reason } });
  if (step.action.kind === 'control') return leftOut('test control', `a test control (${step.action.action}), not an API request: the provider states of the steps after it replay it`);
  if (step.repeat > 1) return leftOut('repeated', `sent ${step.repeat} times at once (a race): a Pact interaction is one request and one response`);
  if (!result || result.status !== 'passed' || !result.response) {
    return leftOut('reference run', result ? `it ${result.status} in the reference run against the simulator, so there is no example: ${result.error?.message ?? result.assertions.find((a) => !a.passed)?.message ?? ''}`.trim() : 'the reference run did not reach it');
  }
  const operation = step.action.kind === 'operation' ? input.spec.operation(step.action.operation) : undefined;
  const request = encodeRequest({ scenarioId: scenario.id, stepNumber, step, suite: input.suite, ...(operation ? { operation } : {}), scope: input.scope, baseUrl: input.baseUrl }, pact.MatchersV3);
  if (!request.ok) return leftOut('request', request.reason);
  const schemaChecked = result.operation !== undefined && step.expect.schema !== false;
  const schema = schemaChecked ? input.spec.responseSchema(result.operation!, result.response.status, result.response.headers['content-type']) : undefined;
  const { response, notes } = encodeResponse(
    {
      step,
      response: result.response,
      schemaChecked,
      ...(schema !== undefined ? { schema: { schema, resolve: (node: unknown) => input.spec.resolveRef(node) } } : {}),
      scope: input.scope,
    },
    pact,
  );
  const allNotes: EncodingNote[] = [
    ...request.fixed.map((text) => ({ kind: 'approximated' as const, where: `request method (${text})`, expectation: 'the method of a followed link', pact: "the reference run's method: a Pact interaction has one method" })),
    ...notes,
  ];
  const params: SettlekitStateParams = {
    kit: 'settlekit',
    scenarioId: scenario.id,
    stepNumber,
    stepName: step.name,
    replays: scenario.steps.slice(0, stepIndex).map((s) => s.name),
    injects: request.injects,
  };
  const rules = [...new Set([...scenario.rules, ...step.rules])];
  const comments = [
    `settlekit scenario ${scenario.id}: ${scenario.title}`,
    `rules: ${rules.join(', ')}; source: ${input.source}:${step.position.line}`,
    ...summarizeNotes(allNotes),
  ];
  return {
    ok: true,
    interaction: {
      scenarioId: scenario.id,
      stepNumber,
      description: interactionDescription(scenario.id, stepNumber, step.name),
      state: { name: stateName(scenario.id, stepNumber), params },
      comments,
      request: request.request,
      example: request.example,
      response,
      notes: allNotes,
    },
  };
}

/** The notes of an interaction as comments a reader of the pact sees (in the Pact Broker too). */
function summarizeNotes(notes: readonly EncodingNote[]): string[] {
  return notes.map((n) => `${n.kind === 'approximated' ? 'approximated' : 'not checked by Pact'}: ${n.where}: ${n.expectation} → ${n.pact}`);
}

/** Adds an interaction to a pact through Pact's V4 consumer DSL; returns the interaction, ready for `executeTest`. */
export function addInteraction(interaction: UnconfiguredInteraction, spec: InteractionSpec): ConfiguredInteraction {
  let unconfigured = interaction.given(spec.state.name, spec.state.params as unknown as Parameters<UnconfiguredInteraction['given']>[1]).uponReceiving(spec.description).pending(false);
  for (const comment of spec.comments) unconfigured = unconfigured.comment(comment);
  const { request: req, response: res } = spec;
  return unconfigured
    .withRequest(req.method, req.path as string, (builder) => {
      builder.query(req.query as Record<string, string>);
      builder.headers(req.headers as Record<string, string>);
      if (req.body?.kind === 'json') builder.jsonBody(req.body.value);
      // Pact's binary body adds a content-type rule at the root, which its XML matching cannot apply to an element.
      else if (req.body?.kind === 'raw' && bodyKindOf(req.body.contentType) === 'xml') builder.xmlBody(req.body.text);
      else if (req.body?.kind === 'raw') builder.body(req.body.contentType, Buffer.from(req.body.text, 'utf8'));
    })
    .willRespondWith(res.status as number, (builder) => {
      if (res.body?.kind === 'json') builder.jsonBody(res.body.value);
      else if (res.body?.kind === 'xml') builder.xmlBody(res.body.xml);
      else if (res.body?.kind === 'raw') builder.body(res.body.contentType, Buffer.from(res.body.text, 'utf8'));
      // After the body: the body sets a literal Content-Type, which the expected (or documented) one replaces.
      builder.headers(res.headers as Record<string, string>);
    });
}

/**
 * Sends the reference run's requests to Pact's mock server, over a connection pool of its own (a pooled connection to
 * an earlier mock server on the same port would reach the wrong one). Pact's mock server records a match just after
 * it answers, so the last answer is given `settleMs` before the mock server is asked what it received.
 */
export async function sendExamples(mockServerUrl: string, examples: readonly ExampleRequest[], settleMs: number): Promise<void> {
  const agent = new Agent({ connections: 1 });
  try {
    for (const example of examples) {
      const { body } = await request(`${mockServerUrl}${example.target}`, {
        method: example.method as 'GET',
        headers: example.headers,
        ...(example.body !== undefined ? { body: example.body } : {}),
        dispatcher: agent,
      });
      await body.text();
    }
    await new Promise((resolve) => setTimeout(resolve, settleMs));
  } finally {
    await agent.close();
  }
}
