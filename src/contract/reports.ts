import { Type, type Static } from 'typebox';
import { reportStatuses, reportTemplates } from '../domain/reports.js';
import { Id, multiline, Nullable, Text, Timestamp } from './common.js';

/*
 * 述职报告 (/api/reports): one per reporting org and cycle, written by the org's secretary in the
 * standard parts, submitted, returned with comments or accepted by the cycle's organizer. Every
 * submitted version is kept with its analysis (src/domain/analyzer).
 */

export const ReportStatus = Type.Enum([...reportStatuses], { description: '状态' });
export const ReportTemplate = Type.Enum([...reportTemplates], { description: '年度述职或季度述职' });

/** Text a draft may leave empty; what a submission needs is `reportBodyProblems`' to say. */
const DraftText = (maxLength: number, description: string) =>
  Type.String({ maxLength, ...multiline, description });

const SectionKind = Type.Enum(['basics', 'highlights', 'lastYearRectification', 'problems', 'plans'], {
  description: '部分',
});

export const ReportBody = Type.Object(
  {
    title: DraftText(100, '标题'),
    sections: Type.Array(
      Type.Object(
        {
          kind: SectionKind,
          title: Text(60, { minLength: 1, description: '部分标题' }),
          text: DraftText(20_000, '正文'),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 10 },
    ),
    problems: Type.Array(
      Type.Object(
        {
          text: DraftText(2_000, '问题'),
          cause: DraftText(2_000, '原因'),
        },
        { additionalProperties: false },
      ),
      { maxItems: 30 },
    ),
    plans: Type.Array(
      Type.Object(
        {
          text: DraftText(2_000, '举措'),
          answers: Type.Array(Type.Integer({ minimum: 0, maximum: 29 }), {
            maxItems: 30,
            uniqueItems: true,
            description: '对应的问题（序号，从 0 起）',
          }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 30 },
    ),
    basicsTable: Type.Optional(
      Type.Array(
        Type.Object(
          {
            label: Text(60, { description: '项目' }),
            value: Type.String({ maxLength: 40, description: '数据，如“163名（占18.8%）”；草稿可留空' }),
          },
          { additionalProperties: false },
        ),
        {
          // describeBasics writes up to about 106 rows for a town with every figure present.
          maxItems: 120,
          description: '基本情况表：建立报告时按党员信息库和填报数据填写，可以修改；较早的草稿没有',
        },
      ),
    ),
  },
  { additionalProperties: false },
);
export type ReportBody = Static<typeof ReportBody>;

export const ReportListParams = Type.Object({ cycleId: Id }, { additionalProperties: false });
export type ReportListParams = Static<typeof ReportListParams>;

export const ExportReportsInput = Type.Object({ cycleId: Id }, { additionalProperties: false });
export type ExportReportsInput = Static<typeof ExportReportsInput>;

/** The result of a finished reports.export job. */
export const ReportsExportResult = Type.Object({
  fileId: Type.Integer({ description: '压缩包文件编号：GET /api/files/{fileId} 下载' }),
  fileName: Type.String(),
  reports: Type.Integer({ description: '压缩包中的报告数' }),
});
export type ReportsExportResult = Static<typeof ReportsExportResult>;

export const CreateReportInput = Type.Object({ cycleId: Id, orgId: Id }, { additionalProperties: false });
export type CreateReportInput = Static<typeof CreateReportInput>;

export const SaveReportInput = Type.Object(
  { body: ReportBody, updatedAt: Timestamp },
  { additionalProperties: false, description: 'updatedAt 为读取时的值，防止覆盖他人的修改' },
);
export type SaveReportInput = Static<typeof SaveReportInput>;

export const ImportReportQuery = Type.Object(
  { fileName: Text(255, { description: '原文件名：按扩展名读取，.docx 或 .txt' }) },
  { additionalProperties: false },
);
export type ImportReportQuery = Static<typeof ImportReportQuery>;

/** A file's text placed into the report's template, for the editor to show; nothing is saved. */
export const ImportReportResult = Type.Object({
  body: ReportBody,
  unplaced: Type.Array(
    Type.Object({
      text: Type.String({ description: '原文' }),
      reason: Type.String({ description: '未放入报告的原因' }),
    }),
    { description: '未能归入模板任何部分的文字，原样列出' },
  ),
});
export type ImportReportResult = Static<typeof ImportReportResult>;

export const CheckReportInput = Type.Object(
  { body: ReportBody },
  { additionalProperties: false, description: '编辑器中的当前稿（可未保存）' },
);
export type CheckReportInput = Static<typeof CheckReportInput>;

const TextSpan = Type.Object(
  { start: Type.Integer(), end: Type.Integer() },
  { description: '在全文 text 中的位置：UTF-16 偏移，end 不含' },
);

export const ReportFinding = Type.Object({
  kind: Type.String({
    description:
      '审查发现的类别：placeholder 占位符、inconsistentSum 分项不符、inconsistentShare 占比不符、problemWithoutCause 问题无原因、problemWithoutPlan 问题无举措、repeatedPassage 自我重复、copiedPassage 雷同、similarReport 整篇相似、registryMismatch 与信息库不符',
  }),
  message: Type.String(),
  span: TextSpan,
  related: Type.Array(TextSpan, { description: '本报告中与之对照的文字（分项、前文）' }),
  otherReport: Type.Optional(Type.Integer()),
  source: Type.Optional(
    Type.Object(
      {
        name: Type.String({ description: '另一份报告的组织（往年的为“本组织…”）' }),
        before: Type.String(),
        passage: Type.String(),
        after: Type.String(),
      },
      { description: '雷同：另一份报告中的相同段落及其前后文字' },
    ),
  ),
});
export type ReportFinding = Static<typeof ReportFinding>;

/** The result of a finished reports.check job: the working copy analyzed as a submission would be. */
export const ReportCheckResult = Type.Object({
  text: Type.String({ description: '由当前稿生成的报告全文，审查发现的位置均指向它' }),
  analysis: Type.Object({
    sections: Type.Array(Type.Unknown(), { description: '识别出的各部分及其层级' }),
    figures: Type.Array(Type.Unknown(), { description: '带单位的数字及其所指' }),
    placeholders: Type.Array(Type.Object({ text: Type.String(), kind: Type.String(), span: TextSpan }), {
      description: '占位符（***、000人、20XX年 等）',
    }),
    findings: Type.Array(ReportFinding, { description: '审查发现，与提交后的审查相同，按位置排列' }),
  }),
  compared: Type.Integer({ description: '比对雷同的其他报告数：仅限操作人管辖范围内的报告' }),
});
export type ReportCheckResult = Static<typeof ReportCheckResult>;

export const ReturnReportInput = Type.Object(
  {
    comments: Type.Array(
      Type.Object(
        { sectionKind: SectionKind, comment: Text(2_000, { ...multiline, minLength: 1 }) },
        { additionalProperties: false },
      ),
      { maxItems: 10 },
    ),
    quotedFindings: Type.Array(Type.Integer({ minimum: 0 }), { maxItems: 500, uniqueItems: true }),
    general: DraftText(2_000, '总体意见'),
  },
  { additionalProperties: false },
);
export type ReturnReportInput = Static<typeof ReturnReportInput>;

export const DismissFindingsInput = Type.Object(
  {
    findings: Type.Array(Type.Integer({ minimum: 0 }), {
      maxItems: 500,
      uniqueItems: true,
      description: '标记为“不是问题”的审查发现（序号，从 0 起），为全集',
    }),
  },
  { additionalProperties: false },
);
export type DismissFindingsInput = Static<typeof DismissFindingsInput>;

export const ReportSummary = Type.Object({
  orgId: Type.Integer(),
  orgName: Type.String(),
  secretaryName: Nullable(Type.String()),
  report: Nullable(
    Type.Object({
      id: Type.Integer(),
      status: ReportStatus,
      versions: Type.Integer(),
      firstSubmittedOn: Nullable(Type.String()),
      late: Type.Boolean(),
      findings: Type.Integer({ description: '最新提交版本的审查发现数' }),
    }),
  ),
});
export type ReportSummary = Static<typeof ReportSummary>;

export const ReportList = Type.Object({
  items: Type.Array(ReportSummary),
  dueOn: Nullable(Type.String({ description: '报告截止日期' })),
  /** The reader reviews this cycle's reports (its organizer). */
  reviewer: Type.Boolean(),
});
export type ReportList = Static<typeof ReportList>;

export const ReportVersionSummary = Type.Object({
  version: Type.Integer(),
  submittedOn: Type.String(),
  submittedByName: Nullable(Type.String()),
  late: Type.Boolean(),
  decision: Nullable(Type.Enum(['returned', 'accepted'])),
});

export const Report = Type.Object({
  id: Type.Integer(),
  cycle: Type.Object({
    id: Type.Integer(),
    name: Type.String(),
    endsOn: Type.String(),
    reportsDueOn: Nullable(Type.String()),
  }),
  org: Type.Object({ id: Type.Integer(), name: Type.String() }),
  template: ReportTemplate,
  status: ReportStatus,
  body: ReportBody,
  versions: Type.Array(ReportVersionSummary),
  /** The reader may edit and submit it (the org's secretary or an organizer over it, while it is theirs). */
  editable: Type.Boolean(),
  /** The reader may return or accept the submitted version (the cycle's organizer). */
  reviewable: Type.Boolean(),
  updatedAt: Timestamp,
});
export type Report = Static<typeof Report>;

export const ReportVersionParams = Type.Object({ id: Id, version: Id }, { additionalProperties: false });
export type ReportVersionParams = Static<typeof ReportVersionParams>;

export const ReportVersion = Type.Object({
  ...ReportVersionSummary.properties,
  body: ReportBody,
  text: Type.String(),
  analysis: Type.Unknown({ description: '审查结果：结构、数字、占位符、核对、问题与举措、审查发现' }),
  review: Nullable(Type.Unknown()),
  dismissedFindings: Type.Array(Type.Integer()),
  reviewedByName: Nullable(Type.String()),
});
export type ReportVersion = Static<typeof ReportVersion>;

export const ReportDocxQuery = Type.Object(
  {
    version: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 100000, description: '提交版本（缺省为当前稿）' }),
    ),
  },
  { additionalProperties: false },
);
export type ReportDocxQuery = Static<typeof ReportDocxQuery>;

export const ProblemDraftListParams = Type.Object(
  {
    cycleId: Id,
    /** Only this report's problems. */
    reportId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type ProblemDraftListParams = Static<typeof ProblemDraftListParams>;

/** One problem of an accepted report, as the problem list (问题清单) will take it up. */
export const ProblemDraft = Type.Object({
  id: Type.Integer(),
  orgId: Type.Integer({ description: '述职组织' }),
  orgName: Type.String({ description: '述职组织名称' }),
  reportId: Type.Integer({ description: '述职报告' }),
  version: Type.Integer({ description: '审查通过的提交版本' }),
  position: Type.Integer({ description: '在报告“存在问题”中的序号，从 0 起' }),
  text: Type.String({ description: '问题' }),
  cause: Type.String({ description: '原因' }),
  measures: Type.Array(Type.String(), { description: '报告中对应此问题的举措（整改措施）' }),
});
export type ProblemDraft = Static<typeof ProblemDraft>;

export const ProblemDraftList = Type.Object({
  items: Type.Array(ProblemDraft, { description: '按组织、再按问题序号排列' }),
});
export type ProblemDraftList = Static<typeof ProblemDraftList>;

export const RemindReportsInput = Type.Object(
  {
    cycleId: Id,
    message: Type.Optional(Text(200, { ...multiline, description: '附言（可选）' })),
  },
  { additionalProperties: false },
);
export type RemindReportsInput = Static<typeof RemindReportsInput>;

export const RemindReportsResult = Type.Object({
  reminded: Type.Integer({ description: '提醒的组织数' }),
  orgNames: Type.Array(Type.String(), { description: '提醒的组织，按组织树顺序' }),
});
export type RemindReportsResult = Static<typeof RemindReportsResult>;

/** A reminder to the reader's own org: the latest of a cycle whose report it has not submitted. */
export const ReportReminder = Type.Object({
  cycleId: Type.Integer(),
  cycleName: Type.String(),
  dueOn: Nullable(Type.String({ description: '报告截止日期' })),
  sentAt: Timestamp,
  sentByName: Type.String(),
  message: Type.String(),
});
export type ReportReminder = Static<typeof ReportReminder>;

export const ReportReminderList = Type.Object({ items: Type.Array(ReportReminder) });
export type ReportReminderList = Static<typeof ReportReminderList>;
