/** Identifier generation for ledger records. */
import { randomBytes } from 'node:crypto';

/** Returns a fresh identifier each call; the ledger retries on the (unlikely) collision. */
export type IdGenerator = () => string;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Random ids shaped like Braintree transaction ids: `length` characters of `[a-z0-9]` (default 8), drawn with
 * rejection sampling so every character is uniform.
 */
export function createIdGenerator(length = 8): IdGenerator {
  return () => {
    let id = '';
    while (id.length < length) {
      for (const byte of randomBytes(length * 2)) {
        // 252 = 7 × 36: bytes above it would bias the first characters of the alphabet.
        if (byte < 252 && id.length < length) id += ALPHABET[byte % 36];
      }
    }
    return id;
  };
}

/** Deterministic ids (`prefix` + a counter), for tests and golden outputs. */
export function createSequentialIds(prefix = 'tx'): IdGenerator {
  let n = 0;
  return () => `${prefix}${(++n).toString().padStart(6, '0')}`;
}
