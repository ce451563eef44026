/**
 * `settlekit init <dir>`: a small suite of one's own to start from — an OpenAPI document, a rule catalogue, one
 * scenario and a target profile — that `settlekit validate` accepts and `settlekit run` runs at once.
 *
 * The scaffold describes a small example payments API: the part of Worldpay Payments 2024-06-01 that authorizes a
 * payment and settles it in parts, which the embedded reference simulator serves. So the first `settlekit run
 * --scenarios <dir>` needs no implementation at all and ends green, with every report written; the user then swaps
 * in their API's document, rules and scenarios, and points the profile (or `--target`) at their implementation. Each
 * file begins with a comment saying what it is and what to edit.
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { SettlekitError } from '../../lib/errors.ts';
import { SCHEMAS_DIR } from '../paths.ts';

/** Options of `settlekit init`, as commander parses them. */
export interface InitCommandOptions {
  /** The suite's id (default: from the folder's name). */
  readonly suiteId?: string;
  /** The suite's title. */
  readonly name?: string;
  /** Write into a folder that is not empty (files of the scaffold's names are replaced). */
  readonly force?: boolean;
}

/** The id a suite may have (specs/suite.schema.json). */
const SUITE_ID = /^[a-z0-9-]+$/;

/** A file of the scaffold: its path under the folder, and its text. */
interface ScaffoldFile {
  readonly path: string;
  readonly text: string;
}

/** Writes the scaffold into `dir` and prints what it wrote and what to run next. */
export async function initCommand(dir: string, options: InitCommandOptions): Promise<void> {
  const root = resolve(dir);
  const suiteId = options.suiteId ?? suiteIdFrom(root);
  if (!SUITE_ID.test(suiteId)) {
    throw new SettlekitError('SETTLEKIT_E_USAGE', `--suite-id "${suiteId}" is not a suite id`, { hint: 'A suite id is lower-case letters, digits and "-" (e.g. acme-payments).' });
  }
  await checkFolder(root, dir, options.force ?? false);
  const files = scaffold(root, suiteId, options.name ?? 'Example Payments API — partial settlement');
  for (const file of files) {
    const path = join(root, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.text);
  }
  const shown = (path: string): string => join(dir, path);
  const out = (line: string): boolean => process.stdout.write(`${line}\n`);
  out(`Created suite ${suiteId} in ${dir}:`);
  for (const file of files) out(`  ${shown(file.path)}`);
  out('');
  out('It describes a small example payments API that the embedded reference simulator serves, so it runs as it is:');
  out(`  npx settlekit validate --scenarios ${dir}`);
  out(`  npx settlekit run --scenarios ${dir} --profile ${shown('settlekit.profile.yaml')}`);
  out('Then make it yours: the comment at the top of each file says what to edit (README, "Writing scenarios").');
  process.exitCode = 0;
}

/** A suite id from the folder's name: lower case, anything else than letters and digits as "-". */
function suiteIdFrom(root: string): string {
  const id = basename(root).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return id || 'my-api';
}

/** A folder that is a file, or not empty without `--force`, is a usage error (nothing is written). */
async function checkFolder(root: string, dir: string, force: boolean): Promise<void> {
  if (!existsSync(root)) return;
  if (!statSync(root).isDirectory()) throw new SettlekitError('SETTLEKIT_E_USAGE', `${dir} exists and is not a folder`, { hint: 'Name a new folder, or an empty one.' });
  const entries = await readdir(root);
  if (entries.length > 0 && !force) {
    throw new SettlekitError('SETTLEKIT_E_USAGE', `${dir} is not empty (${entries.length} entr${entries.length === 1 ? 'y' : 'ies'})`, {
      hint: 'Name a new or empty folder, or pass --force to write the scaffold into it (files of the same names are replaced).',
    });
  }
}

/** The files of the scaffold for suite `id` under `root`. */
function scaffold(root: string, id: string, title: string): ScaffoldFile[] {
  // Rule ids of the scaffold: the suite id's first word in capitals and a number (ACME-001), declared as the suite's
  // ruleIdPattern so the catalogue keeps one shape.
  const prefix = (id.split('-').find(Boolean) ?? 'API').toUpperCase().slice(0, 4);
  const rule = (n: number): string => `${prefix}-${String(n).padStart(3, '0')}`;
  const schema = (fileDir: string, kind: string): string => `# yaml-language-server: $schema=${relative(join(root, fileDir), join(SCHEMAS_DIR, `${kind}.schema.json`)).split(sep).join('/')}`;
  const spec = 'openapi.yaml';
  const rules = 'rules.yaml';
  const scenario = 'partial-settlement/two-shipments.yaml';
  return [
    { path: 'settlekit.profile.yaml', text: profileYaml(schema('.', 'profile'), id) },
    { path: `${id}/suite.yaml`, text: suiteYaml(schema(id, 'suite'), id, title, spec, rules, `${prefix}-[0-9]{3}`) },
    { path: `${id}/${spec}`, text: SPEC_YAML },
    { path: `${id}/${rules}`, text: rulesYaml(schema(id, 'rules'), id, rule) },
    { path: `${id}/${scenario}`, text: scenarioYaml(schema(dirname(join(id, scenario)), 'scenario'), id, rule) },
  ];
}

function profileYaml(schema: string, id: string): string {
  const env = id.toUpperCase().replace(/-/g, '_');
  return `${schema}
# The target profile: what settlekit needs to know about the implementation under test.
#   npx settlekit run --scenarios <this folder> --profile <this file>
# Edit:
#   target       the base URL of your implementation (or pass --target). Without one, settlekit runs the scenarios
#                against its embedded reference simulator, which serves the example API this scaffold starts with.
#   credentials  name environment variables ({ env: NAME }), so this file can be committed; the values are sent as
#                HTTP Basic credentials ({{auth.basic}} in suite.yaml) and masked in every report.
#   capabilities what your target supports (npx settlekit list --capabilities); scenarios that need more are skipped.
# target: http://127.0.0.1:8080
suites:
  ${id}:
    credentials:
      # The reference simulator's; for your implementation: { env: ${env}_USERNAME } and { env: ${env}_PASSWORD }.
      username: { value: settlekit }
      password: { value: settlekit }
`;
}

function suiteYaml(schema: string, id: string, title: string, spec: string, rules: string, pattern: string): string {
  return `${schema}
# The suite: its OpenAPI document, its rule catalogue and what every request sends. Every other YAML file in this
# folder (and the folders below it) is one scenario. Edit:
#   title, description  what your API is
#   spec                your API's OpenAPI 3.1 document (in place of ${spec}); every response is validated against it
#   rules               your rule catalogue; ruleIdPattern is the shape of its ids (a regular expression the whole id
#                       matches: a catalogue entry of another shape is refused)
#   defaults            what every request sends: path parameters (params) and headers; the example API wants
#                       WP-Api-Version, yours will want something else
id: ${id}
title: ${JSON.stringify(title)}
description: >-
  Starts as an example: the part of Worldpay Payments 2024-06-01 that authorizes a card payment and settles it in
  parts, served by settlekit's embedded reference simulator. Replace it with your API.
spec: ${spec}
rules: ${rules}
ruleIdPattern: "${pattern}"
defaults:
  headers:
    Authorization: "{{auth.basic}}"
    WP-Api-Version: "2024-06-01"
    Content-Type: application/json
    Accept: application/json
`;
}

function rulesYaml(schema: string, id: string, rule: (n: number) => string): string {
  return `${schema}
# The rule catalogue: every behaviour your scenarios check, each with an id (of the suite's ruleIdPattern), a level
# (MUST fails the run, SHOULD fails it with --strict, INFO is reported only), and the sentence of your API's document
# it comes from. Scenarios name the rules they check; the reports give a verdict per rule. Edit: your rules.
suite: ${id}
document: Example Payments API
source: the Worldpay Payments 2024-06-01 partial settlement guide (replace with your API's document)
rules:
  - id: ${rule(1)}
    level: MUST
    title: A partial settlement settles part of an authorized payment
    sentence: Each partial settlement request settles the amount it names of the authorized payment.
    source: Example Payments API — Partial settlement
  - id: ${rule(2)}
    level: MUST
    title: Once the whole authorized amount is settled, no further partial settlement is offered
    sentence: When the authorized amount is fully settled, the payment no longer offers the partiallySettlePayment action.
    source: Example Payments API — Partial settlement
`;
}

function scenarioYaml(schema: string, id: string, rule: (n: number) => string): string {
  return `${schema}
# One scenario: a story of requests against the API, each with what its answer must be. Steps run in order; the first
# that fails ends the scenario. Every answer is also validated against the suite's OpenAPI document. Copy this file
# for the next scenario (its id is the suite id, a slash and a name of your own; match the file's path to find it).
# The format (operations, raw requests, links, captures, templating, matchers): README, "Writing scenarios".
id: ${id}/partial-settlement/two-shipments
title: An order shipped in two parts settles in two parts
rules: [${rule(1)}, ${rule(2)}]
tags: [partial-settlement]
steps:
  - name: authorize 10.00 GBP on a test card
    operation: payments.authorize                     # an operationId of the suite's OpenAPI document
    body:
      transactionReference: "{{scenario.uid}}"        # unique to this run of the scenario
      merchant: { entity: default }
      instruction:
        narrative: { line1: settlekit }
        value: { currency: GBP, amount: 1000 }          # minor units: 1000 = 10.00 GBP
        paymentInstrument:
          type: plain
          cardNumber: "4000000000002701"
          expiryDate: { month: 12, year: 2035 }
          cardHolderName: Sherlock Holmes
    expect:
      status: 201
      body: { outcome: authorized }                   # a subset of the answer's body
    capture:
      settle: $._actions.partiallySettlePayment.href  # JSONPath into the answer, used below as {{settle}}

  - name: first shipment, 6.00 GBP, following the link the answer gave
    operation: payments.partiallySettle
    follow: { href: "{{settle}}", method: POST }
    body: { reference: "{{scenario.uid}}-1", sequence: { number: 1, total: 2 }, value: { currency: GBP, amount: 600 } }
    expect:
      status: 202
      body:
        outcome: sentForSettlement
        _actions: { partiallySettlePayment: { method: POST } }
    capture:
      settle: $._actions.partiallySettlePayment.href

  - name: second shipment, the 4.00 GBP left; nothing more to settle
    operation: payments.partiallySettle
    follow: { href: "{{settle}}", method: POST }
    body: { reference: "{{scenario.uid}}-2", sequence: { number: 2, total: 2 }, value: { currency: GBP, amount: 400 } }
    expect:
      status: 202
      body:
        outcome: sentForSettlement
        _actions: { partiallySettlePayment: { $exists: false } }
`;
}

/** The example API's OpenAPI document (what the scenario's operations and answers are checked against). */
const SPEC_YAML = `# The OpenAPI 3.1 document of the suite's API: operationIds name the operations scenarios call, and every answer is
# validated against the schema of its status and media type. This one describes a small example payments API (the
# part of Worldpay Payments 2024-06-01 that the embedded reference simulator serves). Edit: replace it with your API's
# document (and point spec: in suite.yaml at it).
openapi: 3.1.0
info:
  title: Example Payments API
  version: "2024-06-01"
  description: |
    Authorize a card payment, then settle it in parts. A payment is addressed by the links its answers hand out
    (\`_actions.<action>.href\`); amounts are integers in the currency's minor unit (1000 GBP = 10.00 GBP).
security:
  - BasicAuth: []
paths:
  /api/payments:
    post:
      operationId: payments.authorize
      summary: Authorize a card payment
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: '#/components/schemas/AuthorizeRequest' }
      responses:
        '201':
          description: The authorization's outcome.
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Payment' }
        '400': { $ref: '#/components/responses/Error' }
        '401': { $ref: '#/components/responses/Error' }
  /api/payments/{linkData}/partialSettlements:
    parameters:
      - { name: linkData, in: path, required: true, schema: { type: string } }
    post:
      operationId: payments.partiallySettle
      summary: Settle part of an authorized payment (the partiallySettlePayment action)
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: '#/components/schemas/PartialSettlementRequest' }
      responses:
        '202':
          description: Sent for settlement.
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Payment' }
        '400': { $ref: '#/components/responses/Error' }
        '401': { $ref: '#/components/responses/Error' }
        '404': { $ref: '#/components/responses/Error' }
        '409': { $ref: '#/components/responses/Error' }
components:
  securitySchemes:
    BasicAuth: { type: http, scheme: basic }
  responses:
    Error:
      description: An error.
      content:
        application/json:
          schema:
            type: object
            required: [errorName, message]
            properties:
              errorName: { type: string }
              message: { type: string }
  schemas:
    Value:
      type: object
      required: [currency, amount]
      properties:
        currency: { type: string, pattern: '^[A-Z]{3}$' }
        amount: { type: integer, minimum: 1 }
    Link:
      type: object
      required: [href]
      properties:
        href: { type: string }
        method: { type: string }
    AuthorizeRequest:
      type: object
      required: [transactionReference, merchant, instruction]
      properties:
        transactionReference: { type: string }
        merchant: { type: object }
        instruction:
          type: object
          required: [value, paymentInstrument]
          properties:
            value: { $ref: '#/components/schemas/Value' }
            paymentInstrument: { type: object }
    PartialSettlementRequest:
      type: object
      required: [reference, value]
      properties:
        reference: { type: string }
        sequence:
          type: object
          required: [number, total]
          properties:
            number: { type: integer, minimum: 1 }
            total: { type: integer, minimum: 1 }
        value: { $ref: '#/components/schemas/Value' }
    Payment:
      type: object
      required: [outcome]
      properties:
        outcome: { enum: [authorized, refused, sentForSettlement] }
        paymentId: { type: string }
        _links:
          type: object
          properties:
            self: { $ref: '#/components/schemas/Link' }
        _actions:
          type: object
          additionalProperties: { $ref: '#/components/schemas/Link' }
`;
