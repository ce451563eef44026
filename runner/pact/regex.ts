/**
 * settlekit's `$match` is a JavaScript regular expression that may match anywhere in the value (unanchored, no flags);
 * a Pact regex matcher must match the whole value (Pact's core runs Oniguruma, Ruby syntax, and checks the match
 * spans the value). This module rewrites one into the other, so both accept exactly the same strings.
 */

/**
 * The Pact regex that accepts exactly the strings `pattern` finds a match in. The pattern is wrapped as
 * `[\s\S]*?(?:pattern)[\s\S]*`, and its anchors are made string anchors: in JavaScript without the `m` flag `^` and
 * `$` match only at the start and end of the input, while in Ruby syntax they match at every line, so they become
 * `\A` and `\z` (outside character classes, unescaped).
 */
export function toPactRegex(pattern: string): string {
  return `[\\s\\S]*?(?:${stringAnchors(pattern)})[\\s\\S]*`;
}

/** A regex that matches exactly the given strings (for `$oneOf` over strings and numbers). */
export function alternativesRegex(values: readonly (string | number | boolean)[]): string {
  return `\\A(?:${values.map((v) => escapeRegex(String(v))).join('|')})\\z`;
}

/** Escapes every regex metacharacter of `text`. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function stringAnchors(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i]!;
    if (char === '\\') {
      // An escape keeps its next character whatever it is (`\^`, `\$`, `\]`).
      out += char + (pattern[i + 1] ?? '');
      i += 1;
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      out += char;
      continue;
    }
    if (char === '[') inClass = true;
    else if (char === '^' || char === '$') {
      out += char === '^' ? '\\A' : '\\z';
      continue;
    }
    out += char;
  }
  return out;
}
