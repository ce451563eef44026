/**
 * One HTTP exchange of a step as the report shows it: the request, the response (headers, body as JSON, XML or text,
 * the decoded body with failing paths highlighted), every response of a step sent several times at once, and the curl
 * command that reproduces the request, with a copy button.
 */
import type { RecordedExchange, RecordedRequest, RecordedResponse } from '../../../runner/model/report.ts';
import { codeBlock, jsonLines, textLines, xmlLines } from './code-view.ts';
import { button, el, kvTable } from './dom.ts';
import { fmtBytes, fmtMs } from './format.ts';

function headerOf(headers: Readonly<Record<string, string>>, name: string): string {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return String(v);
  return '';
}

function headerTable(headers: Readonly<Record<string, string>>): HTMLElement | null {
  const names = Object.keys(headers);
  return names.length ? kvTable(names.map((k) => [k, headers[k]!] as const)) : null;
}

function labelled(text: string, node: Node): HTMLDivElement {
  return el('div', 'body-view', [el('div', 'vlabel', text), node]);
}

/** A body as JSON, XML/HTML (as text) or plain text, then its decoded form when it was not JSON already. */
function bodyView(raw: string | undefined, ctype: string, decoded: unknown, paths: readonly string[], truncated: boolean): HTMLElement[] {
  const out: HTMLElement[] = [];
  const trimmed = typeof raw === 'string' ? raw.replace(/^\s+/, '') : '';
  let parsed: unknown;
  let isJson = false;
  if (trimmed && (/json/i.test(ctype) || trimmed[0] === '{' || trimmed[0] === '[')) {
    try {
      parsed = JSON.parse(raw!);
      isJson = true;
    } catch {
      isJson = false;
    }
  }
  if (isJson) out.push(labelled('Body (JSON)', codeBlock(jsonLines(parsed), paths, 'Body')));
  else if (trimmed && (/xml|html/i.test(ctype) || trimmed[0] === '<')) {
    out.push(labelled(/html/i.test(ctype) ? 'Body (HTML, shown as text)' : 'Body (XML)', codeBlock(xmlLines(raw!), null, 'Body')));
  } else if (typeof raw === 'string' && raw.length) out.push(labelled('Body', codeBlock(textLines(raw), null, 'Body')));
  else if (decoded === undefined) out.push(el('p', 'muted small', 'No body.'));
  if (!isJson && decoded !== undefined) {
    const det = el('details', 'decoded', [el('summary', null, `Decoded body${paths.length ? ' (failing paths highlighted)' : ''}`)]);
    det.appendChild(codeBlock(jsonLines(decoded), paths, 'Decoded body'));
    det.open = paths.length > 0 || !raw;
    out.push(det);
  }
  if (truncated && typeof raw === 'string') out.splice(1, 0, el('p', 'truncated', `Truncated: only the first ${fmtBytes(raw.length)} of the body were kept.`));
  return out;
}

/** The request as sent. */
export function buildRequest(req: RecordedRequest): HTMLElement {
  return el('section', 'block msg', [
    el('h4', null, 'Request'),
    el('div', 'reqline mono', [el('span', 'method', req.method), ' ', el('span', 'url', req.url)]),
    headerTable(req.headers),
    ...(req.body !== undefined ? bodyView(req.body, headerOf(req.headers, 'content-type'), undefined, [], false) : []),
  ]);
}

function httpStatus(status: number): HTMLSpanElement {
  return el('span', `http-status s${String(status).charAt(0)}xx`, String(status));
}

/** The response as received; `paths` are the JSON pointers of failing body and schema assertions. */
export function buildResponse(res: RecordedResponse, paths: readonly string[]): HTMLElement {
  return el('section', 'block msg', [
    el('h4', null, ['Response ', httpStatus(res.status), el('span', 'muted small', ` ${fmtBytes(res.size)}`), res.truncated ? el('span', 'badge badge--errored', 'truncated') : null]),
    headerTable(res.headers),
    ...bodyView(res.body, headerOf(res.headers, 'content-type'), res.decoded, paths, !!res.truncated),
  ]);
}

/** An error's code and message. */
export function errorBox(error: { readonly code: string; readonly message: string }, hint?: Node | null): HTMLDivElement {
  return el('div', 'error-box', [el('div', 'error-code mono', error.code), el('div', 'error-msg', error.message), hint]);
}

/** A step sent several times at once (a race): every response, each built when opened. */
export function buildExchanges(exchanges: readonly RecordedExchange[]): HTMLElement {
  const list = el('ol', 'exchanges');
  exchanges.forEach((x, i) => {
    const summary = el('summary', null, [
      el('span', 'mono', `#${i + 1} `),
      x.response ? httpStatus(x.response.status) : el('span', 'badge badge--errored', x.error ? x.error.code : 'no response'),
      el('span', 'muted small', ` ${fmtMs(x.durationMs)}`),
    ]);
    const det = el('details', 'exchange-item', [summary]);
    det.addEventListener('toggle', () => {
      if (!det.open || det.childNodes.length > 1) return;
      if (x.response) det.appendChild(buildResponse(x.response, []));
      else if (x.error) det.appendChild(errorBox(x.error));
    });
    list.appendChild(el('li', null, [det]));
  });
  return el('section', 'block', [el('h4', null, `All ${exchanges.length} responses (sent at once)`), list]);
}

/** The curl command of a step, with its copy button (handled by {@link copyCurl}). */
export function buildCurl(curl: string): HTMLElement {
  const b = button('btn btn--copy', 'Copy', 'Copy the curl command');
  b.dataset.copy = '1';
  return el('section', 'block curl', [el('div', 'curl-head', [el('h4', null, 'Reproduce with curl'), b]), el('pre', 'code curl-text', curl)]);
}

/** Copies the curl command of a copy button: to the clipboard, or selected for Ctrl+C when the clipboard is refused. */
export function copyCurl(b: HTMLElement): void {
  const pre = b.closest('.curl')?.querySelector('pre');
  if (!pre) return;
  const text = pre.textContent ?? '';
  const done = (ok: boolean): void => {
    b.textContent = ok ? 'Copied' : 'Selected: press Ctrl+C';
    setTimeout(() => (b.textContent = 'Copy'), 1800);
  };
  const fallback = (): void => {
    const range = document.createRange();
    range.selectNodeContents(pre);
    const sel = window.getSelection();
    sel?.removeAllRanges();
    sel?.addRange(range);
    try {
      done(document.execCommand('copy'));
    } catch {
      done(false);
    }
  };
  // The clipboard API is missing on some file:// pages and in older browsers.
  const clipboard = navigator.clipboard as Clipboard | undefined;
  if (clipboard?.writeText) clipboard.writeText(text).then(() => done(true), fallback);
  else fallback();
}
