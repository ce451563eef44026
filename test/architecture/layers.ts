/**
 * settlekit's import rules (docs/ARCHITECTURE.md, "Layout and layers") as data, checked against an
 * {@link ImportGraph}. Between folders: `lib/` imports nothing of ours; `simulator/` only `lib/`; `reports/` only
 * `lib/` and *types* of `runner/model/`; `runner/model/` (the types every layer shares) only `lib/`; the runner reaches
 * the simulator through its public entry `simulator/index.ts` only; no product code imports tests or benchmarks.
 * Inside the simulator, one way: `index.ts` → `http/server.ts` → `http/<api>/` façades → `http/plumbing/` →
 * `models/state.ts` → `models/<api>/` vendor models → `ledger/` (the generic ledger); a façade never imports another.
 * Rules name folders, not files, so new modules and folders (e.g. `runner/pact/`) are covered as they appear.
 */
import type { ImportEdge, ImportGraph } from './import-graph.ts';

/** An import that breaks a rule, and the rule. */
export interface Violation {
  readonly edge: ImportEdge;
  readonly rule: string;
}

const within = (path: string, folder: string): boolean => path.startsWith(`${folder}/`);
const isTest = (path: string): boolean => /\.test\.[mc]?[jt]sx?$/.test(path);

/** The product's folders: what users run. Tests and benchmarks may import anything of them. */
const PRODUCT = ['bin', 'lib', 'reports', 'runner', 'simulator'];

/** A module's place in the simulator's layering: higher ranks may import lower ones. */
interface SimulatorLayer {
  readonly name: string;
  readonly rank: number;
  /** Modules of the same rank may import each other only within one unit (one façade's folder). */
  readonly unit?: string;
}

/** The simulator layer of a module of simulator/, or `undefined` for a place the layering does not know. */
export function simulatorLayer(path: string): SimulatorLayer | undefined {
  const parts = path.split('/');
  if (parts[0] !== 'simulator') return undefined;
  if (parts.length === 2) return parts[1] === 'index.ts' ? { name: 'the public entry simulator/index.ts', rank: 6 } : undefined;
  switch (parts[1]) {
    case 'ledger':
      return { name: 'the generic ledger (simulator/ledger/)', rank: 0 };
    case 'models':
      // models/<api>/ hold one vendor model each; models/state.ts (and the folder's index) put them together.
      return parts.length === 3 ? { name: 'the state (simulator/models/*.ts)', rank: 2 } : { name: 'the vendor models (simulator/models/<api>/)', rank: 1 };
    case 'http':
      if (parts.length === 3) return parts[2]?.startsWith('server.') ? { name: 'the server (simulator/http/server.ts)', rank: 5 } : undefined;
      if (parts[2] === 'plumbing') return { name: 'the HTTP plumbing (simulator/http/plumbing/)', rank: 3 };
      return { name: 'a façade (simulator/http/<api>/)', rank: 4, unit: parts[2] as string };
    default:
      return undefined;
  }
}

/** One rule: which imports it constrains and which of them it allows. */
interface Rule {
  readonly rule: string;
  readonly applies: (edge: ImportEdge) => boolean;
  readonly allows: (edge: ImportEdge) => boolean;
}

const RULES: readonly Rule[] = [
  {
    rule: 'product code (bin/, lib/, reports/, runner/, simulator/) imports no test or benchmark',
    applies: (e) => PRODUCT.some((f) => within(e.from, f)) && !isTest(e.from),
    allows: (e) => PRODUCT.some((f) => within(e.to, f)),
  },
  {
    rule: 'lib/ imports nothing of ours',
    applies: (e) => within(e.from, 'lib'),
    allows: (e) => within(e.to, 'lib'),
  },
  {
    rule: 'simulator/ imports only lib/',
    applies: (e) => within(e.from, 'simulator'),
    allows: (e) => within(e.to, 'simulator') || within(e.to, 'lib'),
  },
  {
    rule: 'reports/ imports only lib/ and types (import type) of runner/model/',
    applies: (e) => within(e.from, 'reports'),
    allows: (e) => within(e.to, 'reports') || within(e.to, 'lib') || (within(e.to, 'runner/model') && e.typeOnly),
  },
  {
    rule: 'runner/model/ (the types every layer shares) imports only lib/',
    applies: (e) => within(e.from, 'runner/model'),
    allows: (e) => within(e.to, 'runner/model') || within(e.to, 'lib'),
  },
  {
    rule: 'the runner uses the simulator through its public entry simulator/index.ts only',
    applies: (e) => within(e.from, 'runner') && within(e.to, 'simulator'),
    allows: (e) => e.to === 'simulator/index.ts',
  },
  {
    rule: 'every module of simulator/ belongs to a layer: index.ts, http/server.ts, http/<api>/, http/plumbing/, models/, ledger/',
    applies: (e) => within(e.from, 'simulator') && within(e.to, 'simulator'),
    allows: (e) => simulatorLayer(e.from) !== undefined && simulatorLayer(e.to) !== undefined,
  },
  {
    rule: 'inside the simulator imports run one way: server → façades → plumbing → state → models → ledger, and no façade imports another',
    applies: (e) => simulatorLayer(e.from) !== undefined && simulatorLayer(e.to) !== undefined,
    allows: (e) => {
      const from = simulatorLayer(e.from) as SimulatorLayer;
      const to = simulatorLayer(e.to) as SimulatorLayer;
      return to.rank < from.rank || (to.rank === from.rank && from.unit === to.unit);
    },
  },
];

/** Every import of `graph` that breaks a rule (an import breaking several rules is listed once per rule). */
export function layerViolations(graph: ImportGraph): Violation[] {
  const out: Violation[] = [];
  for (const edge of graph.edges) for (const { rule, applies, allows } of RULES) if (applies(edge) && !allows(edge)) out.push({ edge, rule });
  return out;
}

/** A violation as one line: `from:line → to (type-only) — rule`. */
export function describeViolation({ edge, rule }: Violation): string {
  return `${edge.from}:${edge.line} → ${edge.to}${edge.typeOnly ? ' (type-only)' : ''} — ${rule}`;
}
