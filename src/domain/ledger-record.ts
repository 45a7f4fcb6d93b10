// The rules of one 台账 record, shared by the API, the Excel import and the phone form: what a
// record of each kind may carry, the attendance rate, late entry, and the sub-periods (month,
// quarter, half-year) that rules count records in. Pure.
import { ledgerKindDefinitions, ledgerKindLabel, type LedgerKind } from './ledger.js';

/** Whom a record lists: a member of the org on the day, present or absent with a reason. */
export interface Attendance {
  memberId: number;
  present: boolean;
  absenceReason?: string | null;
}

export interface AttendanceCount {
  present: number;
  absent: number;
  /** Present over listed, 0–100 with one decimal; null when nobody is listed. */
  rate: number | null;
}

/** Rounds to one decimal, the precision a scoring sheet writes percentages in. */
const oneDecimal = (n: number) => Math.round(n * 10) / 10;

export function attendanceRate(present: number, listed: number): number | null {
  return listed === 0 ? null : oneDecimal((present / listed) * 100);
}

export function countAttendance(rows: readonly Pick<Attendance, 'present'>[]): AttendanceCount {
  const present = rows.filter((r) => r.present).length;
  return { present, absent: rows.length - present, rate: attendanceRate(present, rows.length) };
}

/**
 * Minutes are often written up some days after the meeting: a record entered within this many days
 * of the day it was held is not marked. Later entries are allowed but shown as 补录 with their date,
 * so a checker can tell work recorded on time from work recorded before an assessment.
 */
export const lateEntryGraceDays = 7;

export function isLateEntry(heldOn: string, enteredOn: string): boolean {
  const held = Date.parse(`${heldOn}T00:00:00Z`);
  const entered = Date.parse(`${enteredOn}T00:00:00Z`);
  return (entered - held) / 86_400_000 > lateEntryGraceDays;
}

/** The most hours one record may carry: a day's training is at most a few hours, a course a few days. */
export const maxRecordHours = 200;

// 1.1 * 10 is 11.000000000000002 in floating point: compare with a tolerance, not exactly.
const hasOneDecimalAtMost = (n: number) => Math.abs(Math.round(n * 10) - n * 10) < 1e-6;

export interface LedgerRecordFields {
  kind: LedgerKind;
  heldOn: string;
  hours?: number | null;
  hostMemberId?: number | null;
  hostName?: string | null;
  attendance?: readonly Attendance[] | null;
}

export interface LedgerProblem {
  field: string;
  code: string;
  message: string;
}

/**
 * What is wrong with a record as it will be stored, each problem with its field: a day after today,
 * hours on a kind that carries none (or none on a kind that does), attendance on a kind without it,
 * a member listed twice, an absence without a reason, no host.
 */
export function ledgerRecordProblems(record: LedgerRecordFields, today: string): LedgerProblem[] {
  const problems: LedgerProblem[] = [];
  const kind = ledgerKindDefinitions[record.kind];
  const label = ledgerKindLabel(record.kind);
  if (record.heldOn > today)
    problems.push({ field: 'heldOn', code: 'LEDGER_DATE_IN_FUTURE', message: '日期不能晚于今天' });
  const hours = record.hours ?? null;
  if (hours !== null && !kind.hours)
    problems.push({ field: 'hours', code: 'LEDGER_HOURS_NOT_ALLOWED', message: `${label}不记学时` });
  if (hours !== null && (hours <= 0 || hours > maxRecordHours || !hasOneDecimalAtMost(hours)))
    problems.push({
      field: 'hours',
      code: 'LEDGER_HOURS_INVALID',
      message: `学时须大于 0、不超过 ${maxRecordHours}，最多一位小数`,
    });
  if (hours === null && kind.hours)
    problems.push({ field: 'hours', code: 'LEDGER_HOURS_REQUIRED', message: `请填写${label}的学时` });
  if (!record.hostMemberId && !record.hostName?.trim())
    problems.push({ field: 'hostName', code: 'LEDGER_HOST_REQUIRED', message: '请选择或填写主持人' });
  const attendance = record.attendance ?? [];
  if (attendance.length > 0 && !kind.attendance)
    problems.push({
      field: 'attendance',
      code: 'LEDGER_ATTENDANCE_NOT_ALLOWED',
      message: `${label}不登记参加人员`,
    });
  const seen = new Set<number>();
  attendance.forEach((a, i) => {
    if (seen.has(a.memberId))
      problems.push({
        field: `attendance.${i}.memberId`,
        code: 'LEDGER_ATTENDEE_DUPLICATE',
        message: '同一名党员在参加人员中出现了两次',
      });
    seen.add(a.memberId);
    if (!a.present && !a.absenceReason?.trim())
      problems.push({
        field: `attendance.${i}.absenceReason`,
        code: 'LEDGER_ABSENCE_REASON_REQUIRED',
        message: '缺席人员须填写缺席原因',
      });
    if (a.present && a.absenceReason?.trim())
      problems.push({
        field: `attendance.${i}.absenceReason`,
        code: 'LEDGER_ABSENCE_REASON_PRESENT',
        message: '出席人员不填写缺席原因',
      });
  });
  return problems;
}

/** The sub-periods a rule may ask "at least N in each" of. */
export const subPeriods = ['month', 'quarter', 'halfYear'] as const;
export type SubPeriod = (typeof subPeriods)[number];

export const subPeriodLabels: Record<SubPeriod, string> = { month: '月', quarter: '季度', halfYear: '半年' };

/** The sub-period a day falls in, as its first day ("2026-04-01" for any day of 2026's second quarter). */
export function subPeriodStart(day: string, period: SubPeriod): string {
  const year = day.slice(0, 4);
  const month = Number(day.slice(5, 7));
  const months = period === 'month' ? 1 : period === 'quarter' ? 3 : 6;
  const first = Math.floor((month - 1) / months) * months + 1;
  return `${year}-${String(first).padStart(2, '0')}-01`;
}
