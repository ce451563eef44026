/**
 * The `html` reporter: on the end of the run, writes the report as one self-contained `index.html` into the report
 * folder, and nothing else.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Reporter, RunEndEvent } from '../../runner/model/events.ts';
import { renderHtml } from './render.ts';

/** The file the HTML reporter writes inside its output folder. */
export const HTML_REPORT_FILE = 'index.html';

/** Options of {@link createHtmlReporter}. */
export interface HtmlReporterOptions {
  /** The folder `index.html` is written into (created when missing). */
  readonly outputDir: string;
}

/** A reporter that writes `<outputDir>/index.html` from the complete report on `onRunEnd`. */
export function createHtmlReporter(options: HtmlReporterOptions): Reporter {
  return {
    name: 'html',
    async onRunEnd(event: RunEndEvent): Promise<void> {
      await mkdir(options.outputDir, { recursive: true });
      await writeFile(join(options.outputDir, HTML_REPORT_FILE), renderHtml(event.report), 'utf8');
    },
  };
}
