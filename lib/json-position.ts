/**
 * Positions in JSON text, for errors about JSON files people edit (a saved report, a pact file): where a syntax error
 * is, and where the value (or key) a JSON pointer names is written — `file:line:col` instead of "position 14559" or an
 * instance path alone. One small scanner does both; it runs only once a file is known to be wrong.
 */
import { pointerSegments } from './json-pointer.ts';

/** A 1-based line and column. */
export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

/** The line and column of `offset` in `text` (columns count UTF-16 code units, as editors do for the BMP). */
export function lineColumnAt(text: string, offset: number): LineColumn {
  let line = 1;
  let start = 0;
  const end = Math.min(Math.max(0, offset), text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line += 1;
    start = i + 1;
  }
  return { line, column: end - start + 1 };
}

/**
 * Where `JSON.parse(text)` failed: the offset V8's message names ("… in JSON at position N"), else where
 * {@link jsonSyntaxErrorOffset} finds the first error (V8 does not always say).
 */
export function jsonSyntaxErrorPosition(text: string, error: Error): LineColumn {
  const match = /position (\d+)/.exec(error.message);
  return lineColumnAt(text, match ? Number(match[1]) : jsonSyntaxErrorOffset(text));
}

/**
 * V8's message of a `JSON.parse` error without the part the position replaces (" in JSON at position N (line L
 * column C)") nor the excerpt of the text it may quote (a whole file, at worst).
 */
export function jsonSyntaxErrorReason(error: Error): string {
  return error.message.replace(/ in JSON at position \d+.*$/s, '').replace(/, (?:\.\.\.)?".*$/s, '');
}

/** The offset of the first JSON syntax error in `text` (its length when the text ends too early, or is JSON). */
export function jsonSyntaxErrorOffset(text: string): number {
  const outcome = scan(text, undefined);
  return outcome.error ?? text.length;
}

/**
 * Where the value a JSON pointer (RFC 6901, as ajv's `instancePath`) names is written in `text` — or, with
 * `at: 'key'`, its key (a property of an object); undefined when the text has no such value or stops being JSON
 * before it.
 */
export function jsonPointerPosition(text: string, pointer: string, at: 'key' | 'value' = 'value'): LineColumn | undefined {
  const path = pointerSegments(pointer);
  const found = scan(text, path).found;
  if (!found) return undefined;
  return lineColumnAt(text, at === 'key' && found.key !== undefined ? found.key : found.value);
}

/** Thrown inside {@link scan} to stop it: at a syntax error, or once the value looked for is found. */
class Stop {
  constructor(readonly error?: number) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/y;

/**
 * A recursive-descent walk over `text`. With a `target` path it stops at the value that path names (and remembers
 * where its key starts); without one it walks everything and stops at the first syntax error.
 */
function scan(text: string, target: readonly string[] | undefined): { error?: number; found?: { key?: number; value: number } } {
  let i = 0;
  let found: { key?: number; value: number } | undefined;
  const space = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i += 1;
  };
  const fail = (): never => {
    throw new Stop(i);
  };
  const string = (): void => {
    if (text[i] !== '"') fail();
    i += 1;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i += 1;
      else if (text.charCodeAt(i) < 0x20) fail();
      i += 1;
    }
    if (i >= text.length) fail();
    i += 1;
  };
  // `depth` is how much of the target path leads here (-1: off the path).
  const value = (depth: number, key?: number): void => {
    space();
    if (target && depth === target.length) {
      found = { ...(key !== undefined ? { key } : {}), value: i };
      throw new Stop();
    }
    const onPath = target !== undefined && depth >= 0;
    const c = text[i];
    if (c === '{') {
      i += 1;
      space();
      if (text[i] === '}') {
        i += 1;
        return;
      }
      for (;;) {
        space();
        const keyStart = i;
        string();
        const matches = onPath && keyOf(text, keyStart, i) === target[depth];
        space();
        if (text[i] !== ':') fail();
        i += 1;
        value(matches ? depth + 1 : -1, keyStart);
        space();
        if (text[i] === ',') i += 1;
        else if (text[i] === '}') {
          i += 1;
          return;
        } else fail();
      }
    }
    if (c === '[') {
      i += 1;
      space();
      if (text[i] === ']') {
        i += 1;
        return;
      }
      for (let index = 0; ; index += 1) {
        value(onPath && String(index) === target[depth] ? depth + 1 : -1);
        space();
        if (text[i] === ',') i += 1;
        else if (text[i] === ']') {
          i += 1;
          return;
        } else fail();
      }
    }
    if (c === '"') return string();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(text);
    if (!number) fail();
    i += number![0].length;
  };
  try {
    value(target ? 0 : -1);
    space();
    return i < text.length ? { error: i } : {};
  } catch (stop) {
    if (!(stop instanceof Stop)) throw stop;
    return stop.error !== undefined ? { error: stop.error } : { ...(found ? { found } : {}) };
  }
}

/** The decoded key of the string token `text[start, end)`. */
function keyOf(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end - 1);
  return raw.includes('\\') ? (JSON.parse(text.slice(start, end)) as string) : raw;
}
