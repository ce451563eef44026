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

/**
 * One child of `<transaction>`, in both forms the simulator writes it: as a value of the element object
 * {@link transactionElement} gives (for {@link encodeTypedXml}), and as the very text the encoder writes for that value at
 * depth 1 (what {@link renderTransaction} writes directly). Each kind below writes both forms from the same value.
 */
interface TransactionField {
  /** Sets this child on the element object. */
  readonly element: (tx: BraintreeTransaction, into: Record<string, unknown>) => void;
  /** This child as text: its line break, indentation and element. */
  readonly xml: (tx: BraintreeTransaction) => string;
}

const money = (tx: BraintreeTransaction, minor: number): string => formatMinorUnits(minor, tx.currency);

/** A string child, `nil` when null. */
function text(name: string, value: (tx: BraintreeTransaction) => string | null): TransactionField {
  return { element: (tx, into) => void (into[name] = value(tx)), xml: (tx) => leaf(P1, name, value(tx)) };
}

/** A datetime child, `nil` when null. */
function datetime(name: string, value: (tx: BraintreeTransaction) => Date | null): TransactionField {
  return {
    element: (tx, into) => void (into[name] = value(tx)),
    xml: (tx) => {
      const date = value(tx);
      return date === null ? `${P1}<${name} nil="true"/>` : `${P1}<${name} type="datetime">${formatDatetime(date)}</${name}>`;
    },
  };
}

/** A list of ids: `type="array"` of `<item>`s. */
function ids(name: string, value: (tx: BraintreeTransaction) => readonly string[]): TransactionField {
  return {
    element: (tx, into) => void (into[name] = value(tx)),
    xml: (tx) => {
      const list = value(tx);
      if (list.length === 0) return `${P1}<${name} type="array"/>`;
      let items = '';
      for (const id of list) items += `${P2}<item>${escapeText(id)}</item>`;
      return `${P1}<${name} type="array">${items}${P1}</${name}>`;
    },
  };
}

/** Children whose fields are strings or nulls, by name (`credit-card`; the wallet element of the instrument, if any). */
function groups(value: (tx: BraintreeTransaction) => Readonly<Record<string, Readonly<Record<string, string | null>>>>): TransactionField {
  return {
    element: (tx, into) => Object.assign(into, value(tx)),
    xml: (tx) => {
      const children = value(tx);
      let out = '';
      for (const name in children) out += flat(name, children[name] as Readonly<Record<string, string | null>>);
      return out;
    },
  };
}

/** `status-history`: `type="array"` of `<status-event>`s. */
const STATUS_HISTORY: TransactionField = {
  element: (tx, into) => {
    into['status-history'] = tx.statusHistory.map((event) => ({
      timestamp: event.timestamp,
      status: event.status,
      amount: money(tx, event.amount),
      user: null,
      'transaction-source': event.transactionSource,
    }));
  },
  xml: (tx) => {
    let history = '';
    for (const event of tx.statusHistory) {
      history +=
        `${P2}<status-event>${P3}<timestamp type="datetime">${formatDatetime(event.timestamp)}</timestamp>${leaf(P3, 'status', event.status)}` +
        `${leaf(P3, 'amount', money(tx, event.amount))}${P3}<user nil="true"/>${leaf(P3, 'transaction-source', event.transactionSource)}${P2}</status-event>`;
    }
    return history === '' ? `${P1}<status-history type="array"/>` : `${P1}<status-history type="array">${history}${P1}</status-history>`;
  },
};

/**
 * The layout of `<transaction>`, its one home: the children in the gateway's order (and the SDK's `Transaction`
 * constructor's), each with what it holds.
 */
const TRANSACTION_LAYOUT: readonly TransactionField[] = [
  text('id', (tx) => tx.id),
  text('status', (tx) => tx.status),
  text('type', (tx) => tx.type),
  text('currency-iso-code', (tx) => tx.currency),
  text('amount', (tx) => money(tx, tx.amount)),
  text('merchant-account-id', (tx) => tx.merchantAccountId),
  text('order-id', (tx) => tx.orderId),
  datetime('created-at', (tx) => tx.createdAt),
  datetime('updated-at', (tx) => tx.updatedAt),
  // Only a parent has an authorization that expires.
  datetime('authorization-expires-at', (tx) => (tx.type === 'sale' && tx.authorizedTransactionId === null ? tx.authorizationExpiresAt : null)),
  ids('refund-ids', (tx) => tx.refundIds),
  text('refunded-transaction-id', (tx) => tx.refundedTransactionId),
  ids('partial-settlement-transaction-ids', (tx) => tx.partialSettlementTransactionIds),
  text('authorized-transaction-id', (tx) => tx.authorizedTransactionId),
  text('settlement-batch-id', (tx) => (tx.status === 'settled' ? `${tx.updatedAt.toISOString().slice(0, 10)}_settlekit` : null)),
  text('processor-response-code', (tx) => tx.processorResponseCode),
  text('processor-response-text', (tx) => tx.processorResponseText),
  text('processor-response-type', (tx) => tx.processorResponseType),
  text('processor-authorization-code', (tx) => (tx.processorResponseCode === '1000' && tx.type === 'sale' ? authorizationCode(tx.id) : null)),
  text('payment-instrument-type', (tx) => tx.instrument.type),
  groups((tx) => ({ 'credit-card': creditCard(tx.instrument) })),
  groups((tx) => walletElement(tx.instrument)),
  STATUS_HISTORY,
];

/** The `<transaction>` element as an object for {@link encodeTypedXml} (keys in the gateway's order). */
export function transactionElement(tx: BraintreeTransaction): Record<string, unknown> {
  const element: Record<string, unknown> = {};
  for (const field of TRANSACTION_LAYOUT) field.element(tx, element);
  return element;
}

/**
 * A success body: `<transaction>` as the root — the very text `encodeTypedXml('transaction', transactionElement(tx))`
 * gives (test/simulator/braintree-render.test.ts holds them equal for every kind of transaction), written directly
 * from the same layout: it is the answer to most Braintree requests, and the element tree and the encoder's generic
 * walk cost four times the text.
 */
export function renderTransaction(tx: BraintreeTransaction): string {
  let xml = `${TYPED_XML_DECLARATION}\n<transaction>`;
  for (const field of TRANSACTION_LAYOUT) xml += field.xml(tx);
  return `${xml}\n</transaction>\n`;
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

function creditCard(instrument: PaymentInstrument): Readonly<Record<string, string | null>> {
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

function walletElement(instrument: PaymentInstrument): Readonly<Record<string, Readonly<Record<string, string | null>>>> {
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
