/**
 * The catalogue of settlekit's own errors. Every error the kit reports carries a stable code (`SETTLEKIT_E_…`), a
 * title and a hint, so users can search for it and scripts can match on it. Load and usage errors also carry a source
 * position.
 */

/** The catalogue: code → title and hint. */
export const ERRORS = {
  SETTLEKIT_E_USAGE: { title: 'Invalid command line', hint: 'Run `settlekit --help` for the commands and options.', exit: 2 },
  SETTLEKIT_E_YAML_SYNTAX: { title: 'YAML syntax error', hint: 'Fix the YAML at the position shown.', exit: 2 },
  SETTLEKIT_E_SCHEMA: { title: 'File does not match its schema', hint: 'See specs/scenario.schema.json (or suite/profile schema) for the allowed keys.', exit: 2 },
  SETTLEKIT_E_UNKNOWN_OPERATION: { title: 'Unknown operation', hint: "Use an operationId from the suite's OpenAPI document (`settlekit list --operations`).", exit: 2 },
  SETTLEKIT_E_UNKNOWN_RULE: { title: 'Unknown rule', hint: "Use a rule id of the suite's rule catalogue (`settlekit list --rules`).", exit: 2 },
  SETTLEKIT_E_UNKNOWN_CAPABILITY: { title: 'Unknown capability', hint: "Use one of the kit's capabilities or one the suite declares (`settlekit list --capabilities`).", exit: 2 },
  SETTLEKIT_E_DUPLICATE_ID: { title: 'Duplicate scenario or rule id', hint: 'Scenario ids must be unique across all suites.', exit: 2 },
  SETTLEKIT_E_CAPTURE_UNDEFINED: { title: 'Capture used before it is defined', hint: 'Capture the value in an earlier step, or declare it under `vars`.', exit: 2 },
  SETTLEKIT_E_SPEC: { title: 'Invalid OpenAPI document', hint: 'The spec in specs/ could not be loaded.', exit: 2 },
  SETTLEKIT_E_PROFILE: { title: 'Invalid target profile', hint: 'See specs/profile.schema.json.', exit: 2 },
  SETTLEKIT_E_REPORT_INPUT: { title: 'Invalid JSON report', hint: 'Pass a report.json written by `settlekit run`.', exit: 2 },
  SETTLEKIT_E_WAIVERS: { title: 'Invalid waivers file', hint: 'See specs/waivers.schema.json: each waiver names a rule or a scenario, a reason and an expiry date.', exit: 2 },
  SETTLEKIT_E_MERGE: { title: 'Reports cannot be merged', hint: 'Merge the reports of every shard (`--shard 1/n` … `n/n`) of one plan: same kit, suites, filters and target.', exit: 2 },
  SETTLEKIT_E_TARGET_UNREACHABLE: { title: 'Target unreachable', hint: 'Check --target and that the implementation is running.', exit: 2 },
  SETTLEKIT_E_NO_SCENARIOS: { title: 'No scenario matches the filters', hint: 'Loosen --suite/--tag/--rule/--grep (`settlekit list`).', exit: 2 },
  SETTLEKIT_E_SECRET_MISSING: { title: 'Credential not set', hint: 'Export the environment variable the profile names.', exit: 2 },
  SETTLEKIT_E_NETWORK: { title: 'Network error', hint: 'The target closed, reset or refused the connection.', exit: 1 },
  SETTLEKIT_E_TIMEOUT: { title: 'Request timed out', hint: 'The target did not answer within --timeout; raise it if the target is slow.', exit: 1 },
  SETTLEKIT_E_TARGET_STOPPED: { title: 'Target stopped answering', hint: 'Requests timed out one after another, so the kit stopped sending; check the target, or raise --max-timeouts (0 never stops).', exit: 1 },
  SETTLEKIT_E_MAX_DURATION: { title: 'Run took longer than --max-duration', hint: 'The kit stopped the run at --max-duration; raise it, or find what makes the target slow.', exit: 1 },
  SETTLEKIT_E_BODY_TOO_LARGE: { title: 'Response body over the cap', hint: 'Raise --max-body if the target legitimately sends large bodies.', exit: 1 },
  SETTLEKIT_E_DECODE: { title: 'Response body could not be decoded', hint: 'The body is not the JSON or XML its Content-Type claims.', exit: 1 },
  SETTLEKIT_E_REDIRECT: { title: 'Too many redirects', hint: 'The target redirected in a loop.', exit: 1 },
  SETTLEKIT_E_TEMPLATE: { title: 'Template value missing', hint: 'A `{{name}}` had no value when the step ran (an earlier capture failed?).', exit: 1 },
  SETTLEKIT_E_REPORTER: { title: 'Reporter failed', hint: 'A reporter threw; the run went on and the other reports were written.', exit: 1 },
  SETTLEKIT_E_INTERRUPTED: { title: 'Run interrupted', hint: 'SIGINT/SIGTERM: the report holds what ran.', exit: 130 },
  SETTLEKIT_E_PACT_INPUT: { title: 'Invalid pact file', hint: 'Pass Pact V4 JSON files written by `settlekit pact export` (or a folder of them).', exit: 2 },
  SETTLEKIT_E_PACT_STATE: { title: 'Provider state not set up', hint: 'The steps before the interaction did not pass against the target (see the step named), or the state is not a settlekit state.', exit: 1 },
  SETTLEKIT_E_PACT_VERIFIER: { title: "Pact's verifier could not verify the interaction", hint: "See Pact's message; `--pact-log-level debug` shows what Pact's core did.", exit: 1 },
  SETTLEKIT_E_SIMULATOR_OPTION: { title: 'Invalid simulator option', hint: 'See SimulatorOptions (settlekit/simulator) for each option, its type and its range.', exit: 2 },
  SETTLEKIT_E_SIMULATOR_LISTEN: { title: 'The simulator cannot listen', hint: 'Another process (or another simulator) may hold the port: listen(0) takes any free one; the host must be a name or address of this machine (127.0.0.1 by default).', exit: 2 },
  SETTLEKIT_E_INTERNAL: { title: 'Internal error', hint: 'This is a settlekit bug; please report it with the JSON report.', exit: 2 },
} as const;

/** A stable error code. */
export type ErrorCode = keyof typeof ERRORS;

/** A position in a source file, 1-based. */
export interface ErrorPosition {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

/** Options of a {@link SettlekitError}. */
export interface SettlekitErrorOptions {
  readonly position?: ErrorPosition;
  readonly hint?: string;
  readonly cause?: unknown;
  /**
   * The error this one follows from (a scenario naming a rule whose catalogue entry is broken follows from that
   * entry's error): lists print the root cause once, with the places it affects (see {@link groupErrors}).
   */
  readonly rootCause?: SettlekitError;
}

/** An error of the kit: a code from {@link ERRORS}, a message, and optionally where it comes from. */
export class SettlekitError extends Error {
  /** The stable code (`SETTLEKIT_E_…`), to match on: one of {@link ERRORS}. */
  readonly code: ErrorCode;
  /** What to do about it (the catalogue's hint unless the error has a more precise one). */
  readonly hint: string;
  /** Where in which file, for errors of a file. */
  readonly position?: ErrorPosition;
  /** The error this one follows from, when it is a consequence of another (see {@link SettlekitErrorOptions}). */
  readonly rootCause?: SettlekitError;

  constructor(code: ErrorCode, message: string, options: SettlekitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SettlekitError';
    this.code = code;
    this.hint = options.hint ?? ERRORS[code].hint;
    if (options.position) this.position = options.position;
    // A consequence of a consequence follows from the first cause.
    if (options.rootCause) this.rootCause = options.rootCause.rootCause ?? options.rootCause;
  }

  /** The exit code this error leads to when it stops the run. */
  get exitCode(): number {
    return ERRORS[this.code].exit;
  }

  /** `file:line:col` when known. */
  get where(): string | undefined {
    if (!this.position) return undefined;
    const { file, line, column } = this.position;
    return line === undefined ? file : `${file}:${line}:${column ?? 1}`;
  }

  /** One line (plus the hint) for the console: `file:line:col: CODE message`. */
  format(): string {
    const where = this.where;
    return `${where ? `${where}: ` : ''}${this.code}: ${this.message}\n  hint: ${this.hint}`;
  }
}

/**
 * Errors of one root cause: the same problem found in several places (the same unknown rule named by 200 scenarios),
 * or an error and the errors that follow from it ({@link SettlekitError.rootCause}).
 */
export interface ErrorGroup {
  /** The error printed for the group: the root cause when it is in the list, else the first error of the group. */
  readonly error: SettlekitError;
  /** Every error of the group, in the list's order. */
  readonly errors: readonly SettlekitError[];
  /**
   * Where the problem shows, in order: for a root cause, the places of the errors that follow from it; for a
   * repeated problem, the place of each error (the printed one first).
   */
  readonly places: readonly string[];
}

/** Places listed under a grouped problem before "…and N more". */
export const PLACES_SHOWN = 3;

/**
 * Groups `errors` by root cause: errors that follow from the same error go with it, and errors with the same code
 * and message (which say nothing of their place) are one problem. Groups keep the order of their first error.
 */
export function groupErrors(errors: readonly SettlekitError[]): ErrorGroup[] {
  const groups = new Map<unknown, { root?: SettlekitError; errors: SettlekitError[] }>();
  const keyOf = (e: SettlekitError): string => `${e.code}\u0000${e.message}`;
  for (const error of errors) {
    const root = error.rootCause;
    const key = keyOf(root ?? error);
    let group = groups.get(key);
    if (!group) {
      group = { errors: [] };
      groups.set(key, group);
    }
    group.errors.push(error);
    if (!root && !group.root) group.root = error;
  }
  return [...groups.values()].map(({ root, errors: members }) => {
    const followers = members.filter((e) => e.rootCause);
    // A root cause in the list names the places it affects; a repeated problem, every place it is found.
    const located = root && followers.length > 0 ? members.filter((e) => e !== root) : members;
    const head = root ?? members[0]!;
    return { error: head, errors: members, places: [...new Set(located.map((e) => e.where).filter((w): w is string => w !== undefined))] };
  });
}

/**
 * A group as the console shows it: the printed error (`file:line:col: CODE: message`, then its hint) and, when it
 * shows in more places, one more line with how many and the first few (`in 200 places: a.yaml:3:9, … …and 197 more`).
 * The first line of every problem stays `file:line:col: CODE: message`, for tools that read them one per line.
 */
export function formatGroup(group: ErrorGroup, placesShown = PLACES_SHOWN): string {
  const text = group.error.format();
  const affects = group.error.rootCause === undefined && group.errors.some((e) => e.rootCause);
  if (group.places.length <= (affects ? 0 : 1)) return text;
  const shown = group.places.slice(0, placesShown).join(', ');
  const more = group.places.length > placesShown ? ` …and ${group.places.length - placesShown} more` : '';
  return `${text}\n  ${affects ? 'affects' : 'in'} ${group.places.length} places: ${shown}${more}`;
}

/** Several errors found together (e.g. every broken scenario file of a load), reported at once. */
export class SettlekitErrorList extends Error {
  /** Every error, ungrouped, in the order found. */
  readonly errors: readonly SettlekitError[];
  /** The errors grouped by root cause (see {@link groupErrors}): what the console prints, one problem each. */
  readonly groups: readonly ErrorGroup[];
  constructor(errors: readonly SettlekitError[]) {
    const groups = groupErrors(errors);
    super(groups.map((g) => formatGroup(g)).join('\n'));
    this.name = 'SettlekitErrorList';
    this.errors = errors;
    this.groups = groups;
  }
}
