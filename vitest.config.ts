import { configDefaults, defineConfig } from 'vitest/config';

/** The tests that open reports in headless Chromium (named `…browser.test.ts`); their project's global setup installs it when it is missing. */
const BROWSER_TESTS = ['test/**/*browser.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The kit's own tests must not annotate, nor write the job summary of, a GitHub Actions job that runs them.
    env: { PACT_DO_NOT_TRACK: 'true', NO_COLOR: '1', GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '' },
    projects: [
      {
        extends: true,
        test: {
          name: 'kit',
          include: ['test/**/*.test.ts', 'runner/**/*.test.ts', 'simulator/**/*.test.ts', 'reports/**/*.test.ts', 'lib/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...BROWSER_TESTS],
        },
      },
      // Only runs (and only sets Chromium up) when one of its files is selected.
      { extends: true, test: { name: 'browser', include: BROWSER_TESTS, globalSetup: ['test/setup/chromium.ts'] } },
    ],
  },
});
