/**
 * `settlekit fuzz` against the reference simulator itself (the default, embedded target): a fixed-seed run of more
 * than a thousand sequences finds no divergence and no INFO difference — while exercising the edges the models aim at
 * (over-amount, refunds, the testing operations, the clock, repeats, refusals). The same with races. The same seed
 * gives the same sequences twice; a target that differs only where the documents are silent is reported apart, not
 * failed.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFuzz } from '../../runner/fuzz/run-fuzz.ts';
import { startLaxProxy, type LaxProxy } from '../helpers/lax-proxy.ts';
import { useSimulator } from '../helpers/simulator.ts';

let out: string;
beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'settlekit-fuzz-sim-'));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('fuzzing the reference simulator against itself', () => {
  it('1,050 sequences with seed 20240601 (350 per suite) find no divergence and no INFO difference', async () => {
    const outcome = await runFuzz({ seed: 20240601, runs: 350, maxSteps: 8, outputDir: join(out, 'agree') });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.suites.map((s) => s.suite)).toEqual(['braintree', 'worldpay-payments', 'worldpay-split-payments']);
    expect(outcome.suites.reduce((n, s) => n + s.runs, 0)).toBeGreaterThanOrEqual(1000);
    for (const s of outcome.suites) {
      expect(s.finding, s.suite).toBeUndefined();
      expect(s.infos.map((i) => i.key), s.suite).toEqual([]);
      expect(s.steps, s.suite).toBeGreaterThan(3 * s.runs);
    }
    // What the sequences exercised, by operation and the situation the oracle's answer showed.
    const seen = (suite: string): string[] => Object.keys(outcome.suites.find((s) => s.suite === suite)?.coverage ?? {});
    expect(seen('braintree')).toEqual(
      expect.arrayContaining([
        'transaction.submitForPartialSettlement accepted',
        'transaction.submitForPartialSettlement over-amount',
        'transaction.submitForPartialSettlement bad-amount',
        'transaction.submitForPartialSettlement amex-discover',
        'transaction.submitForPartialSettlement child',
        'transaction.submitForPartialSettlement settled-parent',
        'transaction.refund accepted-child',
        'transaction.refund too-large-child',
        'transaction.refund unsettled-child',
        'transaction.void refused-parent',
        'transaction.find parent',
        'testing.settle accepted-child',
        'transaction.sale declined',
        'control control',
      ]),
    );
    expect(seen('worldpay-payments')).toEqual(
      expect.arrayContaining([
        'payments.authorize refused',
        'payments.partiallySettle accepted',
        'payments.partiallySettle accepted-used-up',
        'payments.partiallySettle accepted-last',
        'payments.partiallySettle over-amount',
        'payments.partiallySettle invalid',
        'payments.partiallyRefund accepted',
        'payments.partiallyRefund over-amount',
        'payments.cancel accepted',
        'payments.reverse accepted',
        'payments.settle accepted',
        'payments.refund accepted',
        'payments.partiallySettle not-available',
      ]),
    );
    expect(seen('worldpay-split-payments')).toEqual(
      expect.arrayContaining([
        'splitPayments.create accepted',
        'splitPayments.create over-authorization',
        'splitPayments.fulfillItem settle',
        'splitPayments.fulfillItem refund',
        'splitPayments.fulfillItem repeat',
        'splitPayments.fulfillItem not-settled',
        'splitPayments.fulfillItem invalid',
        'splitPayments.fulfillAll settle',
        'splitPayments.fulfillAll refund',
        'splitPayments.query query',
      ]),
    );
    const report = JSON.parse(await readFile(outcome.reportFile, 'utf8')) as { seed: number; exitCode: number; suites: { sequences: number; divergence?: unknown }[] };
    expect(report).toMatchObject({ seed: 20240601, exitCode: 0 });
    expect(report.suites.map((s) => [s.sequences, s.divergence])).toEqual([
      [350, undefined],
      [350, undefined],
      [350, undefined],
    ]);
    expect(outcome.files).toEqual([outcome.reportFile]);
  }, 240_000);

  it('with races, 300 sequences (100 per suite) send steps at once and find no divergence', async () => {
    const outcome = await runFuzz({ seed: 7, runs: 100, maxSteps: 8, race: true, outputDir: join(out, 'race') });
    expect(outcome.exitCode).toBe(0);
    for (const s of outcome.suites) {
      expect(s.finding, s.suite).toBeUndefined();
      expect(s.infos, s.suite).toEqual([]);
      expect(s.races, s.suite).toBeGreaterThan(10);
    }
  }, 240_000);

  it('the same seed gives the same sequences twice', async () => {
    const run = (): ReturnType<typeof runFuzz> => runFuzz({ seed: 99, runs: 40, maxSteps: 8, outputDir: join(out, 'same') });
    const [first, second] = [await run(), await run()];
    const shape = (o: Awaited<ReturnType<typeof runFuzz>>): unknown => o.suites.map((s) => [s.suite, s.runs, s.steps, s.requests, s.coverage]);
    expect(shape(second)).toEqual(shape(first));
    const other = await runFuzz({ seed: 100, runs: 40, maxSteps: 8, outputDir: join(out, 'other') });
    expect(shape(other)).not.toEqual(shape(first));
  }, 240_000);
});

describe('a target that differs only where the documents are silent', () => {
  const simulator = useSimulator();
  let proxy: LaxProxy;
  beforeAll(async () => {
    // Over-amount partial settlements (undocumented, WP-PS-09) refused with 409 instead of the reference's 400.
    proxy = await startLaxProxy(simulator.url, {
      response: (response, request) => {
        if (response.status !== 400 || !request.path.endsWith('/partialSettlements')) return undefined;
        const body = JSON.parse(response.body.toString('utf8')) as { validationErrors?: { errorName?: string; jsonPath?: string }[] };
        if (!body.validationErrors?.some((e) => e.errorName === 'numberIsTooLarge' && e.jsonPath === '$.value.amount')) return undefined;
        return { ...response, status: 409, body: Buffer.from(JSON.stringify({ errorName: 'amountTooLarge', message: 'More than is left.' }), 'utf8') };
      },
    });
  });
  afterAll(async () => {
    await proxy.close();
  });

  it('is reported apart (INFO), with no scenario written and exit 0', async () => {
    const outcome = await runFuzz({ target: proxy.url, suites: ['worldpay-payments'], seed: 5, runs: 60, outputDir: join(out, 'info') });
    expect(outcome.exitCode).toBe(0);
    const [result] = outcome.suites;
    expect(result?.finding).toBeUndefined();
    expect(result?.infos.map((i) => [i.key, i.level])).toContainEqual(['WP-PS-09', 'INFO']);
    expect(outcome.files).toEqual([outcome.reportFile]);
  }, 120_000);
});
