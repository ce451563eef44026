/**
 * Braintree gateway response bodies: the `<transaction>` element and the 422 `<api-error-response>`, in the typed XML
 * the official SDKs parse. Element names follow the gateway (and the SDK's `Transaction` constructor): `credit-card`
 * for every transaction (nil fields for other instruments), `paypal`, `venmo-account`, `apple-pay`, `android-pay-card`.
 */
import { formatMinorUnits } from '../../../lib/money.ts';
import { encodeTypedXml, xmlSymbol } from '../../../lib/typed-xml.ts';
import type { BraintreeError } from '../../models/braintree/errors.ts';
import type { PaymentInstrument } from '../../models/braintree/instruments.ts';
import type { BraintreeTransaction } from '../../models/braintree/transactions.ts';

/** The `<transaction>` element as an object for {@link encodeTypedXml} (keys in the gateway's order). */
export function transactionElement(tx: BraintreeTransaction): Record<string, unknown> {
  const money = (minor: number): string => formatMinorUnits(minor, tx.currency);
  const approved = tx.processorResponseCode === '1000';
  return {
    id: tx.id,
    status: tx.status,
    type: tx.type,
    'currency-iso-code': tx.currency,
    amount: money(tx.amount),
    'merchant-account-id': tx.merchantAccountId,
    'order-id': tx.orderId,
    'created-at': tx.createdAt,
    'updated-at': tx.updatedAt,
    'authorization-expires-at': tx.type === 'sale' && tx.authorizedTransactionId === null ? tx.authorizationExpiresAt : null,
    'refund-ids': tx.refundIds,
    'refunded-transaction-id': tx.refundedTransactionId,
    'partial-settlement-transaction-ids': tx.partialSettlementTransactionIds,
    'authorized-transaction-id': tx.authorizedTransactionId,
    'settlement-batch-id': tx.status === 'settled' ? `${tx.updatedAt.toISOString().slice(0, 10)}_settlekit` : null,
    'processor-response-code': tx.processorResponseCode,
    'processor-response-text': tx.processorResponseText,
    'processor-response-type': tx.processorResponseType,
    'processor-authorization-code': approved && tx.type === 'sale' ? authorizationCode(tx.id) : null,
    'payment-instrument-type': tx.instrument.type,
    'credit-card': creditCard(tx.instrument),
    ...walletElement(tx.instrument),
    'status-history': tx.statusHistory.map((event) => ({
      timestamp: event.timestamp,
      status: event.status,
      amount: money(event.amount),
      user: null,
      'transaction-source': event.transactionSource,
    })),
  };
}

/** A success body: `<transaction>` as the root. */
export function renderTransaction(tx: BraintreeTransaction): string {
  return encodeTypedXml('transaction', transactionElement(tx));
}

/**
 * A 422 body: `<api-error-response>` with `errors` (top-level `errors type="array"` plus one nested collection per
 * error path, e.g. `transaction` → `errors type="array"` of `error{code, attribute type="symbol", message}`), `params`,
 * `message` (the messages joined by a newline, or the processor's text), and the declined `transaction` if any.
 */
export function renderApiErrorResponse(input: {
  readonly errors: readonly BraintreeError[];
  readonly params: Record<string, unknown>;
  readonly message?: string;
  readonly transaction?: BraintreeTransaction;
}): string {
  const tree: Record<string, unknown> = { errors: [] };
  // Validation errors on transaction requests always live under <transaction>, even when empty.
  nested(tree, ['transaction']);
  for (const error of input.errors) {
    const node = nested(tree, error.path);
    (node.errors as unknown[]).push({ code: error.code, attribute: xmlSymbol(error.attribute), message: error.message });
  }
  const body: Record<string, unknown> = {
    errors: tree,
    params: input.params,
    message: input.message ?? input.errors.map((e) => e.message).join('\n'),
  };
  if (input.transaction) body.transaction = transactionElement(input.transaction);
  return encodeTypedXml('api-error-response', body);
}

function nested(tree: Record<string, unknown>, path: readonly string[]): Record<string, unknown> {
  let node = tree;
  for (const key of path) {
    let next = node[key] as Record<string, unknown> | undefined;
    if (!next) {
      next = { errors: [] };
      node[key] = next;
    }
    node = next;
  }
  return node;
}

function creditCard(instrument: PaymentInstrument): Record<string, unknown> {
  const isCard = instrument.type === 'credit_card';
  return {
    token: null,
    bin: isCard ? instrument.bin : null,
    'last-4': isCard ? instrument.last4 : null,
    'card-type': isCard ? instrument.cardType : null,
    'expiration-month': isCard ? instrument.expirationMonth : null,
    'expiration-year': isCard ? instrument.expirationYear : null,
    'customer-location': isCard ? 'US' : null,
    'cardholder-name': null,
    'unique-number-identifier': null,
    prepaid: isCard ? 'Unknown' : null,
    debit: isCard ? 'Unknown' : null,
  };
}

function walletElement(instrument: PaymentInstrument): Record<string, unknown> {
  switch (instrument.type) {
    case 'paypal_account':
      return {
        paypal: {
          'payer-email': 'payer@example.com',
          'payer-id': 'SETTLEKITPAYER',
          'payer-first-name': 'John',
          'payer-last-name': 'Doe',
          'payment-id': null,
          'authorization-id': null,
          token: null,
          'image-url': null,
          'debug-id': null,
        },
      };
    case 'venmo_account':
      return { 'venmo-account': { username: 'venmojoe', 'venmo-user-id': '1234567891234567891', token: null, 'image-url': null, 'source-description': 'Venmo Account: venmojoe' } };
    case 'apple_pay_card':
      return {
        'apple-pay': {
          'card-type': instrument.cardType,
          bin: instrument.bin,
          'last-4': instrument.last4,
          'expiration-month': instrument.expirationMonth,
          'expiration-year': instrument.expirationYear,
          'payment-instrument-name': `${instrument.brand ?? 'Card'} ${instrument.last4 ?? ''}`.trim(),
          'source-description': `${instrument.brand ?? 'Card'} ${instrument.last4 ?? ''}`.trim(),
          token: null,
        },
      };
    case 'android_pay_card':
      return {
        'android-pay-card': {
          'card-type': instrument.cardType,
          'virtual-card-type': instrument.cardType,
          'source-card-type': instrument.cardType,
          'virtual-card-last-4': instrument.last4,
          'source-card-last-4': instrument.last4,
          'last-4': instrument.last4,
          bin: instrument.bin,
          'expiration-month': instrument.expirationMonth,
          'expiration-year': instrument.expirationYear,
          'google-transaction-id': null,
          token: null,
        },
      };
    default:
      return {};
  }
}

/** A stable six-character authorization code derived from the id (the sandbox returns one per approval). */
function authorizationCode(id: string): string {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash.toString(36).toUpperCase().padStart(6, '0').slice(-6);
}
