/**
 * The package as a user gets it: `npm pack` (which runs the build, `prepare`), the tarball unpacked into an empty
 * project's node_modules the way npm installs it — with only the kit's production dependencies beside it, linked from
 * this checkout's node_modules, so no network is needed and no development tool (tsx, typescript) is in reach — and
 * there: `npx settlekit run` on the embedded simulator, the documented exports, and a TypeScript file that uses the
 * public API type-checked against the emitted declarations under `moduleResolution: node16` and `bundler`.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Symbol as TsSymbol } from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIT_ROOT, KIT_VERSION } from '../../runner/paths.ts';
import { installPackedKit, type PackedProject, type PackResult } from '../helpers/packed-kit.ts';

const run = promisify(execFile);

/** The public API, as a TypeScript user writes against it. */
const CONSUMER = `import { runConformance, loadProject, ERRORS, SettlekitError, KIT_VERSION, type RunOutcome, type RunReport, type ScenarioResult, type ErrorCode } from 'settlekit';
import { createSimulator, createSequentialIds, SettlekitError as SimulatorError, VirtualClock, type Clock, type Facade, type FacadeFactory, type Ledger, type Simulator, type SimulatorOptions } from 'settlekit/simulator';

const clock: Clock = new VirtualClock(Date.UTC(2026, 0, 1));
const echo: FacadeFactory = (context) => ({ name: 'echo', paths: ['/echo'], handle: (ctx) => ctx.sendJson(200, { now: context.clock.now() }) }) satisfies Facade;
const options: SimulatorOptions = { merchantId: 'my_merchant', clock, ids: createSequentialIds('t'), facades: [echo], closeTimeoutMs: 100 };
const simulator: Simulator = createSimulator(options);
const ledger: Ledger = simulator.ledger;
simulator.reset();
try {
  createSimulator({ seed: 'x', startTime: new Date(0) });
} catch (error) {
  // The one class, whichever entry it is imported from.
  if (error instanceof SimulatorError && error instanceof SettlekitError) console.log(error.code satisfies ErrorCode, error.hint);
}
// @ts-expect-error: a key is a string
createSimulator({ publicKey: 42 });
const url: string = await simulator.listen(0);
console.log(ledger.braintree.all().length);
const outcome: RunOutcome = await runConformance({ target: url, suites: ['braintree'], reporters: ['json'], outputDir: 'out' });
const report: RunReport = outcome.report;
const first: ScenarioResult | undefined = report.scenarios[0];
const code: ErrorCode = 'SETTLEKIT_E_USAGE';
const hint: string = ERRORS[code].hint;
const project = await loadProject('scenarios');
console.log(KIT_VERSION, first?.status, hint, project.suites.length, new SettlekitError(code, 'x').code);
await simulator.close();
// @ts-expect-error: the exit code is a number
const wrong: string = outcome.exitCode;
void wrong;
`;

describe('the npm package', () => {
  let kit: PackedProject;
  let project: string;
  let packed: PackResult;

  beforeAll(async () => {
    kit = await installPackedKit();
    ({ project, packed } = kit);
  }, 300_000);

  afterAll(async () => {
    await kit?.remove();
  });

  it('holds the build, the bundled suites and specs, README and LICENSE, and no test, fixture, benchmark or source', () => {
    const files = packed.files.map((f) => f.path);
    for (const file of ['package.json', 'README.md', 'LICENSE', 'bin/settlekit.js', 'dist/runner/index.js', 'dist/runner/index.d.ts', 'dist/simulator/index.js', 'dist/simulator/index.d.ts', 'dist/load-cache.json', 'dist/file-validators.cjs', 'dist/reports/html/client.js', 'dist/reports/html/styles.css', 'specs/scenario.schema.json', 'specs/report.schema.json', 'scenarios/braintree/suite.yaml']) {
      expect(files).toContain(file);
    }
    const unwanted = files.filter((f) => /(^|\/)(test|tests|bench|fixtures|scripts|node_modules)\//.test(f) || /\.test\.[jt]s$/.test(f) || (/\.ts$/.test(f) && !f.endsWith('.d.ts')));
    expect(unwanted).toEqual([]);
  });

  it('`npx settlekit run` passes on the embedded simulator, from the compiled JavaScript', async () => {
    const env = { ...process.env, CI: 'true', NO_COLOR: '1', PACT_DO_NOT_TRACK: 'true' };
    const version = await run('npx', ['--no', '--', 'settlekit', '--version'], { cwd: project, env });
    expect(version.stdout.trim()).toBe(KIT_VERSION);
    const result = await run('npx', ['--no', '--', 'settlekit', 'run', '--output', 'report'], { cwd: project, env, maxBuffer: 64 * 1024 * 1024 });
    expect(result.stdout).toMatch(/^CONFORMANT$/m);
    const report = JSON.parse(await readFile(join(project, 'report', 'report.json'), 'utf8')) as { summary: { scenarios: { total: number; failed: number; errored: number } }; target: { embedded: boolean } };
    expect(report.target.embedded).toBe(true);
    expect(report.summary.scenarios.total).toBeGreaterThan(100);
    expect(report.summary.scenarios.failed + report.summary.scenarios.errored).toBe(0);
    expect((await readdir(join(project, 'report'))).sort()).toEqual(['index.html', 'junit.xml', 'report.json']);
    // The HTML report inlines the script the build bundled (the package has no esbuild to bundle it with).
    const script = await readFile(join(project, 'node_modules', 'settlekit', 'dist', 'reports', 'html', 'client.js'), 'utf8');
    expect(await readFile(join(project, 'report', 'index.html'), 'utf8')).toContain(`<script>${script}</script>`);
  }, 180_000);

  it('exports the programmatic API, the simulator, the fuzzer and the Pact tools', async () => {
    const script = `
      const kit = await import('settlekit');
      const sim = await import('settlekit/simulator');
      const fuzz = await import('settlekit/fuzz');
      const pact = await import('settlekit/pact');
      const { version } = (await import('settlekit/package.json', { with: { type: 'json' } })).default;
      console.log(JSON.stringify({
        kit: Object.keys(kit).filter((k) => typeof kit[k] === 'function').sort(),
        sim: ['createSimulator', 'createSequentialIds', 'VirtualClock'].filter((k) => typeof sim[k] === 'function'),
        fuzz: ['runFuzz', 'searchSuite', 'writeFoundScenario'].filter((k) => typeof fuzz[k] === 'function'),
        pact: ['exportPacts', 'verifyPacts', 'settlekitStateHandlers', 'settlekitVerifierOptions'].filter((k) => typeof pact[k] === 'function'),
        version, kitVersion: kit.KIT_VERSION, errors: Object.keys(kit.ERRORS).length,
      }));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: project });
    const found = JSON.parse(stdout) as { kit: string[]; sim: string[]; fuzz: string[]; pact: string[]; version: string; kitVersion: string; errors: number };
    expect(found.kit).toEqual(expect.arrayContaining(['runConformance', 'loadProject', 'planScenarios', 'buildReport', 'assertReachable', 'checkTargetUrl', 'SettlekitError', 'SettlekitErrorList']));
    expect(found.sim).toEqual(['createSimulator', 'createSequentialIds', 'VirtualClock']);
    expect(found.fuzz).toEqual(['runFuzz', 'searchSuite', 'writeFoundScenario']);
    expect(found.pact).toEqual(['exportPacts', 'verifyPacts', 'settlekitStateHandlers', 'settlekitVerifierOptions']);
    expect(found.kitVersion).toBe(found.version);
    expect(found.errors).toBeGreaterThan(10);
  });

  it("runs the README's examples of the simulator as a library (a merchant's tests, with the official SDK and with fetch)", async () => {
    const readme = await readFile(join(KIT_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## The simulator as a library'), readme.indexOf('## Writing scenarios'));
    const examples = [...section.matchAll(/```js\n\/\/ ([\w-]+\.test\.mjs)[\s\S]*?```/g)].map((m) => ({ file: m[1]!, text: m[0].slice('```js\n'.length, -3) }));
    expect(examples.map((e) => e.file)).toEqual(['checkout.test.mjs', 'worldpay.test.mjs']);
    for (const { file, text } of examples) await writeFile(join(project, file), text);
    // The merchant's own dependency, not the kit's.
    await kit.linkDependency('braintree');
    const tests = examples.reduce((n, e) => n + (e.text.match(/^test\(/gm)?.length ?? 0), 0);
    const { stdout } = await run(process.execPath, ['--test', '--test-reporter=tap', ...examples.map((e) => e.file)], { cwd: project });
    expect(stdout).toMatch(new RegExp(`^# pass ${tests}$`, 'm'));
    expect(stdout).toMatch(/^# fail 0$/m);
  }, 60_000);

  it('documents every export of settlekit/simulator, and the members of what a merchant holds, in the declarations (TSDoc on hover)', async () => {
    const { default: ts } = await import('typescript');
    const entry = join(project, 'node_modules', 'settlekit', 'dist', 'simulator', 'index.d.ts');
    const program = ts.createProgram([entry], { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16, strict: true, types: [] });
    const checker = program.getTypeChecker();
    const documented = (symbol: TsSymbol): boolean => ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() !== '';
    const undocumented: string[] = [];
    const held = new Set(['Simulator', 'SimulatorOptions', 'SimulatorContext', 'RequestContext', 'Facade', 'VirtualClock', 'Clock', 'SettlekitError']);
    const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(entry)!)!);
    for (const exported of exports) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      if (!documented(symbol)) undocumented.push(exported.name);
      if (!held.has(exported.name)) continue;
      for (const member of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol))) {
        if (!member.name.startsWith('#') && !documented(member) && !(exported.name === 'SettlekitError' && ['name', 'message', 'stack', 'cause'].includes(member.name))) undocumented.push(`${exported.name}.${member.name}`);
      }
    }
    expect(exports.map((e) => e.name)).toEqual(expect.arrayContaining(['createSimulator', 'SimulatorOptions', 'VirtualClock', 'Ledger', 'Facade', 'SettlekitError', 'createSequentialIds']));
    expect(undocumented).toEqual([]);
  }, 60_000);

  it.each([
    ['node16', { module: 'node16', moduleResolution: 'node16' }],
    ['bundler', { module: 'esnext', moduleResolution: 'bundler' }],
  ])('type-checks a consumer against the declarations with moduleResolution %s', async (name, resolution) => {
    const dir = join(project, `ts-${name}`);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'consumer.ts'), CONSUMER);
    // No skipLibCheck: the emitted declarations themselves are checked too. @types/node is what a Node project has.
    const tsconfig = { compilerOptions: { target: 'ES2022', strict: true, noEmit: true, types: ['node'], typeRoots: [join(KIT_ROOT, 'node_modules', '@types')], ...resolution }, files: ['consumer.ts'] };
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
    const tsc = join(KIT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await run(process.execPath, [tsc, '-p', dir]).then(
      () => ({ code: 0, output: '' }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? 1, output: `${error.stdout ?? ''}${error.stderr ?? ''}` }),
    );
    expect(result).toEqual({ code: 0, output: '' });
  }, 120_000);
});
