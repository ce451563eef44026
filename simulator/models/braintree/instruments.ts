/**
 * Payment instruments of the Braintree model: the sandbox test cards and fake nonces, resolved to an instrument with
 * the gateway's `payment-instrument-type` and card type.
 */

/** `payment-instrument-type` values the simulator produces. */
export type PaymentInstrumentType = 'credit_card' | 'paypal_account' | 'venmo_account' | 'apple_pay_card' | 'android_pay_card';

/** The card network behind an instrument (`null` for PayPal and Venmo). */
export type CardBrand = 'Visa' | 'MasterCard' | 'American Express' | 'Discover' | 'JCB' | 'Unknown';

/** A resolved payment instrument. */
export interface PaymentInstrument {
  readonly type: PaymentInstrumentType;
  readonly brand: CardBrand | null;
  /** The gateway's `card-type` for this instrument (`"Apple Pay - Visa"` for Apple Pay). */
  readonly cardType: string | null;
  readonly bin: string | null;
  readonly last4: string | null;
  readonly expirationMonth: string | null;
  readonly expirationYear: string | null;
  /** The nonce it came from, if any. */
  readonly nonce: string | null;
}

/** True when partial settlement is refused for this instrument (BT-PS-07): American Express or Discover underneath. */
export function isAmexOrDiscover(instrument: PaymentInstrument): boolean {
  return instrument.brand === 'American Express' || instrument.brand === 'Discover';
}

function card(type: PaymentInstrumentType, brand: CardBrand, cardType: string, number: string, nonce: string | null): PaymentInstrument {
  return Object.freeze({
    type,
    brand,
    cardType,
    bin: number.slice(0, 6),
    last4: number.slice(-4),
    expirationMonth: '12',
    expirationYear: '2030',
    nonce,
  });
}

function wallet(type: PaymentInstrumentType, nonce: string): PaymentInstrument {
  return Object.freeze({ type, brand: null, cardType: null, bin: null, last4: null, expirationMonth: null, expirationYear: null, nonce });
}

/** The sandbox's fake nonces (Braintree docs, "Testing → Nonces"; the SDK's `Nonces`). */
const NONCES: Readonly<Record<string, PaymentInstrument>> = {
  'fake-valid-nonce': card(
    'credit_card',
    // Stryker disable next-line StringLiteral: equivalent: a brand shows only when it is American Express or Discover (refused), or in an Apple Pay card's name
    'Visa',
    'Visa',
    '4012888888881881',
    // Stryker disable next-line StringLiteral: unreachable: the nonce an instrument came from is served by no façade
    'fake-valid-nonce',
  ),
  'fake-valid-visa-nonce': card(
    'credit_card',
    // Stryker disable next-line StringLiteral: equivalent: a brand shows only when it is American Express or Discover (refused), or in an Apple Pay card's name
    'Visa',
    'Visa',
    '4012888888881881',
    // Stryker disable next-line StringLiteral: unreachable: the nonce an instrument came from is served by no façade
    'fake-valid-visa-nonce',
  ),
  'fake-valid-mastercard-nonce': card(
    'credit_card',
    // Stryker disable next-line StringLiteral: equivalent: a brand shows only when it is American Express or Discover (refused), or in an Apple Pay card's name
    'MasterCard',
    'MasterCard',
    '5555555555554444',
    // Stryker disable next-line StringLiteral: unreachable: the nonce an instrument came from is served by no façade
    'fake-valid-mastercard-nonce',
  ),
  'fake-valid-amex-nonce': card(
    'credit_card',
    'American Express',
    'American Express',
    '378282246310005',
    // Stryker disable next-line StringLiteral: unreachable: the nonce an instrument came from is served by no façade
    'fake-valid-amex-nonce',
  ),
  'fake-valid-discover-nonce': card(
    'credit_card',
    'Discover',
    'Discover',
    '6011111111111117',
    // Stryker disable next-line StringLiteral: unreachable: the nonce an instrument came from is served by no façade
    'fake-valid-discover-nonce',
  ),
  'fake-paypal-one-time-nonce': wallet(
    'paypal_account',
    // Stryker disable next-line StringLiteral: unreachable: the nonce an instrument came from is served by no façade
    'fake-paypal-one-time-nonce',
  ),
  'fake-paypal-billing-agreement-nonce': wallet(
    'paypal_account',
    // Stryker disable next-line StringLiteral: unreachable: the nonce an instrument came from is served by no façade
    'fake-paypal-billing-agreement-nonce',
  ),
  'fake-venmo-account-nonce': wallet(
    'venmo_account',
    // Stryker disable next-line StringLiteral: unreachable: the nonce an instrument came from is served by no façade
    'fake-venmo-account-nonce',
  ),
  'fake-apple-pay-visa-nonce': card(
    'apple_pay_card',
    'Visa',
    'Apple Pay - Visa',
    '4111111111111111',
    // Stryker disable next-line StringLiteral: unreachable: the nonce an instrument came from is served by no façade
    'fake-apple-pay-visa-nonce',
  ),
  'fake-apple-pay-mastercard-nonce': card(
    'apple_pay_card',
    'MasterCard',
    'Apple Pay - MasterCard',
    '5555555555554444',
    // Stryker disable next-line StringLiteral: unreachable: the nonce an instrument came from is served by no façade
    'fake-apple-pay-mastercard-nonce',
  ),
  'fake-apple-pay-amex-nonce': card(
    'apple_pay_card',
    'American Express',
    'Apple Pay - American Express',
    '378282246310005',
    // Stryker disable next-line StringLiteral: unreachable: the nonce an instrument came from is served by no façade
    'fake-apple-pay-amex-nonce',
  ),
  'fake-android-pay-visa-nonce': card(
    'android_pay_card',
    // Stryker disable next-line StringLiteral: equivalent: a brand shows only when it is American Express or Discover (refused), or in an Apple Pay card's name
    'Visa',
    'Visa',
    '4111111111111111',
    // Stryker disable next-line StringLiteral: unreachable: the nonce an instrument came from is served by no façade
    'fake-android-pay-visa-nonce',
  ),
  'fake-android-pay-mastercard-nonce': card(
    'android_pay_card',
    // Stryker disable next-line StringLiteral: equivalent: a brand shows only when it is American Express or Discover (refused), or in an Apple Pay card's name
    'MasterCard',
    'MasterCard',
    '5555555555554444',
    // Stryker disable next-line StringLiteral: unreachable: the nonce an instrument came from is served by no façade
    'fake-android-pay-mastercard-nonce',
  ),
  'fake-android-pay-discover-nonce': card(
    'android_pay_card',
    'Discover',
    'Discover',
    '6011111111111117',
    // Stryker disable next-line StringLiteral: unreachable: the nonce an instrument came from is served by no façade
    'fake-android-pay-discover-nonce',
  ),
  'fake-android-pay-amex-nonce': card(
    'android_pay_card',
    'American Express',
    'American Express',
    '378282246310005',
    // Stryker disable next-line StringLiteral: unreachable: the nonce an instrument came from is served by no façade
    'fake-android-pay-amex-nonce',
  ),
};

/** The instrument behind a sandbox fake nonce, or `undefined` for an unknown nonce. */
export function instrumentFromNonce(nonce: string): PaymentInstrument | undefined {
  return Object.hasOwn(NONCES, nonce) ? NONCES[nonce] : undefined;
}

/** The fake nonces the simulator knows. */
export const KNOWN_NONCES: readonly string[] = Object.keys(NONCES);

/** True when `number` (digits only) passes the Luhn check. */
export function luhnValid(number: string): boolean {
  if (!/^[0-9]{12,19}$/.test(number)) return false;
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let digit = number.charCodeAt(number.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      // Stryker disable next-line EqualityOperator: equivalent: a doubled digit is even, never 9
      if (digit > 9) digit -= 9;
    }
    // Stryker disable next-line AssignmentOperator: equivalent: −sum is a multiple of 10 exactly when sum is
    sum += digit;
  }
  return sum % 10 === 0;
}

/** The card network of a card number, by its leading digits. */
export function brandOfNumber(number: string): CardBrand {
  if (/^4/.test(number)) return 'Visa';
  if (/^(5[1-5]|2(2[2-9][1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720))/.test(number)) return 'MasterCard';
  if (/^3[47]/.test(number)) return 'American Express';
  if (/^(6011|65|64[4-9])/.test(number)) return 'Discover';
  if (/^35(2[89]|[3-8]\d)/.test(number)) return 'JCB';
  return 'Unknown';
}

/** A card given by number (the sandbox test cards, or any Luhn-valid number); `undefined` when the number is invalid. */
export function instrumentFromCard(input: { number: string; expirationMonth?: string | null; expirationYear?: string | null }): PaymentInstrument | undefined {
  const number = input.number.replace(/[\s-]/g, '');
  if (!luhnValid(number)) return undefined;
  const brand = brandOfNumber(number);
  return Object.freeze({
    type: 'credit_card',
    brand,
    cardType: brand,
    bin: number.slice(0, 6),
    last4: number.slice(-4),
    expirationMonth: input.expirationMonth ?? null,
    expirationYear: input.expirationYear ?? null,
    nonce: null,
  });
}
