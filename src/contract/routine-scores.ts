import { Type, type Static } from 'typebox';
import { indicatorKinds, scorers } from '../domain/schemes.js';
import { Id, Nullable, Text, Timestamp, multiline } from './common.js';
import { CitedLedgerRecord } from './ledger.js';
import { OrgLevel } from './orgs.js';
import { SchemeAudience } from './cycles.js';

/*
 * 日常考核 (/api/routine-scores): per cycle, the computed sheet of each reporting org, the scores
 * people entered, and the ranking under an org. A sheet is the domain's `ScoreSheet`
 * (`domain/rules/sheet.ts`); `status` says whether it is current or being recomputed.
 */

const Points = Type.Number({ description: '分数（最多两位小数）' });
export const Scorer = Type.Enum([...scorers], {
  description: '评分人：self 自评，checker 考核人员，organizer 组织部门',
});
export const ScoreStatus = Type.Enum(['current', 'pending'], {
  description: 'current 已是最新；pending 计算中（台账、党员、方案或评分有变动，正在重新计算）',
});

export const LostPoints = Type.Object({ points: Points, reason: Type.String() });

export const SheetLine = Type.Object({
  key: Type.String(),
  name: Type.String(),
  kind: Type.Enum([...indicatorKinds]),
  maxPoints: Points,
  score: Points,
  lost: Type.Array(LostPoints),
  basis: Type.Enum(['rule', 'scored', 'override', 'pending'], {
    description: 'rule 自动评分，scored 人工评分，override 人工改分（保留自动评分），pending 未评分',
  }),
  explanation: Type.String(),
  vetoed: Type.Optional(Type.String()),
});
export type SheetLine = Static<typeof SheetLine>;

export const SheetCategory = Type.Object({
  key: Type.String(),
  name: Type.String(),
  maxPoints: Points,
  linesScore: Points,
  overCap: Points,
  score: Points,
  lines: Type.Array(SheetLine),
  explanation: Type.String(),
});

export const ScoreSheet = Type.Object({
  categories: Type.Array(SheetCategory),
  bonus: Type.Object({
    awarded: Points,
    cap: Nullable(Points),
    score: Points,
    explanation: Type.String(),
  }),
  vetoes: Type.Array(Type.Object({ key: Type.String(), name: Type.String(), reason: Type.String() })),
  maxPoints: Points,
  total: Points,
  pending: Type.Integer(),
  explanation: Type.String(),
});
export type ScoreSheet = Static<typeof ScoreSheet>;

const OrgRef = Type.Object({ id: Type.Integer(), name: Type.String(), level: OrgLevel });

export const ScoreEntryView = Type.Object({
  by: Scorer,
  points: Points,
  reason: Nullable(Type.String()),
  userName: Type.String(),
  at: Timestamp,
});
export type ScoreEntryView = Static<typeof ScoreEntryView>;

export const VetoView = Type.Object({
  applies: Type.Boolean(),
  reason: Type.String(),
  by: Type.Enum(['checker', 'organizer']),
  userName: Type.String(),
  at: Timestamp,
});

/** 佐证材料 of an indicator: a note, files of the file store and the ledger records it cites. */
export const EvidenceView = Type.Object({
  note: Nullable(Type.String()),
  files: Type.Array(
    Type.Object({ id: Type.Integer(), name: Type.String(), type: Type.String(), size: Type.Integer() }),
  ),
  ledgerRecords: Type.Array(CitedLedgerRecord),
  userName: Type.String(),
  updatedAt: Timestamp,
});
export type EvidenceView = Static<typeof EvidenceView>;

/** What people entered on one indicator: each scorer's latest score, the 酌情扣分, the veto decision and the 佐证材料. */
export const IndicatorEntries = Type.Object({
  key: Type.String(),
  scores: Type.Array(ScoreEntryView, { description: '各评分人最近一次评分（自评、考核人员、组织部门）' }),
  deductions: Type.Array(LostPoints, { description: '酌情扣分' }),
  veto: Nullable(VetoView, { description: '否决项最近一次认定（适用或撤销）' }),
  evidence: Nullable(EvidenceView, { description: '佐证材料（文件与台账记录）' }),
});

export const OrgSheet = Type.Object({
  cycle: Type.Object({
    id: Type.Integer(),
    name: Type.String(),
    startsOn: Type.String(),
    endsOn: Type.String(),
  }),
  org: OrgRef,
  audience: SchemeAudience,
  status: ScoreStatus,
  /** Null until first computed. */
  sheet: Nullable(ScoreSheet),
  schemeVersion: Nullable(Type.Integer()),
  computedAt: Nullable(Timestamp),
  entries: Type.Array(IndicatorEntries),
  /** As what the reader would score here (null: they may not). */
  scoreAs: Nullable(Scorer),
  writable: Type.Boolean({ description: '周期未结束且读者可在此评分' }),
});
export type OrgSheet = Static<typeof OrgSheet>;

export const RankingItem = Type.Object({
  rank: Nullable(Type.Integer({ description: '名次（计算中或未计算时为空）' })),
  org: OrgRef,
  status: ScoreStatus,
  total: Nullable(Points),
  maxPoints: Nullable(Points),
  vetoed: Nullable(Type.Boolean()),
  pendingLines: Nullable(Type.Integer({ description: '未评分的项数' })),
  computedAt: Nullable(Timestamp),
  /** The same period's cycle this org runs, whose ranking lists its own reporters (drill-down). */
  childCycleId: Nullable(Type.Integer()),
});
export type RankingItem = Static<typeof RankingItem>;

export const Ranking = Type.Object({
  cycle: Type.Object({ id: Type.Integer(), name: Type.String() }),
  under: OrgRef,
  /** How many of the items are being recomputed. */
  pending: Type.Integer(),
  items: Type.Array(RankingItem),
});
export type Ranking = Static<typeof Ranking>;

export const CycleParams = Type.Object({ cycleId: Id }, { additionalProperties: false });
export type CycleParams = Static<typeof CycleParams>;
export const RankingQuery = Type.Object({ orgId: Type.Optional(Id) }, { additionalProperties: false });
export type RankingQuery = Static<typeof RankingQuery>;
export const OrgSheetParams = Type.Object({ cycleId: Id, orgId: Id }, { additionalProperties: false });
export type OrgSheetParams = Static<typeof OrgSheetParams>;
export const IndicatorParams = Type.Object(
  { cycleId: Id, orgId: Id, key: Type.String({ pattern: '^[A-Za-z0-9_-]{1,20}$', description: '指标编号' }) },
  { additionalProperties: false },
);
export type IndicatorParams = Static<typeof IndicatorParams>;

export const ScoreInput = Type.Object(
  {
    points: Points,
    reason: Type.Optional(Text(500, multiline)),
  },
  { additionalProperties: false },
);
export type ScoreInput = Static<typeof ScoreInput>;

export const DeductionsInput = Type.Object(
  {
    deductions: Type.Array(
      Type.Object({ points: Points, reason: Text(500, multiline) }, { additionalProperties: false }),
      { maxItems: 50 },
    ),
  },
  { additionalProperties: false },
);
export type DeductionsInput = Static<typeof DeductionsInput>;

export const VetoInput = Type.Object(
  {
    applies: Type.Boolean({ description: '是否适用一票否决（false 为撤销）' }),
    reason: Text(500, multiline),
  },
  { additionalProperties: false },
);
export type VetoInput = Static<typeof VetoInput>;

export const EvidenceInput = Type.Object(
  {
    fileIds: Type.Array(Id, { maxItems: 20, uniqueItems: true, description: '佐证文件（先上传到文件库）' }),
    ledgerRecordIds: Type.Array(Id, {
      maxItems: 50,
      uniqueItems: true,
      description: '引用的台账记录（本组织或其下级、本周期内）',
    }),
    note: Type.Optional(Text(500, { ...multiline, description: '说明' })),
  },
  { additionalProperties: false },
);
export type EvidenceInput = Static<typeof EvidenceInput>;
