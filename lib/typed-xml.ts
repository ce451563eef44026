/**
 * The Rails-style typed XML Braintree speaks, both directions: written here, read with saxes (a strict XML parser).
 *
 * Encoding: objects → nested elements; arrays → `type="array"` with one child element per item; integers →
 * `type="integer"`; booleans → `type="boolean"`; `null` → `nil="true"`; `Date`s and ISO datetimes under keys ending in
 * `-at` → `type="datetime"`; {@link xmlSymbol} → `type="symbol"`.
 *
 * Decoding: `{ [root]: value }` with element names as on the wire (dashes kept); `type="array"` → array,
 * `type="integer"` → number, `type="boolean"` → boolean, `nil="true"` → null, anything else a string (an empty untyped
 * element → `""`). A DOCTYPE or entity declaration is refused (no XXE, no entity expansion); malformed XML throws.
 */
import { SaxesParser } from 'saxes';
import { setOwn } from './own-property.ts';

/** Type attributes the codec writes for wrapped values. */
export type XmlTypeName = 'symbol' | 'datetime' | 'decimal' | 'date' | 'string';

/** A scalar with an explicit `type` attribute (see {@link xmlSymbol}, {@link xmlTyped}). */
export class TypedXmlValue {
  readonly type: XmlTypeName;
  readonly text: string;
  constructor(type: XmlTypeName, text: string) {
    this.type = type;
    this.text = text;
  }
}

/** Marks a string to be written with `type="symbol"` (Braintree's error `attribute`). */
export function xmlSymbol(text: string): TypedXmlValue {
  return new TypedXmlValue('symbol', text);
}

/** Marks a string to be written with an explicit `type` attribute. */
export function xmlTyped(type: XmlTypeName, text: string): TypedXmlValue {
  return new TypedXmlValue(type, text);
}

/** Options of {@link encodeTypedXml}. */
export interface EncodeOptions {
  /** Child element name per array key, overriding the default singular (e.g. `{ 'status-history': 'status-event' }`). */
  readonly itemNames?: Readonly<Record<string, string>>;
  /** Indentation per level (default two spaces, as Rails); `''` writes everything on one line. */
  readonly indent?: string;
}

const DEFAULT_ITEM_NAMES: Readonly<Record<string, string>> = { errors: 'error', 'status-history': 'status-event' };

/**
 * The child element name of an array element: `errors` → `error`, `*-ids` → `item`, `status-history` →
 * `status-event`, otherwise the singular of the key (`refunds` → `refund`, `entries` → `entry`), else `item`.
 */
export function arrayItemName(key: string, overrides: Readonly<Record<string, string>> = {}): string {
  const override = overrides[key] ?? DEFAULT_ITEM_NAMES[key];
  if (override) return override;
  if (/[-_]ids$/.test(key) || key === 'ids') return 'item';
  if (/[^aeiou]ies$/.test(key)) return `${key.slice(0, -3)}y`;
  if (/(sses|xes|ches|shes)$/.test(key)) return key.slice(0, -2);
  if (/[^s]s$/.test(key)) return key.slice(0, -1);
  return 'item';
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Element names already checked against {@link NAME}: they are few and written again and again. Bounded, since names can come from request data. */
const CHECKED_NAMES = new Set<string>();
const MAX_CHECKED_NAMES = 2048;

function checkName(name: string): void {
  if (CHECKED_NAMES.has(name)) return;
  if (!NAME.test(name)) throw new Error(`Typed XML: invalid element name ${JSON.stringify(name)}`);
  if (CHECKED_NAMES.size < MAX_CHECKED_NAMES) CHECKED_NAMES.add(name);
}

/** The XML declaration every encoded document starts with. */
export const TYPED_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/**
 * Encodes `value` under a root element `rootName`, with the XML declaration.
 * @throws Error for an invalid element name, a non-integer number, or a value that cannot be written (function, symbol).
 */
export function encodeTypedXml(rootName: string, value: unknown, options: EncodeOptions = {}): string {
  const indent = options.indent ?? '  ';
  const newline = indent === '' ? '' : '\n';
  const pads: string[] = [''];
  let out = TYPED_XML_DECLARATION;
  writeElement(rootName, value, 0);
  return out + newline;

  function push(text: string, depth: number): void {
    if (indent === '') {
      out += text;
      return;
    }
    let pad = pads[depth];
    if (pad === undefined) {
      pad = indent.repeat(depth);
      pads[depth] = pad;
    }
    out += newline + pad + text;
  }

  function writeElement(name: string, v: unknown, depth: number): void {
    checkName(name);
    if (v === null) return push(`<${name} nil="true"/>`, depth);
    if (v instanceof TypedXmlValue) return push(`<${name} type="${v.type}">${escapeText(v.text)}</${name}>`, depth);
    if (v instanceof Date) return push(`<${name} type="datetime">${formatDatetime(v)}</${name}>`, depth);
    if (Array.isArray(v)) {
      const item = arrayItemName(name, options.itemNames);
      let any = false;
      for (const x of v) {
        if (x === undefined) continue;
        if (!any) push(`<${name} type="array">`, depth);
        any = true;
        writeElement(item, x, depth + 1);
      }
      return push(any ? `</${name}>` : `<${name} type="array"/>`, depth);
    }
    switch (typeof v) {
      case 'string':
        if (name.endsWith('-at') && ISO_DATETIME.test(v)) return push(`<${name} type="datetime">${escapeText(v)}</${name}>`, depth);
        return push(v === '' ? `<${name}></${name}>` : `<${name}>${escapeText(v)}</${name}>`, depth);
      case 'number':
        if (!Number.isSafeInteger(v)) throw new Error(`Typed XML: <${name}> must be an integer, got ${v} (write decimals as strings)`);
        return push(`<${name} type="integer">${v}</${name}>`, depth);
      case 'bigint':
        return push(`<${name} type="integer">${v}</${name}>`, depth);
      case 'boolean':
        return push(`<${name} type="boolean">${v}</${name}>`, depth);
      case 'object': {
        const object = v as Record<string, unknown>;
        let any = false;
        for (const key of Object.keys(object)) {
          const x = object[key];
          if (x === undefined) continue;
          if (!any) push(`<${name}>`, depth);
          any = true;
          writeElement(key, x, depth + 1);
        }
        return push(any ? `</${name}>` : `<${name}></${name}>`, depth);
      }
      default:
        throw new Error(`Typed XML: cannot encode a ${typeof v} as <${name}>`);
    }
  }
}

/**
 * The last two instants {@link formatDatetime} wrote: one document often repeats them (created, updated and history
 * at one instant, an expiry at another), and a one-entry memory would miss on every switch between the two.
 */
let lastMs = Number.NaN;
let lastText = '';
let otherMs = Number.NaN;
let otherText = '';

/** An ISO 8601 UTC datetime without milliseconds, as Rails writes it (`2025-01-01T00:00:00Z`). */
export function formatDatetime(date: Date): string {
  const ms = date.getTime();
  if (ms === lastMs) return lastText;
  if (ms === otherMs) return otherText;
  // An invalid date (NaN) never equals either, so toISOString throws for it as it always did.
  const iso = date.toISOString();
  // `YYYY-MM-DDTHH:MM:SS.sssZ` (24 characters) for years 0–9999; the regular expression handles the extended years.
  const text = iso.length === 24 ? `${iso.slice(0, 19)}Z` : iso.replace(/\.\d{3}Z$/, 'Z');
  otherMs = lastMs;
  otherText = lastText;
  lastMs = ms;
  lastText = text;
  return text;
}

/** Any character {@link escapeText} changes: markup, quotes, what XML 1.0 cannot carry, and (possibly lone) surrogates. */
const NEEDS_ESCAPING = /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/; // eslint-disable-line no-control-regex

/**
 * Escapes text content: `&`, `<`, `>` (and quotes, harmless in text), and replaces characters XML 1.0 cannot carry
 * (control characters, lone surrogates) with U+FFFD, so no input can break the document.
 */
export function escapeText(text: string): string {
  // Most text (ids, statuses, amounts) needs nothing: one scan instead of three replacements.
  if (!NEEDS_ESCAPING.test(text)) return text;
  return text
    .replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c)
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD') // eslint-disable-line no-control-regex
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** A decoded typed-XML value. */
export type TypedXmlDecoded = string | number | boolean | null | TypedXmlDecoded[] | { [key: string]: TypedXmlDecoded };

/** Element names that are refused outright: as object keys they would reach a prototype. */
const REFUSED_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** An element as the parser met it. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** Its character data (text and CDATA), entities decoded. */
  text: string;
}

/** An error of the document itself (not of XML): thrown as is, not as "malformed XML". */
class TypedXmlError extends Error {}

/**
 * Reads an XML document into its root element — the one XML reader of the kit (typed-XML decoding below, the Pact
 * export's XML bodies). saxes is a strict parser: any well-formedness error is one, with its line and column; entities
 * are the five predefined ones and character references.
 * @throws Error with a clear message for a non-string, an empty document, a DOCTYPE/ENTITY declaration, malformed
 * XML, several root elements, an unknown entity, or an element name that could reach a prototype.
 */
export function readXmlElement(text: string): XmlElement {
  if (typeof text !== 'string') throw new Error('Typed XML: expected a string');
  if (text.trim() === '') throw new Error('Typed XML: empty document');
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    throw new Error('Typed XML: DOCTYPE and ENTITY declarations are not allowed');
  }
  const roots: XmlElement[] = [];
  const open: XmlElement[] = [];
  const parser = new SaxesParser({ position: true });
  parser.on('opentag', (tag) => {
    if (REFUSED_NAMES.has(tag.name)) throw new TypedXmlError(`Typed XML: refused element name: <${tag.name}> could reach an object's prototype`);
    const element: XmlElement = { name: tag.name, attributes: tag.attributes as Record<string, string>, children: [], text: '' };
    const parent = open.at(-1);
    if (parent) parent.children.push(element);
    else roots.push(element);
    open.push(element);
  });
  parser.on('closetag', () => {
    open.pop();
  });
  // Character data outside the root (the line breaks around it) belongs to no element.
  const addText = (data: string): void => {
    const current = open.at(-1);
    if (current) current.text += data;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  try {
    parser.write(text).close();
  } catch (error) {
    if (error instanceof TypedXmlError) throw error;
    // saxes says `line:column: reason.`
    const reason = (error instanceof Error ? error.message : String(error)).replace(/^[^:]*:?\d+:\d+: /, '').replace(/\.$/, '');
    if (reason === 'documents may contain only one root') throw new Error('Typed XML: expected exactly one root element, found more', { cause: error });
    const explained = reason === 'undefined entity' ? 'unknown entity (only &amp; &lt; &gt; &quot; &apos; and character references)' : reason;
    throw new Error(`Typed XML: malformed XML at line ${parser.line}, column ${parser.column}: ${explained}`, { cause: error });
  }
  if (roots.length !== 1) throw new Error(`Typed XML: expected exactly one root element, found ${roots.length}`);
  return roots[0] as XmlElement;
}

/**
 * Decodes a typed-XML document to `{ [rootName]: value }`.
 * @throws Error with a clear message for what {@link readXmlElement} refuses, and an invalid `integer`/`boolean` value.
 */
export function decodeTypedXml(text: string): Record<string, TypedXmlDecoded> {
  const root = readXmlElement(text);
  const out: Record<string, TypedXmlDecoded> = {};
  setOwn(out, root.name, decodeElement(root));
  return out;
}

function decodeElement(element: XmlElement): TypedXmlDecoded {
  const { attributes: attrs, children, name } = element;
  if (attrs.nil === 'true') return null;
  const type = attrs.type;
  if (type === 'array') return children.map(decodeElement);
  if (children.length > 0) {
    // A name repeated outside a typed array is collected into an array rather than losing the repeats.
    const groups = new Map<string, TypedXmlDecoded[]>();
    for (const child of children) {
      const group = groups.get(child.name);
      if (group) group.push(decodeElement(child));
      else groups.set(child.name, [decodeElement(child)]);
    }
    const out: Record<string, TypedXmlDecoded> = {};
    for (const [key, values] of groups) setOwn(out, key, values.length === 1 ? (values[0] as TypedXmlDecoded) : values);
    return out;
  }
  const text = element.text;
  if (type === 'integer') {
    if (!/^[-+]?\d+$/.test(text.trim())) throw new Error(`Typed XML: <${name} type="integer"> holds ${JSON.stringify(text)}`);
    return Number(text.trim());
  }
  if (type === 'boolean') {
    const t = text.trim();
    if (t === 'true' || t === '1') return true;
    if (t === 'false' || t === '0') return false;
    throw new Error(`Typed XML: <${name} type="boolean"> holds ${JSON.stringify(text)}`);
  }
  // Whitespace-only content spanning lines is indentation of an empty element, not a value.
  if (/^\s*$/.test(text) && text.includes('\n')) return '';
  return text;
}

