// 述职报告: the structured report a secretary writes for a cycle, its templates, its text in the
// official heading layout (一、（一）), and the review workflow it goes through.
import type { SectionKind } from './analyzer/sections.js';
import { spanOf, type TextSpan } from './analyzer/span.js';

export const reportTemplates = ['annual', 'quarterly'] as const;
export type ReportTemplate = (typeof reportTemplates)[number];
export const reportTemplateLabels: Record<ReportTemplate, string> = {
  annual: '年度述职',
  quarterly: '季度述职',
};

/** Draft → submitted → returned (with comments) → submitted again → accepted. */
export const reportStatuses = ['draft', 'submitted', 'returned', 'accepted'] as const;
export type ReportStatus = (typeof reportStatuses)[number];

export const reportStatusLabels: Record<ReportStatus, string> = {
  draft: '草稿',
  submitted: '已提交',
  returned: '已退回',
  accepted: '已通过',
};

/** The parts a report is written in; problems and plans are items, the rest prose. */
export type ReportSectionKind = Exclude<SectionKind, 'causes' | 'other'>;

export interface ReportSection {
  kind: ReportSectionKind;
  title: string;
  /** Prose, one paragraph per line. For problems and plans, an introduction before the items. */
  text: string;
}

export interface ProblemEntry {
  text: string;
  cause: string;
}

export interface PlanEntry {
  text: string;
  /** Indices of the problems it answers. */
  answers: number[];
}

/** A row of the 基本情况 table: a figure's label and its value as printed (163名（占18.8%）). */
export interface BasicsTableRow {
  label: string;
  value: string;
}

export interface ReportBody {
  title: string;
  sections: ReportSection[];
  problems: ProblemEntry[];
  plans: PlanEntry[];
  /**
   * The 基本情况 as a table, filled from the statistics when the report is made and editable after.
   * Absent in drafts stored before the table existed.
   */
  basicsTable?: BasicsTableRow[];
}

const titles: Record<ReportSectionKind, string> = {
  basics: '基本情况',
  highlights: '履职工作特色和亮点',
  lastYearRectification: '上年度问题整改情况',
  problems: '存在的主要问题及原因',
  plans: '下一步工作思路和举措',
};

/**
 * The parts of each template, in order. The annual report has the five standard parts; the quarterly
 * secretary report (seed 003's kind) is shorter: what was done, what is wrong, what comes next.
 */
const templateKinds: Record<ReportTemplate, ReportSectionKind[]> = {
  annual: ['basics', 'highlights', 'lastYearRectification', 'problems', 'plans'],
  quarterly: ['highlights', 'problems', 'plans'],
};

const quarterlyTitles: Partial<Record<ReportSectionKind, string>> = {
  highlights: '本季度工作开展情况',
  problems: '存在的问题',
  plans: '下季度工作打算',
};

/** An empty report of `template`, titled for the org and cycle. */
export function emptyReport(template: ReportTemplate, title: string): ReportBody {
  return {
    title,
    sections: templateKinds[template].map((kind) => ({
      kind,
      title: (template === 'quarterly' && quarterlyTitles[kind]) || titles[kind],
      text: '',
    })),
    problems: [],
    plans: [],
  };
}

const ordinals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
/** 一 … 十, 十一 … 九十九: the numbers headings count with. */
export function chineseOrdinal(n: number): string {
  if (n <= 10) return ordinals[n - 1]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : ordinals[tens - 1]}十${ones ? ordinals[ones - 1] : ''}`;
}

const sentence = (text: string) => {
  const trimmed = text.trim();
  return trimmed && !/[。！？；：]$/u.test(trimmed) ? `${trimmed}。` : trimmed;
};

/**
 * A line of a report in the official layout: the title, a 一、 part heading, prose, a （一） item, or a
 * row of the 基本情况 table — written as 党员：163名 in the text, its two cells kept for Word's table.
 */
export type ReportLine =
  | { level: 'title' | 'part' | 'text' | 'item'; text: string }
  | { level: 'row'; text: string; cells: [string, string] };

/**
 * The report's lines in the official layout: the title, then 一、二、 parts; the 基本情况 table's rows
 * after its prose; problems and plans as （一）（二） items, a problem's cause after it (原因：…). Empty
 * parts are left out. `reportText` and the Word file (`modules/reports/report-docx.ts`) are both made
 * from these.
 */
export function reportLines(body: ReportBody): ReportLine[] {
  const lines: ReportLine[] = [{ level: 'title', text: body.title.trim() }];
  let part = 0;
  for (const section of body.sections) {
    const items =
      section.kind === 'problems'
        ? body.problems.map((p) => `${sentence(p.text)}${p.cause.trim() ? `原因：${sentence(p.cause)}` : ''}`)
        : section.kind === 'plans'
          ? body.plans.map((p) => sentence(p.text))
          : [];
    const prose = section.text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    // A blanked value stays as a row: the reviewer sees the figure was removed.
    const rows: ReportLine[] =
      section.kind === 'basics'
        ? (body.basicsTable ?? []).map(({ label, value }) => {
            const cells: [string, string] = [label.trim(), value.trim()];
            return { level: 'row', text: `${cells[0]}：${cells[1]}`, cells };
          })
        : [];
    if (!prose.length && !items.length && !rows.length) continue;
    lines.push({ level: 'part', text: `${chineseOrdinal(++part)}、${section.title.trim()}` });
    lines.push(...prose.map((text): ReportLine => ({ level: 'text', text })));
    lines.push(...rows);
    items.forEach((item, i) => lines.push({ level: 'item', text: `（${chineseOrdinal(i + 1)}）${item}` }));
  }
  return lines;
}

/**
 * The report as one text in the official layout (`reportLines`, one a line): the text the analyzer
 * reads and the diff compares.
 */
export function reportText(body: ReportBody): string {
  return (
    reportLines(body)
      .map((line) => line.text)
      .join('\n') + '\n'
  );
}

/** The 基本情况 table's rows with the span of each one's line in `reportText`: what findings point at. */
export function reportTableRows(body: ReportBody): { label: string; value: string; span: TextSpan }[] {
  const rows: { label: string; value: string; span: TextSpan }[] = [];
  let start = 0;
  for (const line of reportLines(body)) {
    if (line.level === 'row')
      rows.push({
        label: line.cells[0],
        value: line.cells[1],
        span: spanOf(start, start + line.text.length),
      });
    start += line.text.length + 1;
  }
  return rows;
}

export type ReportAction = 'submit' | 'return' | 'accept';

const transitions: Record<ReportAction, { from: readonly ReportStatus[]; to: ReportStatus }> = {
  submit: { from: ['draft', 'returned'], to: 'submitted' },
  return: { from: ['submitted'], to: 'returned' },
  accept: { from: ['submitted'], to: 'accepted' },
};

const refusals: Record<ReportAction, Partial<Record<ReportStatus, string>>> = {
  submit: { submitted: '报告已提交，等待审查', accepted: '报告已通过审查，不能再提交' },
  return: {
    draft: '报告尚未提交，不能退回',
    returned: '报告已退回，等待重新提交',
    accepted: '报告已通过审查，不能退回',
  },
  accept: {
    draft: '报告尚未提交，不能通过',
    returned: '报告已退回，须重新提交后才能通过',
    accepted: '报告已通过审查',
  },
};

/** The status `action` leads to from `status`, or the Chinese reason it may not be taken. */
export function nextReportStatus(
  status: ReportStatus,
  action: ReportAction,
): { ok: true; status: ReportStatus } | { ok: false; message: string } {
  const rule = transitions[action];
  if (rule.from.includes(status)) return { ok: true, status: rule.to };
  return { ok: false, message: refusals[action][status]! };
}

/** A report may be edited while it is the secretary's: a draft, or returned to them. */
export const reportEditable = (status: ReportStatus) => status === 'draft' || status === 'returned';

/** Submitted after the cycle's due day (the whole due day counts as on time). */
export const submittedLate = (submittedOn: string, dueOn: string | null) =>
  dueOn !== null && submittedOn > dueOn;

/** What is wrong with a body before it may be submitted, in Chinese, each with the field it concerns. */
export function reportBodyProblems(body: ReportBody): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (!body.title.trim()) problems.push({ path: 'title', message: '请填写报告标题' });
  body.sections.forEach((section, i) => {
    const hasItems =
      (section.kind === 'basics' && (body.basicsTable?.length ?? 0) > 0) ||
      (section.kind === 'problems' && body.problems.length > 0) ||
      (section.kind === 'plans' && body.plans.length > 0);
    if (!section.text.trim() && !hasItems && section.kind !== 'lastYearRectification')
      problems.push({ path: `sections.${i}.text`, message: `“${section.title}”尚未填写` });
  });
  body.problems.forEach((problem, i) => {
    if (!problem.text.trim()) problems.push({ path: `problems.${i}.text`, message: `问题${i + 1}尚未填写` });
    if (!problem.cause.trim())
      problems.push({ path: `problems.${i}.cause`, message: `问题${i + 1}尚未分析原因` });
  });
  body.plans.forEach((plan, i) => {
    if (!plan.text.trim()) problems.push({ path: `plans.${i}.text`, message: `举措${i + 1}尚未填写` });
    for (const answer of plan.answers)
      if (!Number.isInteger(answer) || answer < 0 || answer >= body.problems.length)
        problems.push({ path: `plans.${i}.answers`, message: `举措${i + 1}对应的问题不存在` });
  });
  body.problems.forEach((_, i) => {
    if (body.plans.length && !body.plans.some((plan) => plan.answers.includes(i)))
      problems.push({ path: `problems.${i}`, message: `问题${i + 1}没有对应的整改举措` });
  });
  return problems;
}
