/**
 * The trivial JSON payments API the flows benchmark runs against (node:http, in-memory): create, read, and partial
 * settlements that add up. Run directly, it listens on a free loopback port, prints its URL and serves until killed.
 *
 *   npx tsx bench/flows-server.ts
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

interface Payment {
  id: string;
  amount: number;
  settled: number;
  status: 'authorized' | 'partially_settled' | 'settled';
  reference: string;
}

/** Starts the server on 127.0.0.1 and a free port; resolves to it and its URL. */
export async function startFlowsServer(): Promise<{ server: Server; url: string }> {
  const payments = new Map<string, Payment>();
  let next = 0;
  const server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      const send = (status: number, body?: unknown): void => {
        const payload = body === undefined ? '' : JSON.stringify(body);
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }).end(payload);
      };
      const [path] = (req.url ?? '').split('?');
      const match = /^\/payments(?:\/([^/]+)(\/settlements)?)?$/.exec(path ?? '');
      if (!match) return send(404, { error: 'not found' });
      const [, id, settlements] = match;
      if (!id && req.method === 'POST') {
        const input = JSON.parse(text || '{}') as { amount: number; reference: string };
        const payment: Payment = { id: `pay_${(++next).toString(36).padStart(6, '0')}`, amount: input.amount, settled: 0, status: 'authorized', reference: input.reference };
        payments.set(payment.id, payment);
        return send(201, payment);
      }
      const payment = id ? payments.get(id) : undefined;
      if (!payment) return send(404, { error: 'unknown payment' });
      if (!settlements && req.method === 'GET') return send(200, payment);
      if (settlements && req.method === 'POST') {
        const { amount } = JSON.parse(text || '{}') as { amount: number };
        payment.settled += amount;
        payment.status = payment.settled >= payment.amount ? 'settled' : 'partially_settled';
        return send(201, payment);
      }
      return send(405, { error: 'method not allowed' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { url } = await startFlowsServer();
  process.stdout.write(`${url}\n`);
}
