import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/dates.js';
import { ledgerKindDefinitions, ledgerKinds } from '../../src/domain/ledger.js';
import { ledgerRow, parseAbsences, parseHours, splitNames } from '../../src/domain/ledger-import.js';
import {
  attendanceRate,
  countAttendance,
  isLateEntry,
  lateEntryGraceDays,
  ledgerRecordProblems,
  subPeriodStart,
  subPeriods,
} from '../../src/domain/ledger-record.js';
import type { RowError } from '../../src/domain/member-import.js';

const dayArb = fc.integer({ min: 0, max: 3650 }).map((n) => addDays('2020-01-01', n));

describe('attendance', () => {
  it('three present and one absent is 75%; nobody listed is no rate', () => {
    expect(
      countAttendance([{ present: true }, { present: true }, { present: true }, { present: false }]),
    ).toEqual({
      present: 3,
      absent: 1,
      rate: 75,
    });
    expect(countAttendance([])).toEqual({ present: 0, absent: 0, rate: null });
    expect(attendanceRate(2, 3)).toBe(66.7);
  });

  it('the rate stays in [0, 100], one more present never lowers it, and order does not matter', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 200 }), (flags) => {
        const rows = flags.map((present) => ({ present }));
        const { present, absent, rate } = countAttendance(rows);
        expect(present + absent).toBe(rows.length);
        expect(rate).toBeGreaterThanOrEqual(0);
        expect(rate).toBeLessThanOrEqual(100);
        expect(countAttendance([...rows].reverse())).toEqual({ present, absent, rate });
        const absentAt = flags.indexOf(false);
        if (absentAt >= 0) {
          const more = rows.map((r, i) => (i === absentAt ? { present: true } : r));
          expect(countAttendance(more).rate!).toBeGreaterThanOrEqual(rate!);
        }
      }),
    );
  });
});

describe('late entry', () => {
  it(`is marked only past ${lateEntryGraceDays} days after the day held`, () => {
    expect(isLateEntry('2026-05-01', '2026-05-08')).toBe(false);
    expect(isLateEntry('2026-05-01', '2026-05-09')).toBe(true);
    fc.assert(
      fc.property(dayArb, fc.integer({ min: 0, max: 400 }), (held, gap) => {
        expect(isLateEntry(held, addDays(held, gap))).toBe(gap > lateEntryGraceDays);
      }),
    );
  });
});

describe('sub-periods', () => {
  it('start on the first day of the month, quarter or half-year holding the day', () => {
    expect(subPeriodStart('2026-05-20', 'month')).toBe('2026-05-01');
    expect(subPeriodStart('2026-05-20', 'quarter')).toBe('2026-04-01');
    expect(subPeriodStart('2026-05-20', 'halfYear')).toBe('2026-01-01');
    expect(subPeriodStart('2026-07-01', 'halfYear')).toBe('2026-07-01');
    fc.assert(
      fc.property(dayArb, fc.constantFrom(...subPeriods), (day, period) => {
        const start = subPeriodStart(day, period);
        expect(start <= day).toBe(true);
        expect(start.slice(0, 4)).toBe(day.slice(0, 4));
        expect(subPeriodStart(start, period)).toBe(start);
        // Every day from the start to the given one lies in the same sub-period.
        expect(subPeriodStart(addDays(day, -Math.min(27, Number(day.slice(8)) - 1)), period)).toBe(start);
      }),
    );
  });
});

describe('ledgerRecordProblems', () => {
  const base = { kind: 'congress' as const, heldOn: '2026-05-01', hostName: '王书记' };
  const codes = (record: Parameters<typeof ledgerRecordProblems>[0]) =>
    ledgerRecordProblems(record, '2026-05-20').map((p) => `${p.field}:${p.code}`);

  it('accepts a plain meeting and names each problem by field, in Chinese', () => {
    expect(codes(base)).toEqual([]);
    expect(codes({ ...base, heldOn: '2026-05-21' })).toEqual(['heldOn:LEDGER_DATE_IN_FUTURE']);
    expect(codes({ ...base, hours: 2 })).toEqual(['hours:LEDGER_HOURS_NOT_ALLOWED']);
    expect(codes({ ...base, kind: 'training' })).toEqual(['hours:LEDGER_HOURS_REQUIRED']);
    expect(codes({ ...base, kind: 'training', hours: 1.25 })).toEqual(['hours:LEDGER_HOURS_INVALID']);
    expect(codes({ ...base, kind: 'lesson', hours: 1.1 })).toEqual([]);
    expect(codes({ ...base, hostName: ' ' })).toEqual(['hostName:LEDGER_HOST_REQUIRED']);
    expect(codes({ ...base, kind: 'serviceCase', attendance: [{ memberId: 1, present: true }] })).toEqual([
      'attendance:LEDGER_ATTENDANCE_NOT_ALLOWED',
    ]);
    expect(
      codes({
        ...base,
        attendance: [
          { memberId: 1, present: true },
          { memberId: 1, present: false, absenceReason: '病假' },
          { memberId: 2, present: false },
          { memberId: 3, present: true, absenceReason: '病假' },
        ],
      }),
    ).toEqual([
      'attendance.1.memberId:LEDGER_ATTENDEE_DUPLICATE',
      'attendance.2.absenceReason:LEDGER_ABSENCE_REASON_REQUIRED',
      'attendance.3.absenceReason:LEDGER_ABSENCE_REASON_PRESENT',
    ]);
    for (const p of ledgerRecordProblems({ ...base, heldOn: '2027-01-01', hours: 3 }, '2026-05-20'))
      expect(p.message).toMatch(/\p{Script=Han}/u);
  });

  it('asks for hours exactly on the kinds that carry them', () => {
    for (const kind of ledgerKinds)
      expect(codes({ ...base, kind }).includes('hours:LEDGER_HOURS_REQUIRED')).toBe(
        ledgerKindDefinitions[kind].hours,
      );
  });
});

describe('the Excel rows', () => {
  it('reads names and absences as written', () => {
    expect(splitNames(' 张三、李四，王五 赵六;')).toEqual(['张三', '李四', '王五', '赵六']);
    expect(splitNames(null)).toEqual([]);
    expect(parseAbsences('王五（外出务工）、赵六(病假)，钱七')).toEqual([
      { name: '王五', reason: '外出务工' },
      { name: '赵六', reason: '病假' },
      { name: '钱七', reason: null },
    ]);
    expect(parseHours('1.5')).toBe(1.5);
    expect(parseHours('两小时')).toBe('invalid');
    expect(parseHours(null)).toBeNull();
  });

  it('reports each problem under its column', () => {
    const errors: RowError[] = [];
    const row = ledgerRow(
      {
        orgRef: '1',
        kind: 'training',
        heldOn: '2026-06-01',
        topic: '培训',
        host: '王书记',
        place: null,
        hours: null,
        present: '张三、李四',
        absent: '张三（病假）、王五',
        minutes: null,
      },
      7,
      '2026-05-20',
      errors,
    );
    expect(row).not.toBeNull();
    expect(errors).toEqual([
      { row: 7, column: '缺席人员及原因', message: '“张三”在出席和缺席人员中重复出现' },
      { row: 7, column: '缺席人员及原因', message: '请在“王五”后的括号内写明缺席原因' },
      { row: 7, column: '日期', message: '日期不能晚于今天' },
      { row: 7, column: '学时', message: '请填写培训的学时' },
    ]);
  });
});
