/**
 * Expected against actual for structured values: a line diff (LCS) of their pretty JSON with sorted keys, long runs of
 * unchanged lines folded.
 */
import { clipInPrint, shownText } from './code-view.ts';
import { attr, el } from './dom.ts';
import { plural, show, sortedCopy } from './format.ts';

/** One line of a diff: kept (` `), only in the first text (`-`), only in the second (`+`). */
export type DiffOp = readonly [' ' | '-' | '+', string];

/** Beyond this many cells (changed lines of one side × the other), the changed middle is shown as removed then added. */
const MAX_LCS_CELLS = 4_000_000;

/** Unchanged lines kept around a change. */
const CONTEXT = 3;

/**
 * The line diff of `a` into `b`. Lines compare without their trailing comma, so that the last key of an object does
 * not show as changed; a kept line is shown as it is in `b`.
 */
export function lineDiff(a: readonly string[], b: readonly string[]): DiffOp[] {
  const key = (s: string): string => s.replace(/,$/, '');
  let start = 0;
  while (start < a.length && start < b.length && key(a[start]!) === key(b[start]!)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && key(a[endA - 1]!) === key(b[endB - 1]!)) {
    endA--;
    endB--;
  }
  const A = a.slice(start, endA).map(key);
  const rawA = a.slice(start, endA);
  const B = b.slice(start, endB);
  const keyB = B.map(key);
  const n = A.length;
  const m = B.length;
  const mid: DiffOp[] = [];
  if (n * m > MAX_LCS_CELLS) {
    for (const t of rawA) mid.push(['-', t]);
    for (const t of B) mid.push(['+', t]);
  } else {
    const w = m + 1;
    const dp = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        dp[i * w + j] = A[i] === keyB[j] ? dp[(i + 1) * w + j + 1]! + 1 : Math.max(dp[(i + 1) * w + j]!, dp[i * w + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (A[i] === keyB[j]) {
        mid.push([' ', B[j]!]);
        i++;
        j++;
      } else if (dp[(i + 1) * w + j]! >= dp[i * w + j + 1]!) mid.push(['-', rawA[i++]!]);
      else mid.push(['+', B[j++]!]);
    }
    while (i < n) mid.push(['-', rawA[i++]!]);
    while (j < m) mid.push(['+', B[j++]!]);
  }
  const kept = (t: string): DiffOp => [' ', t];
  return [...b.slice(0, start).map(kept), ...mid, ...b.slice(endB).map(kept)];
}

/** The diff of two values, expected (`-`) against actual (`+`), with a legend. */
export function diffBlock(expected: unknown, actual: unknown): HTMLDivElement {
  const ops = lineDiff(show(sortedCopy(expected)).split('\n'), show(sortedCopy(actual)).split('\n'));
  const pre = attr(el('pre', 'code diff'), { 'aria-label': 'Line diff, expected against actual' });
  const out: [string, string][] = [];
  const line = (cls: string, text: string): void => void out.push([cls, text]);
  for (let k = 0; k < ops.length; k++) {
    const [op, text] = ops[k]!;
    if (op === '-') line('del', `- ${text}`);
    else if (op === '+') line('add', `+ ${text}`);
    else {
      let run = k;
      while (run < ops.length && ops[run]![0] === ' ') run++;
      const len = run - k;
      if (len <= CONTEXT * 2 + 1) {
        line('ctx', `  ${text}`);
        continue;
      }
      // A long unchanged run: keep a few lines next to each change, fold the rest.
      const keepHead = k === 0 ? 0 : CONTEXT;
      const keepTail = run === ops.length ? 0 : CONTEXT;
      for (let x = k; x < k + keepHead; x++) line('ctx', `  ${ops[x]![1]}`);
      line('skip', `  \u22ef ${plural(len - keepHead - keepTail, 'unchanged line')}`);
      for (let x = run - keepTail; x < run; x++) line('ctx', `  ${ops[x]![1]}`);
      k = run - 1;
    }
  }
  clipInPrint(pre, out.map((l) => l[1]));
  const frag = document.createDocumentFragment();
  for (const [cls, text] of out) frag.appendChild(el('span', `ln ${cls}`, `${shownText(text)}\n`));
  pre.appendChild(frag);
  return el('div', 'diff-wrap', [el('div', 'diff-legend', [el('span', 'legend-del', '- expected'), ' ', el('span', 'legend-add', '+ actual')]), pre]);
}
