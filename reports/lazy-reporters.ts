/**
 * Loading the HTML and Markdown reporters on demand: a run that does not ask for them never loads their modules, and
 * an installation without them answers with a usage error instead of a crash.
 */
import { access } from 'node:fs/promises';
import { SettlekitError } from '../lib/errors.ts';
import type { Reporter } from '../runner/model/events.ts';

/** The reporters loaded on demand. */
export type LazyReporterName = 'html' | 'markdown';

/** The factory a lazily loaded reporter module exports. */
export type LazyReporterFactory = (options: { outputDir: string }) => Reporter | Promise<Reporter>;

/** Module (relative to this file, without its extension) and factory export of each lazily loaded reporter. */
const LAZY: Readonly<Record<LazyReporterName, { readonly module: string; readonly factory: string }>> = {
  html: { module: './html/index', factory: 'createHtmlReporter' },
  markdown: { module: './markdown', factory: 'createMarkdownReporter' },
};

// The modules are named at run time, so the build cannot rewrite their extension: they take this module's own, `.ts`
// from the sources and `.js` from dist/.
const EXTENSION = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/**
 * Imports the module of the `html` or `markdown` reporter and returns its factory.
 *
 * @throws {SettlekitError} `SETTLEKIT_E_USAGE` (`reporter html is not available`) when the module is missing or does
 * not export its factory. A module that exists but fails to load is a bug and its error is not hidden.
 */
export async function loadReporterFactory(name: LazyReporterName): Promise<LazyReporterFactory> {
  const { module, factory } = LAZY[name];
  const url = new URL(`${module}${EXTENSION}`, import.meta.url);
  const file = `reports/${module.slice(2)}${EXTENSION}`;
  try {
    await access(url);
  } catch {
    throw new SettlekitError('SETTLEKIT_E_USAGE', `reporter ${name} is not available`, {
      hint: `This installation has no ${file}; use --reporter console,json,junit.`,
    });
  }
  const loaded = (await import(url.href)) as Record<string, unknown>;
  const create = loaded[factory];
  if (typeof create !== 'function') {
    throw new SettlekitError('SETTLEKIT_E_USAGE', `reporter ${name} is not available (${file} does not export ${factory})`);
  }
  return create as LazyReporterFactory;
}
