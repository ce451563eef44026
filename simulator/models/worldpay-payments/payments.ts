/**
 * The Worldpay Payments model, no HTTP here: card payments over the shared generic ledger. A payment is one ledger
 * authorization plus the Worldpay vocabulary around it (paymentId, the commandId of each command, lastEvent, the actions it offers). Money moves only
 * through the ledger, so the invariants it keeps (captures ≤ authorized, refunds ≤ captured) hold for every façade.
 *
 * Where the source document is silent, this is settlekit's reference behaviour (see the spec's "undocumented" notes):
 * - a partial settlement past the authorized amount is refused and changes nothing (WP-PS-09);
 * - the partial settlement numbered `total` of `total`, or one that leaves nothing to settle, closes the
 *   authorization: the remainder is released (WP-PS-10);
 * - a cancellation after partial settlements releases only the unsettled remainder;
 * - a full refund or a reversal also releases the unsettled remainder;
 * - an action the payment does not offer is refused (WP-LC-11).
 *
 * Refusals are typed {@link CommandError}s the façade translates into the API's error bodies. One store exists per
 * simulator (`Ledger.worldpay`), so every façade (Payments, Split Payments) sees the same payments and keeps their
 * lastEvent and actions consistent.
 */
import type { Clock } from '../../ledger/clock.ts';
import { createIdGenerator, type IdGenerator } from '../../ledger/ids.ts';
import type { PaymentLedger } from '../../ledger/payment-ledger.ts';

/** An action a payment may offer, by its `_actions` key. */
export type ActionName = 'refundPayment' | 'partiallyRefundPayment' | 'settlePayment' | 'partiallySettlePayment' | 'cancelPayment' | 'reversePayment';

/** The outcome of a command, and a payment's `lastEvent`. */
export type PaymentEvent =
  | 'authorized'
  | 'refused'
  | 'sentForSettlement'
  | 'sentForPartialRefund'
  | 'sentForRefund'
  | 'sentForCancellation'
  | 'sentForReversal';

/** One command applied to a payment (the authorization is the first). */
export interface PaymentCommand {
  /** 25 characters, `^cmd[A-Za-z0-9_-]{21}0$`. */
  readonly commandId: string;
  readonly outcome: PaymentEvent;
  /** Minor units moved by the command (0 for a cancellation, the refused authorization's requested amount…). */
  readonly amount: number;
  readonly reference?: string;
  readonly sequence?: { readonly number: number; readonly total: number };
  /** The ledger capture a settlement created. */
  readonly captureId?: string;
  readonly at: Date;
}

/** A Worldpay card payment. */
export interface WorldpayPayment {
  /** 25 characters, `^pay[A-Za-z0-9_-]{21}0$`. */
  readonly paymentId: string;
  readonly transactionReference: string;
  readonly entity: string;
  readonly currency: string;
  /** The amount asked for, minor units. */
  readonly amount: number;
  /** The ledger authorization; absent for a refused payment. */
  readonly authorizationId?: string;
  /** The commandId of the authorization (the Split Payments API's `paymentCommandId`). */
  readonly commandId: string;
  readonly commands: readonly PaymentCommand[];
  readonly lastEvent: PaymentEvent;
}

/** Why a command was refused; nothing changed. */
export type CommandError =
  | { readonly code: 'not-available'; readonly message: string }
  | { readonly code: 'currency-mismatch'; readonly message: string }
  | { readonly code: 'amount-too-large'; readonly message: string; readonly limit: number };

/** The outcome of a command. */
export type CommandResult = { readonly ok: true; readonly payment: WorldpayPayment; readonly command: PaymentCommand } | { readonly ok: false; readonly error: CommandError };

/** What an authorization request carries, once validated. */
export interface AuthorizeInput {
  readonly transactionReference: string;
  readonly entity: string;
  readonly currency: string;
  readonly amount: number;
  readonly cardHolderName?: string;
}

/** The card holder name the test environment refuses. */
export const REFUSED_CARD_HOLDER = 'REFUSED';

/** `[A-Za-z0-9_-]`: the characters of Worldpay ids. */
export const WORLDPAY_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** 21 random characters of `[A-Za-z0-9_-]`: the middle of a Worldpay payment or command id. */
export const randomWorldpayIdBody: IdGenerator = createIdGenerator(21, WORLDPAY_ID_ALPHABET);

/** Options of {@link WorldpayPaymentStore}. */
export interface WorldpayPaymentStoreOptions {
  readonly clock: Clock;
  /** The generic ledger every money movement goes through. */
  readonly payments: PaymentLedger;
  /** The 21 middle characters of `pay…0` and `cmd…0` ids (default: random `[A-Za-z0-9_-]`). */
  readonly ids?: IdGenerator;
}

interface MutablePayment {
  paymentId: string;
  transactionReference: string;
  entity: string;
  currency: string;
  amount: number;
  authorizationId?: string;
  commandId: string;
  commands: PaymentCommand[];
  lastEvent: PaymentEvent;
}

/** The Worldpay payments of one simulator. */
export class WorldpayPaymentStore {
  readonly #clock: Clock;
  readonly #ledger: PaymentLedger;
  readonly #ids: IdGenerator;
  readonly #payments = new Map<string, MutablePayment>();
  readonly #byCommand = new Map<string, string>();

  constructor(options: WorldpayPaymentStoreOptions) {
    this.#clock = options.clock;
    this.#ledger = options.payments;
    this.#ids = options.ids ?? randomWorldpayIdBody;
  }

  /** Forgets every payment (the ledger is reset separately). */
  reset(): void {
    this.#payments.clear();
    this.#byCommand.clear();
  }

  /** A payment by id; `undefined` for an unknown id, or one whose authorization the ledger no longer holds. */
  get(paymentId: string): WorldpayPayment | undefined {
    const payment = this.#payments.get(paymentId);
    if (!payment) return undefined;
    // Stryker disable next-line ConditionalExpression: unreachable: a payment's authorization is always in the ledger — the reset control empties the store and the ledger together (models/state.ts reset) — so the guard never fires (one that always fires is killed)
    if (payment.authorizationId !== undefined && !this.#ledger.getAuthorization(payment.authorizationId)) return undefined;
    return payment;
  }

  /** The payment one of whose commands is `commandId` (the authorization's, or a later one's). */
  findByCommandId(commandId: string): WorldpayPayment | undefined {
    const paymentId = this.#byCommand.get(commandId);
    // Stryker disable next-line ConditionalExpression: equivalent: get(undefined) finds no payment either (one that never looks is killed)
    return paymentId === undefined ? undefined : this.get(paymentId);
  }

  /** Authorizes a card payment; the card holder {@link REFUSED_CARD_HOLDER} is refused (no money is held). */
  authorize(input: AuthorizeInput): WorldpayPayment {
    const refused = input.cardHolderName === REFUSED_CARD_HOLDER;
    let authorizationId: string | undefined;
    if (!refused) {
      const held = this.#ledger.authorize({ currency: input.currency, amount: input.amount });
      // Stryker disable next-line ConditionalExpression,StringLiteral: unreachable: the façade authorizes only validated amounts (positive safe integers: AUTHORIZE_FIELDS in simulator/http/worldpay-payments/validation.ts), which the ledger never refuses (one that always fires is killed)
      if (!held.ok) throw new Error(`ledger refused a validated authorization: ${held.error.message}`);
      authorizationId = held.value.id;
    }
    const command = this.#command(refused ? 'refused' : 'authorized', input.amount);
    const payment: MutablePayment = {
      paymentId: this.#newPaymentId(),
      transactionReference: input.transactionReference,
      entity: input.entity,
      currency: input.currency,
      amount: input.amount,
      // Stryker disable next-line ConditionalExpression: equivalent: every read tests authorizationId against undefined, so a key set to undefined reads as an absent one (one that never sets it is killed)
      ...(authorizationId === undefined ? {} : { authorizationId }),
      commandId: command.commandId,
      // Stryker disable next-line ArrayDeclaration: unreachable: a payment's command list is served by no answer (the façade shows lastEvent and _actions; the model's unit tests check it)
      commands: [command],
      lastEvent: command.outcome,
    };
    this.#payments.set(payment.paymentId, payment);
    this.#byCommand.set(command.commandId, payment.paymentId);
    return payment;
  }

  /** Minor units settled (live captures) on a payment. */
  settledAmount(payment: WorldpayPayment): number {
    // Stryker disable next-line ConditionalExpression: equivalent: the ledger's captured sum of an unknown id is 0 too (one that never asks is killed)
    return payment.authorizationId === undefined ? 0 : this.#ledger.capturedAmount(payment.authorizationId);
  }

  /** Minor units that can still be settled: 0 once the authorization is closed, cancelled or fully settled. */
  unsettledAmount(payment: WorldpayPayment): number {
    // Stryker disable next-line ConditionalExpression: equivalent: the ledger has no authorization of an undefined id either (one that never asks is killed)
    const auth = payment.authorizationId === undefined ? undefined : this.#ledger.getAuthorization(payment.authorizationId);
    if (!auth || auth.state !== 'open') return 0;
    return Math.max(0, auth.amount - this.#ledger.capturedAmount(auth.id));
  }

  /** Minor units settled and not yet refunded. */
  refundableAmount(payment: WorldpayPayment): number {
    // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent: the ledger's refundable amount of an unknown id is 0 too, and it bounds by the captured sum for any bound but 'authorized' (one that never asks is killed)
    return payment.authorizationId === undefined ? 0 : this.#ledger.refundableAmount(payment.authorizationId, 'captured');
  }

  /** The actions a payment offers now, in a stable order. */
  actions(payment: WorldpayPayment): ActionName[] {
    const unsettled = this.unsettledAmount(payment);
    const refundable = this.refundableAmount(payment);
    const out: ActionName[] = [];
    if (refundable > 0) out.push('refundPayment', 'partiallyRefundPayment');
    if (unsettled > 0) {
      if (this.settledAmount(payment) === 0) out.push('settlePayment');
      out.push('partiallySettlePayment', 'cancelPayment');
    }
    if (unsettled > 0 || refundable > 0) out.push('reversePayment');
    return out;
  }

  /** Settles the whole authorized amount; offered only while nothing is settled. */
  settle(paymentId: string): CommandResult {
    const found = this.#available(paymentId, 'settlePayment');
    if (!found.ok) return found;
    const payment = found.payment;
    const authId = payment.authorizationId as string;
    const captured = this.#ledger.capture(authId, this.unsettledAmount(payment));
    // Stryker disable next-line ConditionalExpression: unreachable: settlePayment is offered only while something is left to settle and nothing is settled, so capturing what is left never fails (one that always fires is killed)
    if (!captured.ok) return notAvailable(captured.error.message);
    this.#ledger.close(authId);
    // Stryker disable next-line ObjectLiteral: unreachable: a command's captureId is served by no answer (the model's unit tests check it)
    return this.#apply(payment, this.#command('sentForSettlement', captured.value.amount, { captureId: captured.value.id }));
  }

  /**
   * Settles part of the authorization. Refused past the unsettled amount (nothing changes); `sequence.number ===
   * sequence.total`, or settling the last unsettled unit, closes the authorization and releases the remainder.
   */
  partiallySettle(paymentId: string, input: { reference: string; currency: string; amount: number; sequence?: { number: number; total: number } }): CommandResult {
    const found = this.#available(paymentId, 'partiallySettlePayment');
    if (!found.ok) return found;
    const payment = found.payment;
    const mismatch = this.#currencyMismatch(payment, input.currency);
    if (mismatch) return { ok: false, error: mismatch };
    const unsettled = this.unsettledAmount(payment);
    if (input.amount > unsettled) {
      // Stryker disable next-line StringLiteral: message: the simulator's own words in the 400 message (the spec: every message is the implementation's own wording)
      const message = `${input.amount} is more than the ${unsettled} left to settle`;
      return { ok: false, error: { code: 'amount-too-large', limit: unsettled, message } };
    }
    const authId = payment.authorizationId as string;
    const captured = this.#ledger.capture(authId, input.amount);
    // Stryker disable next-line ConditionalExpression: unreachable: the amount is at least 1 (the façade's minimum) and at most what is left to settle (checked above), which the ledger never refuses (one that always fires is killed)
    if (!captured.ok) return notAvailable(captured.error.message);
    const last = input.sequence !== undefined && input.sequence.number === input.sequence.total;
    // Stryker disable next-line ConditionalExpression: equivalent: with nothing left to settle, an open authorization answers as a closed one (nothing to settle, the same actions; the ledger only compares a state with 'open'; one that is always true is killed)
    const nothingLeft = this.unsettledAmount(payment) === 0;
    if (last || nothingLeft) this.#ledger.close(authId);
    return this.#apply(
      payment,
      // Stryker disable next-line ObjectLiteral: unreachable: a command's reference, captureId and sequence are served by no answer (the model's unit tests check it)
      this.#command('sentForSettlement', input.amount, { reference: input.reference, captureId: captured.value.id, ...(input.sequence ? { sequence: input.sequence } : {}) }),
    );
  }

  /** Refunds part of what is settled; refused above what is settled and not yet refunded. */
  partiallyRefund(paymentId: string, input: { reference: string; currency: string; amount: number }): CommandResult {
    const found = this.#available(paymentId, 'partiallyRefundPayment');
    if (!found.ok) return found;
    const payment = found.payment;
    const mismatch = this.#currencyMismatch(payment, input.currency);
    if (mismatch) return { ok: false, error: mismatch };
    const refundable = this.refundableAmount(payment);
    if (input.amount > refundable) {
      // Stryker disable next-line StringLiteral: message: the simulator's own words in the 400 message (the spec: every message is the implementation's own wording)
      const message = `${input.amount} is more than the ${refundable} left to refund`;
      return { ok: false, error: { code: 'amount-too-large', limit: refundable, message } };
    }
    // Stryker disable next-line StringLiteral: equivalent: the ledger bounds by the captured sum for any bound but 'authorized'
    const refunded = this.#ledger.refundAuthorization(payment.authorizationId as string, input.amount, 'captured');
    // Stryker disable next-line ConditionalExpression: unreachable: the amount is at least 1 (the façade's minimum) and at most what is refundable (checked above), which the ledger never refuses (one that always fires is killed)
    if (!refunded.ok) return notAvailable(refunded.error.message);
    // Stryker disable next-line ObjectLiteral: unreachable: a command's reference is served by no answer (the model's unit tests check it)
    return this.#apply(payment, this.#command('sentForPartialRefund', input.amount, { reference: input.reference }));
  }

  /** Refunds everything settled and not yet refunded, and releases any unsettled remainder. */
  refund(paymentId: string): CommandResult {
    const found = this.#available(paymentId, 'refundPayment');
    if (!found.ok) return found;
    const payment = found.payment;
    const amount = this.#refundAllAndClose(payment);
    return this.#apply(payment, this.#command('sentForRefund', amount));
  }

  /** Cancels: before any settlement the authorization is voided; after, the unsettled remainder is released. */
  cancel(paymentId: string): CommandResult {
    const found = this.#available(paymentId, 'cancelPayment');
    if (!found.ok) return found;
    const payment = found.payment;
    const authId = payment.authorizationId as string;
    const released = this.unsettledAmount(payment);
    // Stryker disable next-line ConditionalExpression: equivalent: with nothing captured, a closed authorization answers as a voided one (nothing to settle or refund, no actions; the ledger only compares a state with 'open'; one that always voids is killed)
    const done = this.settledAmount(payment) === 0 ? this.#ledger.void(authId) : this.#ledger.close(authId);
    // Stryker disable next-line ConditionalExpression: unreachable: cancelPayment is offered only while the authorization is open with something left to settle, which the ledger always voids (nothing captured) or closes (one that always fires is killed)
    if (!done.ok) return notAvailable(done.error.message);
    return this.#apply(payment, this.#command('sentForCancellation', released));
  }

  /** Reverses: cancels a payment with nothing settled, else refunds what is settled and releases the rest. */
  reverse(paymentId: string): CommandResult {
    const found = this.#available(paymentId, 'reversePayment');
    if (!found.ok) return found;
    const payment = found.payment;
    const authId = payment.authorizationId as string;
    // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent: with nothing settled, refunding all (nothing) and closing answers as voiding does (lastEvent sentForReversal, no actions); the command's amount is served by no answer (one that always voids is killed)
    if (this.settledAmount(payment) === 0) {
      const released = this.unsettledAmount(payment);
      const voided = this.#ledger.void(authId);
      // Stryker disable next-line ConditionalExpression: unreachable: reversePayment with nothing settled is offered only while the authorization is open with something left to settle, which the ledger always voids (one that always fires is killed)
      if (!voided.ok) return notAvailable(voided.error.message);
      return this.#apply(payment, this.#command('sentForReversal', released));
    }
    const amount = this.#refundAllAndClose(payment);
    return this.#apply(payment, this.#command('sentForReversal', amount));
  }

  #refundAllAndClose(payment: MutablePayment): number {
    const authId = payment.authorizationId as string;
    const refundable = this.refundableAmount(payment);
    if (refundable > 0) {
      // Stryker disable next-line StringLiteral: equivalent: the ledger bounds by the captured sum for any bound but 'authorized'
      const refunded = this.#ledger.refundAuthorization(authId, refundable, 'captured');
      // Stryker disable next-line ConditionalExpression,StringLiteral: unreachable: refunding exactly what the ledger says is refundable never fails (one that always fires is killed)
      if (!refunded.ok) throw new Error(`ledger refused a refund within its own bound: ${refunded.error.message}`);
    }
    // Stryker disable next-line ConditionalExpression,OptionalChaining: equivalent: closing an authorization that is not open is refused and the refusal ignored; a payment's authorization always exists (one that never closes is killed)
    if (this.#ledger.getAuthorization(authId)?.state === 'open') this.#ledger.close(authId);
    return refundable;
  }

  #available(paymentId: string, action: ActionName): { ok: true; payment: MutablePayment } | { ok: false; error: CommandError } {
    const payment = this.get(paymentId) as MutablePayment | undefined;
    // Stryker disable next-line ConditionalExpression,ObjectLiteral,BooleanLiteral,StringLiteral: unreachable: the façades act only on a payment they found (Payments: store.get before routing, 404 otherwise; Split Payments: the port's authorized()), so the guard never fires (one that always fires, or fires for a found payment, is killed)
    if (!payment) return { ok: false, error: { code: 'not-available', message: `No payment ${paymentId}` } };
    if (!this.actions(payment).includes(action)) {
      // Stryker disable next-line StringLiteral: message: the simulator's own words in the 409 actionNotAvailable message (the spec: every message is the implementation's own wording)
      return notAvailable(`${action} is not available for this payment (last event: ${payment.lastEvent}); see the payment's _actions`);
    }
    return { ok: true, payment };
  }

  #currencyMismatch(payment: WorldpayPayment, currency: string): CommandError | undefined {
    if (currency === payment.currency) return undefined;
    // Stryker disable next-line StringLiteral: message: the simulator's own words in the 400 message (the spec: every message is the implementation's own wording)
    const message = `the payment is in ${payment.currency}, not ${currency}`;
    return { code: 'currency-mismatch', message };
  }

  #apply(payment: MutablePayment, command: PaymentCommand): CommandResult {
    payment.commands.push(command);
    payment.lastEvent = command.outcome;
    this.#byCommand.set(command.commandId, payment.paymentId);
    return { ok: true, payment, command };
  }

  #command(outcome: PaymentEvent, amount: number, extra: Partial<Pick<PaymentCommand, 'reference' | 'sequence' | 'captureId'>> = {}): PaymentCommand {
    let commandId = this.#newId('cmd');
    // Stryker disable next-line ConditionalExpression,StringLiteral: random: a draw of 21 random characters of 64 repeats a command id once in 64²¹
    while (this.#byCommand.has(commandId)) commandId = this.#newId('cmd');
    return { commandId, outcome, amount, ...extra, at: this.#clock.now() };
  }

  #newPaymentId(): string {
    let id = this.#newId('pay');
    // Stryker disable next-line ConditionalExpression,StringLiteral: random: a draw of 21 random characters of 64 repeats a payment id once in 64²¹
    while (this.#payments.has(id)) id = this.#newId('pay');
    return id;
  }

  /** `prefix` + 21 characters + `0`: the shape of Worldpay payment and command ids. */
  #newId(prefix: 'pay' | 'cmd'): string {
    return `${prefix}${this.#ids()}0`;
  }
}

function notAvailable(message: string): { ok: false; error: CommandError } {
  return { ok: false, error: { code: 'not-available', message } };
}
