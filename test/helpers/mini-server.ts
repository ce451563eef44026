/**
 * A tiny implementation of the mini API (test/fixtures/mini) for the runner's own tests, with switches that make it
 * nonconforming in specific ways.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Ways the mini server can break the contract. */
export interface MiniFaults {
  /** Accept amount 0 (breaks MN-PY-02). */
  readonly acceptZero?: boolean;
  /** Answer payments with a status outside the enum (breaks the schema). */
  readonly badStatus?: boolean;
}

/** Starts the mini server on a free loopback port. */
export async function startMiniServer(faults: MiniFaults = {}): Promise<{ url: string; server: Server; close(): Promise<void>; requests: IncomingMessage[] }> {
  const payments = new Map<string, { id: string; amount: number; status: string }>();
  const requests: IncomingMessage[] = [];
  const send = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const server = createServer(async (req, res) => {
    requests.push(req);
    let text = '';
    for await (const chunk of req) text += String(chunk);
    const create = req.url?.match(/^\/accounts\/[^/]+\/payments$/);
    const get = req.url?.match(/^\/accounts\/[^/]+\/payments\/([^/]+)$/);
    if (create && req.method === 'POST') {
      const body = JSON.parse(text || '{}') as { amount?: number };
      if (!faults.acceptZero && (!Number.isInteger(body.amount) || (body.amount ?? 0) < 1)) {
        send(res, 400, { errorName: 'bodyDoesNotMatchSchema', message: 'amount must be positive' });
        return;
      }
      const payment = { id: `p${payments.size + 1}`, amount: body.amount ?? 0, status: faults.badStatus ? 'weird' : 'authorized' };
      payments.set(payment.id, payment);
      send(res, 201, payment);
      return;
    }
    if (get && req.method === 'GET') {
      const payment = payments.get(get[1] ?? '');
      if (payment) send(res, 200, payment);
      else send(res, 404, { errorName: 'notFound', message: 'no such payment' });
      return;
    }
    send(res, 404, { errorName: 'notFound', message: 'no route' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
