/** Identifier generation for ledger records. */
import { randomFillSync } from 'node:crypto';

/** Returns a fresh identifier each call; the ledger retries on the (unlikely) collision. */
export type IdGenerator = () => string;

/** `[a-z0-9]`: the characters of Braintree transaction ids. */
export const LOWER_ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Random bytes drawn from the OS a few kilobytes at a time: an id takes a dozen bytes, and a call into the OS for
 * each id costs more than the rest of making it.
 */
const pool = Buffer.alloc(4096);
let next = pool.length;

function randomByte(): number {
  if (next === pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  return pool[next++] as number;
}

/**
 * Random ids of `length` characters of `alphabet` (default 8 of `[a-z0-9]`, the shape of Braintree transaction ids),
 * drawn with rejection sampling so every character is uniform.
 */
export function createIdGenerator(length = 8, alphabet = LOWER_ALPHANUMERIC): IdGenerator {
  if (alphabet.length < 2 || alphabet.length > 256) throw new RangeError('createIdGenerator: the alphabet needs 2 to 256 characters');
  // Bytes at or above the largest multiple of the alphabet's size would bias its first characters: drawn again.
  const limit = 256 - (256 % alphabet.length);
  return () => {
    let id = '';
    while (id.length < length) {
      const byte = randomByte();
      if (byte < limit) id += alphabet[byte % alphabet.length];
    }
    return id;
  };
}

/** Deterministic ids (`prefix` + a counter), for tests and golden outputs. */
export function createSequentialIds(prefix = 'tx'): IdGenerator {
  let n = 0;
  return () => `${prefix}${(++n).toString().padStart(6, '0')}`;
}
