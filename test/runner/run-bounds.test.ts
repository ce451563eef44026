/**
 * The programmatic API refuses the numeric options the command line refuses (runner/execute/bounds.ts), before it
 * loads or sends anything: a deadline past Node's longest timer (2^31-1 ms) would fire at once and time out every
 * request — a run stopped and blamed on the target. A value at the bound is taken: the call then gets as far as the
 * target, which is unreachable here (127.0.0.1:9), so the error it ends with says the bounds were passed.
 */
import { describe, expect, it } from 'vitest';
import { SettlekitError } from '../../lib/errors.ts';
import { MAX_TIMEOUT_MS, MAX_TIMER_MS } from '../../runner/execute/bounds.ts';
import { exportPacts } from '../../runner/pact/export.ts';
import { verifyPacts } from '../../runner/pact/verify.ts';
import { runConformance, type RunOptions } from '../../runner/run-conformance.ts';

const UNREACHABLE = 'http://127.0.0.1:9';

/** The code and message of what `promise` rejects with. */
async function failure(promise: Promise<unknown>): Promise<{ code: string | undefined; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the call was expected to fail').toBeInstanceOf(Error);
  const first = error instanceof SettlekitError ? error : ((error as { errors?: SettlekitError[] }).errors?.[0] ?? (error as Error));
  return { code: (first as SettlekitError).code, message: (first as Error).message };
}

describe('numeric bounds of the programmatic API', () => {
  const refused: [keyof RunOptions, number][] = [
    ['timeoutMs', 2 ** 31],
    ['timeoutMs', MAX_TIMEOUT_MS + 1],
    ['timeoutMs', 0],
    ['timeoutMs', 1.5],
    ['maxDurationMs', MAX_TIMER_MS + 1],
    ['maxDurationMs', 0],
    ['concurrency', 0],
    ['concurrency', Number.NaN],
    ['maxBodyBytes', -1],
    ['maxTimeouts', -1],
  ];

  it.each(refused)('runConformance refuses %s = %s as a usage error naming it', async (option, value) => {
    const { code, message } = await failure(runConformance({ target: UNREACHABLE, [option]: value }));
    expect(code).toBe('SETTLEKIT_E_USAGE');
    expect(message).toContain(`${option} must be a whole number`);
  });

  it('runConformance takes the values at the bounds (and fails later, on the unreachable target)', async () => {
    const { code } = await failure(
      runConformance({ target: UNREACHABLE, timeoutMs: MAX_TIMEOUT_MS, maxDurationMs: MAX_TIMER_MS, concurrency: 1, maxBodyBytes: 1, maxTimeouts: 0, reporters: [] }),
    );
    expect(code).toBe('SETTLEKIT_E_TARGET_UNREACHABLE');
  });

  it('exportPacts and verifyPacts refuse a timeout past the bound before loading anything', async () => {
    const exported = await failure(exportPacts({ timeoutMs: 2 ** 31, scenariosDir: '/nonexistent/settlekit' }));
    expect(exported.code).toBe('SETTLEKIT_E_USAGE');
    expect(exported.message).toContain('timeoutMs must be a whole number from 1 to 3600000');
    const verified = await failure(verifyPacts({ timeoutMs: 2 ** 31, target: UNREACHABLE, pacts: ['/nonexistent/settlekit'] }));
    expect(verified.code).toBe('SETTLEKIT_E_USAGE');
    expect(verified.message).toContain('timeoutMs must be a whole number');
  });
});
