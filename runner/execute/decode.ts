/**
 * Decoding a response body by what its Content-Type claims: JSON, typed XML (as the Braintree gateway sends), or
 * text. A body that is not what it claims, or not valid UTF-8, is a decode problem the step reports — never a crash.
 */
import { decodeTypedXml } from '../../lib/typed-xml.ts';

/** The media family a Content-Type names. */
export type BodyKind = 'json' | 'xml' | 'text' | 'binary' | 'none';

/** The outcome of decoding one body. */
export interface DecodedBody {
  readonly kind: BodyKind;
  /** The body as text (invalid UTF-8 replaced by U+FFFD). */
  readonly text: string;
  /** The decoded value, when decoding succeeded. */
  readonly value?: unknown;
  /** Why the body could not be decoded as its Content-Type claims. */
  readonly problem?: string;
}

/** The family of a Content-Type header value. */
export function bodyKindOf(contentType: string | undefined): BodyKind {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === '') return 'none';
  if (type === 'application/json' || type.endsWith('+json')) return 'json';
  if (type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml')) return 'xml';
  if (type.startsWith('text/')) return 'text';
  return 'binary';
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

/** Decodes `bytes` as `contentType` says. An empty body decodes to `undefined` without a problem. */
export function decodeBody(bytes: Uint8Array, contentType: string | undefined, truncated = false): DecodedBody {
  const declared = bodyKindOf(contentType);
  if (bytes.length === 0) return { kind: declared, text: '' };
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    const replaced = lenientUtf8.decode(bytes);
    return declared === 'binary' ? { kind: declared, text: replaced } : { kind: declared, text: replaced, problem: 'the body is not valid UTF-8' };
  }
  if (truncated) return { kind: declared, text, problem: 'the body is larger than the cap, so it was not decoded' };
  // A body without a Content-Type is still decoded when it looks like JSON, so assertions can run; the header
  // itself is checked by the schema assertion.
  const kind = declared === 'none' ? (/^\s*[[{]/.test(text) ? 'json' : 'text') : declared;
  switch (kind) {
    case 'json':
      try {
        return { kind, text, value: JSON.parse(text) as unknown };
      } catch (error) {
        return { kind, text, problem: `the body is not valid JSON: ${(error as Error).message}` };
      }
    case 'xml':
      try {
        return { kind, text, value: decodeTypedXml(text) };
      } catch (error) {
        return { kind, text, problem: `the body is not valid XML: ${(error as Error).message}` };
      }
    default:
      return { kind, text, value: text };
  }
}
