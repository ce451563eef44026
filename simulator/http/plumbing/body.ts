/**
 * Request bodies: reading one up to the simulator's limit, and decoding it defensively (strict UTF-8, JSON that can
 * never reach a prototype).
 */
import type { IncomingMessage } from 'node:http';

/** Thrown by `RequestContext.readBody` when the body is larger than the limit. */
export class BodyTooLargeError extends Error {
  constructor(limit: number) {
    super(`Request body larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Default largest request body: 1 MiB. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/** Reads the whole body of `req`; rejects with {@link BodyTooLargeError} as soon as it is known to pass `limit`. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new BodyTooLargeError(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const onData = (chunk: Buffer): void => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        req.off('data', onData);
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    };
    // `on`, not `once`: the `done` flag already makes each of these act once, without a wrapper per listener.
    req.on('data', onData);
    req.on('end', () => {
      if (done) return;
      done = true;
      // A small body arrives in one chunk: no copy for that one.
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      if (done) return;
      done = true;
      reject(error);
    });
  });
}

/** The result of {@link parseJson}. */
export type JsonParseResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MENTIONS_FORBIDDEN = /__proto__|constructor|prototype/;
const dropForbidden = (key: string, value: unknown): unknown => (FORBIDDEN_KEYS.has(key) ? undefined : value);

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes bytes as UTF-8, or `undefined` when they are not valid UTF-8 (JSON text must be UTF-8, RFC 8259 §8.1: a
 * lenient decode would turn broken bytes into U+FFFD and accept a malformed body).
 */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Parses JSON defensively: never throws, and drops `__proto__`, `constructor` and `prototype` keys wherever they are,
 * so a body can never reach an object's prototype chain through later merging. Bytes must be valid UTF-8.
 */
export function parseJson(input: string | Uint8Array): JsonParseResult {
  const text = typeof input === 'string' ? input : decodeUtf8(input);
  if (text === undefined) return { ok: false, message: 'the body is not valid UTF-8' };
  try {
    // A key can only be one of the forbidden names if the text spells it out or escapes characters (`\u005f_proto__`):
    // without either, the reviver (several times slower than a plain parse) has nothing to drop.
    const mayHoldForbidden = text.includes('\\') || MENTIONS_FORBIDDEN.test(text);
    const value: unknown = mayHoldForbidden ? JSON.parse(text, dropForbidden) : JSON.parse(text);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
