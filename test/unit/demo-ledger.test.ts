import { describe, expect, it } from 'vitest';
import { demoEnteredOn, demoLedgerYear, ledgerHabitOf } from '../../src/db/demo/ledger.js';
import { countAttendance, ledgerRecordProblems } from '../../src/domain/ledger-record.js';

const orgs = Array.from({ length: 8 }, (_, i) => ({
  id: 100 + i,
  members: Array.from({ length: 6 + i }, (_, j) => ({ id: 1000 * (i + 1) + j, name: `党员${i}-${j}` })),
}));
const today = '2026-11-30';

describe('the demo ledger', () => {
  const records = demoLedgerYear(orgs, 2026, today, 42);
  const of = (index: number) => records.filter((r) => r.orgId === orgs[index]!.id);

  it('is the same for the same seed and differs for another', () => {
    expect(demoLedgerYear(orgs, 2026, today, 42)).toEqual(records);
    expect(demoLedgerYear(orgs, 2026, today, 43)).not.toEqual(records);
  });

  it('passes every rule a record entered through the API meets, and nothing is after today', () => {
    // Eight branches, about forty records each by the end of November.
    expect(records.length).toBeGreaterThan(200);
    for (const r of records) {
      const listed = new Set(orgs.find((o) => o.id === r.orgId)!.members.map((m) => m.id));
      expect(ledgerRecordProblems(r, today), JSON.stringify(r)).toEqual([]);
      expect(r.heldOn.startsWith('2026-')).toBe(true);
      expect(r.attendance.every((a) => listed.has(a.memberId))).toBe(true);
      const entered = demoEnteredOn(r, 42, today);
      expect(entered >= r.heldOn && entered <= today).toBe(true);
    }
  });

  it('has the gaps that make scores differ: no plan, a lax branch, one that trains well', () => {
    const count = (index: number, kind: string) => of(index).filter((r) => r.kind === kind).length;
    expect(ledgerHabitOf(1)).toBe('noPlan');
    expect(count(1, 'annualPlan')).toBe(0);
    expect(count(2, 'annualPlan')).toBe(1);
    expect(ledgerHabitOf(3)).toBe('lax');
    expect(of(3).length).toBeLessThan(of(2).length);
    const rate = (index: number) => countAttendance(of(index).flatMap((r) => r.attendance)).rate!;
    expect(rate(3)).toBeLessThan(rate(2));
    const hours = (index: number) =>
      of(index).reduce((sum, r) => sum + (r.kind === 'training' ? r.hours! : 0), 0);
    expect(hours(0)).toBeGreaterThan(2 * Math.max(...[2, 4, 5].map(hours)));
  });

  it('keeps the towns’ own ledger with their own habits, without attendance lists', () => {
    const towns = [0, 1].map((i) => ({ id: 900 + i, members: [], town: true }));
    const all = demoLedgerYear([...towns, ...orgs], 2026, today, 42);
    // The branches' records are the same with or without the towns.
    expect(all.filter((r) => r.orgId < 900)).toEqual(records);
    const ofTown = (i: number) => all.filter((r) => r.orgId === towns[i]!.id);
    expect(ofTown(0).filter((r) => r.kind === 'annualPlan')).toHaveLength(1);
    expect(ofTown(1).filter((r) => r.kind === 'annualPlan')).toHaveLength(0);
    for (const r of [...ofTown(0), ...ofTown(1)]) {
      expect(ledgerRecordProblems(r, today), JSON.stringify(r)).toEqual([]);
      expect(r.attendance).toEqual([]);
    }
    expect(new Set(ofTown(0).map((r) => r.kind))).toEqual(
      new Set([
        'annualPlan',
        'partyBuildingMeeting',
        'quarterlyReportMeeting',
        'democraticLifeMeeting',
        'pairingActivity',
        'serviceCase',
      ]),
    );
  });
});
