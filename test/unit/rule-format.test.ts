import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Rule as ContractRule } from '../../src/contract/rules.js';
import type { SchemeBody } from '../../src/contract/schemes.js';
import type { TargetLetterItem as ContractTargetLetterItem } from '../../src/contract/target-letters.js';
import type { TargetLetterItem } from '../../src/domain/target-letters.js';
import { ruleKinds, type Rule, type RuleKind, type SchemeShape } from '../../src/domain/rule-format.js';

// The domain states the rule's static shape itself because it may not import the contract; these
// assertions fail the type check (npm run typecheck) when the two drift apart.
describe('the rule format', () => {
  it('is the same type in the domain and in the contract', () => {
    expectTypeOf<ContractRule>().toEqualTypeOf<Rule>();
  });

  it('lets the domain read every scheme the contract accepts', () => {
    expectTypeOf<SchemeBody>().toExtend<SchemeShape>();
  });

  it('lists every kind for the editor', () => {
    expectTypeOf<(typeof ruleKinds)[number]>().toEqualTypeOf<RuleKind>();
    expect(new Set(ruleKinds).size).toBe(ruleKinds.length);
  });
});

describe('the target letter item', () => {
  it('is the same type in the domain and in the contract', () => {
    expectTypeOf<ContractTargetLetterItem>().toEqualTypeOf<TargetLetterItem>();
  });
});
