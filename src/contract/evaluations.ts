import { Type, type Static } from 'typebox';
import { grades, gradeLabelSets } from '../domain/results/grades.js';
import { recordedComponents } from '../domain/results/cycle-inputs.js';
import { Id, Nullable, Text, Timestamp, multiline } from './common.js';

/*
 * 述职评议 by upper leaders (/api/leader-reviews) and 综合评价 of a cycle (/api/evaluations):
 * settings, the computed results with their explanations, publication. The engine is
 * `domain/results/`.
 */

const Grade = Type.Enum([...grades], { description: '等次：excellent、good、fair、poor' });
const Share = Type.Number({ minimum: 0, maximum: 1 });

// ---- 述职评议 ------------------------------------------------------------------------------------

export const LeaderReviewParams = Type.Object({ meetingId: Id, orgId: Id }, { additionalProperties: false });
export type LeaderReviewParams = Static<typeof LeaderReviewParams>;
export const LeaderReviewListParams = Type.Object({ meetingId: Id }, { additionalProperties: false });
export type LeaderReviewListParams = Static<typeof LeaderReviewListParams>;

export const LeaderReviewInput = Type.Object(
  {
    scores: Type.Record(Type.String({ maxLength: 40 }), Type.Number({ minimum: 0, maximum: 100 }), {
      description: '各测评项目的得分（0–100）',
    }),
    critique: Type.String({ maxLength: 2000, description: '点评', ...multiline }),
  },
  { additionalProperties: false },
);
export type LeaderReviewInput = Static<typeof LeaderReviewInput>;

const Review = Type.Object({
  reviewerId: Type.Integer(),
  reviewerName: Type.String(),
  scores: Type.Record(Type.String(), Type.Number()),
  /** The reviewer's mean over the items. */
  score: Nullable(Type.Number()),
  critique: Type.String(),
  updatedAt: Timestamp,
});
export const LeaderReviewList = Type.Object({
  meetingId: Type.Integer(),
  items: Type.Array(Type.Object({ key: Type.String(), label: Type.String() })),
  /** Whether the actor may enter reviews now (organizer of the cycle, results not published). */
  writable: Type.Boolean(),
  reporters: Type.Array(
    Type.Object({
      orgId: Type.Integer(),
      orgName: Type.String(),
      position: Type.Integer(),
      reviews: Type.Array(Review),
      score: Nullable(Type.Number({ description: '各位领导评分的平均' })),
    }),
  ),
});
export type LeaderReviewList = Static<typeof LeaderReviewList>;
export const LeaderReview = Review;
export type LeaderReview = Static<typeof LeaderReview>;

// ---- 综合评价 settings -------------------------------------------------------------------------

const Component = Type.Object(
  {
    key: Type.Enum(Object.keys(recordedComponents) as (keyof typeof recordedComponents)[]),
    label: Text(20),
    weight: Type.Number({ minimum: 0, maximum: 100, description: '权重（%）' }),
    max: Type.Number({ exclusiveMinimum: 0, maximum: 1000, description: '满分' }),
  },
  { additionalProperties: false },
);
const GradePoints = Type.Object(
  {
    excellent: Type.Number({ minimum: 0, maximum: 1000 }),
    good: Type.Number({ minimum: 0, maximum: 1000 }),
    fair: Type.Number({ minimum: 0, maximum: 1000 }),
    poor: Type.Number({ minimum: 0, maximum: 1000 }),
  },
  { additionalProperties: false },
);
const AppraisalMethod = Type.Union([
  Type.Object({ kind: Type.Literal('points'), points: GradePoints }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('excellentShare') }, { additionalProperties: false }),
  Type.Object(
    {
      kind: Type.Literal('bands'),
      bands: Type.Array(
        Type.Object(
          { minShare: Share, points: Type.Number({ minimum: 0, maximum: 1000 }) },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: 20 },
      ),
      lowerWhenFairPoorShare: Nullable(Share),
    },
    { additionalProperties: false },
  ),
]);

export const EvaluationSettings = Type.Object(
  {
    config: Type.Object(
      {
        components: Type.Array(Component, { minItems: 1, maxItems: Object.keys(recordedComponents).length }),
        thresholds: Type.Array(
          Type.Object(
            {
              grade: Type.Enum(['excellent', 'good', 'fair'] as const),
              minScore: Type.Number({ minimum: 0, maximum: 100 }),
            },
            { additionalProperties: false },
          ),
          { maxItems: 3 },
        ),
        floors: Type.Array(
          Type.Object(
            { grades: Type.Array(Grade, { minItems: 1, maxItems: 4 }), moreThan: Share, capAt: Grade },
            { additionalProperties: false },
          ),
          { maxItems: 8 },
        ),
        quotas: Type.Array(
          Type.Object(
            { grade: Grade, maxShare: Share, per: Type.Enum(['all', 'group'] as const) },
            { additionalProperties: false },
          ),
          { maxItems: 8 },
        ),
        vetoGrade: Grade,
        labels: Type.Enum(Object.keys(gradeLabelSets) as (keyof typeof gradeLabelSets)[], {
          description: 'appraisal：好/较好/一般/差；competence：优秀/称职/基本称职/不称职',
        }),
      },
      { additionalProperties: false },
    ),
    appraisalMethod: AppraisalMethod,
  },
  { additionalProperties: false },
);
export type EvaluationSettings = Static<typeof EvaluationSettings>;

// ---- 综合评价 results ---------------------------------------------------------------------------

const ComponentResult = Type.Object({
  key: Type.String(),
  label: Type.String(),
  value: Nullable(Type.Number()),
  max: Type.Number(),
  weight: Type.Number(),
  effectiveWeight: Type.Number(),
  points: Nullable(Type.Number()),
});
const Comparison = Type.Object({
  previousRank: Nullable(Type.Integer()),
  previousGradeLabel: Nullable(Type.String()),
  rankChange: Nullable(Type.Integer({ description: '名次上升为正、下降为负；上期无此组织为空' })),
  label: Type.String({ description: '↑2、↓1、持平、新增' }),
});
export const EvaluatedReporter = Type.Object({
  orgId: Type.Integer(),
  name: Type.String(),
  /** The org's secretary as the registry named them when the results were computed. */
  secretaryName: Nullable(Type.String()),
  group: Nullable(Type.String()),
  score: Nullable(Type.Number()),
  grade: Nullable(Grade),
  gradeLabel: Nullable(Type.String()),
  rank: Type.Integer(),
  groupRank: Type.Integer(),
  components: Type.Array(ComponentResult),
  /** How the grade came about, in order, in Chinese. */
  steps: Type.Array(Type.String()),
  /** Where each component came from, in Chinese (the sheet total, the leaders' mean, the ballots). */
  sources: Type.Array(Type.String()),
  appraisalShares: Nullable(
    Type.Object({ excellent: Share, good: Share, fair: Share, poor: Share }, { additionalProperties: false }),
  ),
  critiques: Type.Array(Type.Object({ reviewerName: Type.String(), critique: Type.String() })),
  /** Against the previous cycle's published results; null when there is no such cycle. */
  comparison: Nullable(Comparison),
});
export type EvaluatedReporter = Static<typeof EvaluatedReporter>;

export const Evaluation = Type.Object({
  cycleId: Type.Integer(),
  cycleName: Type.String(),
  status: Type.Enum(['draft', 'published'] as const, { description: '试算、已发布' }),
  publishedAt: Nullable(Timestamp),
  publishedBy: Nullable(Type.String()),
  /** Whether the actor may change the settings and publish. */
  writable: Type.Boolean(),
  /** Whether the actor reads every reporter (the running org) or only their own, published part. */
  whole: Type.Boolean(),
  settings: EvaluationSettings,
  /**
   * The same running org's cycle of the same kind, latest before this one, with published results:
   * what `comparison` is against. Fixed at publication.
   */
  previousCycle: Nullable(Type.Object({ cycleId: Type.Integer(), cycleName: Type.String() })),
  /** What is missing before the results can be trusted (a vote not closed, sheets still computing …). */
  warnings: Type.Array(Type.String()),
  reporters: Type.Array(EvaluatedReporter),
});
export type Evaluation = Static<typeof Evaluation>;

export const EvaluationParams = Type.Object({ cycleId: Id }, { additionalProperties: false });
export type EvaluationParams = Static<typeof EvaluationParams>;
export const FeedbackParams = Type.Object({ cycleId: Id, orgId: Id }, { additionalProperties: false });
export type FeedbackParams = Static<typeof FeedbackParams>;
export const PublishInput = Type.Object(
  { confirm: Type.Literal(true, { description: '确认发布：发布后结果只读' }) },
  { additionalProperties: false },
);
export type PublishInput = Static<typeof PublishInput>;
