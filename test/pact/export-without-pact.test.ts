/**
 * `settlekit pact export` when Pact's library cannot be loaded (its native core missing for the platform, an install
 * without it): the error reaches the user and nothing the export opened is left running — the embedded simulator it
 * plays the scenarios against would otherwise keep the process alive after the error.
 */
import { describe, expect, it, vi } from 'vitest';
import type * as OpenTarget from '../../runner/target/open-target.ts';

const targets = vi.hoisted(() => ({ opened: 0, closed: 0 }));

vi.mock('@pact-foundation/pact', () => {
  throw new Error('Cannot find module @pact-foundation/pact-core-linux-x64-glibc');
});

vi.mock('../../runner/target/open-target.ts', async (importOriginal) => {
  const original = await importOriginal<typeof OpenTarget>();
  return {
    ...original,
    openTarget: async (...args: Parameters<typeof original.openTarget>) => {
      const opened = await original.openTarget(...args);
      targets.opened += 1;
      return {
        ...opened,
        close: async () => {
          targets.closed += 1;
          await opened.close();
        },
      };
    },
  };
});

const { exportPacts } = await import('../../runner/pact/export.ts');

describe('pact export without Pact', () => {
  it('fails with the loading error and leaves no target open', async () => {
    await expect(exportPacts({ outputDir: '/tmp/settlekit-never-written', suites: ['braintree'] })).rejects.toThrow();
    expect(targets.closed).toBe(targets.opened);
  });
});
