import { configDefaults, defineConfig } from 'vitest/config';

/** The tests that open reports in headless Chromium; their project's global setup installs it when it is missing. */
const BROWSER_TESTS = ['test/reports/html/browser.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { PACT_DO_NOT_TRACK: 'true', NO_COLOR: '1' },
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
