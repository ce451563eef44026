/**
 * `settlekit pact export` is reproducible: two exports of the same suites, in two processes, write byte-identical
 * pact files (a Pact Broker sees the same contract, not a new version, on every publish). Nothing of the reference
 * run's machine leaks into a pact — no random id, no "now", no ephemeral port — and a scenario's examples do not
 * depend on the other scenarios exported with it (nor on how their requests interleaved).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ORIGIN } from '../../runner/pact/reference-run.ts';
import { exportPacts, removePactOutputs, type PactExport, type PactInteractionJson } from '../helpers/pact-run.ts';

const FILES = ['settlekit-braintree-braintree.json', 'settlekit-worldpay-payments-worldpay-payments.json', 'settlekit-worldpay-split-payments-worldpay-split-payments.json'];
/** A scenario with links, ids, references and timestamps in its examples, exported alone as well. */
const ALONE = 'worldpay-payments/partial-settlement/three-shipments';

let first: PactExport;
let second: PactExport;
let alone: PactExport;

/** The pact files of an export, as bytes, by file name. */
async function bytesOf(exported: PactExport): Promise<Map<string, Buffer>> {
  const names = (await readdir(exported.dir)).filter((n) => n.endsWith('.json')).sort();
  return new Map(await Promise.all(names.map(async (n) => [n, await readFile(join(exported.dir, n))] as const)));
}

beforeAll(async () => {
  // Two processes at once, as two CI jobs would be: nothing shared but the kit.
  [first, second, alone] = await Promise.all([exportPacts(), exportPacts(), exportPacts(['--suite', 'worldpay-payments', '--grep', ALONE])]);
}, 600_000);
afterAll(removePactOutputs);

describe('settlekit pact export is reproducible', () => {
  it('writes byte-identical pact files for every bundled suite, export after export', async () => {
    for (const exported of [first, second]) expect(exported.cli.code, exported.cli.stderr).toBe(0);
    const [a, b] = await Promise.all([bytesOf(first), bytesOf(second)]);
    expect([...a.keys()]).toEqual(FILES);
    expect([...b.keys()]).toEqual(FILES);
    for (const name of FILES) {
      const [left, right] = [a.get(name)!.toString('utf8'), b.get(name)!.toString('utf8')];
      if (left !== right) {
        // Name the first line that differs, not two megabytes of JSON.
        const [l, r] = [left.split('\n'), right.split('\n')];
        const line = l.findIndex((text, i) => text !== r[i]);
        expect.fail(`${name} differs between two exports, first at line ${line + 1}:\n- ${l[line]}\n+ ${r[line]}`);
      }
    }
  });

  it('carries no ephemeral port of the reference simulator: absolute links have the fixed example origin', () => {
    for (const [name, pact] of first.files) {
      const text = JSON.stringify(pact);
      expect(text, name).not.toMatch(/127\.0\.0\.1:\d/);
      const hrefs = [...text.matchAll(/"href":"([^"]+)"/g)].map((m) => m[1]!);
      if (name.includes('worldpay')) expect(hrefs.length, name).toBeGreaterThan(10);
      for (const href of hrefs) expect(href.startsWith(`${EXAMPLE_ORIGIN}/`), `${name}: ${href}`).toBe(true);
    }
  });

  it("gives a scenario the same examples whether it is exported alone or with every other scenario", () => {
    expect(alone.cli.code, alone.cli.stderr).toBe(0);
    const byDescription = (interactions: readonly PactInteractionJson[]) => new Map(interactions.map((i) => [i.description, i]));
    const file = 'settlekit-worldpay-payments-worldpay-payments.json';
    const solo = alone.files.get(file)!.interactions;
    const full = byDescription(first.files.get(file)!.interactions);
    expect(solo.length).toBeGreaterThan(3);
    for (const interaction of solo) {
      expect(interaction.description.startsWith(`${ALONE} step `)).toBe(true);
      expect(interaction, interaction.description).toEqual(full.get(interaction.description));
    }
  });
});
