/**
 * The fixed assets of the HTML report — the client script and the stylesheet — with the SHA-256 digests the report's
 * Content-Security-Policy allows them by.
 *
 * The script is written as TypeScript modules (`./client/`, entry `main.ts`) and bundled by esbuild, with
 * {@link INLINE_SCRIPT_BUNDLE}, into one self-contained script: by the build into `dist/reports/html/client.js`, which
 * the compiled kit reads next to this module (the package needs no esbuild); and, when this module runs from the
 * sources (tsx, vitest), in memory on first use, so a checkout needs no build and never inlines a stale script.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as Esbuild from 'esbuild';

/** One inline asset and its CSP source expression. */
export interface InlineAsset {
  /** The exact text placed between the opening and closing tag. */
  readonly text: string;
  /** `'sha256-…'`, the CSP source that allows exactly this text. */
  readonly cspSource: string;
}

/** The entry of the client script, relative to this module (sources only). */
export const CLIENT_ENTRY = './client/main.ts';

/** The bundled client script, relative to this module (the build writes it; the compiled kit reads it). */
export const CLIENT_SCRIPT_FILE = './client.js';

/**
 * The esbuild options of a script inlined into a page, the same for the build and for the sources: one IIFE with no
 * imports left, ASCII only (non-ASCII escaped, so the hash does not depend on an encoding), minified (the report's
 * size bound leaves the data the room), no comments (a page-relative path in one would make the bytes depend on where
 * the bundle was made).
 */
export const INLINE_SCRIPT_BUNDLE = { bundle: true, format: 'iife', target: 'es2022', charset: 'ascii', minify: true, legalComments: 'none' } as const;

/** The CSP source expression (`'sha256-<base64>'`) of an inline script or style text. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

function checked(text: string, file: string, closingTag: string): string {
  // The assets are inlined raw: a closing tag inside them would end the element early.
  if (text.toLowerCase().includes(closingTag)) throw new Error(`reports/html/${file} must not contain ${closingTag}`);
  // Non-ASCII would make the hash depend on the file's encoding on disk versus the page's.
  if (/[^\t\n\r -~]/.test(text)) throw new Error(`reports/html/${file} must be ASCII only (use \\u escapes)`);
  return text;
}

function load(file: string, closingTag: string): string {
  return checked(readFileSync(new URL(file, import.meta.url), 'utf8'), file, closingTag);
}

/** True when this module runs from the TypeScript sources rather than from the build in dist/. */
const FROM_SOURCES = import.meta.url.endsWith('.ts');

/** The client script bundled in memory from the sources. */
function bundleFromSources(): string {
  // esbuild is a development dependency (tsx brings it too): required only here, where the sources run.
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof Esbuild;
  const entry = fileURLToPath(new URL(CLIENT_ENTRY, import.meta.url));
  const result = esbuild.buildSync({ entryPoints: [entry], write: false, logLevel: 'silent', ...INLINE_SCRIPT_BUNDLE });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild wrote no bundle of ${entry}`);
  return output.text;
}

let clientScript: string | undefined;

/** The client script, inlined verbatim: bundled from `./client/` (sources) or read from `client.js` (build); made once. */
export function clientScriptText(): string {
  clientScript ??= FROM_SOURCES ? checked(bundleFromSources(), CLIENT_ENTRY, '</script') : load(CLIENT_SCRIPT_FILE, '</script');
  return clientScript;
}

/** The stylesheet (`styles.css`), inlined verbatim. */
export const STYLESHEET_TEXT: string = load('./styles.css', '</style');
