/**
 * The fast way to read a YAML file: js-yaml (several times faster than the `yaml` library on the kit's files) builds
 * the value, and its parse events give every node's offset, so the positions a load asks for come without a second
 * parse. It takes the plain YAML scenario files are written in; for anything else — a syntax error (whose position
 * and message the `yaml` library reports precisely), an empty document, anchors, aliases or explicit tags — it answers
 * `undefined`, and the caller parses the text with the `yaml` library, which stays the reference. The two agree on
 * every YAML file of the kit and on random documents (test/load/fast-yaml.test.ts compares values and positions).
 */
import { createRequire } from 'node:module';
import type * as JsYaml from 'js-yaml';

/** A node of the document: where its content starts, and for collections their children in order. */
interface YamlNode {
  /** Offset where the node's events began (before separation space); see {@link contentStart}. */
  readonly start: number;
  readonly kind: string;
  /** The resolved value (for mapping keys). */
  readonly result: unknown;
  /** Mapping: key, value, key, value…; sequence: items. */
  readonly children: YamlNode[];
}

/** A document read by {@link parseFast}. */
export interface FastYaml {
  readonly value: unknown;
  /** The offset of the node at `path` (or of its key), as the `yaml` library's ranges give it; see yaml-source.ts. */
  offsetOf(path: readonly (string | number)[], at: 'key' | 'value'): number;
}

let loaded: { readonly yaml: typeof JsYaml; readonly schema: JsYaml.Schema } | undefined;

/**
 * js-yaml, loaded on first use (CommonJS), with the `yaml` library's YAML 1.2 core schema rebuilt tag for tag — the
 * same tests and the same conversions (js-yaml's own core schema also takes `1_000`, and reads `-0` as 0).
 */
function library(): NonNullable<typeof loaded> {
  if (!loaded) {
    const yaml = createRequire(import.meta.url)('js-yaml') as typeof JsYaml;
    // js-yaml asks every implicit type about every plain scalar: a type answers from the first character when that
    // character cannot start its pattern (`first` lists every one that can), without running the pattern.
    const scalar = (tag: string, first: string, test: RegExp, construct: (data: string) => unknown): JsYaml.Type =>
      new yaml.Type(`tag:yaml.org,2002:${tag}`, {
        kind: 'scalar',
        resolve: (data: string | null) => {
          const text = data ?? '';
          return (text.length === 0 || first.includes(text[0]!)) && test.test(text);
        },
        construct: (data: string | null) => construct(data ?? ''),
      });
    const schema = yaml.FAILSAFE_SCHEMA.extend({
      implicit: [
        scalar('null', '~Nn', /^(?:~|[Nn]ull|NULL)?$/, () => null),
        scalar('bool', 'TtFf', /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (data) => data[0] === 't' || data[0] === 'T'),
        scalar('int', '+-0123456789', /^(?:0o[0-7]+|[-+]?[0-9]+|0x[0-9a-fA-F]+)$/, (data) =>
          data.startsWith('0o') ? parseInt(data.slice(2), 8) : data.startsWith('0x') ? parseInt(data.slice(2), 16) : parseInt(data, 10),
        ),
        scalar('float', '+-.0123456789', /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*))$/, (data) =>
          data.slice(-3).toLowerCase() === 'nan' ? NaN : /inf$/i.test(data) ? (data[0] === '-' ? -Infinity : Infinity) : parseFloat(data),
        ),
      ],
    });
    loaded = { yaml, schema };
  }
  return loaded;
}

/** Thrown inside the listener to stop at the first node the fast path does not take. */
const UNSUPPORTED = new Error('unsupported YAML for the fast path');

/** Parses `text`, or returns `undefined` when the `yaml` library must (see the module comment). */
export function parseFast(text: string): FastYaml | undefined {
  const { yaml, schema } = library();
  const stack: { start: number; children: YamlNode[] }[] = [{ start: 0, children: [] }];
  let value: unknown;
  try {
    value = yaml.load(text, {
      schema,
      listener(event, state) {
        if (event === 'open') {
          stack.push({ start: state.position, children: [] });
          return;
        }
        const open = stack.pop()!;
        // An empty value (`key:`): js-yaml leaves no kind (and a stale result); the reference positions it itself.
        if (!state.kind) throw UNSUPPORTED;
        const result: unknown = state.result;
        const only = open.children.length === 1 ? open.children[0]! : undefined;
        // js-yaml tries a node as a block mapping's first key before taking it as it is: that attempt wraps the real
        // node (a flow collection or a scalar) in an outer one with the same result, which is not a node of its own.
        const node: YamlNode = only && only.result === result ? only : { start: open.start, kind: state.kind, result, children: open.children };
        // Anchors, aliases and explicit tags: positions (and values) are the reference parser's business.
        const first = text.charCodeAt(contentStart(text, node.start));
        if (first === 0x26 /* & */ || first === 0x2a /* * */ || first === 0x21 /* ! */) throw UNSUPPORTED;
        if (node !== only && !complete(node)) throw UNSUPPORTED;
        stack.at(-1)!.children.push(node);
      },
    });
  } catch {
    return undefined;
  }
  const root = stack[0]!.children[0];
  // An empty document (null) is positioned differently by the reference; scenario files never are one.
  if (root === undefined || value === undefined || value === null) return undefined;
  return { value, offsetOf: (path, at) => offsetOf(text, root, path, at) };
}

/**
 * True when every entry of a collection has a node of its own, so paths can be followed: js-yaml emits none for an
 * empty sequence entry (a bare `-`), which the reference positions at the indicator. Keys must also stringify as the
 * reference's do (it turns a null key into "", js-yaml into "null"; a collection key differs too).
 */
function complete(node: YamlNode): boolean {
  if (node.kind === 'sequence') return Array.isArray(node.result) && node.children.length === node.result.length;
  if (node.kind !== 'mapping') return true;
  if (node.children.length !== 2 * Object.keys(node.result as object).length) return false;
  for (let k = 0; k < node.children.length; k += 2) {
    const key = node.children[k]!.result;
    if (key === null || typeof key === 'object') return false;
  }
  return true;
}

/** The first offset at or after `from` that is neither white space nor part of a comment. */
function contentStart(text: string, from: number): number {
  let i = from;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i += 1;
    else if (c === 0x23 /* # */) {
      while (i < text.length && text.charCodeAt(i) !== 0x0a) i += 1;
    } else return i;
  }
}

/** Walks along `path` as far as it goes, as yaml-source.ts does over the `yaml` library's nodes. */
function offsetOf(text: string, root: YamlNode, path: readonly (string | number)[], at: 'key' | 'value'): number {
  let node: YamlNode = root;
  let best = contentStart(text, root.start);
  for (let i = 0; i < path.length; i++) {
    const segment = String(path[i]);
    if (node.kind === 'mapping') {
      let index = -1;
      for (let k = 0; k < node.children.length; k += 2) {
        if (String(node.children[k]!.result) === segment) {
          index = k;
          break;
        }
      }
      if (index < 0) break;
      const key = node.children[index]!;
      if (i === path.length - 1 && at === 'key') return contentStart(text, key.start);
      const valueNode = node.children[index + 1];
      if (!valueNode) return contentStart(text, key.start);
      node = valueNode;
      best = contentStart(text, valueNode.start);
    } else if (node.kind === 'sequence') {
      const item = node.children[Number(segment)];
      if (!item) break;
      node = item;
      best = contentStart(text, item.start);
    } else break;
  }
  return best;
}
