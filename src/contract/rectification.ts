import { Type, type Static } from 'typebox';
import { problemCategories, problemSeverities, problemSources } from '../domain/rectification/sources.js';
import { monthPattern } from '../domain/rectification/board.js';
import { problemEventKinds, problemStatuses } from '../domain/rectification/workflow.js';
import { Id, IsoDate, Nullable, Pagination, PageOf, Text, Timestamp, multiline } from './common.js';
import { FileMeta } from './files.js';
import { CitedLedgerRecord } from './ledger.js';

/*
 * 问题清单 and 任务清单 (/api/problems): a problem of one org, filed from a cycle's candidate or by
 * hand after an inspection, its measures (owner, org, deadline, milestones) and its workflow
 * 待整改 → 整改中 → 已提交 → 已销号 / 退回, with re-checks (回头看), extensions and merges.
 */

export const ProblemSource = Type.Enum([...problemSources], { description: '问题来源' });
export const ProblemCategory = Type.Enum([...problemCategories], { description: '问题类别' });
export const ProblemSeverity = Type.Enum([...problemSeverities], { description: '严重程度' });
export const ProblemStatus = Type.Enum([...problemStatuses], { description: '整改状态' });

const Key = Text(200);

/** The link back to a problem's origin (`ProblemSourceRef` of domain/rectification/sources.ts). */
export const ProblemSourceRef = Type.Union([
  Type.Object(
    {
      source: Type.Literal('report'),
      problemDraftId: Id,
      reportId: Id,
      position: Type.Integer({ minimum: 0 }),
    },
    { additionalProperties: false },
  ),
  Type.Object({ source: Type.Literal('critique'), leaderReviewId: Id }, { additionalProperties: false }),
  Type.Object(
    {
      source: Type.Literal('appraisal'),
      meetingId: Id,
      itemKey: Key,
      poorShare: Type.Number({ minimum: 0, maximum: 1 }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      source: Type.Literal('deduction'),
      indicatorKey: Key,
      deducted: Type.Number({ minimum: 0 }),
      vetoed: Type.Optional(Type.Literal(true)),
    },
    { additionalProperties: false },
  ),
  Type.Object({ source: Type.Literal('inspection') }, { additionalProperties: false }),
]);
export type ProblemSourceRef = Static<typeof ProblemSourceRef>;

const problemFilters = {
  cycleId: Type.Optional(Id),
  orgId: Type.Optional(Id),
  status: Type.Optional(ProblemStatus),
  overdue: Type.Optional(Type.Boolean({ description: '只看逾期未销号的' })),
  source: Type.Optional(ProblemSource),
};

/** The list's filters without its paging: what the 责任清单 takes. */
export const ProblemFilters = Type.Object(problemFilters, { additionalProperties: false });
export type ProblemFilters = Static<typeof ProblemFilters>;

export const ProblemListQuery = Type.Object(
  { ...problemFilters, ...Pagination },
  { additionalProperties: false },
);
export type ProblemListQuery = Static<typeof ProblemListQuery>;

/**
 * Filing a problem. From a candidate: `candidateKey` and `cycleId` with the candidate's `ref`
 * (filed once per cycle, 409 after). By hand: `ref` `{source: 'inspection'}`, with or without a cycle.
 */
export const CreateProblemInput = Type.Object(
  {
    cycleId: Type.Optional(Nullable(Id)),
    orgId: Id,
    candidateKey: Type.Optional(Key),
    ref: ProblemSourceRef,
    text: Text(1000, multiline),
    excerpt: Type.Optional(Nullable(Text(4000, multiline))),
    category: ProblemCategory,
    severity: ProblemSeverity,
    deadline: IsoDate,
  },
  { additionalProperties: false },
);
export type CreateProblemInput = Static<typeof CreateProblemInput>;

/** Several of one cycle's candidates filed at once (登记所选问题), all or none. */
export const CreateProblemBatchInput = Type.Object(
  {
    cycleId: Id,
    items: Type.Array(CreateProblemInput, { minItems: 1, maxItems: 500 }),
  },
  { additionalProperties: false },
);
export type CreateProblemBatchInput = Static<typeof CreateProblemBatchInput>;

export const ProblemBatchResult = Type.Object({
  ids: Type.Array(Type.Integer(), { description: '新建问题的编号，与 items 顺序一致' }),
});
export type ProblemBatchResult = Static<typeof ProblemBatchResult>;

export const UpdateProblemInput = Type.Object(
  {
    text: Type.Optional(Text(1000, multiline)),
    category: Type.Optional(ProblemCategory),
    severity: Type.Optional(ProblemSeverity),
    deadline: Type.Optional(IsoDate),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateProblemInput = Static<typeof UpdateProblemInput>;

export const ProblemSummary = Type.Object({
  id: Type.Integer(),
  cycleId: Nullable(Type.Integer()),
  orgId: Type.Integer(),
  orgName: Type.String(),
  source: ProblemSource,
  candidateKey: Nullable(Type.String()),
  text: Type.String(),
  category: ProblemCategory,
  severity: ProblemSeverity,
  status: ProblemStatus,
  deadline: Type.String(),
  reopenCount: Type.Integer(),
  closedOn: Nullable(Type.String()),
  measures: Type.Integer({ description: '整改措施数' }),
  overdue: Type.Boolean(),
  daysOverdue: Type.Integer(),
});
export type ProblemSummary = Static<typeof ProblemSummary>;

export const ProblemPage = PageOf(ProblemSummary);
export type ProblemPage = Static<typeof ProblemPage>;

/** 逾期清单: an org's subtree, most overdue first. */
/** The overdue items of an org's subtree; without `orgId`, of the reader's whole scope. */
export const OverdueQuery = Type.Object(
  { orgId: Type.Optional(Id), ...Pagination },
  { additionalProperties: false },
);
export type OverdueQuery = Static<typeof OverdueQuery>;

export const OverdueProblem = Type.Object({
  ...ProblemSummary.properties,
  lastRemindedAt: Nullable(Timestamp, { description: '最近一次催办时间' }),
  reminders: Type.Integer({ description: '催办次数' }),
});
export type OverdueProblem = Static<typeof OverdueProblem>;

export const OverduePage = PageOf(OverdueProblem);
export type OverduePage = Static<typeof OverduePage>;

/** 催办: a word to the item's org and measure owners, or null for none (said, as every body says something). */
export const RemindInput = Type.Object(
  { message: Nullable(Text(200, { ...multiline, description: '附言，无则为 null' })) },
  { additionalProperties: false },
);
export type RemindInput = Static<typeof RemindInput>;

export const RemindResult = Type.Object({
  notified: Type.Integer({ description: '收到催办消息的用户数' }),
});
export type RemindResult = Static<typeof RemindResult>;

export const MeasureMilestone = Type.Object(
  { text: Text(200), due: IsoDate, doneOn: Nullable(IsoDate) },
  { additionalProperties: false },
);

/** A measure's owner is a member or a user (at least one); the name is kept as assigned. */
export const MeasureInput = Type.Object(
  {
    text: Text(1000, multiline),
    ownerMemberId: Type.Optional(Nullable(Id)),
    ownerUserId: Type.Optional(Nullable(Id)),
    responsibleOrgId: Id,
    deadline: IsoDate,
    milestones: Type.Optional(Type.Array(MeasureMilestone, { maxItems: 20 })),
    doneOn: Type.Optional(Nullable(IsoDate)),
  },
  { additionalProperties: false },
);
export type MeasureInput = Static<typeof MeasureInput>;

export const MeasureParams = Type.Object({ id: Id, measureId: Id }, { additionalProperties: false });
export type MeasureParams = Static<typeof MeasureParams>;

export const Measure = Type.Object({
  id: Type.Integer(),
  text: Type.String(),
  ownerMemberId: Nullable(Type.Integer()),
  ownerUserId: Nullable(Type.Integer()),
  ownerName: Type.String(),
  responsibleOrgId: Type.Integer(),
  responsibleOrgName: Type.String(),
  deadline: Type.String(),
  milestones: Type.Array(
    Type.Object({ text: Type.String(), due: Type.String(), doneOn: Nullable(Type.String()) }),
  ),
  done: Type.Boolean(),
  doneOn: Nullable(Type.String()),
});
export type Measure = Static<typeof Measure>;

/** A line of the 责任清单: a measure with the problem it answers. */
export const ResponsibilityRow = Type.Object({
  ...Measure.properties,
  problemId: Type.Integer(),
  problemText: Type.String(),
  problemStatus: ProblemStatus,
  problemOrgName: Type.String(),
});
export type ResponsibilityRow = Static<typeof ResponsibilityRow>;

export const ResponsibilityList = Type.Object({
  items: Type.Array(ResponsibilityRow),
  truncated: Type.Boolean({ description: '超过 1000 项时只列出前 1000 项' }),
});
export type ResponsibilityList = Static<typeof ResponsibilityList>;

export const ProblemEvent = Type.Object({
  id: Type.Integer(),
  kind: Type.Enum([...problemEventKinds]),
  fromStatus: Nullable(ProblemStatus),
  toStatus: ProblemStatus,
  reason: Nullable(Type.String()),
  /** Evidence (text, fileIds, ledgerRecordIds), old and new deadline, the merged item: by kind. */
  detail: Type.Record(Type.String(), Type.Unknown()),
  files: Type.Array(FileMeta),
  /** The ledger records cited by a submission (those still in the ledger). */
  ledgerRecords: Type.Array(CitedLedgerRecord),
  userId: Nullable(Type.Integer()),
  userName: Type.String(),
  at: Timestamp,
});
export type ProblemEvent = Static<typeof ProblemEvent>;

export const MergedProblem = Type.Object({
  id: Type.Integer(),
  source: ProblemSource,
  sourceRef: ProblemSourceRef,
  candidateKey: Nullable(Type.String()),
  text: Type.String(),
});
export type MergedProblem = Static<typeof MergedProblem>;

export const Problem = Type.Object({
  ...ProblemSummary.properties,
  orgPath: Type.String(),
  sourceRef: ProblemSourceRef,
  excerpt: Nullable(Type.String()),
  mergedIntoId: Nullable(Type.Integer()),
  createdByName: Nullable(Type.String()),
  measuresList: Type.Array(Measure),
  events: Type.Array(ProblemEvent),
  /** The duplicates merged into this one, each with its source. */
  mergedSources: Type.Array(MergedProblem),
  /** What the reader may do now. */
  canWork: Type.Boolean({ description: '可开始整改、提交材料（本组织用户）' }),
  canVerify: Type.Boolean({ description: '可销号、退回、回头看、延期（上级组织工作人员）' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Problem = Static<typeof Problem>;

export const SubmitProblemInput = Type.Object(
  {
    text: Type.Optional(Nullable(Text(4000, multiline))),
    fileIds: Type.Optional(Type.Array(Id, { maxItems: 20, uniqueItems: true })),
    ledgerRecordIds: Type.Optional(Type.Array(Id, { maxItems: 50, uniqueItems: true })),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    description: '整改材料：文字说明、附件、台账记录至少一项',
  },
);
export type SubmitProblemInput = Static<typeof SubmitProblemInput>;

export const ReasonInput = Type.Object({ reason: Text(1000, multiline) }, { additionalProperties: false });
export type ReasonInput = Static<typeof ReasonInput>;

export const RecheckInput = Type.Object(
  { passed: Type.Boolean(), reason: Type.Optional(Nullable(Text(1000, multiline))) },
  { additionalProperties: false },
);
export type RecheckInput = Static<typeof RecheckInput>;

export const ExtendInput = Type.Object(
  { deadline: IsoDate, reason: Text(1000, multiline) },
  { additionalProperties: false },
);
export type ExtendInput = Static<typeof ExtendInput>;

export const MergeInput = Type.Object({ intoId: Id }, { additionalProperties: false });
export type MergeInput = Static<typeof MergeInput>;

/** 晒单 and 整改统计's shared parts: an org and its figures as of a day. */
const Rate = Nullable(
  Type.Number({ minimum: 0, maximum: 1, description: '销号率（已销号 ÷ 全部，无问题时为空）' }),
);

export const BoardQuery = Type.Object(
  {
    orgId: Type.Optional(Id),
    month: Type.Optional(Type.String({ pattern: monthPattern, description: '月份 YYYY-MM，默认本月' })),
  },
  { additionalProperties: false },
);
export type BoardQuery = Static<typeof BoardQuery>;

const BoardRow = Type.Object({
  orgId: Id,
  orgName: Type.String(),
  total: Type.Integer({ minimum: 0 }),
  closed: Type.Integer({ minimum: 0 }),
  inProgress: Type.Integer({ minimum: 0 }),
  overdue: Type.Integer({ minimum: 0 }),
  rate: Rate,
});

/**
 * 晒单: a town's or the county's month as of its end — the org's own figures, a row per org one
 * level below with items, the overdue items and the items closed within the month. Names of orgs
 * and of the responsible person only: no phone, ID number or login.
 */
export const Board = Type.Object({
  org: Type.Object({ id: Id, name: Type.String() }),
  month: Type.String(),
  asOf: IsoDate,
  summary: BoardRow,
  rows: Type.Array(BoardRow),
  overdue: Type.Array(
    Type.Object({
      id: Id,
      orgName: Type.String(),
      text: Type.String(),
      deadline: IsoDate,
      daysOverdue: Type.Integer({ minimum: 1 }),
      responsibleName: Nullable(Type.String({ description: '第一项整改措施的责任人姓名' })),
    }),
  ),
  overdueTotal: Type.Integer({ minimum: 0, description: '逾期问题总数（列表最多 500 项）' }),
  closedInMonth: Type.Array(
    Type.Object({ id: Id, orgName: Type.String(), text: Type.String(), closedOn: IsoDate }),
  ),
  closedInMonthTotal: Type.Integer({ minimum: 0, description: '本月销号总数（列表最多 500 项）' }),
});
export type Board = Static<typeof Board>;

export const StatsQuery = Type.Object({ orgId: Type.Optional(Id) }, { additionalProperties: false });
export type StatsQuery = Static<typeof StatsQuery>;

const tally = { total: Type.Integer({ minimum: 0 }), closed: Type.Integer({ minimum: 0 }) };

/** 整改统计: completion over time, by category, by source, and per org one level below (drill-down). */
export const ProblemStats = Type.Object({
  org: Type.Object({ id: Id, name: Type.String(), parentId: Nullable(Id) }),
  /** The org's ancestors within the reader's scope, top first: the drill-down's way back up. */
  trail: Type.Array(Type.Object({ id: Id, name: Type.String() })),
  total: Type.Integer({ minimum: 0 }),
  closed: Type.Integer({ minimum: 0 }),
  overdue: Type.Integer({ minimum: 0 }),
  rate: Rate,
  months: Type.Array(
    Type.Object({
      month: Type.String(),
      filed: Type.Integer({ minimum: 0 }),
      closed: Type.Integer({ minimum: 0 }),
      cumulativeRate: Rate,
    }),
  ),
  byCategory: Type.Array(Type.Object({ category: ProblemCategory, ...tally })),
  bySource: Type.Array(Type.Object({ source: ProblemSource, ...tally })),
  children: Type.Array(
    Type.Object({
      orgId: Id,
      orgName: Type.String(),
      hasChildren: Type.Boolean(),
      ...tally,
      overdue: Type.Integer({ minimum: 0 }),
      rate: Rate,
    }),
  ),
});
export type ProblemStats = Static<typeof ProblemStats>;
