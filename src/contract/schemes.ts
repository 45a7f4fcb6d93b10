import { Type, type Static } from 'typebox';
import { multiline, Text } from './common.js';
import { Rule } from './rules.js';
import { checkMethods, indicatorKinds, schemeAudiences, scorers } from '../domain/schemes.js';

/*
 * 考核方案: the indicator table of a cycle, stored as one document per version (a scheme in use is
 * versioned, never edited in place under existing scores). Categories hold indicators; an indicator
 * is scored by hand, or automatically by its rule; bonus items add up to their caps; a veto item
 * forces the lowest grade with its reason shown.
 */

/** A key unique in its scheme and kept across versions, so scores follow an edited indicator. */
const Key = Type.String({ pattern: '^[A-Za-z0-9_-]{1,20}$', description: '编号（方案内唯一，跨版本不变）' });
const Points = Type.Number({ minimum: 0, maximum: 1000, description: '分值' });

export const Indicator = Type.Object(
  {
    key: Key,
    name: Text(100),
    kind: Type.Enum([...indicatorKinds]),
    /** Regular: the indicator's points; bonus: its cap; veto: 0. */
    maxPoints: Points,
    content: Text(2000, multiline),
    standard: Text(4000, multiline),
    checkMethod: Type.Enum([...checkMethods]),
    scoredBy: Type.Array(Type.Enum([...scorers]), { minItems: 1, uniqueItems: true }),
    evidence: Type.Optional(Text(500, multiline)),
    /** Where the indicator came from: a seed ("seed 003") or a document's title. */
    source: Type.Optional(Text(200)),
    rule: Type.Optional(Rule),
  },
  { additionalProperties: false },
);
export type Indicator = Static<typeof Indicator>;

export const SchemeCategory = Type.Object(
  {
    key: Key,
    name: Text(100),
    /** The category's cap: its indicators' scores add up to at most this. */
    maxPoints: Points,
    indicators: Type.Array(Indicator, { maxItems: 200 }),
  },
  { additionalProperties: false },
);
export type SchemeCategory = Static<typeof SchemeCategory>;

export const SchemeBody = Type.Object(
  {
    name: Text(100),
    audience: Type.Enum([...schemeAudiences]),
    categories: Type.Array(SchemeCategory, { minItems: 1, maxItems: 50 }),
    /** All bonus items together add at most this. */
    bonusCap: Type.Optional(Points),
  },
  { additionalProperties: false },
);
export type SchemeBody = Static<typeof SchemeBody>;
