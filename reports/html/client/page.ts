/**
 * What the page (reports/html/render.ts, in Node) and its script (this folder, in the browser) agree on: the ids of
 * the elements the page ships with. Imported from both sides, so it holds constants only.
 */

/** The id of the `<script type="application/json">` element holding the report. */
export const DATA_ELEMENT_ID = 'settlekit-data';

/** The id of the element the script renders the report into (it holds the `<noscript>` fallback until then). */
export const APP_ELEMENT_ID = 'app';
