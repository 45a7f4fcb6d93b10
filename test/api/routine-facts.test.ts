import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerFacts, measuresByOrg, type OutflowSearch } from '../../src/db/routine-facts.js';
import { queryRows } from '../../src/db/query-rows.js';
import { addDays, addYears } from '../../src/domain/dates.js';
import { ledgerKindDefinitions, type LedgerKind } from '../../src/domain/ledger.js';
import { ageOn, educationLevels, isSeniorHighOrAbove, type Education } from '../../src/domain/member-base.js';
import { ruleMeasures, type RuleMeasure } from '../../src/domain/rule-measures.js';
import { factKey } from '../../src/domain/rules/index.js';
import type { PersonCountsRequest } from '../../src/domain/rules/facts.js';
import { countPerPerson } from '../../src/domain/rules/ledger-answers.js';
import { createTestContext, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import { createOrg, type OrgRow } from './support/fixtures.js';

/*
 * The SQL of every measure and of the per-person counts equals a brute-force count in plain code
 * over random members (roles, education, birth, stages, leaving), mobile records, ledger records
 * with attendance, 软弱涣散整顿 records and 问题清单 items, for a random period; a town counts its whole subtree, a
 * branch itself. Nobody moves here: the transfer rule has
 * its own test (statistics), and these statements place members with it.
 */

interface Person {
  org: number;
  birth: string | null;
  education: Education | null;
  branchRole: 'secretary' | 'committeeMember' | null;
  villageRole: 'director' | null;
  probationaryOn: string | null;
  activistOn: string | null;
  leftOn: string | null;
  outflow: { from: string; to: string | null } | null;
}
interface Rec {
  org: number;
  kind: LedgerKind;
  on: string;
  host: number | null;
  hours: number | null;
  attendance: { member: number; present: boolean }[];
}
interface Rectification {
  org: number;
  flagged: string;
  transformed: string | null;
}
/** A 问题清单 item; a merged one points at the item stored before it (the first stays unmerged). */
interface ListedProblem {
  org: number;
  deadline: string;
  closed: string | null;
  merged: boolean;
}

const first = '2024-01-01';
const dayArb = fc.integer({ min: 0, max: 1000 }).map((n) => addDays(first, n));
const maybeDay = fc.option(dayArb, { nil: null });
/** Three village branches and their town (the last), whose measures count all four. */
const orgCount = 4;
const town = orgCount - 1;
/** Whether org `x` is in the subtree of reporting org `org`. */
const within = (org: number, x: number) => org === town || x === org;
const peopleCount = 8;

const outflowSearches: OutflowSearch[] = ['perMember', 'fromRecords'];

describe(`routine facts: measures and per-person counts (${testDriver})`, () => {
  let t: TestContext;
  let orgs: OrgRow[];

  beforeAll(async () => {
    t = await createTestContext();
    const townOrg = await createOrg(t, null, '事实度量镇', 'committee');
    orgs = [
      await createOrg(t, townOrg.id, '度量一村党支部', 'branch'),
      await createOrg(t, townOrg.id, '度量二村党支部', 'branch'),
      await createOrg(t, townOrg.id, '度量三村党支部', 'branch'),
      townOrg,
    ];
  });
  afterAll(() => t?.close());

  const personArb: fc.Arbitrary<Person> = fc.record({
    org: fc.nat(orgCount - 1),
    birth: fc.option(
      fc.integer({ min: 0, max: 20000 }).map((n) => addDays('1950-01-01', n)),
      { nil: null },
    ),
    education: fc.option(fc.constantFrom(...educationLevels), { nil: null }),
    branchRole: fc.constantFrom('secretary', 'committeeMember', null),
    villageRole: fc.constantFrom('director', null),
    probationaryOn: maybeDay,
    activistOn: maybeDay,
    leftOn: fc.option(dayArb, { nil: null, freq: 4 }),
    outflow: fc.option(fc.record({ from: dayArb, to: maybeDay }), { nil: null }),
  });
  const recArb: fc.Arbitrary<Rec> = fc
    .record({
      org: fc.nat(orgCount - 1),
      kind: fc.constantFrom<LedgerKind>('training', 'lesson', 'congress', 'contactVisit'),
      on: dayArb,
      host: fc.option(fc.nat(peopleCount - 1), { nil: null }),
      hours: fc.integer({ min: 1, max: 8 }),
      attendance: fc.uniqueArray(fc.record({ member: fc.nat(peopleCount - 1), present: fc.boolean() }), {
        selector: (a) => a.member,
        maxLength: 5,
      }),
    })
    .map((r) => ({
      ...r,
      hours: ledgerKindDefinitions[r.kind].hours ? r.hours : null,
      attendance: ledgerKindDefinitions[r.kind].attendance ? r.attendance : [],
    }));
  const rectArb: fc.Arbitrary<Rectification> = fc.record({
    org: fc.nat(orgCount - 1),
    flagged: dayArb,
    transformed: maybeDay,
  });

  const problemArb: fc.Arbitrary<ListedProblem> = fc.record({
    org: fc.nat(orgCount - 1),
    deadline: dayArb,
    closed: maybeDay,
    merged: fc.boolean(),
  });

  async function store(
    people: Person[],
    records: Rec[],
    rects: Rectification[],
    problems: ListedProblem[],
  ): Promise<number[]> {
    const db = t.database.db;
    await db.execute(sql`delete from ledger_records`);
    await db.execute(sql`delete from weak_org_rectifications`);
    await db.execute(sql`delete from problems`);
    await db.execute(sql`delete from members`);
    const ids: number[] = [];
    for (const [i, p] of people.entries()) {
      const org = orgs[p.org]!;
      const [row] = await queryRows<{ id: number }>(
        db,
        sql`insert into members (org_id, org_path, name, gender, stage, birth_date, education,
              probationary_on, activist_on, branch_role, village_committee_role, left_on)
            values (${org.id}, ${org.path}::ltree, ${`度量党员${i}`}, 'male',
              ${p.probationaryOn ? 'full' : 'activist'}, ${p.birth}, ${p.education},
              ${p.probationaryOn}, ${p.activistOn}, ${p.branchRole}, ${p.villageRole}, ${p.leftOn})
            returning id`,
      );
      ids.push(row!.id);
      if (p.outflow)
        await db.execute(sql`insert into mobile_records (member_id, direction, place, started_on, ended_on)
          values (${row!.id}, 'outflow', '广东', ${p.outflow.from}, ${p.outflow.to})`);
    }
    for (const r of records) {
      const [row] = await queryRows<{ id: number }>(
        db,
        sql`insert into ledger_records (org_id, kind, held_on, topic, host_member_id, host_name, hours, entered_on)
            values (${orgs[r.org]!.id}, ${r.kind}, ${r.on}, '度量', ${r.host === null ? null : ids[r.host]!},
                    ${r.host === null ? '外请老师' : null}, ${r.hours}, ${r.on})
            returning id`,
      );
      for (const a of r.attendance)
        await db.execute(sql`insert into ledger_attendance (record_id, held_on, member_id, present, absence_reason)
          values (${row!.id}, ${r.on}, ${ids[a.member]!}, ${a.present}, ${a.present ? null : '外出'})`);
    }
    for (const w of rects)
      await db.execute(sql`insert into weak_org_rectifications (org_id, flagged_on, reasons, transformed_on)
        values (${orgs[w.org]!.id}, ${w.flagged}, '班子软弱', ${w.transformed})`);
    let previous: number | null = null;
    for (const p of problems) {
      const org = orgs[p.org]!;
      const [row]: { id: number }[] = await queryRows<{ id: number }>(
        db,
        sql`insert into problems (org_id, org_path, source, source_ref, text, category, severity, status,
              deadline, closed_on, merged_into_id)
            values (${org.id}, ${org.path}::ltree, 'inspection', '{"source":"inspection"}', '度量问题',
              'other', 'low', ${p.closed ? 'closed' : 'inProgress'}, ${p.deadline}, ${p.closed},
              ${p.merged ? previous : null})
            returning id`,
      );
      previous = row!.id;
    }
    return ids;
  }

  /** Each measure over plain arrays, as `measuresByOrg` defines it. */
  function bruteForce(
    measure: RuleMeasure,
    org: number,
    from: string,
    to: string,
    people: Person[],
    records: Rec[],
    rects: Rectification[],
    problems: ListedProblem[],
  ): number | null {
    const placed = people.filter((p) => within(org, p.org) && (p.leftOn === null || p.leftOn > to));
    const party = placed.filter((p) => p.probationaryOn !== null && p.probationaryOn <= to);
    const two = placed.filter((p) => p.branchRole !== null || p.villageRole !== null);
    const inPeriod = records.filter((r) => r.on >= from && r.on <= to);
    const share = (n: number, of: number) => (of === 0 ? null : (100 * n) / of);
    switch (measure) {
      case 'twoCommitteesAverageAge': {
        const born = two.filter((p) => p.birth !== null);
        return born.length === 0 ? null : born.reduce((s, p) => s + ageOn(p.birth!, to), 0) / born.length;
      }
      case 'twoCommitteesHighSchoolShare':
        return share(two.filter((p) => isSeniorHighOrAbove(p.education)).length, two.length);
      case 'attendanceRate': {
        const listed = inPeriod.filter((r) => within(org, r.org)).flatMap((r) => r.attendance);
        return share(listed.filter((a) => a.present).length, listed.length);
      }
      case 'trainingHoursPerMember': {
        const hours = inPeriod
          .filter((r) => within(org, r.org) && r.hours !== null)
          .reduce((s, r) => s + r.hours! * r.attendance.filter((a) => a.present).length, 0);
        return party.length === 0 ? null : hours / party.length;
      }
      case 'mobileActivityShare': {
        const out = party.filter(
          (p) => p.outflow && p.outflow.from <= to && (p.outflow.to === null || p.outflow.to >= from),
        );
        const active = out.filter((p) =>
          inPeriod.some((r) => r.attendance.some((a) => a.present && people[a.member] === p)),
        );
        return share(active.length, out.length);
      }
      case 'membersDeveloped':
        return people.filter(
          (p) =>
            within(org, p.org) &&
            p.probationaryOn !== null &&
            p.probationaryOn >= from &&
            p.probationaryOn <= to,
        ).length;
      case 'activistsTrained':
        return placed.filter((p) => p.activistOn !== null && p.activistOn >= from && p.activistOn <= to)
          .length;
      case 'overdueRectifications':
        return rects.filter(
          (w) =>
            within(org, w.org) &&
            w.flagged <= addYears(to, -1) &&
            (w.transformed === null || w.transformed > to),
        ).length;
      case 'rectificationCompletionRate': {
        const open = rects.filter(
          (w) => within(org, w.org) && w.flagged <= to && (w.transformed === null || w.transformed >= from),
        );
        return share(open.filter((w) => w.transformed !== null && w.transformed <= to).length, open.length);
      }
      case 'overdueProblems':
      case 'problemClosureRate': {
        const listed = problems.filter(
          (p, i) => within(org, p.org) && !(p.merged && i > 0) && (p.closed === null || p.closed >= from),
        );
        const closedBy = (p: ListedProblem) => p.closed !== null && p.closed <= to;
        if (measure === 'overdueProblems')
          return listed.filter((p) => p.deadline < to && !closedBy(p)).length;
        const due = listed.filter((p) => p.deadline <= to);
        return share(due.filter(closedBy).length, due.length);
      }
    }
  }

  it('answers every measure and the 支委/两委 per-person counts as a brute-force count does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(personArb, { minLength: peopleCount, maxLength: peopleCount }),
        fc.array(recArb, { maxLength: 25 }),
        fc.array(rectArb, { maxLength: 5 }),
        fc.array(problemArb, { maxLength: 8 }),
        fc.tuple(dayArb, dayArb).map(([a, b]): [string, string] => (a <= b ? [a, b] : [b, a])),
        async (people, records, rects, problems, [from, to]) => {
          const ids = await store(people, records, rects, problems);
          const orgIds = orgs.map((o) => o.id);
          // All at once, as a scheme asks them: the placed ones share one statement.
          const all = await measuresByOrg(t.database.db, ruleMeasures, orgIds, { from, to });
          for (const measure of ruleMeasures) {
            const values = all.get(measure)!;
            // Asked alone, the same; and by either search for the outflow members.
            expect(await measuresByOrg(t.database.db, [measure], orgIds, { from, to })).toEqual(
              new Map([[measure, values]]),
            );
            for (const search of outflowSearches)
              expect(await measuresByOrg(t.database.db, [measure], orgIds, { from, to }, search)).toEqual(
                new Map([[measure, values]]),
              );
            orgs.forEach((o, i) => {
              const expected = bruteForce(measure, i, from, to, people, records, rects, problems);
              const got = values.get(o.id);
              if (expected === null) expect(got, `${measure} ${o.name}`).toBeNull();
              else expect(got, `${measure} ${o.name}`).toBeCloseTo(expected, 9);
            });
          }
          const request: PersonCountsRequest = {
            type: 'personCounts',
            people: 'committeeMembers',
            ledgerKinds: ['contactVisit', 'congress'],
            topicIncludes: null,
            start: from,
            end: to,
          };
          const facts = await answerFacts(t.database.db, orgIds, [request], {
            manualDeductions: new Map(),
            targetItems: new Map(),
          });
          orgs.forEach((o, i) => {
            const group = people
              .map((p, n) => ({ p, id: String(ids[n]), name: `度量党员${n}` }))
              .filter(
                ({ p }) => p.org === i && p.branchRole !== null && (p.leftOn === null || p.leftOn > to),
              );
            const expected = countPerPerson(
              request,
              records
                .filter((r) => r.org === i)
                .map((r) => ({
                  kind: r.kind,
                  on: r.on,
                  topic: '度量',
                  people: r.host === null ? [] : [String(ids[r.host])],
                })),
              group,
            );
            const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : 1);
            expect([...(facts.get(o.id)!.get(factKey(request)) as { name: string }[])].sort(byName)).toEqual(
              expected.sort(byName),
            );
          });
        },
      ),
      { numRuns: 25 },
    );
  });
});
