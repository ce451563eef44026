/**
 * JSON text of a report in pieces: what `JSON.stringify(value, null, indent)` gives, written one top-level field at a
 * time and the elements of one long array field (a report's `scenarios`) in batches of a few dozen kilobytes. A report of a few hundred
 * scenarios is megabytes of text; a file written from these pieces never holds it as one string (and its copies, as
 * UTF-16 when a character needs it, and as UTF-8 bytes) next to the report itself — the peak memory of a run.
 */

/**
 * The pieces of `JSON.stringify(value, null, indent)` (`indent` `''`: compact), the elements of the array under
 * `splitKey` in batches (see {@link elementBatches}). Joined, they are that text exactly. A value that is not a plain object (or that has a
 * `toJSON`) comes as one piece.
 */
export function* jsonChunks(value: unknown, indent: '' | '  ', splitKey: string): Generator<string> {
  if (!isPlainObject(value) || typeof value.toJSON === 'function') {
    yield stringify(value, indent) ?? 'undefined';
    return;
  }
  // Pretty-printed text nests by re-indenting: a value's own text at depth d gets d × indent after every line break
  // (JSON strings never hold a raw line break, so every one is structural).
  const nested = (text: string, pad: string): string => (indent === '' ? text : text.replaceAll('\n', `\n${pad}`));
  const newline = indent === '' ? '' : '\n';
  const colon = indent === '' ? ':' : ': ';
  let first = true;
  yield '{';
  for (const key of Object.keys(value)) {
    const field = value[key];
    if (field === undefined || typeof field === 'function' || typeof field === 'symbol') continue;
    yield `${first ? '' : ','}${newline}${indent}${JSON.stringify(key)}${colon}`;
    first = false;
    if (key === splitKey && Array.isArray(field) && field.length > 0) {
      yield '[';
      yield* elementBatches(field, indent, newline, colon);
      yield `${newline}${indent}]`;
    } else {
      yield nested(stringify(field, indent) as string, indent);
    }
  }
  yield first ? '}' : `${newline}}`;
}

/**
 * Characters a batch of elements aims at: few pieces (and few calls into JSON.stringify), each small enough to be an
 * ordinary young string (V8 puts strings over 128 KB in the large-object space, which only a full collection empties).
 */
const BATCH_CHARS = 24 * 1024;

/**
 * The elements of a split array (a field at depth 1), as they sit in the whole text: in batches, each the text of one
 * JSON.stringify of `{ "": batch }`, which lays the batch's elements out at depth 2 exactly as the whole text does (the
 * same indentation, the same separators, `null` for what JSON cannot write), cut out of the wrapper's brackets. So an
 * element is stringified once, never re-indented, and the batches are not joined again. Every batch comes after its separator (a
 * piece of its own). Batch sizes follow the average element size so far.
 */
function* elementBatches(field: readonly unknown[], indent: '' | '  ', newline: string, colon: string): Generator<string> {
  const open = `{${newline}${indent}""${colon}[${newline}`.length;
  const close = `${newline}${indent}]${newline}}`.length;
  let chars = 0;
  let start = 0;
  while (start < field.length) {
    const count = start === 0 ? 1 : Math.max(1, Math.min(256, Math.floor((BATCH_CHARS * start) / Math.max(1, chars))));
    const text = stringify({ '': field.slice(start, start + count) }, indent) as string;
    chars += text.length - open - close;
    // The separator and the batch as two pieces: one string of both would be a copy of the batch (its slice is not).
    const separator = start === 0 ? newline : `,${newline}`;
    if (separator !== '') yield separator;
    yield text.slice(open, text.length - close);
    start += count;
  }
}

function stringify(value: unknown, indent: '' | '  '): string | undefined {
  return indent === '' ? JSON.stringify(value) : JSON.stringify(value, null, indent);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
