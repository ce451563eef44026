/**
 * The fuzz console: in a terminal one progress line redrawn in place (and cleared before any other line); in CI plain
 * lines at every tenth of the runs; a summary naming the seed, the divergences by rule and the files.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createFuzzConsole } from '../../runner/fuzz/console.ts';
import type { FuzzEvent } from '../../runner/fuzz/run-fuzz.ts';
import type { SearchProgress } from '../../runner/fuzz/search.ts';

const start: FuzzEvent = { type: 'start', seed: 42, command: 'settlekit fuzz --suite braintree --seed 42 --runs 20 --max-steps 10', suites: ['braintree'], target: 'http://127.0.0.1:1', embedded: true, runs: 20, maxSteps: 10, race: false };
const progress = (runs: number, phase: SearchProgress['phase'] = 'searching'): FuzzEvent => ({ type: 'progress', suite: 'braintree', progress: { phase, runs, steps: runs * 4, requests: runs * 8, divergences: 0, infos: 0, shrinks: 0 } });

function capture(tty: boolean, events: readonly FuzzEvent[]): string {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  const listen = createFuzzConsole({ stream, tty });
  for (const event of events) listen(event);
  return text;
}

describe('the fuzz console', () => {
  it('prints plain lines at every tenth of the runs when not in a terminal', () => {
    const text = capture(false, [start, ...Array.from({ length: 20 }, (_, i) => progress(i + 1))]);
    expect(text).not.toContain('\r');
    const lines = text.split('\n').filter((l) => l.startsWith('braintree: '));
    expect(lines.map((l) => /(\d+)\/20/.exec(l)?.[1])).toEqual(['1', '3', '5', '7', '9', '11', '13', '15', '17', '19']);
    expect(text).toContain('settlekit fuzz · seed 42 · braintree · 20 sequence(s) per suite of up to 10 step(s)');
    expect(text).toContain('target: the embedded reference simulator');
  });

  it('redraws one line in a terminal and clears it before printing another line', () => {
    const text = capture(true, [start, progress(1), { type: 'suite-end', result: { suite: 'braintree', runs: 20, steps: 80, requests: 160, races: 0, coverage: {}, infos: [], interrupted: false, durationMs: 1500 } }]);
    expect(text).toContain('braintree: 1/20 sequences · 4 steps · 0 divergence(s) · 0 INFO difference(s)');
    expect(text).toContain('1/20 sequences · 4 steps · 0 divergence(s) · 0 INFO difference(s)\r\u001b[2Kbraintree: 20 sequence(s), 80 step(s), 160 request(s) in 1.5 s — no divergence\n');
  });
});
