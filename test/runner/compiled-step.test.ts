/**
 * The request parts steps share (runner/execute/compiled-step.ts): a suite's default headers merged with a step's as
 * mergeHeaderEntries merges them (names case-insensitive, first position and last spelling, null removing),
 * fixed headers only where no value holds a template, one plan per suite for steps without headers of their own, and
 * path templates cut at their parameters.
 */
import { describe, expect, it } from 'vitest';
import { headerPlan, mergeHeaderEntries, pathPartsOf } from '../../runner/execute/compiled-step.ts';
import type { OperationInfo } from '../../runner/spec/openapi-index.ts';

const operation = (path: string): OperationInfo => ({ operationId: 'op', method: 'GET', path, pathParams: [], statuses: [] });

describe('headerPlan', () => {
  it('merges as mergeHeaderEntries does: case-insensitive names, the first position, the last spelling, null removes', () => {
    const defaults = { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Trace': 'on' };
    const own = { accept: 'text/plain', 'x-trace': null, 'X-Extra': 'yes' };
    const plan = headerPlan(defaults, own);
    expect(plan.fixed).toEqual(Object.fromEntries(mergeHeaderEntries(defaults, own)));
    expect(Object.entries(plan.fixed!)).toEqual([
      ['Content-Type', 'application/json'],
      ['accept', 'text/plain'],
      ['X-Extra', 'yes'],
    ]);
  });

  it('fixes nothing when a value holds a template, and keeps every value in the order they are rendered', () => {
    const defaults = { Authorization: '{{auth.basic}}', Accept: 'application/json' };
    const own = { authorization: null, 'X-Id': '{{payment}}' };
    const plan = headerPlan(defaults, own);
    expect(plan.fixed).toBeUndefined();
    // Every value is still rendered (a missing name fails as it did), the overridden default first.
    expect(plan.values).toEqual(['{{auth.basic}}', 'application/json', null, '{{payment}}']);
    expect(plan.slots).toEqual([
      { name: 'authorization', index: 2 },
      { name: 'Accept', index: 1 },
      { name: 'X-Id', index: 3 },
    ]);
  });

  it('keeps one plan per defaults object for steps without headers of their own, and a fresh one otherwise', () => {
    const defaults = { Accept: 'application/json' };
    expect(headerPlan(defaults, {})).toBe(headerPlan(defaults, {}));
    expect(headerPlan({ ...defaults }, {})).not.toBe(headerPlan(defaults, {}));
    expect(headerPlan(defaults, { 'X-A': '1' })).not.toBe(headerPlan(defaults, { 'X-A': '1' }));
  });

  it('keeps a header named __proto__ as data', () => {
    const own = JSON.parse('{"__proto__": "x"}') as Record<string, string>;
    const fixed = headerPlan({}, own).fixed!;
    expect(Object.getPrototypeOf(fixed)).toBe(Object.prototype);
    expect(Object.entries(fixed)).toEqual([['__proto__', 'x']]);
  });
});

describe('pathPartsOf', () => {
  it('cuts a path template into literal, name, literal…, as replacing each {name} would read it', () => {
    expect(pathPartsOf(operation('/merchants/{merchantId}/transactions/{id}/void'))).toEqual(['/merchants/', 'merchantId', '/transactions/', 'id', '/void']);
    expect(pathPartsOf(operation('/payments'))).toEqual(['/payments']);
    expect(pathPartsOf(operation('/{a}{b}'))).toEqual(['/', 'a', '', 'b', '']);
  });

  it('cuts each operation once', () => {
    const op = operation('/payments/{id}');
    expect(pathPartsOf(op)).toBe(pathPartsOf(op));
  });
});
