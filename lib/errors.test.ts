import { describe, expect, it } from 'vitest';
import { formatGroup, groupErrors, SettlekitError, SettlekitErrorList } from './errors.ts';

const at = (file: string, line: number) => ({ position: { file, line, column: 9 } });

describe('grouped errors', () => {
  it('prints a problem found in many places once, with the count and the first few places', () => {
    const errors = Array.from({ length: 200 }, (_, i) => new SettlekitError('SETTLEKIT_E_UNKNOWN_RULE', 'unknown rule AC-RF-09 for suite acme', at(`s${i + 1}.yaml`, 3)));
    const groups = groupErrors(errors);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.errors).toHaveLength(200);
    expect(groups[0]!.places.slice(0, 2)).toEqual(['s1.yaml:3:9', 's2.yaml:3:9']);
    expect(formatGroup(groups[0]!).split('\n')).toEqual([
      's1.yaml:3:9: SETTLEKIT_E_UNKNOWN_RULE: unknown rule AC-RF-09 for suite acme',
      `  hint: ${errors[0]!.hint}`,
      '  in 200 places: s1.yaml:3:9, s2.yaml:3:9, s3.yaml:3:9 …and 197 more',
    ]);
  });

  it('prints a root cause once, at its own place, with the places that follow from it', () => {
    const root = new SettlekitError('SETTLEKIT_E_SCHEMA', 'rules.1.level must be one of ["MUST","SHOULD","INFO"], got "MUTS"', at('acme.rules.yaml', 9));
    const other = new SettlekitError('SETTLEKIT_E_SCHEMA', 'unknown key "titel" in rules.2', at('acme.rules.yaml', 14));
    const followers = [1, 2, 3, 4].map((i) => new SettlekitError('SETTLEKIT_E_UNKNOWN_RULE', 'rule AC-RF-02 cannot be checked: its entry in the rule catalogue is broken', { ...at(`s${i}.yaml`, 3), rootCause: root }));
    // A follower of a follower counts for the first cause.
    const indirect = new SettlekitError('SETTLEKIT_E_UNKNOWN_RULE', 'indirect', { ...at('s9.yaml', 4), rootCause: followers[0]! });
    expect(indirect.rootCause).toBe(root);
    const list = new SettlekitErrorList([followers[0]!, root, other, ...followers.slice(1), indirect]);
    const groups = list.groups;
    expect(groups.map((g) => g.error)).toEqual([root, other]);
    expect(groups[0]!.places).toEqual(['s1.yaml:3:9', 's2.yaml:3:9', 's3.yaml:3:9', 's4.yaml:3:9', 's9.yaml:4:9']);
    expect(formatGroup(groups[0]!).split('\n')).toEqual([
      'acme.rules.yaml:9:9: SETTLEKIT_E_SCHEMA: rules.1.level must be one of ["MUST","SHOULD","INFO"], got "MUTS"',
      `  hint: ${root.hint}`,
      '  affects 5 places: s1.yaml:3:9, s2.yaml:3:9, s3.yaml:3:9 …and 2 more',
    ]);
    // One place or none: the error alone, as before grouping.
    expect(formatGroup(groups[1]!)).toBe(other.format());
    // Programmatically, every error is still there, in the order found; the message is the grouped text.
    expect(list.errors).toHaveLength(7);
    expect(list.message).toBe(groups.map((g) => formatGroup(g)).join('\n'));
  });

  it('keeps problems with different messages or codes apart', () => {
    const errors = [
      new SettlekitError('SETTLEKIT_E_UNKNOWN_RULE', 'unknown rule A-1 for suite x', at('a.yaml', 1)),
      new SettlekitError('SETTLEKIT_E_UNKNOWN_RULE', 'unknown rule B-1 for suite x', at('a.yaml', 2)),
      new SettlekitError('SETTLEKIT_E_SCHEMA', 'unknown rule A-1 for suite x', at('b.yaml', 1)),
      new SettlekitError('SETTLEKIT_E_UNKNOWN_RULE', 'unknown rule A-1 for suite x', at('c.yaml', 1)),
    ];
    const groups = groupErrors(errors);
    expect(groups.map((g) => [g.error.where, g.errors.length])).toEqual([
      ['a.yaml:1:9', 2],
      ['a.yaml:2:9', 1],
      ['b.yaml:1:9', 1],
    ]);
    expect(formatGroup(groups[0]!, 5)).toMatch(/\n {2}in 2 places: a\.yaml:1:9, c\.yaml:1:9$/);
  });
});
