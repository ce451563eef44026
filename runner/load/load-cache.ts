/**
 * How the loader reads its files, and the load cache that makes reading the bundled suites cheap.
 *
 * The build (scripts/build.ts) loads the bundled suites once through {@link recordLoadCache}, which parses every file
 * exactly as a run does and writes `dist/load-cache.json`: for each file, keyed by the SHA-256 of its text, its parsed
 * value, the source positions that successful load asked for, and the schema it passed. At run time the default
 * reader looks each file's text up there. A hit parses no YAML and compiles no schema; a miss — a file edited since
 * the build, or the user's own suites — is parsed and checked as usual, and so is any position the cache did not
 * record (error positions are only asked for when something is wrong). Keys are contents, not paths, so a stale cache
 * can only be slower, never wrong; a cache built against other schema files is used for values and positions, never
 * for validity.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourcePosition } from '../model/scenario.ts';
import { KIT_ROOT } from '../paths.ts';
import { schemaFileOf, type FileKind } from './schema-check.ts';
import { parseYamlSource, parseYamlValue, readYamlText, type YamlSource } from './yaml-source.ts';

/** How the loader reads files: {@link parsingReader}, {@link cachedReader}, or the recorder of {@link recordLoadCache}. */
export interface FileReader {
  /** Reads and parses a suite, rule catalogue or scenario file (errors as {@link readYamlSource} throws them). */
  yaml(file: string, displayName: string, kind: FileKind): Promise<YamlSource>;
  /** Reads and parses a plain YAML document (an OpenAPI document), without positions; throws the parser's error. */
  document(file: string): unknown;
}

/** One file of the cache. */
interface CacheEntry {
  readonly value: unknown;
  /** The schema the text passed when the cache was built. */
  readonly valid?: FileKind;
  /** Positions asked for at build time, by {@link positionKey}: `[line, column]`. */
  readonly positions?: Readonly<Record<string, readonly [number, number]>>;
}

/** The contents of `dist/load-cache.json`. */
export interface LoadCacheData {
  readonly format: 1;
  /** SHA-256 of each schema file the `valid` marks were checked against. */
  readonly schemas: Readonly<Partial<Record<FileKind, string>>>;
  /** By SHA-256 of the file's text. */
  readonly entries: Readonly<Record<string, CacheEntry>>;
}

/** Where the build writes the cache of the bundled suites. */
export const LOAD_CACHE_FILE = join(KIT_ROOT, 'dist', 'load-cache.json');

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const positionKey = (path: readonly (string | number)[], at: 'key' | 'value'): string => JSON.stringify([at, ...path]);

/** Reads every file from disk and parses it, positions kept: what a load without any cache does. */
export const parsingReader: FileReader = {
  yaml: async (file, displayName) => parseYamlSource(await readYamlText(file, displayName), displayName),
  document: (file) => parseYamlValue(readFileSync(file, 'utf8')),
};

/** A reader that takes what `data` holds and parses the rest (see the module comment). */
export function cachedReader(data: LoadCacheData): FileReader {
  const schemaCurrent = new Map<FileKind, boolean>();
  // Validity marks count only while the schema file is the one they were checked against.
  const current = (kind: FileKind): boolean => {
    let same = schemaCurrent.get(kind);
    if (same === undefined) {
      try {
        same = data.schemas[kind] === sha256(readFileSync(schemaFileOf(kind), 'utf8'));
      } catch {
        same = false;
      }
      schemaCurrent.set(kind, same);
    }
    return same;
  };
  return {
    async yaml(file, displayName, kind) {
      const text = await readYamlText(file, displayName);
      const entry = data.entries[sha256(text)];
      if (!entry) return parseYamlSource(text, displayName);
      let exact: YamlSource | undefined;
      return {
        file: displayName,
        value: entry.value,
        ...(entry.valid === kind && current(kind) ? { knownValid: kind } : {}),
        positionOf(path, at = 'value'): SourcePosition {
          const known = entry.positions?.[positionKey(path, at)];
          if (known) return { file: displayName, line: known[0], column: known[1] };
          exact ??= parseYamlSource(text, displayName);
          return exact.positionOf(path, at);
        },
      };
    },
    document(file) {
      const text = readFileSync(file, 'utf8');
      const entry = data.entries[sha256(text)];
      return entry ? entry.value : parseYamlValue(text);
    },
  };
}

let bundled: FileReader | undefined;

/** The default reader: {@link cachedReader} over the build's cache when there is one, else {@link parsingReader}. */
export function defaultReader(): FileReader {
  if (!bundled) {
    let data: LoadCacheData | undefined;
    try {
      data = JSON.parse(readFileSync(LOAD_CACHE_FILE, 'utf8')) as LoadCacheData;
    } catch {
      // No build (running from the sources) or an unreadable cache: everything is parsed.
    }
    bundled = data?.format === 1 ? cachedReader(data) : parsingReader;
  }
  return bundled;
}

/** True when `value` survives JSON unchanged (the cache is JSON): no -0, non-finite numbers, or `__proto__` keys. */
function isJsonExact(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(isJsonExact);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return !Object.hasOwn(value, '__proto__') && Object.values(value).every(isJsonExact);
  }
  return false;
}

/**
 * Loads the suites below `root` through `load` (normally `(reader) => loadProject(root, { reader })`) with a
 * recording reader, and returns the cache of every file it read. Throws what the load throws: only a project that
 * loads cleanly is cached, so every file in it passed its schema.
 */
export async function recordLoadCache(load: (reader: FileReader) => Promise<unknown>): Promise<LoadCacheData> {
  const recorded = new Map<string, { value: unknown; kind?: FileKind; positions: Record<string, [number, number]> }>();
  const reader: FileReader = {
    async yaml(file, displayName, kind) {
      const text = await readYamlText(file, displayName);
      const source = parseYamlSource(text, displayName);
      const entry = { value: source.value, kind, positions: {} as Record<string, [number, number]> };
      recorded.set(sha256(text), entry);
      return {
        file: source.file,
        value: source.value,
        positionOf(path, at = 'value') {
          const position = source.positionOf(path, at);
          entry.positions[positionKey(path, at)] = [position.line ?? 1, position.column ?? 1];
          return position;
        },
      };
    },
    document(file) {
      const text = readFileSync(file, 'utf8');
      const value = parseYamlValue(text);
      recorded.set(sha256(text), { value, positions: {} });
      return value;
    },
  };
  await load(reader);
  const entries: Record<string, CacheEntry> = {};
  const kinds = new Set<FileKind>();
  for (const [hash, { value, kind, positions }] of recorded) {
    if (!isJsonExact(value)) continue;
    if (kind) kinds.add(kind);
    entries[hash] = { value, ...(kind ? { valid: kind } : {}), ...(Object.keys(positions).length > 0 ? { positions } : {}) };
  }
  const schemas = Object.fromEntries([...kinds].sort().map((kind) => [kind, sha256(readFileSync(schemaFileOf(kind), 'utf8'))]));
  return { format: 1, schemas, entries };
}
