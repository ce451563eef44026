/**
 * Braintree gateway response bodies: the `<transaction>` element and the 422 `<api-error-response>`, in the typed XML
 * the official SDKs parse. Element names follow the gateway (and the SDK's `Transaction` constructor): `credit-card`
 * for every transaction (nil fields for other instruments), `paypal`, `venmo-account`, `apple-pay`, `android-pay-card`.
 */
import { formatMinorUnits } from '../../../lib/money.ts';
import { encodeTypedXml, escapeText, formatDatetime, TYPED_XML_DECLARATION, xmlSymbol } from '../../../lib/typed-xml.ts';
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

/**
 * A success body: `<transaction>` as the root — the very text `encodeTypedXml('transaction', transactionElement(tx))`
 * gives (test/simulator/braintree-render.test.ts holds them equal for every kind of transaction), written directly:
 * it is the answer to most Braintree requests, and the element tree and its generic walk cost four times the text.
 */
export function renderTransaction(tx: BraintreeTransaction): string {
  const money = (minor: number): string => formatMinorUnits(minor, tx.currency);
  const approved = tx.processorResponseCode === '1000';
  const instrument = tx.instrument;
  let history = '';
  for (const event of tx.statusHistory) {
    history +=
      `${P2}<status-event>${P3}<timestamp type="datetime">${formatDatetime(event.timestamp)}</timestamp>${leaf(P3, 'status', event.status)}` +
      `${leaf(P3, 'amount', money(event.amount))}${P3}<user nil="true"/>${leaf(P3, 'transaction-source', event.transactionSource)}${P2}</status-event>`;
  }
  const wallet = walletElement(instrument);
  let walletXml = '';
  for (const name in wallet) walletXml += flat(name, wallet[name] as Readonly<Record<string, string | null>>);
  return (
    `${TYPED_XML_DECLARATION}\n<transaction>${leaf(P1, 'id', tx.id)}${leaf(P1, 'status', tx.status)}${leaf(P1, 'type', tx.type)}` +
    `${leaf(P1, 'currency-iso-code', tx.currency)}${leaf(P1, 'amount', money(tx.amount))}${leaf(P1, 'merchant-account-id', tx.merchantAccountId)}` +
    `${leaf(P1, 'order-id', tx.orderId)}${datetime('created-at', tx.createdAt)}${datetime('updated-at', tx.updatedAt)}` +
    `${datetime('authorization-expires-at', tx.type === 'sale' && tx.authorizedTransactionId === null ? tx.authorizationExpiresAt : null)}` +
    `${ids('refund-ids', tx.refundIds)}${leaf(P1, 'refunded-transaction-id', tx.refundedTransactionId)}` +
    `${ids('partial-settlement-transaction-ids', tx.partialSettlementTransactionIds)}${leaf(P1, 'authorized-transaction-id', tx.authorizedTransactionId)}` +
    `${leaf(P1, 'settlement-batch-id', tx.status === 'settled' ? `${tx.updatedAt.toISOString().slice(0, 10)}_settlekit` : null)}` +
    `${leaf(P1, 'processor-response-code', tx.processorResponseCode)}${leaf(P1, 'processor-response-text', tx.processorResponseText)}` +
    `${leaf(P1, 'processor-response-type', tx.processorResponseType)}` +
    `${leaf(P1, 'processor-authorization-code', approved && tx.type === 'sale' ? authorizationCode(tx.id) : null)}` +
    `${leaf(P1, 'payment-instrument-type', instrument.type)}${flat('credit-card', creditCard(instrument) as Readonly<Record<string, string | null>>)}${walletXml}` +
    `${history === '' ? `${P1}<status-history type="array"/>` : `${P1}<status-history type="array">${history}${P1}</status-history>`}\n</transaction>\n`
  );
}

/** The line breaks and indentation of the transaction's children (depth 1), grandchildren and their children. */
const P1 = '\n  ';
const P2 = '\n    ';
const P3 = '\n      ';

/** A string (or null) element as encodeTypedXml writes it: escaped text, `<name></name>` when empty, `nil` for null. */
function leaf(pad: string, name: string, value: string | null): string {
  if (value === null) return `${pad}<${name} nil="true"/>`;
  return `${pad}<${name}>${escapeText(value)}</${name}>`;
}

/** A datetime child of the transaction (or nil). */
function datetime(name: string, value: Date | null): string {
  return value === null ? `${P1}<${name} nil="true"/>` : `${P1}<${name} type="datetime">${formatDatetime(value)}</${name}>`;
}

/** An id list child of the transaction: `type="array"` of `<item>`s. */
function ids(name: string, list: readonly string[]): string {
  if (list.length === 0) return `${P1}<${name} type="array"/>`;
  let items = '';
  for (const id of list) items += `${P2}<item>${escapeText(id)}</item>`;
  return `${P1}<${name} type="array">${items}${P1}</${name}>`;
}

/** A child of the transaction whose fields are strings or nulls (`credit-card`, the wallet elements). */
function flat(name: string, fields: Readonly<Record<string, string | null>>): string {
  let inner = '';
  for (const key in fields) inner += leaf(P2, key, fields[key] as string | null);
  return inner === '' ? `${P1}<${name}></${name}>` : `${P1}<${name}>${inner}${P1}</${name}>`;
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
  // Each code point's first UTF-16 unit, as iterating the string by code points and taking `charCodeAt(0)` of each
  // would (an index loop: no string made per character); the second unit of a surrogate pair is skipped.
  for (let i = 0; i < id.length; i++) {
    const unit = id.charCodeAt(i);
    hash = (hash * 31 + unit) >>> 0;
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < id.length) {
      const next = id.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
  }
  return hash.toString(36).toUpperCase().padStart(6, '0').slice(-6);
}
