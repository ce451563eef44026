import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editJsonResponse, startLaxProxy } from './lax-proxy.ts';
import type { LaxProxy } from './lax-proxy.ts';

// An echo server: answers the request it saw as JSON.
let echo: http.Server;
let echoUrl: string;

beforeAll(async () => {
  echo = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(req.url === '/fail' ? 400 : 202, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString(), keep: 1, drop: 2 }));
    });
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
});

afterAll(async () => {
  echo.closeAllConnections();
  await new Promise<void>((resolve) => echo.close(() => resolve()));
});

describe('startLaxProxy', () => {
  let proxy: LaxProxy;
  afterAll(async () => proxy.close());

  it('rewrites requests and JSON responses, and keeps the Host header of the proxy', async () => {
    proxy = await startLaxProxy(echoUrl, {
      request: (r) => ({ ...r, headers: { ...r.headers, 'x-added': 'yes' } }),
      response: editJsonResponse(
        (body) => {
          delete (body as Record<string, unknown>).drop;
        },
        (res) => res.status === 202,
      ),
    });
    const res = await fetch(`${proxy.url}/a?b=1`, { method: 'POST', body: '{"x":1}', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(202);
    const body = (await res.json()) as Record<string, unknown> & { headers: Record<string, string> };
    expect(body).toMatchObject({ method: 'POST', url: '/a?b=1', body: '{"x":1}', keep: 1 });
    expect(body).not.toHaveProperty('drop');
    expect(body.headers['x-added']).toBe('yes');
    expect(body.headers.host).toBe(new URL(proxy.url).host);

    const failed = await fetch(`${proxy.url}/fail`);
    expect(failed.status).toBe(400);
    expect(await failed.json()).toHaveProperty('drop', 2);
  });
});
