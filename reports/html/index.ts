/**
 * The HTML conformance report: {@link renderHtml} (a pure function of the JSON report) and the reporter that writes it.
 */
export { renderHtml, serializeForScript, contentSecurityPolicy, DATA_ELEMENT_ID } from './render.ts';
export { createHtmlReporter, HTML_REPORT_FILE } from './reporter.ts';
export type { HtmlReporterOptions } from './reporter.ts';
