/**
 * The project's import graph, read with the TypeScript compiler's parser (no type checking, no module resolution
 * beyond relative paths): every `import`, `import type`, `export … from`, `import x = require()`, `import()` call,
 * `import('…').Type` and CommonJS `require()` with a literal specifier, each marked type-only or not. Packages
 * (non-relative specifiers) are not part of the graph; a relative specifier naming a file that does not exist (e.g.
 * `dist/` before a build) is kept aside as unresolved.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, posix, relative, sep } from 'node:path';
import ts from 'typescript';

/** One import of one module. */
export interface ImportEdge {
  /** The importing module, relative to the project root, `/`-separated. */
  readonly from: string;
  /** The imported module, same form. */
  readonly to: string;
  /** True when erased at compile time (`import type`, every named binding `type`, `import('…').T`). */
  readonly typeOnly: boolean;
  /** 1-based line of the import in `from`. */
  readonly line: number;
}

/** The graph: modules and their imports of each other. */
export interface ImportGraph {
  readonly modules: readonly string[];
  readonly edges: readonly ImportEdge[];
  /** Relative specifiers that name no file of the set: `from` and the specifier. */
  readonly unresolved: readonly { readonly from: string; readonly specifier: string }[];
}

const SOURCE_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs']);
/** Folders that hold no source of ours (dependencies, build output, generated reports). */
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'coverage', 'settlekit-report', 'test-results', 'pacts', 'reports-out']);

/** Every source file under `root` (skipping dependencies, build output and dot-folders), relative and `/`-separated. */
export function listSourceFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(path);
      } else if (entry.isFile() && SOURCE_EXTENSIONS.has(extname(entry.name))) {
        out.push(relative(root, path).split(sep).join('/'));
      }
    }
  };
  walk(root);
  return out.sort();
}

/** Reads the files of {@link listSourceFiles} into a map of path → text. */
export function readSources(root: string): Map<string, string> {
  return new Map(listSourceFiles(root).map((file) => [file, readFileSync(join(root, file), 'utf8')]));
}

/** A specifier found in one module. */
interface Found {
  readonly specifier: string;
  readonly typeOnly: boolean;
  readonly line: number;
}

/** Every import specifier of one module's text. */
export function findImports(fileName: string, text: string): Found[] {
  const kind = /\.[mc]?js$/.test(fileName) ? ts.ScriptKind.JS : fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind);
  const found: Found[] = [];
  const add = (literal: ts.Node | undefined, typeOnly: boolean): void => {
    if (!literal || !ts.isStringLiteralLike(literal)) return;
    found.push({ specifier: literal.text, typeOnly, line: source.getLineAndCharacterOfPosition(literal.getStart(source)).line + 1 });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      // `import { type A, type B } from` is erased like `import type`; `import {} from` and `import 'x'` are not.
      const allNamedTypes = !!bindings && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
      add(node.moduleSpecifier, !!clause && (clause.isTypeOnly || (!clause.name && allNamedTypes)));
    } else if (ts.isExportDeclaration(node)) {
      const clause = node.exportClause;
      const allNamedTypes = !!clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
      add(node.moduleSpecifier, node.isTypeOnly || allNamedTypes);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, true);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(callee) && callee.text === 'require' && node.arguments.length === 1;
      if (isImport || isRequire) add(node.arguments[0], false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Where a relative specifier of `from` points within `files`, or `undefined`. */
function resolve(from: string, specifier: string, files: ReadonlySet<string>): string | undefined {
  const target = posix.normalize(posix.join(posix.dirname(from), specifier));
  if (files.has(target)) return target;
  // A build may rewrite `.ts` to `.js`: `./x.js` written in a source stands for `./x.ts`.
  const asTs = target.replace(/\.([mc]?)js$/, '.$1ts');
  return files.has(asTs) ? asTs : undefined;
}

/** The import graph of a set of modules (path → text); only relative specifiers make edges. */
export function buildImportGraph(sources: ReadonlyMap<string, string>): ImportGraph {
  const files = new Set(sources.keys());
  const edges: ImportEdge[] = [];
  const unresolved: { from: string; specifier: string }[] = [];
  for (const [from, text] of sources) {
    for (const found of findImports(from, text)) {
      if (!found.specifier.startsWith('./') && !found.specifier.startsWith('../')) continue;
      const to = resolve(from, found.specifier, files);
      if (to === undefined) unresolved.push({ from, specifier: found.specifier });
      else edges.push({ from, to, typeOnly: found.typeOnly, line: found.line });
    }
  }
  return { modules: [...files].sort(), edges, unresolved };
}

/** The import graph of the project at `root`. */
export function projectImportGraph(root: string): ImportGraph {
  return buildImportGraph(readSources(root));
}

/**
 * The import cycles of a graph, type-only imports included (a cycle of types still ties the modules together): the
 * strongly connected components with more than one module, or one module importing itself (Tarjan's algorithm).
 * Each cycle is listed with its modules in path order.
 */
export function findCycles(graph: ImportGraph): string[][] {
  const next = new Map<string, string[]>();
  for (const edge of graph.edges) next.set(edge.from, [...(next.get(edge.from) ?? []), edge.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let counter = 0;
  const connect = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const to of next.get(node) ?? []) {
      if (!index.has(to)) {
        connect(to);
        low.set(node, Math.min(low.get(node) as number, low.get(to) as number));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node) as number, index.get(to) as number));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (next.get(node) ?? []).includes(node)) cycles.push(component.sort());
  };
  for (const module of graph.modules) if (!index.has(module)) connect(module);
  return cycles;
}
