/**
 * The runner's HTTP client: undici's Agent taken from its own module (to load a third of undici) must be undici's
 * public Agent, and the client's exchanges — through the dispatcher API — must give status, headers and the whole
 * body, cap the body, follow same-origin redirects and turn deadlines into timeouts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as undici from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, HttpClient } from '../../runner/execute/http-client.ts';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/big') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('x'.repeat(100_000));
    } else if (req.url === '/moved') {
      res.writeHead(302, { location: '/echo' }).end();
    } else if (req.url === '/slow') {
      setTimeout(() => res.end('late'), 2_000);
    } else {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        res.writeHead(201, { 'content-type': 'application/json', 'x-twice': ['a', 'b'] });
        res.end(JSON.stringify({ method: req.method, url: req.url, body, type: req.headers['content-type'] ?? null }));
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('HttpClient', () => {
  it("uses undici's own Agent class", () => {
    expect(Agent).toBe(undici.Agent);
  });

  it('sends the request and gives the status, the headers (lower-case, repeats joined) and the whole body', async () => {
    const http = new HttpClient({ timeoutMs: 5_000, maxBodyBytes: 1024 * 1024 });
    try {
      const outcome = await http.send({ method: 'POST', url: `${base}/echo?q=1`, headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' });
      expect(outcome.ok).toBe(true);
      if (!outcome.ok) return;
      expect(outcome.response.status).toBe(201);
      expect(outcome.response.headers['x-twice']).toBe('a, b');
      expect(JSON.parse(outcome.response.body.toString())).toEqual({ method: 'POST', url: '/echo?q=1', body: '{"a":1}', type: 'application/json' });
      expect(outcome.response.truncated).toBe(false);
      expect(outcome.response.size).toBe(outcome.response.body.length);
    } finally {
      await http.close();
    }
  });

  it('keeps only the cap of a larger body and says it was cut', async () => {
    const http = new HttpClient({ timeoutMs: 5_000, maxBodyBytes: 1000 });
    try {
      const outcome = await http.send({ method: 'GET', url: `${base}/big`, headers: {} });
      expect(outcome.ok && outcome.response.truncated).toBe(true);
      if (!outcome.ok) return;
      expect(outcome.response.body.length).toBe(1000);
      expect(outcome.response.size).toBeGreaterThan(1000);
    } finally {
      await http.close();
    }
  });

  it('follows a same-origin redirect and records it', async () => {
    const http = new HttpClient({ timeoutMs: 5_000, maxBodyBytes: 1024 * 1024 });
    try {
      const outcome = await http.send({ method: 'GET', url: `${base}/moved`, headers: {} });
      expect(outcome.ok && outcome.response.status).toBe(201);
      if (outcome.ok) expect(outcome.response.redirects).toEqual([`${base}/echo`]);
    } finally {
      await http.close();
    }
  });

  it('turns a passed deadline into a timeout error, and an aborted run into its halt', async () => {
    const http = new HttpClient({ timeoutMs: 200, maxBodyBytes: 1024 });
    try {
      const timedOut = await http.send({ method: 'GET', url: `${base}/slow`, headers: {} });
      expect(timedOut.ok).toBe(false);
      if (!timedOut.ok) expect(timedOut.error.code).toBe('SETTLEKIT_E_TIMEOUT');
      const controller = new AbortController();
      const pending = http.send({ method: 'GET', url: `${base}/slow`, headers: {} }, { signal: controller.signal });
      controller.abort();
      const aborted = await pending;
      expect(aborted.ok).toBe(false);
      if (!aborted.ok) expect(aborted.error.code).not.toBe('SETTLEKIT_E_TIMEOUT');
    } finally {
      await http.close();
    }
  });
});
