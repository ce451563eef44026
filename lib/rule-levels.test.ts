import { describe, expect, it } from 'vitest';
import { levelRank, RULE_LEVELS, strongestLevel } from './rule-levels.ts';

describe('rule levels', () => {
  it('rank MUST before SHOULD before INFO', () => {
    expect(RULE_LEVELS).toEqual(['MUST', 'SHOULD', 'INFO']);
    expect([levelRank('MUST'), levelRank('SHOULD'), levelRank('INFO')]).toEqual([0, 1, 2]);
  });

  it('pick the strongest level, whatever the order', () => {
    expect(strongestLevel(['INFO', 'MUST', 'SHOULD'], undefined)).toBe('MUST');
    expect(strongestLevel(['INFO', 'SHOULD'], undefined)).toBe('SHOULD');
    expect(strongestLevel(['INFO'], 'MUST')).toBe('INFO');
  });

  it('answer the fallback for no level at all', () => {
    expect(strongestLevel([], 'INFO')).toBe('INFO');
    expect(strongestLevel([], undefined)).toBeUndefined();
  });
});
