/**
 * The official `braintree` Node SDK drives the simulator over loopback. `new braintree.Environment(host, port, authUrl,
 * false)` builds plain-HTTP requests to exactly `host:port` (lib/braintree/http.js passes `server` and `port` to
 * `http.request`; `baseUrl()` only appends the port for `Environment.Development`, which is not used here). The auth URL
 * is only used by OAuth calls, never made here, and points at `.invalid` so it could not resolve anyway.
 */
import http from 'node:http';
// @ts-expect-error -- the SDK ships no type declarations (and @types/braintree is not a dependency).
import braintreeUntyped from 'braintree';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSimulator, type Simulator } from '../../simulator/index.ts';

/** The slice of the SDK's surface these tests use. */
interface SdkValidationError {
  code: string;
  attribute: string;
  message: string;
}
interface SdkErrors {
  deepErrors(): SdkValidationError[];
  for(name: string): { on(attribute: string): SdkValidationError[] | undefined };
}
interface SdkTransaction {
  id: string;
  status: string;
  type: string;
  amount: string;
  orderId: string | null;
  paymentInstrumentType: string;
  authorizedTransactionId: string | null;
  refundedTransactionId: string | null;
  partialSettlementTransactionIds: string[];
  processorResponseCode: string;
  statusHistory: { status: string }[];
  creditCard: { cardType: string | null; last4: string | null };
  paypalAccount: { payerEmail?: string };
}
interface SdkResult {
  success: boolean;
  transaction: SdkTransaction;
  errors: SdkErrors;
  message?: string;
}
interface SdkGateway {
  transaction: {
    sale(attributes: Record<string, unknown>): Promise<SdkResult>;
    submitForPartialSettlement(id: string, amount: string, options?: Record<string, unknown>): Promise<SdkResult>;
    void(id: string): Promise<SdkResult>;
    refund(id: string, amount?: string): Promise<SdkResult>;
    find(id: string): Promise<SdkTransaction>;
  };
  testing: { settle(id: string): Promise<{ transaction: SdkTransaction }> };
}
interface BraintreeSdk {
  BraintreeGateway: new (config: Record<string, unknown>) => SdkGateway;
  Environment: new (server: string, port: number, authUrl: string, ssl: boolean) => unknown;
  Transaction: (new () => unknown) & { Status: Record<string, string> };
  CreditCard: { CardType: Record<string, string> };
  PaymentInstrumentTypes: Record<string, string>;
  ValidationErrorCodes: { Transaction: Record<string, string> };
  errorTypes: Record<string, string>;
}
const braintree = braintreeUntyped as BraintreeSdk;

let sim: Simulator;
let gateway: SdkGateway;
/** Host of every request the SDK makes (it calls node:http's `request` with `{ host, port, path }`). */
const hosts: string[] = [];

beforeAll(async () => {
  const original = http.request.bind(http);
  vi.spyOn(http, 'request').mockImplementation(((...args: Parameters<typeof http.request>) => {
    const options = args[0] as http.RequestOptions | string | URL;
    hosts.push(typeof options === 'string' || options instanceof URL ? new URL(options).hostname : String(options.host ?? options.hostname));
    return original(...(args as unknown as [http.RequestOptions]));
  }) as typeof http.request);
  sim = createSimulator();
  const url = await sim.listen(0, '127.0.0.1');
  const port = Number(new URL(url).port);
  gateway = new braintree.BraintreeGateway({
    environment: new braintree.Environment('127.0.0.1', port, 'http://auth.invalid', false),
    merchantId: 'integration_merchant_id',
    publicKey: 'integration_public_key',
    privateKey: 'integration_private_key',
  });
});

afterAll(async () => {
  vi.restoreAllMocks();
  await sim.close();
});

function deepCodes(result: SdkResult): string[] {
  expect(result.success).toBe(false);
  return result.errors.deepErrors().map((e) => e.code);
}

describe('the official Node SDK against the simulator', () => {
  it('sale, two partial settlements, an over-amount, a refused void, find', async () => {
    const sale = await gateway.transaction.sale({ amount: '10.00', paymentMethodNonce: 'fake-valid-visa-nonce', options: { submitForSettlement: false } });
    expect(sale.success).toBe(true);
    const parent = sale.transaction;
    expect(parent).toBeInstanceOf(braintree.Transaction);
    expect(parent.status).toBe(braintree.Transaction.Status.Authorized);
    expect(parent.amount).toBe('10.00');
    expect(parent.type).toBe('sale');
    expect(parent.paymentInstrumentType).toBe(braintree.PaymentInstrumentTypes.CreditCard);
    expect(parent.creditCard.cardType).toBe(braintree.CreditCard.CardType.Visa);
    expect(parent.creditCard.last4).toBe('1881');

    const first = await gateway.transaction.submitForPartialSettlement(parent.id, '6.00');
    expect(first.success).toBe(true);
    expect(first.transaction.status).toBe(braintree.Transaction.Status.SubmittedForSettlement);
    expect(first.transaction.amount).toBe('6.00');
    expect(first.transaction.authorizedTransactionId).toBe(parent.id);

    const second = await gateway.transaction.submitForPartialSettlement(parent.id, '3.00', { orderId: 'shipment-2' });
    expect(second.success).toBe(true);
    expect(second.transaction.orderId).toBe('shipment-2');

    const over = await gateway.transaction.submitForPartialSettlement(parent.id, '1.01');
    expect(deepCodes(over)).toEqual([braintree.ValidationErrorCodes.Transaction.SettlementAmountIsTooLarge]);
    const onAmount = over.errors.for('transaction').on('amount') ?? [];
    expect(onAmount[0]?.message).toBe('Settlement amount is too large.');
    expect(over.message).toBe('Settlement amount is too large.');

    const voided = await gateway.transaction.void(parent.id);
    expect(deepCodes(voided)).toEqual([braintree.ValidationErrorCodes.Transaction.CannotBeVoided]);
    expect(voided.errors.for('transaction').on('base')?.[0]?.code).toBe('91504');

    const found = await gateway.transaction.find(parent.id);
    expect(found.status).toBe(braintree.Transaction.Status.SettlementPending);
    expect(found.partialSettlementTransactionIds).toEqual([first.transaction.id, second.transaction.id]);
    expect(found.statusHistory.map((e) => e.status)).toEqual(['authorized', 'settlement_pending']);
  });

  it('the remaining amount settles exactly; the sandbox settle moves the parent to settled', async () => {
    const sale = await gateway.transaction.sale({ amount: '10.00', paymentMethodNonce: 'fake-valid-mastercard-nonce' });
    const a = await gateway.transaction.submitForPartialSettlement(sale.transaction.id, '6.00');
    const b = await gateway.transaction.submitForPartialSettlement(sale.transaction.id, '4.00', { finalCapture: true });
    expect(b.success).toBe(true);
    expect((await gateway.transaction.find(sale.transaction.id)).status).toBe('settlement_pending');
    const settledA = await gateway.testing.settle(a.transaction.id);
    expect(settledA.transaction.status).toBe('settled');
    await gateway.testing.settle(b.transaction.id);
    expect((await gateway.transaction.find(sale.transaction.id)).status).toBe('settled');

    const refund = await gateway.transaction.refund(a.transaction.id, '2.00');
    expect(refund.success).toBe(true);
    expect(refund.transaction.type).toBe('credit');
    expect(refund.transaction.refundedTransactionId).toBe(a.transaction.id);
    const parentRefund = await gateway.transaction.refund(sale.transaction.id, '1.00');
    expect(deepCodes(parentRefund)).toEqual(['91547']); // First Data: children only
  });

  it('Amex is refused (915102); 0 is refused (81531); a child is refused (915103)', async () => {
    const amex = await gateway.transaction.sale({ amount: '10.00', paymentMethodNonce: 'fake-valid-amex-nonce' });
    expect(amex.transaction.creditCard.cardType).toBe('American Express');
    expect(deepCodes(await gateway.transaction.submitForPartialSettlement(amex.transaction.id, '1.00'))).toEqual([
      braintree.ValidationErrorCodes.Transaction.ProcessorDoesNotSupportPartialSettlement,
    ]);
    const visa = await gateway.transaction.sale({ amount: '10.00', paymentMethodNonce: 'fake-valid-visa-nonce' });
    expect(deepCodes(await gateway.transaction.submitForPartialSettlement(visa.transaction.id, '0.00'))).toEqual([
      braintree.ValidationErrorCodes.Transaction.AmountMustBeGreaterThanZero,
    ]);
    const child = await gateway.transaction.submitForPartialSettlement(visa.transaction.id, '1.00');
    expect(deepCodes(await gateway.transaction.submitForPartialSettlement(child.transaction.id, '1.00'))).toEqual([
      braintree.ValidationErrorCodes.Transaction.CannotSubmitForPartialSettlement,
    ]);
  });

  it('PayPal children go straight to settling', async () => {
    const sale = await gateway.transaction.sale({ amount: '20.00', paymentMethodNonce: 'fake-paypal-one-time-nonce' });
    expect(sale.transaction.paymentInstrumentType).toBe('paypal_account');
    expect(sale.transaction.paypalAccount.payerEmail).toBe('payer@example.com');
    const child = await gateway.transaction.submitForPartialSettlement(sale.transaction.id, '5.00');
    expect(child.transaction.status).toBe(braintree.Transaction.Status.Settling);
  });

  it('a processor decline is an unsuccessful result carrying the transaction', async () => {
    const result = await gateway.transaction.sale({ amount: '2000.00', paymentMethodNonce: 'fake-valid-visa-nonce' });
    expect(result.success).toBe(false);
    expect(result.transaction.status).toBe(braintree.Transaction.Status.ProcessorDeclined);
    expect(result.transaction.processorResponseCode).toBe('2000');
    expect(result.message).toBe('Do Not Honor');
    expect(result.errors.deepErrors()).toEqual([]);
  });

  it('maps 404 and 401 to the SDK errors', async () => {
    await expect(gateway.transaction.find('settlekitmissing0')).rejects.toMatchObject({ type: braintree.errorTypes.notFoundError });
    const port = Number(new URL(sim.url ?? '').port);
    const wrong: SdkGateway = new braintree.BraintreeGateway({
      environment: new braintree.Environment('127.0.0.1', port, 'http://auth.invalid', false),
      merchantId: 'integration_merchant_id',
      publicKey: 'integration_public_key',
      privateKey: 'wrong',
    });
    await expect(wrong.transaction.find('anything')).rejects.toMatchObject({ type: braintree.errorTypes.authenticationError });
  });

  it('an injected fault reaches the SDK as its typed error', async () => {
    const control = await fetch(`${sim.url}/__settlekit/faults/next-request`, { method: 'POST', body: JSON.stringify({ status: 503 }) });
    expect(control.status).toBe(200);
    await expect(gateway.transaction.find('anything')).rejects.toMatchObject({ type: braintree.errorTypes.serviceUnavailableError });
  });

  it('every SDK request stayed on loopback', () => {
    expect(hosts.length).toBeGreaterThan(20);
    expect(new Set(hosts)).toEqual(new Set(['127.0.0.1']));
  });
});
