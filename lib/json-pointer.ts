/**
 * JSON pointers (RFC 6901: `/a~1b/0` names key `a/b`, then item 0), written and read in one place — ajv's
 * `instancePath`, the OpenAPI documents' `$ref`s, the paths of failed checks, the places of a report's errors.
 */

/** A pointer from path segments: `['a/b', 0]` → `/a~1b/0`; `[]` → `''` (the whole document). */
export function jsonPointer(segments: readonly (string | number)[]): string {
  let out = '';
  for (const segment of segments) out += `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`;
  return out;
}

/** The segments of a pointer: `/a~1b/0` → `['a/b', '0']`; `''` → `[]`. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}
