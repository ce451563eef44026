/**
 * Reading pact files for verification: the files given (or every `*.json` of a folder given), each parsed as JSON
 * and checked to be a Pact V4 file, with every problem a `SETTLEKIT_E_PACT_INPUT` error at its `file:line:col`.
 * Interactions are read as Pact wrote them; whether their provider state is a settlekit state is the verifier's
 * question, answered per interaction.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SettlekitError } from '../../lib/errors.ts';
import { jsonSyntaxErrorPosition, jsonSyntaxErrorReason } from '../../lib/json-position.ts';
import { parseYamlSource } from '../load/yaml-source.ts';
import type { SourcePosition } from '../model/scenario.ts';

/** One provider state of an interaction. */
export interface PactProviderState {
  readonly name: string;
  readonly params?: unknown;
}

/** One interaction of a pact file, as far as verification needs it. */
export interface PactInteraction {
  readonly description: string;
  /** `Synchronous/HTTP` for the interactions settlekit writes. */
  readonly type: string;
  readonly providerStates: readonly PactProviderState[];
  /** Where the interaction is written. */
  readonly position: SourcePosition;
}

/** A pact file read and checked. */
export interface PactFile {
  /** The path as given (or found in a folder given). */
  readonly file: string;
  readonly consumer: string;
  readonly provider: string;
  readonly interactions: readonly PactInteraction[];
}

/** The pact files read, and the problems of the ones that could not be. */
export interface PactFiles {
  readonly pacts: readonly PactFile[];
  readonly errors: readonly SettlekitError[];
}

/**
 * Reads the pact files at `paths` (files, or folders whose `*.json` files are read). A path that does not exist, or
 * a folder without pact files, is a usage error (thrown); a file that is not Pact V4 JSON is an error in the result,
 * and the others are still read.
 */
export async function readPactFiles(paths: readonly string[]): Promise<PactFiles> {
  const files: string[] = [];
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch {
      throw new SettlekitError('SETTLEKIT_E_USAGE', `no pact file or folder at ${path}`, { hint: 'Export pacts first (`settlekit pact export`), or pass the pact files or their folder.' });
    }
    if (info.isDirectory()) {
      const found = (await readdir(path)).filter((name) => name.endsWith('.json')).sort().map((name) => join(path, name));
      if (found.length === 0) throw new SettlekitError('SETTLEKIT_E_USAGE', `no pact file (*.json) in ${path}`, { hint: 'Export pacts first: `settlekit pact export --output ' + path + '`.' });
      files.push(...found);
    } else files.push(path);
  }
  const pacts: PactFile[] = [];
  const errors: SettlekitError[] = [];
  // Files are named as given (or as found in a folder given), so an error points where the user looks.
  for (const file of [...new Set(files)]) {
    try {
      pacts.push(parsePactFile(await readFile(file, 'utf8'), file));
    } catch (error) {
      if (error instanceof SettlekitError) errors.push(error);
      else errors.push(new SettlekitError('SETTLEKIT_E_PACT_INPUT', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { position: { file } }));
    }
  }
  return { pacts, errors };
}

/** Parses the text of a pact file; throws a positioned `SETTLEKIT_E_PACT_INPUT` error when it is not Pact V4 JSON. */
export function parsePactFile(text: string, file: string): PactFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SettlekitError('SETTLEKIT_E_PACT_INPUT', `not JSON: ${jsonSyntaxErrorReason(error as Error)}`, {
      position: { file, ...jsonSyntaxErrorPosition(text, error as Error) },
    });
  }
  // JSON is YAML: the YAML reader gives the position of any node, for the errors below.
  const source = parseYamlSource(text, file);
  const fail = (path: readonly (string | number)[], message: string): never => {
    throw new SettlekitError('SETTLEKIT_E_PACT_INPUT', message, { position: source.positionOf(path) });
  };
  if (!isRecord(value)) return fail([], 'a pact file is a JSON object');
  const metadata = isRecord(value.metadata) ? value.metadata : undefined;
  const specification = isRecord(metadata?.pactSpecification) ? metadata.pactSpecification.version : undefined;
  if (typeof specification !== 'string') return fail(metadata ? ['metadata'] : [], 'no metadata.pactSpecification.version: not a pact file');
  if (!/^4(\.|$)/.test(specification)) return fail(['metadata', 'pactSpecification', 'version'], `Pact specification ${specification}: settlekit verifies Pact V4 files`);
  const name = (role: 'consumer' | 'provider'): string => {
    const party = value[role];
    if (!isRecord(party) || typeof party.name !== 'string' || party.name === '') return fail(isRecord(party) ? [role] : [], `no ${role}.name`);
    return party.name;
  };
  const consumer = name('consumer');
  const provider = name('provider');
  if (!Array.isArray(value.interactions)) return fail([], 'no interactions list');
  const interactions = value.interactions.map((item: unknown, i): PactInteraction => {
    if (!isRecord(item) || typeof item.description !== 'string') return fail(['interactions', i], `interaction ${i + 1} has no description`);
    const states = item.providerStates ?? [];
    if (!Array.isArray(states) || !states.every((s) => isRecord(s) && typeof s.name === 'string')) return fail(['interactions', i, 'providerStates'], `interaction "${item.description}": providerStates is not a list of named states`);
    return {
      description: item.description,
      type: typeof item.type === 'string' ? item.type : 'Synchronous/HTTP',
      providerStates: states.map((s: Record<string, unknown>) => ({ name: s.name as string, ...(s.params !== undefined ? { params: s.params } : {}) })),
      position: source.positionOf(['interactions', i]),
    };
  });
  return { file, consumer, provider, interactions };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
