import { Type, type Static } from 'typebox';
import { cycleKinds, cycleStages, cycleStatuses, cycleYearRange } from '../domain/cycles.js';
import { schemeAudiences } from '../domain/schemes.js';
import { Id, IsoDate, ItemsOf, Nullable, Text, Timestamp, multiline } from './common.js';
import { OrgDomain, OrgLevel } from './orgs.js';
import { SchemeBody } from './schemes.js';

/*
 * 考核周期 (/api/cycles): a cycle, its 述职范围 (who reports) and its 考核方案 (one per audience,
 * versioned). Labels, kinds, stages and the date rules are the domain's (`domain/cycles.ts`).
 */

export const CycleKind = Type.Enum([...cycleKinds], { description: '周期类型' });
export const CycleStatus = Type.Enum([...cycleStatuses], { description: '状态' });
export const SchemeAudience = Type.Enum([...schemeAudiences], { description: '方案适用对象' });
const Year = Type.Integer({ minimum: cycleYearRange.from, maximum: cycleYearRange.to, description: '年度' });
const Part = Type.Integer({ minimum: 1, maximum: 4, description: '上/下半年（1–2）或季度（1–4）' });

const stageFields = Object.fromEntries(
  cycleStages.map((s) => [s, Type.Optional(Nullable(IsoDate))]),
) as Record<(typeof cycleStages)[number], Type.TOptional<ReturnType<typeof Nullable<typeof IsoDate>>>>;
export const CycleStages = Type.Object(stageFields, {
  additionalProperties: false,
  description: '阶段日期：方案下发、报告截止、评议会、结果公布、整改期限',
});
export type CycleStages = Static<typeof CycleStages>;

export const Cycle = Type.Object({
  id: Type.Integer(),
  org: Type.Object({ id: Type.Integer(), name: Type.String(), level: OrgLevel }),
  name: Type.String(),
  kind: CycleKind,
  year: Type.Integer(),
  part: Nullable(Type.Integer()),
  startsOn: Type.String(),
  endsOn: Type.String(),
  status: CycleStatus,
  stages: Type.Object(
    Object.fromEntries(cycleStages.map((s) => [s, Nullable(Type.String())])) as Record<
      (typeof cycleStages)[number],
      ReturnType<typeof Nullable<ReturnType<typeof Type.String>>>
    >,
  ),
  reporters: Type.Integer({ description: '述职组织数' }),
  /** Whether the reader may edit it: the running org's organizer (or an admin), and not closed. */
  writable: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Cycle = Static<typeof Cycle>;
export const CycleList = ItemsOf(Cycle);
export type CycleList = Static<typeof CycleList>;

export const CycleListParams = Type.Object(
  {
    orgId: Type.Optional(Id),
    year: Type.Optional(Year),
    status: Type.Optional(CycleStatus),
  },
  { additionalProperties: false },
);
export type CycleListParams = Static<typeof CycleListParams>;

/** Where a new cycle's schemes come from: the default templates, or an earlier cycle's latest versions. */
export const SchemeOrigin = Type.Union(
  [
    Type.Object({ template: Type.Literal(true) }, { additionalProperties: false }),
    Type.Object({ copyFromCycleId: Id }, { additionalProperties: false }),
  ],
  { description: '考核方案来源：默认模板，或复制以往周期的方案' },
);
export type SchemeOrigin = Static<typeof SchemeOrigin>;

export const CreateCycleInput = Type.Object(
  {
    orgId: Id,
    kind: CycleKind,
    year: Year,
    part: Type.Optional(Nullable(Part)),
    name: Type.Optional(Text(100)),
    stages: Type.Optional(CycleStages),
    schemes: Type.Optional(SchemeOrigin),
  },
  { additionalProperties: false },
);
export type CreateCycleInput = Static<typeof CreateCycleInput>;

export const UpdateCycleInput = Type.Object(
  { name: Type.Optional(Text(100)), stages: Type.Optional(CycleStages) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateCycleInput = Static<typeof UpdateCycleInput>;

export const CycleStatusInput = Type.Object(
  {
    status: Type.Union([Type.Literal('open'), Type.Literal('reviewing'), Type.Literal('closed')], {
      description: '下一状态：草稿 → 进行中 → 评议中 → 已结束',
    }),
  },
  { additionalProperties: false },
);
export type CycleStatusInput = Static<typeof CycleStatusInput>;

export const ReopenCycleInput = Type.Object(
  { reason: Text(500, { ...multiline, minLength: 2, description: '重新开启的原因' }) },
  { additionalProperties: false },
);
export type ReopenCycleInput = Static<typeof ReopenCycleInput>;

// ---- 述职范围 ----------------------------------------------------------------------------------

export const ReportingRule = Type.Object(
  {
    depth: Type.Union([Type.Literal('children'), Type.Literal('subtree')], {
      description: '范围：直属下级，或全部下级',
    }),
    levels: Type.Array(OrgLevel, { uniqueItems: true, maxItems: 5 }),
    domains: Type.Array(OrgDomain, { uniqueItems: true, maxItems: 9, description: '领域（空为不限）' }),
    include: Type.Array(Id, { uniqueItems: true, maxItems: 5000, description: '另行加入的组织' }),
    exclude: Type.Array(Id, { uniqueItems: true, maxItems: 5000, description: '另行移出的组织' }),
  },
  { additionalProperties: false },
);
export type ReportingRule = Static<typeof ReportingRule>;

export const ReportingCandidate = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  level: OrgLevel,
  domain: Nullable(OrgDomain),
  parentName: Nullable(Type.String()),
  /** In the set, and how: by the rule, added by hand, or not (matched by the rule but removed, or not matched). */
  selected: Type.Boolean(),
  added: Type.Boolean(),
  removed: Type.Boolean(),
  audience: SchemeAudience,
});
export type ReportingCandidate = Static<typeof ReportingCandidate>;

export const ReportingSet = Type.Object(
  {
    rule: ReportingRule,
    /** Every org the set may hold (the running org's subtree, dissolved orgs left out), in tree order. */
    candidates: Type.Array(ReportingCandidate),
    count: Type.Integer(),
  },
  { description: '述职范围：规则、候选组织及已选组织' },
);
export type ReportingSet = Static<typeof ReportingSet>;

// ---- 考核方案 ----------------------------------------------------------------------------------

export const SchemeParams = Type.Object(
  { id: Id, audience: SchemeAudience },
  { additionalProperties: false },
);
export type SchemeParams = Static<typeof SchemeParams>;
export const SchemeVersionQuery = Type.Object(
  {
    version: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 100000, description: '版本号（缺省为最新）' }),
    ),
  },
  { additionalProperties: false },
);
export type SchemeVersionQuery = Static<typeof SchemeVersionQuery>;

export const SchemeVersionInfo = Type.Object({
  version: Type.Integer(),
  savedByName: Nullable(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type SchemeVersionInfo = Static<typeof SchemeVersionInfo>;

export const Scheme = Type.Object({
  cycleId: Type.Integer(),
  audience: SchemeAudience,
  version: Type.Integer(),
  latest: Type.Boolean(),
  body: SchemeBody,
  /** Regular points in all: a full score. */
  total: Type.Number(),
  savedByName: Nullable(Type.String()),
  updatedAt: Timestamp,
  versions: Type.Array(SchemeVersionInfo),
});
export type Scheme = Static<typeof Scheme>;

export const SchemeSummary = Type.Object({
  audience: SchemeAudience,
  name: Type.String(),
  version: Type.Integer(),
  total: Type.Number(),
  indicators: Type.Integer(),
  updatedAt: Timestamp,
});
export type SchemeSummary = Static<typeof SchemeSummary>;
export const SchemeSummaries = ItemsOf(SchemeSummary);
export type SchemeSummaries = Static<typeof SchemeSummaries>;
