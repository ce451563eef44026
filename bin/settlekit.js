#!/usr/bin/env node
// The settlekit command: the compiled JavaScript in dist/ (`npm run build`, run by `prepare` on `npm ci`).
// From the TypeScript sources, without a build: `npx tsx runner/cli/main.ts …` (or `npm run settlekit -- …`).
import { setFlagsFromString } from 'node:v8';

// Two V8 settings for this process, the command's own (the programmatic API, `import 'settlekit'`, leaves its host's V8
// alone); V8 reads each when it next needs it, so they apply from here on:
// - A run keeps every exchange for its report while requests are in flight, which V8 reads as a reason to grow the
//   young generation: measured on the default run, 100 MB of peak resident memory instead of 82, for about 5% less
//   CPU time. Keeping it at its initial size is the better trade for a command that runs a second or two.
setFlagsFromString('--semi-space-growth-factor=1');
// - undici parses HTTP with llhttp compiled to WebAssembly. Once the parser is hot, V8 recompiles it with its
//   optimizing compiler, whose work on llhttp's one huge function needs about 30 MB for a moment — the peak of a
//   whole default run — on a background thread, for a parser that is not where a run's time goes. Its baseline
//   code (Liftoff) parses as fast here, measured, and uses less CPU overall.
setFlagsFromString('--liftoff-only');

let cli;
try {
  cli = await import('../dist/runner/cli/main.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/runner/cli/main.js')) throw error;
  process.stderr.write('SETTLEKIT_E_USAGE: settlekit is not built (no dist/runner/cli/main.js)\n  hint: run `npm run build` in the settlekit checkout.\n');
  process.exit(2);
}
process.exitCode = await cli.main(process.argv.slice(2));
