import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attendanceByOrg,
  recordCounts,
  recordCountsEach,
  recordCountsPerHost,
  recordCountsPerSubPeriod,
  trainingHoursByMember,
  type OrgSet,
  type Period,
  type RecordFilter,
} from '../../src/db/ledger-facts.js';
import { addDays } from '../../src/domain/dates.js';
import { ledgerKindDefinitions, ledgerKinds, type LedgerKind } from '../../src/domain/ledger.js';
import { subPeriodStart, subPeriods, type SubPeriod } from '../../src/domain/ledger-record.js';
import { createTestContext, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import { createOrg, expectStatus, type OrgRow } from './support/fixtures.js';

/*
 * The SQL the rules read equals a count over the same records in plain code: random records in a
 * small tree, a random set of orgs (a subtree or a list), period and filter, every fact shape.
 */

interface Rec {
  orgIndex: number;
  kind: LedgerKind;
  heldOn: string;
  topic: string;
  host: { member: number } | { name: string };
  hours: number | null;
  attendance: { member: number; present: boolean }[];
}

const firstDay = '2025-01-01';
const dayArb = fc.integer({ min: 0, max: 729 }).map((n) => addDays(firstDay, n));
const topics = ['专题研究党建工作', '学习党的二十大精神', '研究党建工作计划', '主题党日'];

describe(`ledger facts for rules (${testDriver})`, () => {
  let t: TestContext;
  let orgs: OrgRow[];
  const members: number[] = [];
  const names = ['张三', '李四'];

  beforeAll(async () => {
    t = await createTestContext();
    const county = await createOrg(t, null, '台账事实县委', 'county');
    const town = await createOrg(t, county.id, '台账事实镇党委', 'committee');
    const other = await createOrg(t, county.id, '台账事实邻镇党委', 'committee');
    orgs = [
      county,
      town,
      other,
      await createOrg(t, town.id, '台账事实一村党支部', 'branch'),
      await createOrg(t, town.id, '台账事实二村党支部', 'branch'),
      await createOrg(t, other.id, '台账事实三村党支部', 'branch'),
    ];
    for (let i = 0; i < 4; i++)
      members.push(
        expectStatus(
          await t.request(t.admin, 'POST', '/api/members', {
            orgId: orgs[3 + (i % 3)]!.id,
            name: `事实党员${i}`,
            gender: 'male',
            stage: 'full',
            probationaryOn: '2010-01-01',
            fullOn: '2011-01-01',
          }),
          201,
        ).json().id,
      );
  });
  afterAll(() => t?.close());

  const recArb: fc.Arbitrary<Rec> = fc
    .record({
      orgIndex: fc.nat(5),
      kind: fc.constantFrom(...ledgerKinds),
      heldOn: dayArb,
      topic: fc.constantFrom(...topics),
      host: fc.oneof(fc.record({ member: fc.nat(3) }), fc.record({ name: fc.constantFrom(...names) })),
      hours: fc.integer({ min: 1, max: 40 }).map((n) => n / 2),
      attendance: fc.uniqueArray(fc.record({ member: fc.nat(3), present: fc.boolean() }), {
        selector: (a) => a.member,
        maxLength: 4,
      }),
    })
    .map((r) => ({
      ...r,
      hours: ledgerKindDefinitions[r.kind].hours ? r.hours : null,
      attendance: ledgerKindDefinitions[r.kind].attendance ? r.attendance : [],
    }));

  /**
   * Stores the records by a detour through every kind of attendance write, since each record's
   * attendance counts are kept by triggers (migration 0022): the record is entered a day off and
   * moved (its attendance follows by cascade), each attendee is entered the other way round and
   * flipped, and the first one is deleted and entered again.
   */
  async function store(records: Rec[]) {
    const db = t.database.db;
    await db.execute(sql`delete from ledger_records`);
    for (const r of records) {
      const entered = addDays(r.heldOn, 1);
      const [row] = (
        (await db.execute(sql`
          insert into ledger_records (org_id, kind, held_on, topic, host_member_id, host_name, hours, entered_on)
          values (${orgs[r.orgIndex]!.id}, ${r.kind}, ${entered}, ${r.topic},
                  ${'member' in r.host ? members[r.host.member]! : null},
                  ${'name' in r.host ? r.host.name : null}, ${r.hours}, ${r.heldOn})
          returning id`)) as unknown as { rows: { id: number }[] }
      ).rows;
      const id = row!.id;
      const attend = (a: Rec['attendance'][number], present: boolean, day: string) =>
        db.execute(sql`
          insert into ledger_attendance (record_id, held_on, member_id, present, absence_reason)
          values (${id}, ${day}, ${members[a.member]!}, ${present}, ${present ? null : '病假'})`);
      for (const a of r.attendance) await attend(a, !a.present, entered);
      await db.execute(sql`update ledger_records set held_on = ${r.heldOn} where id = ${id}`);
      await db.execute(sql`
        update ledger_attendance
        set present = not present, absence_reason = case when present then '病假' end
        where record_id = ${id}`);
      const first = r.attendance[0];
      if (first) {
        await db.execute(sql`
          delete from ledger_attendance where record_id = ${id} and member_id = ${members[first.member]!}`);
        await attend(first, first.present, r.heldOn);
      }
    }
  }

  const setArb = fc.oneof(
    fc.nat(5).map((i) => ({ subtree: i })),
    fc.subarray([0, 1, 2, 3, 4, 5]).map((list) => ({ list })),
  );
  const periodArb = fc
    .tuple(dayArb, dayArb)
    .map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a }));
  const filterArb = fc.record({
    kinds: fc.subarray([...ledgerKinds], { maxLength: 4 }),
    topicWord: fc.option(fc.constantFrom('党建', '专题研究', '二十大'), { nil: undefined }),
  });

  const orgSet = (s: { subtree: number } | { list: number[] }): OrgSet =>
    'subtree' in s ? { subtree: orgs[s.subtree]!.path } : { orgIds: s.list.map((i) => orgs[i]!.id) };
  const inSet = (s: { subtree: number } | { list: number[] }, r: Rec) =>
    'subtree' in s
      ? `${orgs[r.orgIndex]!.path}.`.startsWith(`${orgs[s.subtree]!.path}.`)
      : s.list.includes(r.orgIndex);
  const passes = (r: Rec, p: Period, f: RecordFilter) =>
    r.heldOn >= p.from &&
    r.heldOn <= p.to &&
    (!f.kinds?.length || f.kinds.includes(r.kind)) &&
    (!f.topicWord || r.topic.includes(f.topicWord));

  /** Counts by key, as sorted [key, value] pairs. */
  function tally<T>(items: T[], key: (t: T) => string, add: (t: T) => number = () => 1) {
    const out = new Map<string, number>();
    for (const item of items) out.set(key(item), (out.get(key(item)) ?? 0) + add(item));
    return [...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
  const sorted = (pairs: [string, number][]) => pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

  it('counts, sub-period counts, host counts, attendance and training hours equal a brute-force count', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(recArb, { maxLength: 40 }),
        setArb,
        periodArb,
        filterArb,
        fc.constantFrom<SubPeriod>(...subPeriods),
        async (records, set, period, filter, sub) => {
          await store(records);
          const db = t.database.db;
          const chosen = records.filter((r) => inSet(set, r) && passes(r, period, filter));
          const org = (r: Rec) => String(orgs[r.orgIndex]!.id);

          const counts = await recordCounts(db, orgSet(set), period, filter);
          expect(sorted(counts.map((c) => [String(c.orgId), c.count]))).toEqual(tally(chosen, org));

          const perSub = await recordCountsPerSubPeriod(db, orgSet(set), period, sub, filter);
          expect(sorted(perSub.map((c) => [`${c.orgId}/${c.start}`, c.count]))).toEqual(
            tally(chosen, (r) => `${org(r)}/${subPeriodStart(r.heldOn, sub)}`),
          );

          const perHost = await recordCountsPerHost(db, orgSet(set), period, filter);
          const hostKey = (r: Rec) =>
            `${org(r)}/${'member' in r.host ? `m${members[r.host.member]}` : `n${r.host.name}`}`;
          expect(
            sorted(
              perHost.map((c) => [
                `${c.orgId}/${c.hostMemberId ? `m${c.hostMemberId}` : `n${c.hostName}`}`,
                c.count,
              ]),
            ),
          ).toEqual(tally(chosen, hostKey));

          const attendance = await attendanceByOrg(db, orgSet(set), period, filter);
          const attended = chosen.filter((r) => r.attendance.length > 0);
          const byKey = (a: (string | number)[], b: (string | number)[]) => (a[0]! < b[0]! ? -1 : 1);
          expect(
            attendance
              .map((a) => [String(a.orgId), a.present, a.listed, a.presentHours.toFixed(6)])
              .sort(byKey),
          ).toEqual(
            tally(attended, org).map(([key]) => {
              const own = attended.filter((r) => org(r) === key);
              const listed = own.flatMap((r) => r.attendance);
              const presentHours = own.reduce(
                (sum, r) => sum + (r.hours ?? 0) * r.attendance.filter((a) => a.present).length,
                0,
              );
              return [key, listed.filter((a) => a.present).length, listed.length, presentHours.toFixed(6)];
            }),
          );

          const hours = await trainingHoursByMember(db, orgSet(set), period);
          const sessions = records
            .filter((r) => inSet(set, r) && passes(r, period, {}) && r.hours !== null)
            .flatMap((r) =>
              r.attendance
                .filter((a) => a.present)
                .map((a) => ({ key: `${org(r)}/${members[a.member]}`, hours: r.hours! })),
            );
          expect(sorted(hours.map((h) => [`${h.orgId}/${h.memberId}`, h.hours]))).toEqual(
            tally(
              sessions,
              (s) => s.key,
              (s) => s.hours,
            ),
          );
          expect(sorted(hours.map((h) => [`${h.orgId}/${h.memberId}`, h.sessions]))).toEqual(
            tally(sessions, (s) => s.key),
          );
        },
      ),
      { seed: 20_261_111, numRuns: 40 },
    );
  }, 240_000);

  it('counts many requests in one statement as each alone would, by brute force', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(recArb, { maxLength: 40 }),
        setArb,
        fc.array(fc.record({ period: periodArb, filter: filterArb }), { minLength: 1, maxLength: 4 }),
        async (records, set, requests) => {
          await store(records);
          const rows = await recordCountsEach(
            t.database.db,
            orgSet(set),
            requests.map((r) => ({ period: r.period, ...r.filter })),
          );
          const got = new Map(rows.map((r) => [orgs.findIndex((o) => o.id === r.orgId), r.counts]));
          orgs.forEach((_, orgIndex) => {
            const expected = requests.map(
              (q) =>
                records.filter(
                  (r) => r.orgIndex === orgIndex && inSet(set, r) && passes(r, q.period, q.filter),
                ).length,
            );
            // An org is listed when it has records in the requests' span, even if none passes.
            expect(got.get(orgIndex) ?? expected.map(() => 0)).toEqual(expected);
          });
        },
      ),
      { seed: 20_261_202, numRuns: 40 },
    );
  }, 240_000);

  it('counts requests over two dozen topic words, and a kind named twice once', async () => {
    // Words cost the counting nothing per word: 24 distinct ones, three of them in the topics.
    const words = ['党建', '专题研究', '二十大', ...Array.from({ length: 21 }, (_, i) => `词${i}`)];
    await fc.assert(
      fc.asyncProperty(fc.array(recArb, { maxLength: 40 }), periodArb, async (records, period) => {
        await store(records);
        const requests = words.map((topicWord, i) => ({
          period,
          topicWord,
          kinds: i % 2 ? [ledgerKinds[i % ledgerKinds.length]!, ledgerKinds[i % ledgerKinds.length]!] : [],
        }));
        const all = { subtree: orgs[0]!.path };
        const got = new Map(
          (await recordCountsEach(t.database.db, all, requests)).map((r) => [r.orgId, r.counts]),
        );
        orgs.forEach((org, orgIndex) => {
          const expected = requests.map(
            (q) => records.filter((r) => r.orgIndex === orgIndex && passes(r, q.period, q)).length,
          );
          expect(got.get(org.id) ?? expected.map(() => 0)).toEqual(expected);
        });
      }),
      { seed: 20_261_203, numRuns: 10 },
    );
  }, 240_000);
});
