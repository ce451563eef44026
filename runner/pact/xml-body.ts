/**
 * A step's expected typed-XML body (Braintree) as a Pact XML body, built with Pact's XmlBuilder. The expectation is
 * written over the decoded body (`{ transaction: { status: … } }`); the XML of the reference answer gives the element
 * names of list items and the typing attributes. Pact's XML matching takes extra elements and attributes, compares the
 * text and the attributes it is given, and matches same-named children by position, so:
 * - a literal value is the element's text, with the attributes that make its decoded type (`type="integer"`,
 *   `type="boolean"`, `nil="true"`, `type="array"`) — settlekit's strict equality tells `6` from `"6"`;
 * - lists match element by element, but Pact accepts more elements than listed (a note says so);
 * - `$contains` has no XML form in Pact: the element is expected at the position it had in the reference answer.
 */
import { jsonPointer } from '../../lib/json-pointer.ts';
import type { XmlElement } from '@pact-foundation/pact';
import { readXmlElement, type XmlElement as ReadElement } from '../../lib/typed-xml.ts';
import type { Pact } from './pact-runtime.ts';
import {
  allContained,
  containedIndex,
  describeMatcher,
  encodedOperator,
  encodedTypeName,
  INJECTED_IN_RESPONSE,
  isOperatorObject,
  isPlainObject,
  isScalarAlternatives,
  lengthBounds,
  lengthRegex,
  type NoteSink,
  noteUnencodedParts,
  settlekitMatches,
} from './expectations.ts';
import { alternativesRegex, toPactRegex } from './regex.ts';
import { concreteOf, CredentialValue, InjectedValue } from './template-values.ts';

type Matchers = Pact['MatchersV3'];
type Path = readonly (string | number)[];

/** One element of an XML document. */
export interface XmlTree {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlTree[];
  /** The element's own text, trimmed. */
  readonly text: string;
}

/** An element of the pact's XML body: text is a literal or a Pact matcher. */
export interface XmlSpec {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly text?: unknown;
  readonly children: readonly XmlSpec[];
}

/** Parses XML into elements (the reference answer: it was decoded already, so it is well-formed). */
export function parseXmlTree(xml: string): XmlTree | undefined {
  try {
    return toTree(readXmlElement(xml));
  } catch {
    return undefined;
  }
}

function toTree(element: ReadElement): XmlTree {
  return { name: element.name, attributes: element.attributes, children: element.children.map(toTree), text: element.text.trim() };
}

/** Encodes the expected body `expected` (a resolved template) against the decoded reference answer and its XML. */
export function encodeXmlBody(expected: unknown, decoded: unknown, root: XmlTree, notes: NoteSink, matchers: Matchers): XmlSpec {
  const encoder = new XmlEncoder(notes, matchers);
  const rootName = isPlainObject(expected) ? Object.keys(expected)[0] : undefined;
  if (rootName === undefined || rootName !== root.name || !isPlainObject(decoded)) {
    notes.approximated('body /', 'a typed-XML body', `the root element <${root.name}> only`);
    return { name: root.name, attributes: {}, children: [] };
  }
  return encoder.element((expected as Record<string, unknown>)[rootName], decoded[rootName], root, [rootName]);
}

/** Writes an encoded body with Pact's XmlBuilder (Pact's own XML body format, matchers included). */
export function renderXmlBody(spec: XmlSpec, pact: Pact): string {
  // Pact's XmlElement types attributes as a Map but serialises them as JSON, where only a plain object survives.
  const attributes = (node: XmlSpec): Map<string, string> => node.attributes as unknown as Map<string, string>;
  const fill = (element: XmlElement, node: XmlSpec): void => {
    if (node.text !== undefined) element.appendText(node.text as string);
    for (const child of node.children) element.appendElement(child.name, attributes(child), (e) => fill(e, child));
  };
  return new pact.XmlBuilder('1.0', 'UTF-8', spec.name).build((root) => {
    root.setAttributes(attributes(spec));
    fill(root, spec);
  });
}

/** The attributes that make a typed-XML element's decoded type. */
function typingAttributes(node: XmlTree): Record<string, string> {
  const out: Record<string, string> = {};
  if (node.attributes.nil === 'true') out.nil = 'true';
  if (['array', 'integer', 'boolean'].includes(node.attributes.type ?? '')) out.type = node.attributes.type!;
  return out;
}

class XmlEncoder {
  constructor(
    private readonly notes: NoteSink,
    private readonly m: Matchers,
  ) {}

  /** The element `node` (decoded: `actual`) as the expectation `expected` sees it. */
  element(expected: unknown, actual: unknown, node: XmlTree, path: Path): XmlSpec {
    const where = `body ${jsonPointer(path)}`;
    const base = { name: node.name, attributes: {}, children: [] };
    if (expected instanceof InjectedValue) {
      this.notes.approximated(where, `a value from an earlier step (${expected.expression})`, INJECTED_IN_RESPONSE);
      return expected.fallback === undefined ? this.anyValue(node) : this.element(expected.fallback, actual, node, path);
    }
    if (expected instanceof CredentialValue) {
      this.notes.notExpressible(where, 'a value built from the credentials', 'not in the pact: settlekit never writes credentials into a pact');
      return this.anyValue(node);
    }
    if (isOperatorObject(expected)) return this.operators(expected, actual, node, path);
    if (isPlainObject(expected)) {
      const children: XmlSpec[] = [];
      const object = isPlainObject(actual) ? actual : {};
      for (const [key, item] of Object.entries(expected)) {
        const child = node.children.find((c) => c.name === key);
        if (!child || !Object.hasOwn(object, key)) {
          const operator = isOperatorObject(item) ? Object.keys(item)[0]! : 'value';
          this.notes.notExpressible(
            `body ${jsonPointer([...path, key])}`,
            isOperatorObject(item) ? describeMatcher(operator, item[operator]) : 'an element',
            operator === '$exists' ? 'not checked: Pact cannot require an element to be absent' : 'not checked: the element is absent in the reference answer',
          );
          continue;
        }
        children.push(this.element(item, object[key], child, [...path, key]));
      }
      return { ...base, children };
    }
    if (Array.isArray(expected)) {
      const list = Array.isArray(actual) ? actual : [];
      this.notes.approximated(where, expected.length === 0 ? 'an empty list' : 'a list', 'these elements in this order: Pact accepts more elements than listed');
      return { ...base, attributes: typingAttributes(node), children: expected.map((item, i) => this.element(item, list[i], node.children[i]!, [...path, i])) };
    }
    if (expected === null) return { ...base, attributes: { nil: 'true' } };
    return { ...base, attributes: typingAttributes(node), text: String(expected) };
  }

  private operators(matcher: Record<string, unknown>, actual: unknown, node: XmlTree, path: Path): XmlSpec {
    const [operator, operand] = encodedOperator(matcher, `body ${jsonPointer(path)}`, this.notes);
    return this.operator(operator, operand, actual, node, path);
  }

  private operator(operator: string, operand: unknown, actual: unknown, node: XmlTree, path: Path): XmlSpec {
    const where = `body ${jsonPointer(path)}`;
    const base = { name: node.name, attributes: {}, children: [] as XmlSpec[] };
    const m = this.m;
    switch (operator) {
      case '$type':
        return this.typed(encodedTypeName(operand, actual, where, this.notes), node);
      case '$match':
        return { ...base, text: m.regex(toPactRegex(String(operand)), node.text) };
      case '$contains': {
        if (typeof actual === 'string') return { ...base, text: m.includes(String(concreteOf(operand))) };
        return this.positional([operand], actual, node, path, where);
      }
      case '$all': {
        const parts = Array.isArray(operand) ? operand : [];
        const contained = allContained(parts);
        if (contained && Array.isArray(actual)) return this.positional(contained, actual, node, path, where);
        noteUnencodedParts(parts, where, this.notes);
        return parts.length > 0 ? this.element(parts[0], actual, node, path) : this.anyValue(node);
      }
      case '$length': {
        const bounds = lengthBounds(operand);
        if (typeof actual === 'string' && bounds) return { ...base, text: m.regex(lengthRegex(bounds), node.text) };
        if (Array.isArray(actual) && bounds) {
          if (bounds.max !== undefined) this.notes.approximated(`${where} (at least ${bounds.min ?? 0})`, describeMatcher(operator, operand), "a lower bound only: Pact's XML matching does not bound the count");
          return { ...base, attributes: typingAttributes(node), children: node.children.slice(0, bounds.min ?? 0).map((c) => this.anyValue(c)) };
        }
        this.notes.approximated(where, describeMatcher(operator, operand), 'the element only');
        return this.anyValue(node);
      }
      case '$exists':
        return this.anyValue(node);
      case '$eq':
        if (isPlainObject(operand) || Array.isArray(operand)) this.notes.approximated(where, describeMatcher(operator, operand), 'these elements: Pact accepts more elements than listed');
        return this.element(concreteOf(operand), actual, node, path);
      case '$oneOf': {
        const options = Array.isArray(operand) ? operand : [];
        if (isScalarAlternatives(options)) {
          return { ...base, attributes: typingAttributes(node), text: m.regex(alternativesRegex(options as (string | number | boolean)[]), node.text) };
        }
        this.notes.approximated(where, describeMatcher(operator, operand), 'the alternative the reference answer took: Pact has no "one of these matchers"');
        return this.element(options.find((o) => settlekitMatches(o, actual)), actual, node, path);
      }
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        this.notes.approximated(where, describeMatcher(operator, operand), 'a decimal number, the bound not checked: Pact has no number-range matcher');
        return { ...base, attributes: typingAttributes(node), text: m.regex(String.raw`\A-?\d+(?:\.\d+)?\z`, node.text) };
      default:
        this.notes.approximated(where, describeMatcher(operator, operand), 'the element only: Pact has no negation');
        return this.anyValue(node);
    }
  }

  /**
   * List elements that `$contains` found, each at the position it had in the reference answer (Pact's XML matching
   * pairs same-named children by position and has no array-contains), the elements before them left open.
   */
  private positional(operands: readonly unknown[], actual: unknown, node: XmlTree, path: Path, where: string): XmlSpec {
    const list = Array.isArray(actual) ? actual : [];
    const placed = new Map<number, unknown>();
    for (const operand of operands) {
      const index = containedIndex(operand, list);
      if (index >= 0 && !placed.has(index)) placed.set(index, operand);
    }
    const last = Math.max(-1, ...placed.keys());
    this.notes.approximated(`${where} (position ${[...placed.keys()].map((i) => i + 1).join(', ')})`, '$contains', 'each element at the position the reference answer had it: Pact has no XML array-contains');
    const children = node.children.slice(0, last + 1).map((child, i) => (placed.has(i) ? this.element(placed.get(i), list[i], child, [...path, i]) : this.anyValue(child)));
    return { name: node.name, attributes: typingAttributes(node), children };
  }

  /** `$type` in typed XML: the typing attributes say it, the text is matched by type or format. */
  private typed(name: string, node: XmlTree): XmlSpec {
    const base = { name: node.name, children: [] };
    switch (name) {
      case 'integer':
      case 'number':
        return { ...base, attributes: { type: 'integer' }, text: this.m.regex(String.raw`\A-?\d+\z`, node.text) };
      case 'boolean':
        return { ...base, attributes: { type: 'boolean' }, text: this.m.regex(String.raw`\A(?:true|false)\z`, node.text) };
      case 'null':
        return { ...base, attributes: { nil: 'true' } };
      case 'array':
        return { ...base, attributes: { type: 'array' } };
      default:
        return this.anyValue(node);
    }
  }

  /** The element, with any content: an element with children is matched as present, a text element by type. */
  private anyValue(node: XmlTree): XmlSpec {
    if (node.children.length > 0 || node.attributes.nil === 'true' || node.attributes.type === 'array') return { name: node.name, attributes: {}, children: [] };
    return { name: node.name, attributes: {}, children: [], text: this.m.like(node.text) };
  }
}
