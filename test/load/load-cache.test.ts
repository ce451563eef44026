import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SettlekitErrorList } from '../../lib/errors.ts';
import { cachedReader, parsingReader, recordLoadCache, type FileReader, type LoadCacheData } from '../../runner/load/load-cache.ts';
import { loadProject, type Project } from '../../runner/load/load-project.ts';
import { BUNDLED_SCENARIOS_DIR } from '../../runner/paths.ts';
import { copyMini, MINI_ROOT } from '../helpers/mini-fixture.ts';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** What a load produced, as plain data: suites (with every position) and each suite's operations. */
const snapshot = (project: Project): unknown => ({
  suites: project.suites,
  operations: [...project.specs].map(([id, spec]) => [id, spec.listOperations()]),
});

/** A reader that counts how many YAML files it had to parse (the misses of `inner`). */
function counting(inner: FileReader): FileReader & { parsed: () => number } {
  let parsed = 0;
  return {
    parsed: () => parsed,
    async yaml(file, displayName, kind) {
      const source = await inner.yaml(file, displayName, kind);
      if (source.knownValid === undefined) parsed += 1;
      return source;
    },
    document: (file) => inner.document(file),
  };
}

/** The `file:line:col CODE message` lines of a failed load. */
async function loadErrors(root: string, reader: FileReader): Promise<string[]> {
  const error = await loadProject(root, { reader }).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(SettlekitErrorList);
  return (error as SettlekitErrorList).errors.map((e) => `${(e.where ?? '').replace(/^.*\//, '')} ${e.code} ${e.message}`);
}

describe('the load cache', () => {
  let dispose: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await dispose?.();
    dispose = undefined;
  });

  it('loads the bundled suites exactly as parsing them does, positions included, and parses none of them', async () => {
    const data = await recordLoadCache((reader) => loadProject(BUNDLED_SCENARIOS_DIR, { reader }));
    const exact = await loadProject(BUNDLED_SCENARIOS_DIR, { reader: parsingReader });
    const reader = counting(cachedReader(data));
    const cached = await loadProject(BUNDLED_SCENARIOS_DIR, { reader });
    expect(snapshot(cached)).toEqual(snapshot(exact));
    expect(reader.parsed()).toBe(0);
    // Every scenario file, suite and rule catalogue is in it, and marked valid against the current schemas.
    const scenarioCount = exact.suites.reduce((n, s) => n + s.scenarios.length, 0);
    expect(Object.values(data.entries).filter((e) => e.valid === 'scenario')).toHaveLength(scenarioCount);
    expect(Object.keys(data.schemas).sort()).toEqual(['rules', 'scenario', 'suite']);
  });

  it('serves a file by its content: a changed file is parsed again', async () => {
    const mini = await copyMini();
    dispose = mini.dispose;
    const data = await recordLoadCache((reader) => loadProject(mini.root, { reader }));
    const file = join(mini.root, 'mini', 'create-and-get.yaml');
    await mini.write('create-and-get.yaml', (await readFile(file, 'utf8')).replace('can be read back', 'reads back'));
    const reader = counting(cachedReader(data));
    const project = await loadProject(mini.root, { reader });
    expect(project.suites[0]!.scenarios.find((s) => s.id === 'mini/create-and-get')!.title).toBe('A payment is created authorized and reads back');
    expect(reader.parsed()).toBe(1);
  });

  it('takes validity from the cache only while the schema is the one it was checked against', async () => {
    const data = await recordLoadCache((reader) => loadProject(MINI_ROOT, { reader }));
    const text = await readFile(join(MINI_ROOT, 'mini', 'create-and-get.yaml'), 'utf8');
    const entry = data.entries[sha256(text)]!;
    // A cached value the schema refuses (an unknown key), marked valid.
    const tampered = (schemas: LoadCacheData['schemas']): LoadCacheData => ({
      ...data,
      schemas,
      entries: { ...data.entries, [sha256(text)]: { ...entry, value: { ...(entry.value as object), colour: 'red' } } },
    });
    await expect(loadProject(MINI_ROOT, { reader: cachedReader(tampered(data.schemas)) })).resolves.toBeDefined();
    const errors = await loadErrors(MINI_ROOT, cachedReader(tampered({ ...data.schemas, scenario: sha256('another schema') })));
    expect(errors).toEqual(['create-and-get.yaml:1:1 SETTLEKIT_E_SCHEMA unknown key "colour" in the file']);
  });

  it('finds a position it did not record by parsing the file, at the same file:line:col', async () => {
    const mini = await copyMini();
    dispose = mini.dispose;
    const data = await recordLoadCache((reader) => loadProject(mini.root, { reader }));
    // Every scenario file is unchanged (so served from the cache), but a rule they name is gone.
    const rulesFile = join(mini.root, 'mini.rules.yaml');
    const rules = await readFile(rulesFile, 'utf8');
    await writeFile(rulesFile, rules.replace(/- id: MN-PY-03[\s\S]*$/, ''));
    const viaCache = await loadErrors(mini.root, cachedReader(data));
    expect(viaCache).toEqual(await loadErrors(mini.root, parsingReader));
    expect(viaCache.some((line) => /^unknown\.yaml:\d+:\d+ SETTLEKIT_E_UNKNOWN_RULE/.test(line))).toBe(true);
  });

  it('keeps out a file whose value JSON cannot carry', async () => {
    const mini = await copyMini();
    dispose = mini.dispose;
    const text = (await readFile(join(MINI_ROOT, 'mini', 'create-and-get.yaml'), 'utf8')).replace('tags: [happy]', 'tags: [happy]\nvars: { limit: .inf }');
    await mini.write('create-and-get.yaml', text);
    const data = await recordLoadCache((reader) => loadProject(mini.root, { reader }));
    expect(data.entries[sha256(text)]).toBeUndefined();
    expect(Object.keys(data.entries).length).toBeGreaterThan(3);
  });
});
