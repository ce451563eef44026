/**
 * JSON text of a report in pieces: what `JSON.stringify(value, null, indent)` gives, written one top-level field at a
 * time and the elements of one long array field (a report's `scenarios`) one by one. A report of a few hundred
 * scenarios is megabytes of text; a file written from these pieces never holds it as one string (and its copies, as
 * UTF-16 when a character needs it, and as UTF-8 bytes) next to the report itself — the peak memory of a run.
 */

/**
 * The pieces of `JSON.stringify(value, null, indent)` (`indent` `''`: compact), the elements of the array under
 * `splitKey` one piece each. Joined, they are that text exactly. A value that is not a plain object (or that has a
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
      const pad = indent + indent;
      yield '[';
      for (let i = 0; i < field.length; i++) {
        // An element JSON cannot write (undefined, a function) is null in an array.
        yield `${i === 0 ? '' : ','}${newline}${pad}${nested(stringify(field[i], indent) ?? 'null', pad)}`;
      }
      yield `${newline}${indent}]`;
    } else {
      yield nested(stringify(field, indent) as string, indent);
    }
  }
  yield first ? '}' : `${newline}}`;
}

function stringify(value: unknown, indent: '' | '  '): string | undefined {
  return indent === '' ? JSON.stringify(value) : JSON.stringify(value, null, indent);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
