/**
 * The `html` reporter: on the end of the run, writes the report as one self-contained `index.html` into the report
 * folder, and nothing else.
 */
import { createReportFileReporter, type FileReporter } from '../output-file.ts';
import { renderHtmlPieces } from './render.ts';

/** The file the HTML reporter writes inside its output folder. */
export const HTML_REPORT_FILE = 'index.html';

/** Options of {@link createHtmlReporter}. */
export interface HtmlReporterOptions {
  /** The folder `index.html` is written into (created when missing). */
  readonly outputDir: string;
}

/** A reporter that writes `<outputDir>/index.html` (atomically, `renderHtml`'s text written in pieces) from the complete report on `onRunEnd`. */
export function createHtmlReporter(options: HtmlReporterOptions): FileReporter {
  return createReportFileReporter('html', options.outputDir, HTML_REPORT_FILE, renderHtmlPieces);
}
