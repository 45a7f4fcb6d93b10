import { Type, type Static } from 'typebox';
import { ledgerKinds } from '../domain/ledger.js';
import { maxRecordHours } from '../domain/ledger-record.js';
import { FileMeta } from './files.js';
import {
  Id,
  IsoDate,
  ItemsOf,
  Nullable,
  PageOf,
  Pagination,
  PersonName,
  Text,
  Timestamp,
  multiline,
} from './common.js';

/*
 * 台账 (work ledger) under /api/ledger: records of an org's work with attendance, files and
 * hours. Kinds and their labels are the domain's list (src/domain/ledger.ts).
 */

export const LedgerKind = Type.Enum([...ledgerKinds], { description: '台账类型（见 src/domain/ledger.ts）' });

const Hours = Type.Number({
  exclusiveMinimum: 0,
  maximum: maxRecordHours,
  // One decimal at most is checked by the domain rule: JSON Schema's multipleOf fails 0.3 on floats.
  description: '学时（仅党课、培训；最多一位小数）',
});

export const AttendanceInput = Type.Object(
  {
    memberId: Id,
    present: Type.Boolean({ description: '是否出席' }),
    absenceReason: Type.Optional(Nullable(Text(100, { description: '缺席原因（缺席时必填）' }))),
  },
  { additionalProperties: false },
);
export type AttendanceInput = Static<typeof AttendanceInput>;

const recordFields = {
  kind: LedgerKind,
  heldOn: IsoDate,
  topic: Text(200, { description: '主题' }),
  hostMemberId: Type.Optional(Nullable(Id, { description: '主持人（本组织当日的党员）' })),
  hostName: Type.Optional(Nullable(PersonName, { description: '主持人姓名（非本组织党员时填写）' })),
  place: Type.Optional(Nullable(Text(100, { description: '地点' }))),
  minutes: Type.Optional(Nullable(Text(20_000, { ...multiline, description: '会议记录' }))),
  hours: Type.Optional(Nullable(Hours)),
  attendance: Type.Optional(
    Type.Array(AttendanceInput, { maxItems: 2000, description: '参加人员（从当日本组织党员中选择）' }),
  ),
  fileIds: Type.Optional(
    Type.Array(Id, { maxItems: 50, uniqueItems: true, description: '附件、照片（先上传到 /api/files）' }),
  ),
};

export const CreateLedgerRecordInput = Type.Object(
  { orgId: Id, ...recordFields },
  { additionalProperties: false },
);
export type CreateLedgerRecordInput = Static<typeof CreateLedgerRecordInput>;

/** Every field may change but the org; `attendance` and `fileIds`, when given, replace the lists. */
export const UpdateLedgerRecordInput = Type.Object(Type.Partial(Type.Object(recordFields)).properties, {
  additionalProperties: false,
  minProperties: 1,
});
export type UpdateLedgerRecordInput = Static<typeof UpdateLedgerRecordInput>;

export const LedgerAttendanceSummary = Type.Object({
  present: Type.Integer(),
  absent: Type.Integer(),
  rate: Nullable(Type.Number({ description: '参会率（%），未登记参加人员时为 null' })),
});

const recordProperties = {
  id: Type.Integer(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  kind: LedgerKind,
  heldOn: IsoDate,
  topic: Type.String(),
  hostMemberId: Nullable(Type.Integer()),
  hostName: Nullable(Type.String({ description: '主持人姓名（党员主持时为其姓名）' })),
  place: Nullable(Type.String()),
  hours: Nullable(Type.Number()),
  enteredOn: IsoDate,
  enteredByName: Nullable(Type.String()),
  late: Type.Boolean({ description: '补录：录入日期晚于活动日期超过 7 天' }),
  attendance: LedgerAttendanceSummary,
  fileCount: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
};
export const LedgerRecord = Type.Object(recordProperties);

/** A ledger record cited as evidence (an indicator's 佐证材料, a problem's 整改材料), as it reads. */
export const CitedLedgerRecord = Type.Object({
  id: Type.Integer(),
  kind: LedgerKind,
  heldOn: Type.String(),
  topic: Type.String(),
});
export type CitedLedgerRecord = Static<typeof CitedLedgerRecord>;
export type LedgerRecord = Static<typeof LedgerRecord>;

export const LedgerAttendee = Type.Object({
  memberId: Type.Integer(),
  name: Type.String(),
  present: Type.Boolean(),
  absenceReason: Nullable(Type.String()),
});
export type LedgerAttendee = Static<typeof LedgerAttendee>;

export const LedgerRecordDetail = Type.Object({
  ...recordProperties,
  minutes: Nullable(Type.String()),
  enteredAt: Timestamp,
  attendees: Type.Array(LedgerAttendee),
  files: Type.Array(FileMeta),
});
export type LedgerRecordDetail = Static<typeof LedgerRecordDetail>;

export const ListLedgerParams = Type.Object(
  {
    orgId: Type.Optional(Id),
    kind: Type.Optional(LedgerKind),
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
    memberId: Type.Optional(Id),
    ...Pagination,
  },
  { additionalProperties: false },
);
export type ListLedgerParams = Static<typeof ListLedgerParams>;

export const LedgerPage = PageOf(LedgerRecord);
export type LedgerPage = Static<typeof LedgerPage>;

export const LedgerMembersParams = Type.Object({ orgId: Id, day: IsoDate }, { additionalProperties: false });
export type LedgerMembersParams = Static<typeof LedgerMembersParams>;

export const LedgerMember = Type.Object({ id: Type.Integer(), name: Type.String() });
export const LedgerMembers = ItemsOf(LedgerMember);
export type LedgerMembers = Static<typeof LedgerMembers>;

export const TrainingHoursParams = Type.Object(
  { orgId: Type.Optional(Id), year: Type.Integer({ minimum: 1900, maximum: 2099 }) },
  { additionalProperties: false },
);
export type TrainingHoursParams = Static<typeof TrainingHoursParams>;

export const TrainingHoursRow = Type.Object({
  memberId: Type.Integer(),
  name: Type.String(),
  orgId: Type.Integer({ description: '出席时所在组织' }),
  orgName: Type.String(),
  hours: Type.Number({ description: '本年出席党课、培训的学时合计' }),
  sessions: Type.Integer({ description: '出席次数' }),
});
export const TrainingHours = ItemsOf(TrainingHoursRow);
export type TrainingHours = Static<typeof TrainingHours>;

export const MemberHistoryParams = Type.Object(
  { memberId: Id, year: Type.Integer({ minimum: 1900, maximum: 2099 }) },
  { additionalProperties: false },
);
export type MemberHistoryParams = Static<typeof MemberHistoryParams>;

export const MemberHistoryItem = Type.Object({
  recordId: Type.Integer(),
  orgName: Type.String(),
  kind: LedgerKind,
  heldOn: IsoDate,
  topic: Type.String(),
  hours: Nullable(Type.Number()),
  hosted: Type.Boolean({ description: '本人主持' }),
  /** On the attendance list: present or absent; null when they hosted without being listed. */
  present: Nullable(Type.Boolean()),
  absenceReason: Nullable(Type.String()),
});
export type MemberHistoryItem = Static<typeof MemberHistoryItem>;

export const MemberHistory = Type.Object({
  memberId: Type.Integer(),
  year: Type.Integer(),
  /** The year's records they hosted or were listed for, newest first (within the reader's scope). */
  items: Type.Array(MemberHistoryItem),
  attended: Type.Integer({ description: '出席次数' }),
  absent: Type.Integer({ description: '缺席次数' }),
  trainingHours: Type.Number({ description: '本年出席党课、培训的学时合计' }),
  trainingSessions: Type.Integer(),
});
export type MemberHistory = Static<typeof MemberHistory>;
