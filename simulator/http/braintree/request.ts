/**
 * Braintree request bodies: JSON with snake_case keys (the Node SDK) or typed XML with dashed keys (the Ruby SDK),
 * both normalized to snake_case objects. Bodies of any other content type are ignored, as the gateway would not
 * parse them: the request then goes on with no parameters.
 */
import { decodeTypedXml } from '../../../lib/typed-xml.ts';
import { decodeUtf8, parseJson } from '../plumbing/body.ts';
import type { RequestContext } from '../plumbing/context.ts';

/** The request parameters, or why the body could not be read. */
export type ParamsResult = { readonly ok: true; readonly params: Record<string, unknown> } | { readonly ok: false; readonly status: 400; readonly message: string };

/** Reads and normalizes the body of a Braintree request (rejects with BodyTooLargeError past the limit). */
export async function readParams(ctx: RequestContext): Promise<ParamsResult> {
  const raw = await ctx.readBody();
  // Decoded once when the bytes are UTF-8; otherwise leniently for XML, and parseJson refuses them as JSON.
  const strict = decodeUtf8(raw);
  const text = strict ?? raw.toString('utf8');
  if (text.trim() === '') return { ok: true, params: {} };
  const type = (ctx.header('content-type') ?? '').toLowerCase();
  if (type.includes('json')) {
    const parsed = parseJson(strict ?? raw);
    if (!parsed.ok) return { ok: false, status: 400, message: `Malformed JSON: ${parsed.message}` };
    if (!isObject(parsed.value)) return { ok: false, status: 400, message: 'The JSON body must be an object' };
    return { ok: true, params: parsed.value };
  }
  if (type.includes('xml')) {
    try {
      return { ok: true, params: underscoreKeys(decodeTypedXml(text)) as Record<string, unknown> };
    } catch (error) {
      return { ok: false, status: 400, message: error instanceof Error ? error.message : String(error) };
    }
  }
  return { ok: true, params: {} };
}

/** `params.transaction` when it is an object, else `{}`. */
export function transactionParams(params: Record<string, unknown>): Record<string, unknown> {
  const tx = params.transaction;
  return isObject(tx) ? tx : {};
}

/** True for a non-null, non-array object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const SECRET_KEYS = new Set(['number', 'cvv', 'payment_method_nonce', 'token']);

/**
 * The `<params>` echo of an error response: the request's parameters with dashed keys and string scalars, card
 * numbers, CVVs and nonces left out (the gateway filters them too).
 */
export function paramsEcho(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (SECRET_KEYS.has(key) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) continue;
    const name = key.replace(/_/g, '-');
    if (isObject(value)) out[name] = paramsEcho(value);
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[name] = String(value);
  }
  return out;
}

function underscoreKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(underscoreKeys);
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    out[key.replace(/-/g, '_')] = underscoreKeys(v);
  }
  return out;
}
