// 上年度问题整改情况: what a new annual report says about the problems filed against its org before
// the year, written from the list itself, so the secretary starts from how each item actually stands
// rather than from memory (and a reviewer reads the same status the list shows).
import { chineseDate } from '../basics-text.js';
import { daysOverdue, problemStatusLabels, type ProblemStatus } from './workflow.js';

/** One problem carried into the report: the list's text, status and dates, and its measures' texts. */
export interface CarriedProblem {
  text: string;
  status: ProblemStatus;
  deadline: string;
  closedOn: string | null;
  measures: readonly string[];
}

/** Longest a problem's text runs in the report, and a measure's: one line each, not the excerpt. */
const problemLength = 60;
const measureLength = 40;

/**
 * `text` cut to its first sentence when that fits, else to `max` characters with an ellipsis; its
 * closing punctuation dropped, as the line adds its own.
 */
export function shortened(text: string, max: number): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  const first = /^(.+?)[。！？；]/u.exec(flat)?.[1] ?? flat;
  const cut = first.length <= max ? first : `${first.slice(0, max - 1)}…`;
  return cut.replace(/[。！？；，、：,.;:]+$/u, '');
}

function standing(item: CarriedProblem, today: string): string {
  if (item.status === 'closed')
    return item.closedOn ? `已于${chineseDate(item.closedOn)}整改销号` : '已整改销号';
  const late = daysOverdue(item, today);
  const due = `整改期限${chineseDate(item.deadline)}`;
  return `${problemStatusLabels[item.status]}，${due}${late > 0 ? `，已逾期${late}天` : ''}`;
}

/**
 * The section's text as of `today`: a summary line (共 N 个问题，已整改销号 M 个，正在整改 K 个，其中逾期 J 个)
 * and one numbered line per problem in the given order — its text, how it stands (closed on a day,
 * or its status and deadline, overdue by how much) and its measures. Empty when there is nothing:
 * the part may then be left blank.
 */
export function carryOverText(items: readonly CarriedProblem[], today: string): string {
  if (items.length === 0) return '';
  const closed = items.filter((i) => i.status === 'closed').length;
  const overdue = items.filter((i) => daysOverdue(i, today) > 0).length;
  const open = items.length - closed;
  const summary =
    `上年度以来列入问题清单的问题共 ${items.length} 个，已整改销号 ${closed} 个，正在整改 ${open} 个` +
    (overdue > 0 ? `，其中逾期 ${overdue} 个` : '') +
    '。';
  const lines = items.map((item, i) => {
    const measures = item.measures.map((m) => shortened(m, measureLength)).filter(Boolean);
    return (
      `${i + 1}．${shortened(item.text, problemLength)}。${standing(item, today)}。` +
      (measures.length ? `整改措施：${measures.join('；')}。` : '')
    );
  });
  return [summary, ...lines].join('\n');
}
