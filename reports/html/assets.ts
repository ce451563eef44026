/**
 * The fixed assets of the HTML report — the client script and the stylesheet — read once from the files next to this
 * module, with the SHA-256 digests the report's Content-Security-Policy allows them by.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** One inline asset and its CSP source expression. */
export interface InlineAsset {
  /** The exact text placed between the opening and closing tag. */
  readonly text: string;
  /** `'sha256-…'`, the CSP source that allows exactly this text. */
  readonly cspSource: string;
}

/** The CSP source expression (`'sha256-<base64>'`) of an inline script or style text. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

function load(file: string, closingTag: string): string {
  const text = readFileSync(new URL(file, import.meta.url), 'utf8');
  // The assets are inlined raw: a closing tag inside them would end the element early.
  if (text.toLowerCase().includes(closingTag)) throw new Error(`reports/html/${file} must not contain ${closingTag}`);
  // Non-ASCII would make the hash depend on the file's encoding on disk versus the page's.
  if (/[^\t\n\r -~]/.test(text)) throw new Error(`reports/html/${file} must be ASCII only (use \\u escapes)`);
  return text;
}

/** The client script (`client.js`), inlined verbatim. */
export const CLIENT_SCRIPT_TEXT: string = load('./client.js', '</script');

/** The stylesheet (`styles.css`), inlined verbatim. */
export const STYLESHEET_TEXT: string = load('./styles.css', '</style');
