/**
 * The fuzz run on a console: a progress line redrawn in a terminal, plain lines in CI or a pipe, and a summary at the
 * end (sequences, steps, divergences by rule, INFO differences, files written, how to replay). A pure listener of
 * {@link FuzzEvent}s.
 */
import { relative } from 'node:path';
import type { FuzzEvent, FuzzOutcome, SuiteFuzzResult } from './run-fuzz.ts';

/** Options of {@link createFuzzConsole}. */
export interface FuzzConsoleOptions {
  readonly stream: NodeJS.WritableStream;
  /** Redraw one progress line (a terminal) instead of printing plain lines (CI, a pipe). */
  readonly tty: boolean;
}

const REDRAW_MS = 100;

/** A listener that prints a fuzz run's events. */
export function createFuzzConsole(options: FuzzConsoleOptions): (event: FuzzEvent) => void {
  const { stream, tty } = options;
  let runs = 0;
  let lastDraw = 0;
  let drawn = false;
  let nextPlain = 0;
  let suite = '';
  const clear = (): void => {
    if (drawn) stream.write('\r\x1b[2K');
    drawn = false;
  };
  const line = (text: string): void => {
    clear();
    stream.write(`${text}\n`);
  };
  return (event) => {
    switch (event.type) {
      case 'start':
        runs = event.runs;
        line(`settlekit fuzz · seed ${event.seed} · ${event.suites.join(', ')} · ${event.runs} sequence(s) per suite of up to ${event.maxSteps} step(s)${event.race ? ' · races on' : ''}`);
        line(`  target: ${event.embedded ? 'the embedded reference simulator' : event.target} · oracle: a fresh reference simulator per sequence`);
        line(`  same run again: ${event.command}`);
        nextPlain = 0;
        break;
      case 'progress': {
        const p = event.progress;
        if (event.suite !== suite) {
          suite = event.suite;
          nextPlain = 0;
        }
        const text =
          p.phase === 'shrinking'
            ? `${event.suite}: shrinking the divergence · ${p.shrinks} shrinking run(s)`
            : `${event.suite}: ${p.runs}/${runs} sequences · ${p.steps} steps · ${p.divergences} divergence(s) · ${p.infos} INFO difference(s)`;
        if (tty) {
          const now = performance.now();
          if (now - lastDraw < REDRAW_MS) return;
          lastDraw = now;
          clear();
          stream.write(text);
          drawn = true;
        } else if (p.phase === 'searching' && p.runs >= nextPlain) {
          // Plain lines at every tenth of the runs, so a CI log shows the run moving without a line per sequence.
          line(text);
          nextPlain = p.runs + Math.max(1, Math.ceil(runs / 10));
        }
        break;
      }
      case 'divergence': {
        const d = event.difference;
        line(`${event.suite}: sequence ${event.run} diverged at step ${d.step + 1} ("${event.step}"): ${d.rules.join(', ')} (${d.level}) — shrinking`);
        for (const message of d.messages.slice(0, 3)) line(`    ${message}`);
        break;
      }
      case 'suite-end':
        line(suiteLine(event.result));
        break;
      case 'end':
        clear();
        stream.write(summary(event.outcome));
        break;
    }
  };
}

function suiteLine(result: SuiteFuzzResult): string {
  const head = `${result.suite}: ${result.runs} sequence(s), ${result.steps} step(s), ${result.requests} request(s) in ${seconds(result.durationMs)}`;
  const f = result.finding;
  if (!f) return `${head} — no divergence${result.interrupted ? ' (interrupted)' : ''}`;
  const d = f.outcome.difference;
  return `${head} — DIVERGED at sequence ${f.run}: ${d?.rules.join(', ')} (${d?.level}); shrunk from ${f.originalSteps} to ${f.outcome.steps.length} step(s) in ${f.shrinks} shrinking run(s)${f.reproduced ? '' : ' (did not diverge again when rerun: flaky?)'}`;
}

function summary(outcome: FuzzOutcome): string {
  const lines: string[] = ['', `Summary · seed ${outcome.seed}`];
  const total = (key: 'runs' | 'steps' | 'requests'): number => outcome.suites.reduce((n, s) => n + s[key], 0);
  lines.push(`  ${total('runs')} sequence(s) · ${total('steps')} step(s) · ${total('requests')} request(s) · ${seconds(outcome.durationMs)}`);
  const divergences = outcome.suites.filter((s) => s.finding);
  if (divergences.length === 0) lines.push('  divergences: none');
  else {
    lines.push('  divergences by rule:');
    const byRule = new Map<string, string[]>();
    for (const s of divergences) for (const rule of s.finding?.outcome.difference?.rules ?? []) byRule.set(rule, [...(byRule.get(rule) ?? []), s.suite]);
    for (const [rule, suites] of byRule) lines.push(`    ${rule} (${outcome.rules.get(rule)?.level ?? '?'}) ${outcome.rules.get(rule)?.title ?? ''} — ${suites.join(', ')}`);
    for (const s of divergences) {
      const f = s.finding;
      const d = f?.outcome.difference;
      if (!f || !d) continue;
      lines.push(`  ${s.suite}, step ${d.step + 1} of ${f.outcome.steps.length} ("${f.outcome.steps[d.step]?.step.name}"):`);
      for (const message of d.messages.slice(0, 5)) lines.push(`    ${message}`);
    }
  }
  const infos = outcome.suites.flatMap((s) => s.infos.map((i) => `${i.key} ×${i.count} (${s.suite})`));
  if (infos.length > 0) lines.push(`  INFO differences (reported, not failures; each ended its sequence): ${infos.join('; ')}`);
  lines.push('  files:');
  for (const file of outcome.files) lines.push(`    ${shown(file)}`);
  if (divergences.some((s) => s.written)) lines.push(`  replay the found scenarios: ${outcome.replay}`);
  const verdict = outcome.exitCode === 130 ? 'interrupted' : outcome.exitCode === 1 ? `${divergences.length} suite(s) diverged from the reference simulator` : 'no divergence from the reference simulator';
  lines.push(`Verdict: ${verdict} (exit ${outcome.exitCode})`, '');
  return lines.join('\n');
}

/** A path as the user would type it from here. */
function shown(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
