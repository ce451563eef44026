/**
 * A target profile: what the kit needs to know about the implementation under test. Credentials are named by
 * environment variable, so the profile file itself can be committed.
 */

/** A secret value: read from an environment variable, or (discouraged) written inline. */
export type SecretSource = { readonly env: string } | { readonly value: string };

/** Basic-auth credentials of one API. */
export interface Credentials {
  readonly username: SecretSource;
  readonly password: SecretSource;
}

/** Per-suite settings of a target. */
export interface SuiteTarget {
  /** Overrides the profile's `target` for this suite (e.g. a separate host per API). */
  readonly baseUrl?: string;
  readonly credentials?: Credentials;
  /** Braintree: the merchant id in `/merchants/{merchantId}`. */
  readonly merchantId?: string;
  /** Braintree: merchant account ids by processor. */
  readonly merchantAccounts?: { readonly firstData?: string; readonly chase?: string };
  /** Further origins this suite's links may point to (added to the profile's `origins`). */
  readonly origins?: readonly string[];
}

/** The profile file, as written by the user (after schema validation). */
export interface TargetProfile {
  readonly target?: string;
  /** Capabilities the target declares; scenarios that require others are skipped. */
  readonly capabilities?: readonly string[];
  readonly suites?: Readonly<Record<string, SuiteTarget>>;
  /**
   * Further origins (`https://gateway.example.com`) the target's links may point to, e.g. an API gateway in front of
   * it: links there are followed and get the suite's credentials; links anywhere else are refused.
   */
  readonly origins?: readonly string[];
  /** A waivers file, relative to the profile file. */
  readonly waivers?: string;
}

/** Every capability a scenario may require, with what it means. */
export const KNOWN_CAPABILITIES = {
  'multiple-partial-settlements': 'Braintree: the limited-release feature of several partial settlements per authorization (BT-AV-01)',
  'testing-operations': 'Braintree: the sandbox testing operations (settle, settlement_confirm, settlement_decline, settlement_pending)',
  'clock-control': 'The settlekit test control that advances a virtual clock and expires authorizations (/__settlekit/clock…)',
  'fault-injection': 'The settlekit test control that makes the next request fail (/__settlekit/faults…)',
  'settlement-adjustment': 'Braintree: the merchant may settle above the authorized amount (BT-PS-05 exception)',
  'processor-first-data': 'Braintree: a merchant account on First Data',
  'processor-chase': 'Braintree: a merchant account on Chase',
} as const satisfies Record<string, string>;

/** A capability name. */
export type Capability = keyof typeof KNOWN_CAPABILITIES;
