/**
 * Every API that answers absolute links builds them on one rule (simulator/http/plumbing/origin.ts): the request's
 * Host when it is a plain host, else the fallback origin — a Host with a path or userinfo in it never reaches a link.
 * Split Payments used the raw Host, so `Host: evil.example/x` answered `http://evil.example/x/splitPayments/…`.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../simulator/index.ts';

const WORLDPAY = `Basic ${Buffer.from('settlekit:settlekit').toString('base64')}`;

let simulator: Simulator;
let url: string;
beforeAll(async () => {
  simulator = createSimulator();
  url = await simulator.listen(0, '127.0.0.1');
});
afterAll(() => simulator.close());

function post(path: string, host: string, version: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = http.request(`${url}${path}`, { method: 'POST', headers: { host, authorization: WORLDPAY, 'wp-api-version': version, 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Record<string, unknown> }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

/** A Worldpay payment and a split payment over it, sent with `host`: the two self links. */
async function selfLinks(host: string): Promise<{ payment: string; split: string }> {
  const payment = await post('/api/payments', host, '2024-06-01', {
    transactionReference: `order-${host.length}-${Math.random().toString(36).slice(2)}`,
    merchant: { entity: 'default' },
    instruction: { narrative: { line1: 'settlekit' }, value: { currency: 'GBP', amount: 1000 }, paymentInstrument: { type: 'plain', cardNumber: '4000000000002701', expiryDate: { month: 12, year: 2035 }, cardHolderName: 'Sherlock Holmes' } },
  });
  expect(payment.status, JSON.stringify(payment.json)).toBe(201);
  const split = await post('/splitPayments', host, '2025-06-25', {
    fulfillment: { auto: false, paymentCommandId: payment.json.commandId },
    merchant: { entity: 'default' },
    value: { currency: 'GBP', totalAmount: 1000 },
    lineItems: [{ itemReference: 'item-1', partyReference: 'party-1', amount: 1000 }],
  });
  expect(split.status, JSON.stringify(split.json)).toBeLessThan(300);
  const href = (value: Record<string, unknown>): string => ((value._links as { self: { href: string } }).self.href);
  return { payment: href(payment.json), split: href(split.json) };
}

describe('the origin of absolute links', () => {
  it('is the Host the client sent, in both Worldpay APIs', async () => {
    const links = await selfLinks('sim.example:8080');
    expect(links.payment).toMatch(/^http:\/\/sim\.example:8080\/api\/payments\//);
    expect(links.split).toMatch(/^http:\/\/sim\.example:8080\/splitPayments\//);
  });

  it.each(['evil.example/x', 'user@evil.example'])('is the fallback origin for Host %s, in both Worldpay APIs', async (host) => {
    const links = await selfLinks(host);
    expect(links.payment).toMatch(/^http:\/\/127\.0\.0\.1\/api\/payments\//);
    expect(links.split).toMatch(/^http:\/\/127\.0\.0\.1\/splitPayments\//);
  });
});
