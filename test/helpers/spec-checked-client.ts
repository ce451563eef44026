/**
 * A small JSON client for the Worldpay façade tests: default headers (a `null` override leaves one out), raw or JSON
 * bodies, and every answer under `checkedPrefix` validated against the API's OpenAPI document — a façade answer that
 * breaks its own spec fails the test that caused it.
 */
import http from 'node:http';
import type { OpenApiIndex } from '../../runner/spec/openapi-index.ts';

/** A decoded answer. */
export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** `Basic base64(user:password)`. */
export const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** A `call(method, url, body?, headers?)` bound to default headers and a spec. */
export function specCheckedClient(options: { spec: OpenApiIndex; headers: Record<string, string>; checkedPrefix: string }) {
  return function call(method: string, url: string, body?: unknown, headers: Record<string, string | null> = {}): Promise<Reply> {
    const merged: Record<string, string> = {};
    for (const [name, value] of Object.entries({ ...options.headers, ...headers })) if (value !== null) merged[name] = value;
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = http.request(url, { method, headers: merged, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const reply: Reply = { status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : undefined };
          const path = new URL(url).pathname;
          const op = options.spec.findOperation(method, path);
          if (op && path.startsWith(options.checkedPrefix)) {
            const check = options.spec.validateResponse(op.operationId, reply.status, res.headers['content-type'], reply.body);
            if (check.kind !== 'valid') reject(new Error(`${method} ${path} → ${reply.status} does not match the spec: ${JSON.stringify(check)}`));
          }
          resolve(reply);
        });
      });
      req.on('error', reject);
      req.end(payload);
    });
  };
}
