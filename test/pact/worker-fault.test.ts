/**
 * `settlekit pact verify` when the verification process dies midway (Pact's core crashing, the process killed): the
 * parent reports the end of that process with the last lines it printed — Pact's log, which at `debug` or `trace`
 * holds the requests it sent, credentials included. Those lines are redacted like the log file.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../runner/load/load-project.ts';
import { stateName } from '../../runner/pact/naming.ts';
import { verifyPacts } from '../../runner/pact/verify.ts';
import { BUNDLED_SCENARIOS_DIR } from '../../runner/paths.ts';

const PASSWORD = 'Pw-of-the-provider-7781';
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('a verification process that dies after it started', () => {
  it('is reported with the tail of what it printed, the credentials masked', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'settlekit-worker-fault-'));
    dirs.push(dir);
    const scenario = (await loadProject(BUNDLED_SCENARIOS_DIR)).suites.find((s) => s.id === 'braintree')!.scenarios[0]!;
    const step = scenario.steps[0]!;
    const pact = {
      consumer: { name: 'settlekit-braintree' },
      provider: { name: 'braintree' },
      metadata: { pactSpecification: { version: '4.0' } },
      interactions: [
        {
          type: 'Synchronous/HTTP',
          description: step.name,
          providerStates: [{ name: stateName(scenario.id, 1), params: { kit: 'settlekit', scenarioId: scenario.id, stepNumber: 1, stepName: step.name, replays: [], injects: [] } }],
          request: { method: 'GET', path: '/' },
          response: { status: 200 },
        },
      ],
    };
    const pactFile = join(dir, 'settlekit-braintree-braintree.json');
    await writeFile(pactFile, JSON.stringify(pact, null, 2));
    // Stands in for a crash of Pact's core: once the worker has said it started, it prints a request as Pact logs
    // it at trace level, and dies.
    const preload = join(dir, 'die-after-start.cjs');
    await writeFile(
      preload,
      `// tsx's loader runs preloads in its hooks thread too, where there is no IPC channel.
if (require('node:worker_threads').isMainThread && typeof process.send === 'function') {
const send = process.send.bind(process);
process.send = (message, ...rest) => {
  const sent = send(message, ...rest);
  if (message && message.type === 'started') {
    const basic = Buffer.from('merchant-user:${PASSWORD}').toString('base64');
    process.stdout.write('TRACE request headers: {"authorization": "Basic ' + basic + '"}\\nTRACE body password=${PASSWORD}\\n', () => process.exit(3));
  }
  return sent;
};
}
`,
    );
    let console = '';
    const stream = new Writable({ write: (chunk: Buffer, _encoding, done) => ((console += chunk.toString('utf8')), done()) });
    const outcome = await verifyPacts({
      pacts: [pactFile],
      outputDir: join(dir, 'report'),
      reporters: ['console', 'json'],
      stream,
      tty: false,
      color: false,
      profileObject: { suites: { braintree: { credentials: { username: { env: 'SK_TEST_USER' }, password: { env: 'SK_TEST_PASSWORD' } } } } },
      env: { ...process.env, SK_TEST_USER: 'merchant-user', SK_TEST_PASSWORD: PASSWORD, NODE_OPTIONS: `--require ${preload}` },
    });
    expect(outcome.exitCode).toBe(2);
    // The fault is reported, with Pact's last lines …
    expect(console).toMatch(/the verification stopped: the Pact verification process ended \(exit 3\)/);
    expect(console).toContain('TRACE body password=');
    // … and no credential in them.
    expect(console).not.toContain(PASSWORD);
    expect(console).not.toContain(Buffer.from(`merchant-user:${PASSWORD}`).toString('base64'));
  }, 120_000);
});
