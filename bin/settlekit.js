#!/usr/bin/env node
// The settlekit command: the compiled JavaScript in dist/ (`npm run build`, run by `prepare` on `npm ci`).
// From the TypeScript sources, without a build: `npx tsx runner/cli/main.ts …` (or `npm run settlekit -- …`).
let cli;
try {
  cli = await import('../dist/runner/cli/main.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/runner/cli/main.js')) throw error;
  process.stderr.write('SETTLEKIT_E_USAGE: settlekit is not built (no dist/runner/cli/main.js)\n  hint: run `npm run build` in the settlekit checkout.\n');
  process.exit(2);
}
process.exitCode = await cli.main(process.argv.slice(2));
