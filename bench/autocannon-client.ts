/**
 * The load generator of the throughput benchmarks, run in its own process (and, where taskset exists, on its own
 * core) so that it never shares a core or an event loop with the server it measures: autocannon replays a list of
 * prepared requests over keep-alive connections and this prints one JSON line with the figures and the CPU time the
 * generator itself spent (user + system over wall time: well below 1.0 means it had time to spare, i.e. it was not the
 * bottleneck).
 *
 *   node --import tsx bench/autocannon-client.ts --url http://127.0.0.1:4010 --requests list.json
 *     [--connections 16] [--duration 4 | --amount 2000] [--warmup 1] [--shared]
 *
 * `list.json` is an array of `{method, path, headers, body}`. By default every connection cycles through it in order
 * (each request is built once and replayed as bytes); with `--shared` the connections share one cursor, so each entry
 * is sent once per pass over the list whatever the connection (for requests that consume what they name), at the cost
 * of building each request as it is sent.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import autocannon, { type AutocannonRequest } from 'autocannon';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    requests: { type: 'string' },
    connections: { type: 'string', default: '16' },
    duration: { type: 'string', default: '4' },
    amount: { type: 'string' },
    warmup: { type: 'string', default: '0' },
    shared: { type: 'boolean', default: false },
  },
});
if (!values.url || !values.requests) throw new Error('autocannon-client: --url and --requests are required');
const list = JSON.parse(readFileSync(values.requests, 'utf8')) as AutocannonRequest[];
let cursor = 0;
const requests: AutocannonRequest[] = values.shared
  ? [{ setupRequest: (request: AutocannonRequest) => ({ ...request, ...list[cursor++ % list.length] }) }]
  : list;
const connections = Number(values.connections);
const warmup = Number(values.warmup);

const run = autocannon({
  url: values.url,
  connections,
  pipelining: 1,
  timeout: 30,
  sampleInt: 100,
  requests,
  ...(values.amount ? { amount: Number(values.amount) } : { duration: Number(values.duration) }),
  ...(warmup > 0 ? { warmup: { connections, duration: warmup } } : {}),
});
// autocannon's own duration is counted in whole sampling intervals; the measured phase is timed here, from its start
// to its last answer (the tracker returned is the measured phase's, after any warm-up).
let startMs = 0;
let firstAt = 0;
let lastAt = 0;
let answered = 0;
/** Bytes of the answers, head and body, as they came off the wire. */
let answerBytes = 0;
let cpuAtStart = process.cpuUsage();
run.on('start', () => {
  startMs = Date.now();
  firstAt = performance.now();
  cpuAtStart = process.cpuUsage();
});
run.on('response', (_client: unknown, _status: number, bytes: number) => {
  answered += 1;
  answerBytes += bytes;
  lastAt = performance.now();
});
const result = await run;
const measuredMs = lastAt - firstAt;
const cpu = process.cpuUsage(cpuAtStart);

const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).map(([status, { count }]) => [status, count]));
process.stdout.write(
  `${JSON.stringify({
    requests: answered,
    seconds: measuredMs / 1000,
    rps: (answered * 1000) / measuredMs,
    // The measured phase, so the server can tell how busy it was meanwhile.
    startMs,
    finishMs: startMs + measuredMs,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statuses,
    // The mean size of an answer on the wire (status line, headers and body), over the measured phase.
    answerBytes: answered === 0 ? 0 : answerBytes / answered,
    // From the start of the measured phase to the result (a few ms past the last answer).
    cpuShare: (cpu.user + cpu.system) / 1000 / measuredMs,
  })}\n`,
);
