import { Type, type Static } from 'typebox';
import { candidateSources } from '../domain/rectification/candidates.js';
import { problemCategories, problemSeverities } from '../domain/rectification/sources.js';
import { Id, Nullable } from './common.js';

/*
 * 问题清单的来源 (/api/cycles/:id/problem-candidates): the problems a cycle's records suggest before
 * anyone files them, and the cycle's 民主测评 threshold (/api/cycles/:id/problem-threshold).
 * The rules are the domain's (`domain/rectification/candidates.ts`).
 */

export const CandidateSource = Type.Enum([...candidateSources], {
  description: '来源：report 述职报告查摆、critique 领导点评、appraisal 民主测评、deduction 考核扣分',
});

export const ProblemCandidateQuery = Type.Object(
  {
    orgId: Type.Optional(Id),
    source: Type.Optional(CandidateSource),
  },
  { additionalProperties: false },
);
export type ProblemCandidateQuery = Static<typeof ProblemCandidateQuery>;

/** The link back to where the problem came from; one shape per source (see ProblemSourceRef). */
export const ProblemSourceRef = Type.Union([
  Type.Object({
    source: Type.Literal('report'),
    problemDraftId: Type.Integer({ description: '问题清单草稿（述职报告中的问题）' }),
    reportId: Type.Integer({ description: '述职报告' }),
    position: Type.Integer({ description: '在报告“存在问题”中的序号，从 0 起' }),
  }),
  Type.Object({
    source: Type.Literal('critique'),
    leaderReviewId: Type.Integer({ description: '领导评议（含点评）' }),
  }),
  Type.Object({
    source: Type.Literal('appraisal'),
    meetingId: Type.Integer({ description: '述职评议会' }),
    itemKey: Type.String({ description: '测评项目' }),
    poorShare: Type.Number({ description: '一般及差评占有效票的比例' }),
  }),
  Type.Object({
    source: Type.Literal('deduction'),
    indicatorKey: Type.String({ description: '日常考核指标' }),
    deducted: Type.Number({ description: '扣分' }),
    vetoed: Type.Optional(Type.Literal(true, { description: '一票否决项（不扣分）' })),
  }),
]);

export const ProblemCandidate = Type.Object({
  key: Type.String({
    description:
      '稳定键：report:<草稿id>、critique:<评议id>、appraisal:<评议会id>:<组织id>:<项目>、deduction:<周期id>:<组织id>:<指标>',
  }),
  cycleId: Type.Integer(),
  orgId: Type.Integer({ description: '问题所属组织' }),
  orgName: Type.String(),
  source: CandidateSource,
  sourceLabel: Type.String(),
  ref: ProblemSourceRef,
  text: Type.String({ description: '问题' }),
  excerpt: Type.String({ description: '原文：报告中的问题及原因、点评全文、测评票数或扣分说明' }),
  category: Type.Enum([...problemCategories]),
  categoryLabel: Type.String(),
  severity: Type.Enum([...problemSeverities]),
  severityLabel: Type.String(),
  filedProblemId: Nullable(
    Type.Integer({ description: '已登记为整改问题的编号（合并后为保留的问题），未登记为 null' }),
  ),
});
export type ProblemCandidate = Static<typeof ProblemCandidate>;

export const ProblemCandidateList = Type.Object({
  items: Type.Array(ProblemCandidate, { description: '按组织树顺序，同一组织按来源排列' }),
  threshold: Type.Number({ description: '本周期民主测评一般及差评占比的问题线' }),
});
export type ProblemCandidateList = Static<typeof ProblemCandidateList>;

export const ProblemThreshold = Type.Object(
  {
    appraisalPoorShare: Type.Number({
      minimum: 0.01,
      maximum: 0.99,
      description: '民主测评某项一般及差评占有效票的比例超过此值即列为问题（默认 1/3）',
    }),
  },
  { additionalProperties: false },
);
export type ProblemThreshold = Static<typeof ProblemThreshold>;
