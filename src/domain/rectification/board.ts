// 晒单 and 整改统计: the monthly board's arithmetic. A month is read "as of its end" (or as of today
// while it runs): an item counts once filed by then, closed only if closed by then (one closed the
// next month still counts open), overdue when not closed by then and its deadline has passed. The
// SQL of the board counts by these same rules; the rates, days and order are worked out here.
import { addDays, dayNumber, isIsoDay } from '../dates.js';

/** A month written YYYY-MM. */
export const monthPattern = '^[1-9][0-9]{3}-(0[1-9]|1[0-2])$';

export const monthOf = (day: string) => day.slice(0, 7);

/** A YYYY-MM month as it is written in Chinese: 2026年7月. */
export const monthLabel = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;

/** The month's first and last day, and the day it is read as of: its end, or today while it runs. */
export function boardPeriod(month: string, today: string): { from: string; to: string; asOf: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const from = `${month}-01`;
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  const to = addDays(next, -1);
  if (!isIsoDay(from)) throw new RangeError(`not a month: ${month}`);
  return { from, to, asOf: to < today ? to : today };
}

/** Closed ÷ all items (merged duplicates are not items), rounded to 0.1 %; null when there are none. */
export function completionRate(closed: number, total: number): number | null {
  if (total === 0) return null;
  return Math.round((closed / total) * 1000) / 1000;
}

/** What the board's SQL counts per org, as of the month's end. */
export interface BoardCounts {
  orgId: number;
  orgName: string;
  total: number;
  closed: number;
  overdue: number;
}

export interface BoardRow extends BoardCounts {
  /** Neither closed nor overdue: being worked on within its deadline. */
  inProgress: number;
  rate: number | null;
}

export function boardRow(counts: BoardCounts): BoardRow {
  return {
    ...counts,
    inProgress: counts.total - counts.closed - counts.overdue,
    rate: completionRate(counts.closed, counts.total),
  };
}

/** Best rate first; at the same rate fewer overdue first, then by name (a stable, fair order). */
export function rankBoard(rows: readonly BoardCounts[]): BoardRow[] {
  return rows
    .map(boardRow)
    .sort(
      (a, b) =>
        (b.rate ?? -1) - (a.rate ?? -1) ||
        a.overdue - b.overdue ||
        a.orgName.localeCompare(b.orgName, 'zh-CN'),
    );
}

/** Days an item not closed by `asOf` is past its deadline (0 when not yet due). */
export const daysOverdueAsOf = (deadline: string, asOf: string) =>
  Math.max(0, dayNumber(asOf) - dayNumber(deadline));

/** A month's figures for the completion-over-time line. */
export interface MonthFigures {
  month: string;
  filed: number;
  closed: number;
}

/**
 * Months in order with the cumulative completion rate after each: everything closed so far over
 * everything filed so far. Months with nothing filed or closed are kept so the line has no gaps.
 */
export function completionOverTime(
  figures: readonly MonthFigures[],
): (MonthFigures & { cumulativeRate: number | null })[] {
  const byMonth = new Map(figures.map((f) => [f.month, f]));
  const months = [...byMonth.keys()].sort();
  if (months.length === 0) return [];
  const out: (MonthFigures & { cumulativeRate: number | null })[] = [];
  let filed = 0;
  let closed = 0;
  for (let month = months[0]!; month <= months.at(-1)!; month = nextMonth(month)) {
    const f = byMonth.get(month) ?? { month, filed: 0, closed: 0 };
    filed += f.filed;
    closed += f.closed;
    out.push({ month, filed: f.filed, closed: f.closed, cumulativeRate: completionRate(closed, filed) });
  }
  return out;
}

export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
