/**
 * YAML files read with their source positions kept, so every later problem — a schema violation, an unknown
 * operation, a capture used too early — can name `file:line:col`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { Document, Node } from 'yaml';
import { SettlekitError } from '../../lib/errors.ts';
import type { SourcePosition } from '../model/scenario.ts';
import { parseFast } from './fast-yaml.ts';

/** The kinds of file a user writes, each checked against its JSON Schema in specs/ (see schema-check.ts). */
export type FileKind = 'scenario' | 'suite' | 'rules' | 'profile' | 'waivers';

/** A parsed YAML file: its plain value and a way back from a path inside it to its position. */
export interface YamlSource {
  readonly file: string;
  readonly value: unknown;
  /** The position of the node at `path` (or of its key when `at` is 'key'); falls back to the nearest ancestor. */
  positionOf(path: readonly (string | number)[], at?: 'key' | 'value'): SourcePosition;
  /**
   * The schema this exact text is known to satisfy (it was checked when the kit was built, against the same schema
   * files), so checking it again can be skipped. See runner/load/load-cache.ts.
   */
  readonly knownValid?: FileKind;
}

/**
 * The `yaml` library, loaded on first use: loading files the load cache holds parses nothing, so a command that only
 * reads the bundled suites never loads it.
 */
export function yamlLibrary(): typeof Yaml {
  yamlModule ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return yamlModule;
}
let yamlModule: typeof Yaml | undefined;

/** Reads and parses a YAML file; a syntax error becomes a SETTLEKIT_E_YAML_SYNTAX error at its position. */
export async function readYamlSource(file: string, displayName = file): Promise<YamlSource> {
  return parseYamlSource(await readYamlText(file, displayName), displayName);
}

/**
 * Reads a YAML file's text; a file that cannot be read is a SETTLEKIT_E_USAGE error naming it. Read synchronously:
 * scenario files are small and many, and a load has nothing else to do meanwhile, so the thread-pool round trips of
 * an asynchronous read (open, stat, read, close) would cost more than the reads.
 */
export async function readYamlText(file: string, displayName = file): Promise<string> {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new SettlekitError('SETTLEKIT_E_USAGE', `cannot read ${displayName}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      position: { file: displayName },
    });
  }
}

/**
 * Parses YAML text (see {@link readYamlSource}): through the fast path of fast-yaml.ts when it takes the text, else
 * (and always for a syntax error) with the `yaml` library, the reference — same value, same positions.
 */
export function parseYamlSource(text: string, file: string): YamlSource {
  const fast = parseFast(text);
  if (!fast) return parseYamlSourceExact(text, file);
  let lines: number[] | undefined;
  return {
    file,
    value: fast.value,
    positionOf(path, at = 'value') {
      lines ??= lineStarts(text);
      const { line, col } = linePos(lines, fast.offsetOf(path, at));
      return { file, line, column: col };
    },
  };
}

/** The plain value of a YAML document without positions (an OpenAPI document); throws the parser's error. */
export function parseYamlValue(text: string): unknown {
  return parseFast(text)?.value ?? yamlLibrary().parse(text);
}

/** Where each line of `text` starts, as the `yaml` library's LineCounter records them. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The 1-based line and column of `offset`, by the `yaml` library's LineCounter.linePos. */
function linePos(starts: readonly number[], offset: number): { line: number; col: number } {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (starts[mid]! < offset) low = mid + 1;
    else high = mid;
  }
  if (starts[low] === offset) return { line: low + 1, col: 1 };
  if (low === 0) return { line: 0, col: offset };
  return { line: low, col: offset - starts[low - 1]! + 1 };
}

/** Parses YAML text with the `yaml` library (the reference: exact errors, anchors, tags). */
export function parseYamlSourceExact(text: string, file: string): YamlSource {
  const { LineCounter, parseDocument } = yamlLibrary();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const firstError = doc.errors[0];
  if (firstError) {
    const offset = firstError.pos[0];
    const { line, col } = lineCounter.linePos(offset);
    throw new SettlekitError('SETTLEKIT_E_YAML_SYNTAX', firstLine(firstError.message), {
      position: { file, line, column: col },
      hint: yamlHint(firstError.code),
    });
  }
  let value: unknown;
  try {
    // A bounded alias count keeps a "billion laughs" file from eating the machine.
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new SettlekitError('SETTLEKIT_E_YAML_SYNTAX', firstLine((error as Error).message), { position: { file, line: 1, column: 1 } });
  }
  return {
    file,
    value,
    positionOf(path, at = 'value') {
      const offset = offsetOf(doc, path, at);
      const { line, col } = lineCounter.linePos(offset);
      return { file, line, column: col };
    },
  };
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

function yamlHint(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'A key appears twice in the same mapping; keep one.';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'Check the indentation and the punctuation at this position.';
    case 'TAB_AS_INDENT':
      return 'YAML indentation must use spaces, not tabs.';
    default:
      return 'Fix the YAML at the position shown.';
  }
}

/** Walks the document along `path` as far as it goes; returns the start offset of the deepest node reached. */
function offsetOf(doc: Document, path: readonly (string | number)[], at: 'key' | 'value'): number {
  const { isMap, isScalar, isSeq } = yamlLibrary();
  let node: Node | null | undefined = doc.contents as Node | null;
  let best = node?.range?.[0] ?? 0;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(segment));
      if (!pair) break;
      const key = pair.key as Node | null;
      if (last && at === 'key' && key?.range) return key.range[0];
      node = pair.value as Node | null;
      best = node?.range?.[0] ?? key?.range?.[0] ?? best;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)] as Node | undefined;
      if (!item) break;
      node = item;
      best = item.range?.[0] ?? best;
    } else break;
  }
  return best;
}
