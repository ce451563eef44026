/**
 * How the commands' options are read from the command line: the parsers commander calls, each turning a bad value
 * into a usage error (exit 2) that names the option; and what the terminal itself implies (live progress or not).
 */
import { InvalidArgumentError } from 'commander';
import { REPORTER_NAMES, type ReporterName } from '../../reports/names.ts';
import { MAX_TIMEOUT_MS, MAX_TIMER_MS } from '../execute/bounds.ts';

/** Parses a comma-separated list, accumulating across repeats (`--suite a,b --suite c`). */
export function list(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}

/** A whole number above 0, for the option `name`. */
export function positiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive whole number`);
    return n;
  };
}

/**
 * A value that may not be blank, for the option `name` (a URL or a path), from the command line or its environment
 * variable: `--target "$TARGET_URL"` with the variable unset would otherwise fall back to `without` (the embedded
 * simulator, the built-in profile…) and a CI gate would pass on the kit's own simulator.
 */
export function nonBlank(name: string, without: string) {
  return (value: string): string => {
    if (value.trim() === '') throw new InvalidArgumentError(`${name} is empty: give a value, or leave the option out (and its environment variable unset) for ${without}`);
    return value;
  };
}

/** A request deadline in milliseconds, 1 to {@link MAX_TIMEOUT_MS}, for the option `name`. */
export function timeoutMs(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < 1 || n > MAX_TIMEOUT_MS) throw new InvalidArgumentError(`${name} must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}`);
    return n;
  };
}

/** A whole percentage, 1 to 100, for the option `name`. */
export function percentage(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < 1 || n > 100) throw new InvalidArgumentError(`${name} must be a whole percentage from 1 to 100`);
    return n;
  };
}

/** A whole number, 0 or more, for the option `name`. */
export function wholeNumber(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`${name} must be a whole number (0 or more)`);
    return n;
  };
}

const DURATION_UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses a duration: milliseconds (`90000`), or a number with a unit: `500ms`, `90s`, `10m`, `1.5h`; at most 24 days. */
export function parseDuration(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(value);
  const ms = match ? Math.round(Number(match[1]) * DURATION_UNITS[match[2] ?? 'ms']!) : NaN;
  if (!Number.isFinite(ms) || ms <= 0) throw new InvalidArgumentError('must be a duration: milliseconds, or a number with ms, s, m or h (e.g. 90s, 10m)');
  // A longer bound would stop the run at once, every scenario errored.
  if (ms > MAX_TIMER_MS) throw new InvalidArgumentError('--max-duration must be at most 24 days (576h)');
  return ms;
}

const GATES = ['failures', 'strict', 'regressions'] as const;

/** The gates `--gate` accepts; `strict` is `failures` with SHOULD rules counted (`--strict`). */
export type GateOption = (typeof GATES)[number];

/** A `--gate` value. */
export function gate(value: string): GateOption {
  if (!(GATES as readonly string[]).includes(value)) throw new InvalidArgumentError(`unknown gate "${value}" (gates: ${GATES.join(', ')})`);
  return value as GateOption;
}

/** Reporter names, comma-separated and accumulating across repeats. */
export function reporters(value: string, previous: ReporterName[] = []): ReporterName[] {
  const names = list(value);
  // An empty list (`--reporter "$REPORTERS"` with the variable unset) would write no report and print nothing.
  if (names.length === 0) throw new InvalidArgumentError(`--reporter names no reporter (reporters: ${REPORTER_NAMES.join(', ')})`);
  for (const name of names) {
    if (!(REPORTER_NAMES as readonly string[]).includes(name)) throw new InvalidArgumentError(`unknown reporter "${name}" (reporters: ${REPORTER_NAMES.join(', ')})`);
  }
  return [...previous, ...(names as ReporterName[])];
}

/** Whether progress may be drawn live: stdout is a terminal and this is not a CI log (`CI` is `true` or `1`). */
export function liveTerminal(): boolean {
  const ci = process.env.CI === 'true' || process.env.CI === '1';
  return Boolean(process.stdout.isTTY) && !ci;
}
