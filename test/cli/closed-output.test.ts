/**
 * A reader that goes away (`settlekit list --json | head -1`) ends the command's output, not the command: no EPIPE
 * stack trace, the command's own exit code, and a run still writes its report.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../helpers/cli.ts';

/** Closes the reading end of the child's stdout after its first output, as `| head -1` does. */
const closeAfterFirstOutput = (_text: string, child: { stdout: NodeJS.ReadableStream | null }): void => {
  (child.stdout as NodeJS.ReadableStream & { destroy(): void }).destroy();
};

describe('a closed standard output', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'settlekit-closed-output-'));
  });
  afterAll(() => rm(out, { recursive: true, force: true }));

  it('ends the output of list quietly, with exit code 0', async () => {
    // Through a real pipe to `head`, as a user types it: the list (87 KB) is more than the pipe holds, so the writes
    // after head has gone fail with EPIPE. bash reports the command's own exit code (PIPESTATUS).
    const script = '"$0" "$@" | head -c 1 >/dev/null; echo "exit=${PIPESTATUS[0]}"';
    const child = spawn('bash', ['-c', script, process.execPath, ...CLI, 'list', '--json'], { env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(stdout.trim()).toBe('exit=0');
  });

  it('lets a run finish, write its report and exit with its own code', async () => {
    // One bundled suite on the embedded simulator: its console output is far more than the first line.
    const result = await runCli(['run', '--suite', 'worldpay-payments', '--reporter', 'console,json', '--output', out], { onStdout: closeAfterFirstOutput });
    expect(result.stderr).not.toMatch(/EPIPE|Unhandled/);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as { verdict: { conformant: boolean }; summary: { scenarios: { total: number; passed: number } } };
    expect(report.summary.scenarios.passed).toBeGreaterThan(10);
    expect(report.verdict.conformant).toBe(true);
    expect(result.code).toBe(0);
  });
});
