import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'runner/**/*.test.ts', 'simulator/**/*.test.ts', 'reports/**/*.test.ts', 'lib/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The kit's own tests must not annotate, nor write the job summary of, a GitHub Actions job that runs them.
    env: { PACT_DO_NOT_TRACK: 'true', NO_COLOR: '1', GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '' },
  },
});
