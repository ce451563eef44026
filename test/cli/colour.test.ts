import { afterEach, describe, expect, it, vi } from 'vitest';
import { consoleOptions } from '../../runner/cli/run.ts';

/**
 * The colour of `run`, `merge` and `pact verify`: `--no-color`, then FORCE_COLOR (on unless `0` or `false`, as Node
 * and supports-color read it), then NO_COLOR (off when set and not empty), then whether stdout is a terminal.
 */
describe('the console colour of the commands', () => {
  const tty = process.stdout.isTTY;
  const asTerminal = (value: boolean): void => {
    Object.defineProperty(process.stdout, 'isTTY', { value, configurable: true });
  };
  afterEach(() => {
    vi.unstubAllEnvs();
    Object.defineProperty(process.stdout, 'isTTY', { value: tty, configurable: true });
  });

  it.each([
    // [FORCE_COLOR, NO_COLOR, stdout is a terminal, colour]
    [undefined, undefined, false, false],
    [undefined, undefined, true, true],
    ['1', undefined, false, true],
    ['', undefined, false, true],
    ['0', undefined, false, false],
    ['false', undefined, false, false],
    ['0', undefined, true, false],
    ['false', undefined, true, false],
    [undefined, '1', true, false],
    [undefined, '', true, true],
    ['1', '1', false, true],
  ] as const)('FORCE_COLOR=%s NO_COLOR=%s terminal=%s: colour %s', (force, noColor, terminal, colour) => {
    vi.stubEnv('FORCE_COLOR', force);
    vi.stubEnv('NO_COLOR', noColor);
    asTerminal(terminal);
    expect(consoleOptions({ color: true }).color).toBe(colour);
    // --no-color always wins.
    expect(consoleOptions({ color: false }).color).toBe(false);
  });
});
