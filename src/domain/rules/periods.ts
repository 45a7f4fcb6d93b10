// The cycle's period and the calendar sub-periods a `perPeriod` rule asks about (每月, 每季度, 每半年).

import type { SubPeriodUnit } from '../rule-format.js';
import { addDays } from '../dates.js';

/** A cycle's period, both days included (ISO days). */
export interface Period {
  start: string;
  end: string;
}

export interface SubPeriod extends Period {
  /** "第二季度", "3月", "上半年"; with the year ("2025年第四季度") when the period spans years. */
  label: string;
}

const monthsPer: Record<SubPeriodUnit, number> = { month: 1, quarter: 3, halfYear: 6 };

const monthStart = (year: number, month0: number) =>
  `${String(year).padStart(4, '0')}-${String(month0 + 1).padStart(2, '0')}-01`;

/**
 * The calendar months, quarters or half-years that overlap the period, cut to it: a cycle from
 * March to December has a first quarter of one month, and that month must hold the meeting.
 */
export function subPeriods(period: Period, unit: SubPeriodUnit): SubPeriod[] {
  const size = monthsPer[unit];
  const firstYear = Number(period.start.slice(0, 4));
  const spansYears = period.end.slice(0, 4) !== period.start.slice(0, 4);
  let year = firstYear;
  let month0 = Math.floor((Number(period.start.slice(5, 7)) - 1) / size) * size;
  const out: SubPeriod[] = [];
  while (monthStart(year, month0) <= period.end) {
    const nextYear = month0 + size >= 12 ? year + 1 : year;
    const next0 = (month0 + size) % 12;
    const from = monthStart(year, month0);
    const to = addDays(monthStart(nextYear, next0), -1);
    const index = month0 / size;
    const name =
      unit === 'month'
        ? `${month0 + 1}月`
        : unit === 'quarter'
          ? `第${'一二三四'[index]}季度`
          : `${'上下'[index]}半年`;
    out.push({
      start: from < period.start ? period.start : from,
      end: to > period.end ? period.end : to,
      label: spansYears ? `${year}年${name}` : name,
    });
    year = nextYear;
    month0 = next0;
  }
  return out;
}
