// 通报 and 反馈意见 of a cycle's published results as Word files in the official layout: read from
// the published snapshot (and the problems of the accepted reports), never recomputed.
import { AlignmentType, Paragraph, type Table } from 'docx';
import type { EvaluatedReporter, Evaluation } from '../../../contract/evaluations.js';
import { gradeLabelSets, grades } from '../../../domain/results/grades.js';
import { assessmentOf } from '../../../domain/cycles.js';
import { body, fonts, officialDocx, run, table, title } from '../../documents/official-docx.js';

export interface Problem {
  text: string;
  cause: string;
}

export interface DocumentContext {
  evaluation: Evaluation;
  /** The running org, who issues the notice and the feedback. */
  orgName: string;
  rectificationDueOn: string | null;
}

const heading = (text: string) => body([run(text, fonts.part)]);
const text = (value: string) => body([run(value, fonts.body)]);
const signature = (lines: string[]) =>
  lines.map((value) => new Paragraph({ children: [run(value, fonts.body)], alignment: AlignmentType.RIGHT }));

const chineseDate = (iso: string) => {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return `${y}年${m}月${d}日`;
};
const score = (value: number | null) => (value === null ? '—' : String(value));
const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;

const rectification = (due: string | null) =>
  `请各党组织书记对照考核反馈的问题，逐项制定整改措施，明确责任和时限，切实抓好整改落实${
    due ? `，并于${chineseDate(due)}前将整改情况书面报送` : ''
  }。`;

export const noticeTitle = (cycleName: string) => `关于${assessmentOf(cycleName)}结果的通报`;

/** The labels of the cycle's grade set, best first, with the reporters holding each, by rank. */
function gradeLines(evaluation: Evaluation): string[] {
  const labels = gradeLabelSets[evaluation.settings.config.labels];
  const lines = grades.flatMap((grade) => {
    const holders = evaluation.reporters.filter((r) => r.grade === grade);
    return holders.length
      ? [`评为“${labels[grade]}”等次的（${holders.length}个）：${holders.map((r) => r.name).join('、')}。`]
      : [];
  });
  const ungraded = evaluation.reporters.filter((r) => r.grade === null);
  if (ungraded.length)
    lines.push(`未评定等次的（${ungraded.length}个）：${ungraded.map((r) => r.name).join('、')}。`);
  return lines;
}

const componentsText = (evaluation: Evaluation) =>
  evaluation.settings.config.components.map((c) => `${c.label}（占${c.weight}%）`).join('、');

/** 通报: who was assessed and how, the grades, the results table and the call to rectify. */
export async function noticeDocx({ evaluation, orgName, rectificationDueOn }: DocumentContext) {
  const compared = evaluation.previousCycle !== null;
  const header = ['排名', '组织', '书记', '综合得分', '等次', ...(compared ? ['较上期'] : [])];
  const rows = evaluation.reporters.map((r) => [
    String(r.rank),
    r.name,
    r.secretaryName ?? '',
    score(r.score),
    r.gradeLabel ?? '—',
    ...(compared ? [r.comparison?.label ?? ''] : []),
  ]);
  const children: (Paragraph | Table)[] = [
    title(noticeTitle(evaluation.cycleName)),
    text(
      `按照${assessmentOf(evaluation.cycleName)}工作安排，${orgName}对${evaluation.reporters.length}个党组织书记抓基层党建工作情况进行了述职评议考核。` +
        `考核采取${componentsText(evaluation)}相结合的方式，综合得分按权重计算，经${orgName}研究确定考核等次。现将考核结果通报如下。`,
    ),
    heading('一、考核等次'),
    ...gradeLines(evaluation).map(text),
    heading('二、考核结果'),
    ...(compared ? [text(`“较上期”为与${evaluation.previousCycle!.cycleName}相比的名次变化。`)] : []),
    table(header, rows, compared ? [2, 7, 3, 3, 2, 2] : [2, 8, 3, 3, 2], new Set([0, 3, 4, 5])),
    heading('三、整改要求'),
    text(rectification(rectificationDueOn)),
    ...signature([orgName, chineseDate(evaluation.publishedAt!)]),
  ];
  return officialDocx(noticeTitle(evaluation.cycleName), children);
}

const feedbackTitle = (reporter: EvaluatedReporter) =>
  `${reporter.name}党组织书记抓基层党建工作述职评议考核反馈意见`;

function feedbackSheet(
  context: DocumentContext,
  reporter: EvaluatedReporter,
  problems: Problem[],
  first: boolean,
): (Paragraph | Table)[] {
  const { evaluation } = context;
  const facts: [string, string][] = [
    ['考核周期', evaluation.cycleName],
    ['组织', reporter.name],
    ['书记', reporter.secretaryName ?? '—'],
    ['综合得分', score(reporter.score)],
    ['等次', reporter.gradeLabel ?? '未评定'],
    ['排名', `第${reporter.rank}名（共${evaluation.reporters.length}个）`],
    ...(reporter.group
      ? ([['组内排名', `${reporter.group}第${reporter.groupRank}名`]] as [string, string][])
      : []),
  ];
  if (evaluation.previousCycle) {
    const c = reporter.comparison;
    facts.push(
      ['上期等次', c?.previousGradeLabel ?? '—'],
      ['上期排名', c?.previousRank ? `第${c.previousRank}名` : '—'],
      ['名次变化', c?.label ?? '—'],
    );
  }
  const shares = reporter.appraisalShares;
  const labels = gradeLabelSets.appraisal;
  return [
    title(`${feedbackTitle(reporter)}`, !first),
    text(
      `${reporter.secretaryName ?? ''}同志：根据${assessmentOf(evaluation.cycleName)}结果，现将有关情况反馈如下。`,
    ),
    heading('一、考核结果'),
    table(['项目', '内容'], facts, [4, 6]),
    heading('二、各项得分'),
    table(
      ['组成', '得分', '满分', '权重'],
      reporter.components.map((c) => [
        c.label,
        score(c.value),
        String(c.max),
        c.effectiveWeight === c.weight ? `${c.weight}%` : `${c.weight}%（实计${c.effectiveWeight}%）`,
      ]),
      [4, 2, 2, 3],
      new Set([1, 2, 3]),
    ),
    heading('三、定等依据'),
    ...reporter.steps.map(text),
    heading('四、民主测评情况'),
    text(
      shares
        ? `总体评价：${grades.map((g) => `“${labels[g]}”占${percent(shares[g])}`).join('，')}。`
        : '本周期无有效的民主测评结果。',
    ),
    heading('五、领导点评'),
    ...(reporter.critiques.length
      ? reporter.critiques.map((c) => text(`${c.reviewerName}：${c.critique}`))
      : [text('无。')]),
    heading('六、查摆的问题'),
    ...(problems.length
      ? problems.map((p, i) => text(`${i + 1}. ${p.text}${p.cause ? `（原因：${p.cause}）` : ''}`))
      : [text('本周期述职报告尚未审核通过，暂无问题清单。')]),
    heading('七、整改要求'),
    text(rectification(context.rectificationDueOn)),
    ...signature([context.orgName, chineseDate(evaluation.publishedAt!)]),
  ];
}

/** 反馈意见: one sheet per reporter, each starting on a new page. */
export async function feedbackDocx(
  context: DocumentContext,
  sheets: { reporter: EvaluatedReporter; problems: Problem[] }[],
) {
  const [only] = sheets;
  const documentTitle =
    sheets.length === 1
      ? feedbackTitle(only!.reporter)
      : `${assessmentOf(context.evaluation.cycleName)}反馈意见`;
  return officialDocx(
    documentTitle,
    sheets.flatMap((s, i) => feedbackSheet(context, s.reporter, s.problems, i === 0)),
  );
}
