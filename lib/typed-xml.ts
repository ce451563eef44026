/**
 * The Rails-style typed XML Braintree speaks, both directions, on fast-xml-parser.
 *
 * Encoding: objects → nested elements; arrays → `type="array"` with one child element per item; integers →
 * `type="integer"`; booleans → `type="boolean"`; `null` → `nil="true"`; `Date`s and ISO datetimes under keys ending in
 * `-at` → `type="datetime"`; {@link xmlSymbol} → `type="symbol"`.
 *
 * Decoding: `{ [root]: value }` with element names as on the wire (dashes kept); `type="array"` → array,
 * `type="integer"` → number, `type="boolean"` → boolean, `nil="true"` → null, anything else a string (an empty untyped
 * element → `""`). A DOCTYPE or entity declaration is refused (no XXE, no entity expansion); malformed XML throws.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

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

/** The last instant {@link formatDatetime} wrote: one document often repeats it (created, updated, history). */
let lastMs = Number.NaN;
let lastText = '';

/** An ISO 8601 UTC datetime without milliseconds, as Rails writes it (`2025-01-01T00:00:00Z`). */
export function formatDatetime(date: Date): string {
  const ms = date.getTime();
  if (ms === lastMs) return lastText;
  // An invalid date (NaN) never equals lastMs, so toISOString throws for it as it always did.
  const iso = date.toISOString();
  // `YYYY-MM-DDTHH:MM:SS.sssZ` (24 characters) for years 0–9999; the regular expression handles the extended years.
  lastText = iso.length === 24 ? `${iso.slice(0, 19)}Z` : iso.replace(/\.\d{3}Z$/, 'Z');
  lastMs = ms;
  return lastText;
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

type FxpNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  attributesGroupName: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // Entities are decoded here (five predefined + numeric), so an unknown one is an error, never an expansion.
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
});

/**
 * Decodes a typed-XML document to `{ [rootName]: value }`.
 * @throws Error with a clear message for a non-string, an empty document, a DOCTYPE/ENTITY declaration, malformed
 * XML, several root elements, an unknown entity, or an invalid `integer`/`boolean` value.
 */
export function decodeTypedXml(text: string): Record<string, TypedXmlDecoded> {
  if (typeof text !== 'string') throw new Error('Typed XML: expected a string');
  if (text.trim() === '') throw new Error('Typed XML: empty document');
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    throw new Error('Typed XML: DOCTYPE and ENTITY declarations are not allowed');
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new Error(`Typed XML: malformed XML at line ${line}${col === undefined ? '' : `, column ${col}`}: ${msg}`);
  }
  let parsed: unknown;
  try {
    parsed = parser.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // fast-xml-parser refuses names such as __proto__ and constructor outright.
    if (message.includes('[SECURITY]')) throw new Error(`Typed XML: refused element name: ${message}`, { cause: error });
    throw new Error(`Typed XML: malformed XML: ${message}`, { cause: error });
  }
  const roots = elementsOf(parsed as FxpNode[]);
  if (roots.length !== 1) throw new Error(`Typed XML: expected exactly one root element, found ${roots.length}`);
  const [root] = roots as [Element];
  const out: Record<string, TypedXmlDecoded> = {};
  define(out, root.name, decodeElement(root));
  return out;
}

interface Element {
  readonly name: string;
  readonly children: FxpNode[];
  readonly attributes: Record<string, string>;
}

function elementsOf(nodes: FxpNode[]): Element[] {
  const elements: Element[] = [];
  for (const node of nodes) {
    for (const key of Object.keys(node)) {
      if (key === ':@' || key === '#text' || key === '#cdata') continue;
      const attrs = (node[':@'] ?? {}) as Record<string, unknown>;
      const attributes: Record<string, string> = {};
      for (const [name, value] of Object.entries(attrs)) attributes[name] = decodeEntities(String(value));
      elements.push({ name: key, children: (node[key] ?? []) as FxpNode[], attributes });
    }
  }
  return elements;
}

function textOf(nodes: FxpNode[]): string {
  let text = '';
  for (const node of nodes) {
    if (typeof node['#text'] === 'string' || typeof node['#text'] === 'number') text += decodeEntities(String(node['#text']));
    else if (Array.isArray(node['#cdata'])) {
      for (const part of node['#cdata'] as FxpNode[]) text += String(part['#text'] ?? '');
    }
  }
  return text;
}

function decodeElement(element: Element): TypedXmlDecoded {
  const { attributes: attrs, children, name } = element;
  if (attrs.nil === 'true') return null;
  const type = attrs.type;
  const childElements = elementsOf(children);
  if (type === 'array') return childElements.map(decodeElement);
  if (childElements.length > 0) {
    // A name repeated outside a typed array is collected into an array rather than losing the repeats.
    const groups = new Map<string, TypedXmlDecoded[]>();
    for (const child of childElements) {
      const group = groups.get(child.name);
      if (group) group.push(decodeElement(child));
      else groups.set(child.name, [decodeElement(child)]);
    }
    const out: Record<string, TypedXmlDecoded> = {};
    for (const [key, values] of groups) define(out, key, values.length === 1 ? (values[0] as TypedXmlDecoded) : values);
    return out;
  }
  const text = textOf(children);
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

/** Sets an own property even for names like `__proto__`, so element names can never touch a prototype. */
function define(target: Record<string, TypedXmlDecoded>, key: string, value: TypedXmlDecoded): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&([^;&\s]*);?/g, (match, body: string) => {
    if (!match.endsWith(';')) throw new Error(`Typed XML: bare "&" in text (${JSON.stringify(match)})`);
    const named = NAMED_ENTITIES[body];
    if (named !== undefined) return named;
    const numeric = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(body);
    if (numeric) {
      const code = numeric[1] !== undefined ? parseInt(numeric[1], 16) : parseInt(numeric[2] ?? '', 10);
      if (code > 0x10ffff || code === 0) throw new Error(`Typed XML: invalid character reference &${body};`);
      return String.fromCodePoint(code);
    }
    throw new Error(`Typed XML: unknown entity &${body};`);
  });
}
