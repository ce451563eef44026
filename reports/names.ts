/**
 * The names of the reporters, apart from the reporters themselves, so the command line can check `--reporter`
 * without loading any of them.
 */

/** Every reporter the kit can build, by name. */
export const REPORTER_NAMES = ['console', 'json', 'junit', 'html', 'markdown'] as const;

/** The name of a reporter. */
export type ReporterName = (typeof REPORTER_NAMES)[number];

/** True when `value` names a reporter (for validating command-line input). */
export function isReporterName(value: string): value is ReporterName {
  return (REPORTER_NAMES as readonly string[]).includes(value);
}
