/**
 * Bodies as code: pretty JSON, indented XML or plain text, as lines; failing JSON pointers highlighted; long bodies cut
 * at {@link MAX_BODY_LINES} with a note.
 */
import { add, el } from './dom.ts';
import { isStructured } from './format.ts';

/** Lines shown of one body (the JSON report keeps all of it). */
export const MAX_BODY_LINES = 3000;

/** Characters shown of one line: a body that is one huge line (a minified JSON, a blob) is cut there with a note. */
export const MAX_LINE_CHARS = 2000;

/**
 * Printed rows of one body (a long line counts as the rows it wraps to, at {@link PRINT_ROW_CHARS}): past it a body
 * is printed in part, with a note, so a few huge bodies do not make thousands of pages.
 */
export const PRINT_BODY_ROWS = 400;

/** Characters of a printed row, for {@link PRINT_BODY_ROWS}. */
const PRINT_ROW_CHARS = 90;

/**
 * A line as shown: control characters but the tab (NUL, ESC of a terminal colour, a lone CR, DEL) as their Unicode
 * control pictures (U+2400 onwards), since raw they are invisible or move the text; cut at {@link MAX_LINE_CHARS},
 * saying how much was left out.
 */
export function shownText(text: string): string {
  const line = text.length <= MAX_LINE_CHARS ? text : text.slice(0, MAX_LINE_CHARS);
  // eslint-disable-next-line no-control-regex -- the control characters are what this finds
  const shown = line.replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, (c) => String.fromCharCode(c === '\u007f' ? 0x2421 : 0x2400 + c.charCodeAt(0)));
  if (line === text) return shown;
  return `${shown} \u2026 [${text.length - MAX_LINE_CHARS} more characters on this line, see the JSON report]`;
}

/** One line of a body, and the JSON pointer of the value it belongs to (`null` outside JSON). */
export interface CodeLine {
  readonly text: string;
  readonly pointer: string | null;
}

function escapePointer(k: string | number): string {
  return String(k).replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Pretty JSON as lines, each tagged with the JSON pointer of the value it belongs to, so that assertion and schema
 * paths can be highlighted in the body. Stops just past {@link MAX_BODY_LINES}.
 */
export function jsonLines(value: unknown): CodeLine[] {
  const out: CodeLine[] = [];
  const walk = (v: unknown, ptr: string, depth: number, prefix: string, suffix: string): void => {
    if (out.length > MAX_BODY_LINES) return;
    const pad = '  '.repeat(depth);
    if (!isStructured(v)) {
      out.push({ text: pad + prefix + (v === undefined ? 'undefined' : JSON.stringify(v)) + suffix, pointer: ptr });
      return;
    }
    const arr = Array.isArray(v);
    const record = v as Record<string, unknown>;
    const keys: (string | number)[] = arr ? v.map((_, i) => i) : Object.keys(record);
    if (!keys.length) {
      out.push({ text: pad + prefix + (arr ? '[]' : '{}') + suffix, pointer: ptr });
      return;
    }
    out.push({ text: pad + prefix + (arr ? '[' : '{'), pointer: ptr });
    keys.forEach((k, i) => {
      walk(record[k], `${ptr}/${escapePointer(k)}`, depth + 1, arr ? '' : `${JSON.stringify(String(k))}: `, i < keys.length - 1 ? ',' : '');
    });
    out.push({ text: pad + (arr ? ']' : '}') + suffix, pointer: ptr });
  };
  walk(value, '', 0, '', '');
  return out;
}

/** XML (or HTML) text indented one element per line; a leaf element with text stays on one line. */
export function xmlLines(text: string): CodeLine[] {
  const tokens = text
    .replace(/>\s+</g, '><')
    .split(/(<[^>]*>)/)
    .filter((t) => t.trim() !== '');
  const out: CodeLine[] = [];
  const line = (t: string): void => void out.push({ text: t, pointer: null });
  let depth = 0;
  for (let i = 0; i < tokens.length && out.length <= MAX_BODY_LINES; i++) {
    const t = tokens[i]!;
    const pad = '  '.repeat(depth);
    if (t.startsWith('</')) {
      depth = Math.max(0, depth - 1);
      line('  '.repeat(depth) + t);
    } else if (t[0] !== '<') line(pad + t.trim());
    else if (/^<[?!]/.test(t) || t.endsWith('/>')) line(pad + t);
    else {
      const next = tokens[i + 1];
      const close = tokens[i + 2];
      if (next !== undefined && next[0] !== '<' && close !== undefined && close.startsWith('</')) {
        line(pad + t + next + close);
        i += 2;
      } else {
        line(pad + t);
        depth++;
      }
    }
  }
  return out;
}

/** Plain text as lines. */
export function textLines(text: string): CodeLine[] {
  // CRLF ends a line as LF does (a CR left alone is shown, see shownText).
  return text.split(/\r?\n/).map((t) => ({ text: t, pointer: null }));
}

/**
 * Marks a code box of these lines to be printed in part when they would wrap to more than {@link PRINT_BODY_ROWS}
 * rows: the box is cut there in print (styles.css), and a note, first in the box and hidden on screen, says so.
 * Call it before filling the box.
 */
export function clipInPrint(pre: HTMLPreElement, lines: readonly string[]): void {
  let rows = 0;
  for (const l of lines) rows += Math.max(1, Math.ceil(Math.min(l.length, MAX_LINE_CHARS) / PRINT_ROW_CHARS));
  if (rows <= PRINT_BODY_ROWS) return;
  pre.classList.add('print-clip');
  pre.appendChild(el('span', 'ln print-note', `(Printed in part: about the first ${PRINT_BODY_ROWS} of ${rows} rows; the JSON report has all of it.)\n`));
}

/** True when `ptr` is one of `paths` or inside one of them. */
export function underAny(ptr: string | null, paths: readonly string[]): boolean {
  if (ptr === null) return false;
  return paths.some((p) => ptr === p || ptr.startsWith(`${p}/`));
}

/** A `<pre>` of lines; lines under a highlighted path are marked, and the first of them scrolled into view. */
export function codeBlock(lines: readonly CodeLine[], highlights: readonly string[] | null, label?: string): HTMLPreElement {
  const pre = el('pre', 'code');
  if (label) pre.setAttribute('aria-label', label);
  const cut = lines.length > MAX_BODY_LINES;
  const shown = cut ? lines.slice(0, MAX_BODY_LINES) : lines;
  clipInPrint(pre, shown.map((l) => l.text));
  if (!highlights || !highlights.length) {
    pre.appendChild(document.createTextNode(shown.map((l) => shownText(l.text)).join('\n')));
  } else {
    const frag = document.createDocumentFragment();
    let first: HTMLSpanElement | null = null;
    for (const l of shown) {
      const hit = underAny(l.pointer, highlights);
      const span = el('span', hit ? 'ln hl' : 'ln', `${shownText(l.text)}\n`);
      if (hit && !first) first = span;
      frag.appendChild(span);
    }
    pre.appendChild(frag);
    const target = first;
    if (target) {
      requestAnimationFrame(() => {
        if (pre.scrollHeight > pre.clientHeight) pre.scrollTop = Math.max(0, target.offsetTop - pre.offsetTop - 24);
      });
    }
  }
  if (cut) add(pre, el('span', 'ln more', `\n\u2026 ${lines.length - MAX_BODY_LINES}+ more lines not shown (see the JSON report)`));
  return pre;
}
