#!/usr/bin/env node
// The settlekit command: the compiled JavaScript in dist/ (`npm run build`, run by `prepare` on `npm ci`).
// From the TypeScript sources, without a build: `npx tsx runner/cli/main.ts …` (or `npm run settlekit -- …`).
import { setFlagsFromString } from 'node:v8';

// A run keeps every exchange for its report while requests are in flight, which V8 reads as a reason to grow the
// young generation to its maximum (32 MB more resident memory for no gain here). Keeping it at its initial size is a
// setting V8 reads whenever it would grow it, so it applies from here on. This process is the command's own: the
// programmatic API (`import 'settlekit'`) leaves its host's V8 alone.
setFlagsFromString('--semi-space-growth-factor=1');

let cli;
try {
  cli = await import('../dist/runner/cli/main.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/runner/cli/main.js')) throw error;
  process.stderr.write('SETTLEKIT_E_USAGE: settlekit is not built (no dist/runner/cli/main.js)\n  hint: run `npm run build` in the settlekit checkout.\n');
  process.exit(2);
}
process.exitCode = await cli.main(process.argv.slice(2));
