/**
 * Opaque `linkData` tokens and the links built from them. A token is base64url of `paymentId.signature`, the signature
 * an HMAC-SHA256 of the payment id under a key that lives only in this simulator, so a client can follow a link it was
 * given but cannot mint or alter one: a changed token names no payment (404 `urlContainsInvalidValue`).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ActionName } from '../../models/worldpay-payments/payments.ts';

/** The path segment each action posts to, under `/api/payments/{linkData}/`. */
export const ACTION_SEGMENTS: Readonly<Record<ActionName, string>> = {
  refundPayment: 'refunds',
  partiallyRefundPayment: 'partialRefunds',
  settlePayment: 'settlements',
  partiallySettlePayment: 'partialSettlements',
  cancelPayment: 'cancellations',
  reversePayment: 'reversals',
};

/** The path prefix every payment URL starts with. */
export const PAYMENTS_PATH = '/api/payments';

/**
 * Signs payment ids into `linkData` tokens and verifies tokens back into payment ids. Both directions are remembered
 * (until {@link LinkCodec.forget}), so a payment's links cost one HMAC, not one per answer and one per request.
 */
export class LinkCodec {
  readonly #key: Buffer;
  readonly #tokens = new Map<string, string>();
  readonly #paymentIds = new Map<string, string>();

  /** @param key the HMAC key (default: 32 random bytes, so tokens of one simulator mean nothing to another). */
  constructor(key: Buffer = randomBytes(32)) {
    this.#key = key;
  }

  /** The token of a payment id. */
  encode(paymentId: string): string {
    let token = this.#tokens.get(paymentId);
    if (token === undefined) {
      token = Buffer.from(`${paymentId}.${this.#sign(paymentId)}`, 'utf8').toString('base64url');
      this.#tokens.set(paymentId, token);
      this.#paymentIds.set(token, paymentId);
    }
    return token;
  }

  /** The payment id a token names, or `undefined` when the token was not minted here (or was altered). */
  decode(linkData: string): string | undefined {
    // A token this codec minted is valid by construction; anything else is checked in full.
    return this.#paymentIds.get(linkData) ?? this.#verify(linkData);
  }

  /** Forgets the remembered tokens (on a reset): they are verified again, and still name their payment ids. */
  forget(): void {
    this.#tokens.clear();
    this.#paymentIds.clear();
  }

  #verify(linkData: string): string | undefined {
    if (!/^[A-Za-z0-9_-]{1,512}$/.test(linkData)) return undefined;
    const decoded = Buffer.from(linkData, 'base64url').toString('utf8');
    // Re-encoding must give the token back: rejects non-canonical base64url (e.g. an appended character).
    if (Buffer.from(decoded, 'utf8').toString('base64url') !== linkData) return undefined;
    const dot = decoded.lastIndexOf('.');
    if (dot <= 0) return undefined;
    const paymentId = decoded.slice(0, dot);
    const given = Buffer.from(decoded.slice(dot + 1), 'utf8');
    const expected = Buffer.from(this.#sign(paymentId), 'utf8');
    return given.length === expected.length && timingSafeEqual(given, expected) ? paymentId : undefined;
  }

  #sign(paymentId: string): string {
    return createHmac('sha256', this.#key).update(paymentId, 'utf8').digest('base64url').slice(0, 22);
  }
}

/**
 * The link-signing key of a seeded simulator (`SimulatorOptions.seed`): a pure function of the seed, so its tokens
 * (and the links built from them) are the same on every run. Tokens still cannot be minted without knowing the seed.
 */
export function seededLinkKey(seed: string): Buffer {
  return createHash('sha256').update(`${seed}/worldpay-payments/link-key`, 'utf8').digest();
}

/** `_links` of a payment. */
export function linksOf(origin: string, linkData: string): { self: { href: string } } {
  return { self: { href: `${origin}${PAYMENTS_PATH}/${linkData}` } };
}

/** `_actions` of a payment: each available action as `{href, method}`. */
export function actionsOf(origin: string, linkData: string, actions: readonly ActionName[]): Record<string, { href: string; method: 'POST' }> {
  const out: Record<string, { href: string; method: 'POST' }> = {};
  for (const action of actions) out[action] = { href: `${origin}${PAYMENTS_PATH}/${linkData}/${ACTION_SEGMENTS[action]}`, method: 'POST' };
  return out;
}
