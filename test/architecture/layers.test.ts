/**
 * The architecture as a test (issue #13): no module of ours is part of an import cycle — type-only imports count —
 * and every import follows the layer rules of docs/ARCHITECTURE.md (test/architecture/layers.ts). The graph is read
 * with the TypeScript parser over every source file of the project, so new folders are checked as they appear.
 */
import { describe, expect, it } from 'vitest';
import { KIT_ROOT } from '../../runner/paths.ts';
import { buildImportGraph, findCycles, findImports, projectImportGraph } from './import-graph.ts';
import { describeViolation, layerViolations, simulatorLayer } from './layers.ts';

describe("the project's imports", () => {
  const graph = projectImportGraph(KIT_ROOT);

  it('are read from every folder, type-only imports included', () => {
    // A parser that found nothing would pass every check below: make sure the graph is the real one.
    expect(graph.modules.length).toBeGreaterThan(150);
    expect(graph.edges.length).toBeGreaterThan(300);
    const edge = (from: string, to: string) => graph.edges.find((e) => e.from === from && e.to === to);
    expect(edge('simulator/http/braintree/facade.ts', 'simulator/http/plumbing/context.ts')).toMatchObject({ typeOnly: true });
    expect(edge('simulator/http/braintree/facade.ts', 'simulator/http/plumbing/auth.ts')).toMatchObject({ typeOnly: false });
    expect(edge('simulator/index.ts', 'simulator/http/server.ts')).toMatchObject({ typeOnly: false });
    // The runner reaches the simulator somewhere (the CLI, the embedded target), whichever module does it.
    expect(graph.edges.some((e) => e.from.startsWith('runner/') && e.to === 'simulator/index.ts')).toBe(true);
    expect(graph.edges.some((e) => e.typeOnly) && graph.edges.some((e) => !e.typeOnly)).toBe(true);
    for (const folder of ['lib/', 'simulator/', 'runner/', 'reports/', 'test/', 'bench/']) expect(graph.modules.some((m) => m.startsWith(folder))).toBe(true);
  });

  it('form no cycle', () => {
    expect(findCycles(graph).map((cycle) => cycle.join(' ⇄ '))).toEqual([]);
  });

  it('follow the layer rules', () => {
    expect(layerViolations(graph).map(describeViolation)).toEqual([]);
  });

  it('place every module of simulator/ in a layer', () => {
    expect(graph.modules.filter((m) => m.startsWith('simulator/') && !simulatorLayer(m))).toEqual([]);
  });
});

describe('the import reader', () => {
  it('tells type-only imports from value imports', () => {
    const found = findImports(
      'a.ts',
      [
        "import type { A } from './a1.ts';",
        "import { type B, type C } from './a2.ts';",
        "import { type D, e } from './a3.ts';",
        "import f, { type G } from './a4.ts';",
        "import './a5.ts';",
        "export type { H } from './a6.ts';",
        "export { i } from './a7.ts';",
        "export * from './a8.ts';",
        "type J = import('./a9.ts').J;",
        "const k = await import('./a10.ts');",
        "import l = require('./a11.ts');",
      ].join('\n'),
    );
    expect(found.map((f) => [f.specifier, f.typeOnly])).toEqual([
      ['./a1.ts', true],
      ['./a2.ts', true],
      ['./a3.ts', false],
      ['./a4.ts', false],
      ['./a5.ts', false],
      ['./a6.ts', true],
      ['./a7.ts', false],
      ['./a8.ts', false],
      ['./a9.ts', true],
      ['./a10.ts', false],
      ['./a11.ts', false],
    ]);
    expect(found.map((f) => f.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('reads CommonJS require() in JavaScript, and resolves .js written for a .ts source', () => {
    const graph = buildImportGraph(
      new Map([
        ['bin/x.cjs', "const m = require('../runner/y.ts');"],
        ['runner/y.ts', "import { z } from './z.js';"],
        ['runner/z.ts', "import { w } from 'some-package'; import { v } from '../dist/v.js';"],
      ]),
    );
    expect(graph.edges.map((e) => `${e.from}→${e.to}`)).toEqual(['bin/x.cjs→runner/y.ts', 'runner/y.ts→runner/z.ts']);
    expect(graph.unresolved).toEqual([{ from: 'runner/z.ts', specifier: '../dist/v.js' }]);
  });
});

describe('the cycle check', () => {
  it('finds a cycle made only of type imports, in any folder, and nothing in an acyclic graph', () => {
    const graph = buildImportGraph(
      new Map([
        ['runner/pact/a.ts', "import type { B } from './b.ts';"],
        ['runner/pact/b.ts', "import type { C } from '../fuzz/c.ts';"],
        ['runner/fuzz/c.ts', "import type { A } from '../pact/a.ts'; import { d } from './d.ts';"],
        ['runner/fuzz/d.ts', ''],
        ['lib/self.ts', "export type { S } from './self.ts';"],
      ]),
    );
    expect(findCycles(graph)).toEqual([['lib/self.ts'], ['runner/fuzz/c.ts', 'runner/pact/a.ts', 'runner/pact/b.ts']]);
    expect(findCycles(buildImportGraph(new Map([['a/x.ts', "import './y.ts';"], ['a/y.ts', '']])))).toEqual([]);
  });
});

describe('the layer rules', () => {
  const violations = (files: Record<string, string>) => layerViolations(buildImportGraph(new Map(Object.entries(files)))).map((v) => `${v.edge.from}→${v.edge.to}: ${v.rule}`);

  it('keep lib/ free of our other folders', () => {
    expect(violations({ 'lib/a.ts': "import { b } from '../runner/b.ts';", 'runner/b.ts': '' })).toEqual(['lib/a.ts→runner/b.ts: lib/ imports nothing of ours']);
  });

  it('keep the simulator off the runner and the reports', () => {
    expect(violations({ 'simulator/ledger/a.ts': "import type { B } from '../../runner/model/b.ts';", 'runner/model/b.ts': '' })).toEqual([
      'simulator/ledger/a.ts→runner/model/b.ts: simulator/ imports only lib/',
    ]);
  });

  it('let reports/ import types of runner/model/ only', () => {
    expect(
      violations({
        'reports/a.ts': "import type { M } from '../runner/model/m.ts'; import { n } from '../runner/model/n.ts'; import type { E } from '../runner/execute/e.ts';",
        'runner/model/m.ts': '',
        'runner/model/n.ts': '',
        'runner/execute/e.ts': '',
      }),
    ).toEqual([
      'reports/a.ts→runner/model/n.ts: reports/ imports only lib/ and types (import type) of runner/model/',
      'reports/a.ts→runner/execute/e.ts: reports/ imports only lib/ and types (import type) of runner/model/',
    ]);
  });

  it('let the runner reach the simulator through simulator/index.ts only', () => {
    expect(
      violations({
        'runner/pact/a.ts': "import { createSimulator } from '../../simulator/index.ts'; import { X } from '../../simulator/http/server.ts';",
        'simulator/index.ts': '',
        'simulator/http/server.ts': '',
      }),
    ).toEqual(['runner/pact/a.ts→simulator/http/server.ts: the runner uses the simulator through its public entry simulator/index.ts only']);
  });

  it('keep tests and benchmarks out of product code, and let tests import anything', () => {
    expect(
      violations({
        'runner/a.ts': "import { h } from '../test/helpers/h.ts';",
        'runner/a.test.ts': "import { h } from '../test/helpers/h.ts';",
        'test/helpers/h.ts': "import { s } from '../../simulator/http/server.ts';",
        'simulator/http/server.ts': '',
      }),
    ).toEqual(['runner/a.ts→test/helpers/h.ts: product code (bin/, lib/, reports/, runner/, simulator/) imports no test or benchmark']);
  });

  it('run one way inside the simulator: no façade imports the server or another façade, no model the HTTP layer', () => {
    const rule = 'inside the simulator imports run one way: server → façades → plumbing → state → models → ledger, and no façade imports another';
    expect(
      violations({
        'simulator/http/server.ts': "import './braintree/facade.ts';",
        'simulator/http/braintree/facade.ts': "import '../server.ts'; import '../worldpay-payments/links.ts'; import './render.ts'; import '../plumbing/auth.ts';",
        'simulator/http/braintree/render.ts': '',
        'simulator/http/worldpay-payments/links.ts': '',
        'simulator/http/plumbing/auth.ts': "import type { R } from '../server.ts';",
        'simulator/models/braintree/transactions.ts': "import type { C } from '../../http/plumbing/auth.ts'; import '../state.ts'; import '../../ledger/clock.ts';",
        'simulator/models/state.ts': "import '../http/plumbing/auth.ts';",
        'simulator/ledger/clock.ts': "import '../models/braintree/transactions.ts';",
      }),
    ).toEqual([
      `simulator/http/braintree/facade.ts→simulator/http/server.ts: ${rule}`,
      `simulator/http/braintree/facade.ts→simulator/http/worldpay-payments/links.ts: ${rule}`,
      `simulator/http/plumbing/auth.ts→simulator/http/server.ts: ${rule}`,
      `simulator/models/braintree/transactions.ts→simulator/http/plumbing/auth.ts: ${rule}`,
      `simulator/models/braintree/transactions.ts→simulator/models/state.ts: ${rule}`,
      `simulator/models/state.ts→simulator/http/plumbing/auth.ts: ${rule}`,
      `simulator/ledger/clock.ts→simulator/models/braintree/transactions.ts: ${rule}`,
    ]);
  });

  it('refuse a simulator module outside the known layers', () => {
    expect(violations({ 'simulator/extra/a.ts': "import '../ledger/b.ts';", 'simulator/ledger/b.ts': '' })).toEqual([
      'simulator/extra/a.ts→simulator/ledger/b.ts: every module of simulator/ belongs to a layer: index.ts, http/server.ts, http/<api>/, http/plumbing/, models/, ledger/',
    ]);
  });
});
