/**
 * The HTML report as a pure function of the JSON report: one self-contained page with inline CSS, inline JS and the
 * report itself as one inline JSON data block. The page loads nothing — its Content-Security-Policy allows only its
 * own script and stylesheet (by hash) and forbids every fetch — and the client script renders target content only
 * through DOM text APIs, so hostile response bodies stay inert text.
 */
import type { RunReport } from '../../runner/model/report.ts';
import { jsonChunks } from '../json-chunks.ts';
import { STYLESHEET_TEXT, clientScriptText, cspHash } from './assets.ts';
import { APP_ELEMENT_ID, DATA_ELEMENT_ID } from './client/page.ts';

export { DATA_ELEMENT_ID } from './client/page.ts';

/**
 * JSON for an HTML `<script>` data block: `<`, `>`, `&`, U+2028 and U+2029 become `\u003c`-style escapes, so no
 * string in the report can close the element (`</script>`) or open a comment, and the result is still plain JSON.
 */
export function serializeForScript(value: unknown): string {
  return escapeForScript(JSON.stringify(value));
}

/** {@link serializeForScript}'s escapes, applied to JSON text (or a piece of it: they are per character). */
function escapeForScript(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The Content-Security-Policy of a report page whose only script and stylesheet have these texts. */
export function contentSecurityPolicy(scriptText: string, styleText: string): string {
  return [
    "default-src 'none'",
    `script-src ${cspHash(scriptText)}`,
    `style-src ${cspHash(styleText)}`,
    'img-src data:',
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Renders the whole report as one self-contained HTML document. Pure: the same report gives the same bytes. */
export function renderHtml(report: RunReport): string {
  return [...renderHtmlPieces(report)].join('');
}

/**
 * {@link renderHtml}'s document in pieces, the data block one scenario at a time (as the reporter writes it, so the
 * megabytes of a large report's page never sit in memory whole).
 */
export function* renderHtmlPieces(report: RunReport): Generator<string> {
  const script = clientScriptText();
  const csp = contentSecurityPolicy(script, STYLESHEET_TEXT);
  const verdict = report.verdict.conformant ? 'CONFORMANT' : 'NOT CONFORMANT';
  const c = report.summary.scenarios;
  // Only kit-computed words and numbers go into markup; every string that came from a target or a scenario file is
  // rendered by the client script from the data block.
  const fallback =
    `settlekit conformance report: ${verdict}. Scenarios: ${c.total} (${c.passed} passed, ${c.failed} failed, ` +
    `${c.errored} errored, ${c.skipped} skipped). This report needs JavaScript to show its details.`;
  const head = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>settlekit conformance report \u2014 ${verdict}</title>`,
    `<style>${STYLESHEET_TEXT}</style>`,
    '</head>',
    '<body>',
    `<div id="${APP_ELEMENT_ID}" aria-busy="true"><noscript><p>${fallback}</p></noscript></div>`,
    `<script type="application/json" id="${DATA_ELEMENT_ID}">`,
  ];
  yield head.join('\n');
  for (const piece of jsonChunks(report, '', 'scenarios')) yield escapeForScript(piece);
  yield ['</script>', `<script>${script}</script>`, '</body>', '</html>', ''].join('\n');
}
