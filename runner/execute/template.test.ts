import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SettlekitError } from '../../lib/errors.ts';
import { renderTemplate, scopeOf, templateNames } from './template.ts';

const context = {
  target: { merchantId: 'integration_merchant_id', merchantAccounts: { firstData: 'first_data_ma', chase: 'chase_ma' } },
  auth: { basic: 'Basic aW50ZWdyYXRpb25fcHVibGljX2tleTppbnRlZ3JhdGlvbl9wcml2YXRlX2tleQ==' },
  run: { id: 'run-1' },
  scenario: { uid: 'u-42' },
};

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('scopeOf', () => {
  it('finds dotted names through nested objects', () => {
    const scope = scopeOf({}, {}, context);
    expect(scope.lookup('target.merchantAccounts.chase')).toEqual({ found: true, value: 'chase_ma' });
    expect(scope.lookup('target')).toEqual({ found: true, value: context.target });
  });

  it('searches the layers in order: captures, then vars, then context', () => {
    const scope = scopeOf({ total: 'capture' }, { total: 'var', only: 'var' }, { total: 'ctx', only: 'ctx', c: 'ctx' });
    expect(scope.lookup('total')).toEqual({ found: true, value: 'capture' });
    expect(scope.lookup('only')).toEqual({ found: true, value: 'var' });
    expect(scope.lookup('c')).toEqual({ found: true, value: 'ctx' });
  });

  it('falls through to the next layer when a dotted path is missing in an earlier one', () => {
    const scope = scopeOf({ target: { other: 1 } }, context);
    expect(scope.lookup('target.merchantId')).toEqual({ found: true, value: 'integration_merchant_id' });
  });

  it('prefers a literal dotted key over the walk', () => {
    const scope = scopeOf({ 'target.merchantId': 'flat', target: { merchantId: 'nested' } });
    expect(scope.lookup('target.merchantId')).toEqual({ found: true, value: 'flat' });
  });

  it('indexes arrays with numeric segments only', () => {
    const scope = scopeOf({ ids: ['a', 'b'] });
    expect(scope.lookup('ids.1')).toEqual({ found: true, value: 'b' });
    expect(scope.lookup('ids.2')).toEqual({ found: false });
    expect(scope.lookup('ids.01')).toEqual({ found: false });
    expect(scope.lookup('ids.length')).toEqual({ found: false });
  });

  it('finds null but not undefined, and never reaches the prototype', () => {
    const scope = scopeOf({ nothing: null, undef: undefined, obj: {} });
    expect(scope.lookup('nothing')).toEqual({ found: true, value: null });
    expect(scope.lookup('undef')).toEqual({ found: false });
    expect(scope.lookup('constructor')).toEqual({ found: false });
    expect(scope.lookup('obj.toString')).toEqual({ found: false });
    expect(scope.lookup('obj.__proto__')).toEqual({ found: false });
    expect(scope.lookup('nothing.x')).toEqual({ found: false });
  });
});

describe('renderTemplate', () => {
  const scope = scopeOf({ parent: 'txn1', amount: 6, flag: false, none: null, obj: { a: [1, 2] } }, { total: '100.00' }, context);

  it('replaces templates inside strings, with or without spaces', () => {
    expect(renderTemplate('/merchants/{{target.merchantId}}/transactions/{{ parent }}', scope)).toBe(
      '/merchants/integration_merchant_id/transactions/txn1',
    );
    expect(renderTemplate('{{  total  }} GBP', scope)).toBe('100.00 GBP');
  });

  it('keeps the type of a value when the string is exactly one template', () => {
    expect(renderTemplate('{{amount}}', scope)).toBe(6);
    expect(renderTemplate('{{ flag }}', scope)).toBe(false);
    expect(renderTemplate('{{none}}', scope)).toBeNull();
    expect(renderTemplate('{{obj}}', scope)).toEqual({ a: [1, 2] });
  });

  it('copies object values so the result does not alias the scope', () => {
    const layer = { obj: { a: [1] } };
    const rendered = renderTemplate({ x: '{{obj}}' }, scopeOf(layer)) as { x: { a: number[] } };
    rendered.x.a.push(2);
    expect(layer.obj.a).toEqual([1]);
  });

  it('uses the string form inside a longer string: JSON for objects, String() for scalars', () => {
    expect(renderTemplate('n={{amount}} f={{flag}} z={{none}}', scope)).toBe('n=6 f=false z=null');
    expect(renderTemplate('obj: {{obj}}', scope)).toBe('obj: {"a":[1,2]}');
    expect(renderTemplate('{{parent}}{{parent}}', scope)).toBe('txn1txn1');
  });

  it('walks objects and arrays, renders values but not keys, and does not mutate the input', () => {
    const input = { '{{parent}}': ['{{amount}}', { deep: 'id-{{parent}}' }, 7, true, null], n: 1 };
    const snapshot = structuredClone(input);
    const out = renderTemplate(input, scope);
    expect(out).toEqual({ '{{parent}}': [6, { deep: 'id-txn1' }, 7, true, null], n: 1 });
    expect(input).toEqual(snapshot);
    expect(out).not.toBe(input);
  });

  it('throws SETTLEKIT_E_TEMPLATE naming the missing value', () => {
    const error = thrown(() => renderTemplate({ a: ['ok', 'x {{ missing.name }} y'] }, scope));
    expect(error).toBeInstanceOf(SettlekitError);
    expect((error as SettlekitError).code).toBe('SETTLEKIT_E_TEMPLATE');
    expect((error as SettlekitError).message).toBe('no value for {{missing.name}}');
    expect((thrown(() => renderTemplate('{{gone}}', scope)) as SettlekitError).message).toBe('no value for {{gone}}');
  });

  it('leaves braces that are not a template name verbatim', () => {
    for (const text of ['{{not a name}}', '{{"a":1}}', '{{}}', '{{ 1abc }}', 'a { b } c', '{{.x}}', '{{x.}}']) {
      expect(renderTemplate(text, scope)).toBe(text);
    }
    expect(renderTemplate('{{{parent}}}', scope)).toBe('{txn1}');
  });

  it('keeps a __proto__ key as data', () => {
    const input = JSON.parse('{"__proto__": {"polluted": "{{parent}}"}}') as unknown;
    const out = renderTemplate(input, scope) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(out['__proto__']).toEqual({ polluted: 'txn1' });
    const copied = renderTemplate('{{v}}', scopeOf({ v: input })) as Record<string, unknown>;
    expect(Object.hasOwn(copied, '__proto__')).toBe(true);
  });

  it('leaves non-plain objects and non-string scalars as they are', () => {
    const date = new Date(0);
    expect(renderTemplate(date, scope)).toBe(date);
    expect(renderTemplate(42, scope)).toBe(42);
    expect(renderTemplate(undefined, scope)).toBeUndefined();
  });

  it('is the identity on values without templates (property)', () => {
    const noTemplates = fc.jsonValue().filter((v) => !JSON.stringify(v).includes('{{'));
    fc.assert(
      fc.property(noTemplates, (value) => {
        expect(renderTemplate(value, scopeOf({}))).toEqual(value);
      }),
    );
  });

  it('round-trips any value through a whole-string template (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(renderTemplate('{{v}}', scopeOf({ v: value }))).toEqual(value);
      }),
    );
  });
});

describe('templateNames', () => {
  it('lists every referenced name once, in order of first appearance, from values only', () => {
    const step = {
      params: { id: '{{parent}}' },
      body: { transaction: { amount: '{{total}}', note: '{{ parent }}-{{scenario.uid}}' } },
      headers: ['{{auth.basic}}', 5, null],
      '{{keyIsIgnored}}': 'plain',
    };
    expect(templateNames(step)).toEqual(['parent', 'total', 'scenario.uid', 'auth.basic']);
  });

  it('is empty when there are no templates', () => {
    expect(templateNames({ a: ['x', 1, { b: '{{not a name}}' }] })).toEqual([]);
    expect(templateNames('plain')).toEqual([]);
  });

  it('agrees with renderTemplate: rendering succeeds exactly when every listed name is in scope (property)', () => {
    const name = fc.constantFrom('a', 'b', 'c.d');
    const text = fc.array(fc.oneof(name.map((n) => `{{${n}}}`), fc.constantFrom('x', ' ', '-')), { maxLength: 6 }).map((parts) => parts.join(''));
    const layer = fc.record({ a: fc.constant('A') }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.array(text, { maxLength: 4 }), layer, (texts, vars) => {
        const scope = scopeOf(vars);
        const missing = templateNames(texts).filter((n) => !scope.lookup(n).found);
        if (missing.length === 0) expect(() => renderTemplate(texts, scope)).not.toThrow();
        else expect(() => renderTemplate(texts, scope)).toThrow(SettlekitError);
      }),
    );
  });
});
