import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeReport } from '../../src/domain/analyzer/analyze.js';
import {
  chineseOrdinal,
  emptyReport,
  nextReportStatus,
  reportBodyProblems,
  reportEditable,
  reportLines,
  reportStatuses,
  reportTableRows,
  reportText,
  submittedLate,
  type ReportAction,
  type ReportBody,
} from '../../src/domain/reports.js';

const actions: ReportAction[] = ['submit', 'return', 'accept'];

describe('the report workflow', () => {
  it('allows exactly draft/returned → submitted → returned or accepted', () => {
    const allowed = new Set([
      'draft submit submitted',
      'returned submit submitted',
      'submitted return returned',
      'submitted accept accepted',
    ]);
    for (const status of reportStatuses)
      for (const action of actions) {
        const next = nextReportStatus(status, action);
        if (next.ok) expect(allowed.has(`${status} ${action} ${next.status}`)).toBe(true);
        else {
          expect(allowed.has(`${status} ${action} ${transitionTarget(action)}`)).toBe(false);
          expect(next.message).toMatch(/[\u4e00-\u9fff]/u);
        }
      }
    expect(nextReportStatus('accepted', 'submit')).toEqual({
      ok: false,
      message: '报告已通过审查，不能再提交',
    });
  });

  it('lets the secretary edit a draft or a returned report only', () => {
    expect(reportStatuses.filter(reportEditable)).toEqual(['draft', 'returned']);
  });

  it('counts the whole due day as on time', () => {
    expect(submittedLate('2026-01-15', '2026-01-15')).toBe(false);
    expect(submittedLate('2026-01-16', '2026-01-15')).toBe(true);
    expect(submittedLate('2026-03-01', null)).toBe(false);
  });
});

const transitionTarget = (action: ReportAction) =>
  ({ submit: 'submitted', return: 'returned', accept: 'accepted' })[action];

describe('templates and text', () => {
  it('counts headings in Chinese', () => {
    expect([1, 2, 9, 10, 11, 20, 23].map(chineseOrdinal)).toEqual([
      '一',
      '二',
      '九',
      '十',
      '十一',
      '二十',
      '二十三',
    ]);
  });

  it('an annual report has the five standard parts, a quarterly one three', () => {
    expect(emptyReport('annual', '述职报告').sections.map((s) => s.kind)).toEqual([
      'basics',
      'highlights',
      'lastYearRectification',
      'problems',
      'plans',
    ]);
    expect(emptyReport('quarterly', '述职报告').sections.map((s) => s.title)).toEqual([
      '本季度工作开展情况',
      '存在的问题',
      '下季度工作打算',
    ]);
  });

  const phrase = fc.constantFrom(
    '组织生活记录不全',
    '集体经济收入单一',
    '青年党员偏少',
    '流动党员联系不经常',
    '阵地建设标准不高',
    '党员教育培训形式单调',
  );
  const body: fc.Arbitrary<ReportBody> = fc
    .record({
      basics: fc.constantFrom('全村共有党员45名。', '支部现有党员30名，其中预备党员2名。'),
      highlights: fc.constantFrom('坚持每月开展主题党日。', '规范村务公开。\n建立党员联系户制度。'),
      problems: fc.array(
        fc.record({ text: phrase, cause: fc.constantFrom('学习不深', '投入不足', '机制不健全') }),
        {
          minLength: 1,
          maxLength: 5,
        },
      ),
    })
    .map(({ basics, highlights, problems }) => {
      const report = emptyReport('annual', '青山村党支部书记抓基层党建工作述职报告');
      report.sections[0]!.text = basics;
      report.sections[1]!.text = highlights;
      report.problems = problems;
      report.plans = problems.map((p, i) => ({ text: `针对${p.text}的问题，逐项整改落实`, answers: [i] }));
      return report;
    });

  it('writes the official layout the analyzer reads back part by part and item by item', () => {
    fc.assert(
      fc.property(body, (report) => {
        const text = reportText(report);
        expect(text.split('\n')[0]).toBe(report.title);
        const analysis = analyzeReport(text);
        // The empty 上年度问题整改情况 is left out; the rest keep their order and kinds.
        expect(analysis.sections.map((s) => s.kind)).toEqual(['basics', 'highlights', 'problems', 'plans']);
        expect(analysis.sections.map((s) => s.heading.slice(0, 2))).toEqual(['一、', '二、', '三、', '四、']);
        expect(analysis.items.problems).toHaveLength(report.problems.length);
        expect(analysis.items.plans).toHaveLength(report.plans.length);
        expect(analysis.items.problems.every((p) => p.ownCause)).toBe(true);
        expect(reportBodyProblems(report)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('makes the text and the Word file from one list of lines, each with its level', () => {
    const report = emptyReport('annual', ' 述职报告 ');
    report.sections[0]!.text = '全村共有党员45名。\n\n 其中女党员12名 ';
    report.problems = [{ text: '记录不全', cause: '学习不深' }];
    report.plans = [{ text: '逐月检查', answers: [0] }];
    const lines = reportLines(report);
    expect(lines).toEqual([
      { level: 'title', text: '述职报告' },
      { level: 'part', text: '一、基本情况' },
      { level: 'text', text: '全村共有党员45名。' },
      { level: 'text', text: '其中女党员12名' },
      { level: 'part', text: '二、存在的主要问题及原因' },
      { level: 'item', text: '（一）记录不全。原因：学习不深。' },
      { level: 'part', text: '三、下一步工作思路和举措' },
      { level: 'item', text: '（一）逐月检查。' },
    ]);
    expect(reportText(report)).toBe(lines.map((l) => `${l.text}\n`).join(''));
  });

  it('puts the 基本情况 table after its prose, a row a line, blanked values kept', () => {
    const report = emptyReport('annual', '述职报告');
    report.sections[0]!.text = '全村共有党员45名。';
    report.basicsTable = [
      { label: '党员', value: '45名' },
      { label: ' 其中：预备党员', value: '' },
    ];
    report.sections[1]!.text = '规范村务公开。';
    expect(reportLines(report).slice(1, 6)).toEqual([
      { level: 'part', text: '一、基本情况' },
      { level: 'text', text: '全村共有党员45名。' },
      { level: 'row', text: '党员：45名', cells: ['党员', '45名'] },
      { level: 'row', text: '其中：预备党员：', cells: ['其中：预备党员', ''] },
      { level: 'part', text: '二、履职工作特色和亮点' },
    ]);
    // Each row's span is its line in the text the analyzer reads.
    const text = reportText(report);
    expect(
      reportTableRows(report).map((row) => [row.label, row.value, text.slice(row.span.start, row.span.end)]),
    ).toEqual([
      ['党员', '45名', '党员：45名'],
      ['其中：预备党员', '', '其中：预备党员：'],
    ]);
    // A table alone is a written 基本情况; an empty table is no table at all.
    report.sections[0]!.text = '';
    expect(reportBodyProblems(report).map((p) => p.path)).not.toContain('sections.0.text');
    report.basicsTable = [];
    expect(reportLines(report).map((l) => l.level)).toEqual(['title', 'part', 'text']);
  });

  it('names every missing piece before a report may be submitted', () => {
    const report = emptyReport('annual', ' ');
    report.problems = [{ text: '记录不全', cause: '' }];
    report.plans = [{ text: '', answers: [3] }];
    expect(reportBodyProblems(report)).toEqual([
      { path: 'title', message: '请填写报告标题' },
      { path: 'sections.0.text', message: '“基本情况”尚未填写' },
      { path: 'sections.1.text', message: '“履职工作特色和亮点”尚未填写' },
      { path: 'problems.0.cause', message: '问题1尚未分析原因' },
      { path: 'plans.0.text', message: '举措1尚未填写' },
      { path: 'plans.0.answers', message: '举措1对应的问题不存在' },
      { path: 'problems.0', message: '问题1没有对应的整改举措' },
    ]);
  });
});
