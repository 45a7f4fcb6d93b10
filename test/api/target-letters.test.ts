import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query-rows.js';
import { letterProgress, targetLetterItems } from '../../src/db/target-letters.js';
import { addDays } from '../../src/domain/dates.js';
import { ledgerKinds, type LedgerKind } from '../../src/domain/ledger.js';
import { subPeriods } from '../../src/domain/rules/periods.js';
import { countRecords, type LedgerRecordFact } from '../../src/domain/rules/ledger-answers.js';
import { branchTemplate } from '../../src/domain/scheme-templates.js';
import { subPeriodUnits } from '../../src/domain/rule-format.js';
import { targetItemsOfScheme, type TargetLetterItem } from '../../src/domain/target-letters.js';
import { manualClock } from '../../src/server/clock.js';
import { createTestContext, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import {
  createOrg,
  expectApiError,
  expectNoChange,
  expectStatus,
  signedInUser,
  type OrgRow,
} from './support/fixtures.js';

type Summary = {
  orgId: number;
  orgName: string;
  letter: { id: number; status: string; items: number } | null;
};

describe(`target letters (${testDriver})`, () => {
  let t: TestContext;
  let town: OrgRow;
  let east: OrgRow;
  let west: OrgRow;
  let organizer: Session;
  let eastSecretary: Session;
  let westSecretary: Session;
  let cycleId: number;
  const clock = manualClock('2026-06-15T08:00:00Z');

  beforeAll(async () => {
    t = await createTestContext({ clock });
    const county = await createOrg(t, null, '责任书县委', 'county');
    town = await createOrg(t, county.id, '责任书镇党委', 'committee');
    east = await createOrg(t, town.id, '东坪村党支部', 'branch');
    west = await createOrg(t, town.id, '西坪村党支部', 'branch');
    for (const o of [east, west])
      expectStatus(await t.request(t.admin, 'PATCH', `/api/orgs/${o.id}`, { domain: 'village' }), 200);
    organizer = await signedInUser(t, 'tltown', 'organizer', town.id);
    eastSecretary = await signedInUser(t, 'tleast', 'secretary', east.id);
    westSecretary = await signedInUser(t, 'tlwest', 'secretary', west.id);
    cycleId = expectStatus(
      await t.request(organizer, 'POST', '/api/cycles', {
        orgId: town.id,
        kind: 'annual',
        year: 2026,
        schemes: { template: true },
      }),
      201,
    ).json().id;
  });
  afterAll(() => t?.close());

  const list = async (s: Session) =>
    expectStatus(await t.request(s, 'GET', `/api/target-letters?cycleId=${cycleId}`), 200).json() as Promise<{
      items: Summary[];
      writable: boolean;
    }>;
  const letterOf = async (org: OrgRow) =>
    (await list(organizer)).items.find((i) => i.orgId === org.id)!.letter!;
  const audit = () =>
    queryRows<{ action: string; after: Record<string, unknown> }>(
      t.database.db,
      sql`select action, "after" from audit_log where entity_type = 'targetLetter' order by id`,
    );

  it('breaks the scheme down into a draft per reporting org, once', async () => {
    expect((await list(organizer)).items.map((i) => [i.orgName, i.letter])).toEqual([
      ['东坪村党支部', null],
      ['西坪村党支部', null],
    ]);
    const made = await t.request(organizer, 'POST', '/api/target-letters', { cycleId });
    expect(expectStatus(made, 201).json()).toEqual({ created: 2 });
    expect(
      expectStatus(await t.request(organizer, 'POST', '/api/target-letters', { cycleId }), 201).json(),
    ).toEqual({
      created: 0,
    });
    const letter = expectStatus(
      await t.request(organizer, 'GET', `/api/target-letters/${(await letterOf(east)).id}`),
      200,
    ).json();
    const expected = targetItemsOfScheme(branchTemplate, { start: '2026-01-01', end: '2026-12-31' });
    expect(letter.items.map(({ result: _r, ...item }: { result: unknown }) => item)).toEqual(expected);
    expect(letter).toMatchObject({ status: 'draft', editable: true, acknowledgeable: false });
    expect(letter.items[0].result.detail).toMatch(/^目标\d+/);
    expect((await audit()).map((a) => a.action)).toEqual(['create', 'create']);
    // A secretary reads only their own org's letter, and sees it cannot be edited by them.
    expect((await list(eastSecretary)).items.map((i) => i.orgName)).toEqual(['东坪村党支部']);
    expect((await list(eastSecretary)).writable).toBe(false);
    expectApiError(
      await t.request(eastSecretary, 'GET', `/api/target-letters/${(await letterOf(west)).id}`),
      404,
      'NOT_FOUND',
    );
  });

  it('refuses bad items naming the field, and keeps the letter unchanged', async () => {
    const id = (await letterOf(east)).id;
    const put = (items: unknown) => t.request(organizer, 'PUT', `/api/target-letters/${id}/items`, { items });
    await expectNoChange(t, async () => {
      const zero = [
        {
          indicatorKey: null,
          label: '发展党员',
          target: 0,
          unit: '名',
          progress: { kind: 'entered', value: null },
        },
      ];
      const res = expectApiError(await put(zero), 400);
      expect(res.message).toContain('items.0.target');
      const empty = [
        {
          indicatorKey: null,
          label: '走访',
          target: 2,
          unit: '次',
          progress: { kind: 'records', source: { ledgerKinds: [] } },
        },
      ];
      expect(expectApiError(await put(empty), 400).message).toContain('items.0.progress');
      const negative = [
        {
          indicatorKey: null,
          label: '发展党员',
          target: 1,
          unit: '名',
          progress: { kind: 'entered', value: -2 },
        },
      ];
      expect(expectApiError(await put(negative), 400).message).toContain('items.0.progress');
    });
  });

  it('lets the organizer edit and issue, the org’s secretary acknowledge with the day, nobody else', async () => {
    const id = (await letterOf(east)).id;
    const items: TargetLetterItem[] = [
      {
        indicatorKey: null,
        label: '发展党员',
        target: 1,
        unit: '名',
        progress: { kind: 'entered', value: 1 },
      },
      {
        indicatorKey: 'A1',
        label: '支部党员大会',
        target: 4,
        unit: '次',
        progress: { kind: 'records', source: { ledgerKinds: ['congress'] } },
      },
    ];
    const saved = expectStatus(
      await t.request(organizer, 'PUT', `/api/target-letters/${id}/items`, { items }),
      200,
    ).json();
    expect(saved.items.map((i: { result: { detail: string } }) => i.result.detail)).toEqual([
      '目标1名，完成1名',
      '目标4次，完成0次',
    ]);
    // Not issued yet: nothing to sign.
    expectApiError(
      await t.request(eastSecretary, 'POST', `/api/target-letters/${id}/acknowledge`),
      409,
      'TARGET_LETTER_STATUS_INVALID',
    );
    const issued = expectStatus(
      await t.request(organizer, 'POST', `/api/target-letters/${id}/issue`),
      200,
    ).json();
    expect(issued).toMatchObject({
      status: 'issued',
      issuedOn: '2026-06-15',
      issuedByName: '用户tltown',
      editable: false,
    });
    expectApiError(
      await t.request(organizer, 'PUT', `/api/target-letters/${id}/items`, { items }),
      409,
      'TARGET_LETTER_ISSUED',
    );
    expectApiError(
      await t.request(organizer, 'POST', `/api/target-letters/${id}/issue`),
      409,
      'TARGET_LETTER_ISSUED',
    );
    // The organizer may not sign for the village; another village's secretary does not see it; an admin is not its secretary.
    expectApiError(
      await t.request(organizer, 'POST', `/api/target-letters/${id}/acknowledge`),
      403,
      'FORBIDDEN',
    );
    expectApiError(
      await t.request(westSecretary, 'POST', `/api/target-letters/${id}/acknowledge`),
      404,
      'NOT_FOUND',
    );
    expectApiError(
      await t.request(t.admin, 'POST', `/api/target-letters/${id}/acknowledge`),
      403,
      'TARGET_LETTER_NOT_OWN',
    );
    const seen = expectStatus(await t.request(eastSecretary, 'GET', `/api/target-letters/${id}`), 200).json();
    expect(seen.acknowledgeable).toBe(true);
    clock.set('2026-06-18T09:00:00Z');
    const signed = expectStatus(
      await t.request(eastSecretary, 'POST', `/api/target-letters/${id}/acknowledge`),
      200,
    ).json();
    expect(signed).toMatchObject({
      status: 'acknowledged',
      acknowledgedOn: '2026-06-18',
      acknowledgedByName: '用户tleast',
    });
    expectApiError(
      await t.request(eastSecretary, 'POST', `/api/target-letters/${id}/acknowledge`),
      409,
      'TARGET_LETTER_STATUS_INVALID',
    );
    expect((await audit()).slice(-3).map((a) => [a.action, a.after.letterStatus])).toEqual([
      ['update', 'draft'],
      ['update', 'issued'],
      ['update', 'acknowledged'],
    ]);
    // The routine score reads issued letters only: the west draft binds nobody.
    const read = await targetLetterItems(t.database.db, cycleId, [east.id, west.id]);
    expect(read.get(west.id)).toEqual([]);
    expect(read.get(east.id)).toEqual([
      { label: '发展党员', reached: true, detail: '目标1名，完成1名' },
      { label: '支部党员大会', reached: false, detail: '目标4次，完成0次' },
    ]);
  });

  it('refuses every change once the cycle is closed (409)', async () => {
    const westId = (await letterOf(west)).id;
    expectStatus(await t.request(organizer, 'POST', `/api/target-letters/${westId}/issue`), 200);
    await t.database.db.execute(sql`update cycles set status = 'closed' where id = ${cycleId}`);
    try {
      await expectNoChange(t, async () => {
        expectApiError(
          await t.request(organizer, 'POST', '/api/target-letters', { cycleId }),
          409,
          'CYCLE_CLOSED',
        );
        expectApiError(
          await t.request(westSecretary, 'POST', `/api/target-letters/${westId}/acknowledge`),
          409,
          'CYCLE_CLOSED',
        );
        const eastId = (await letterOf(east)).id;
        expectApiError(
          await t.request(organizer, 'POST', `/api/target-letters/${eastId}/issue`),
          409,
          'CYCLE_CLOSED',
        );
      });
      expect((await list(organizer)).writable).toBe(false);
    } finally {
      await t.database.db.execute(sql`update cycles set status = 'draft' where id = ${cycleId}`);
    }
  });

  it('counts progress as a brute-force count over the same records', async () => {
    const orgIds = [east.id, west.id];
    const dayArb = fc.integer({ min: 0, max: 400 }).map((n) => addDays('2025-10-01', n));
    const kinds: LedgerKind[] = ['congress', 'committee', 'lesson', 'annualPlan'];
    const recordArb = fc.record({
      org: fc.nat(1),
      kind: fc.constantFrom(...kinds),
      on: dayArb,
      topic: fc.constantFrom('专题研究党建工作', '学习党章', '乡村振兴'),
    });
    const sourceArb = fc.record(
      {
        ledgerKinds: fc.subarray([...ledgerKinds.filter((k) => kinds.includes(k))], { minLength: 1 }),
        topicIncludes: fc.constantFrom('党建', '学习', ' 党章 '),
      },
      { requiredKeys: ['ledgerKinds'] },
    );
    const itemArb: fc.Arbitrary<TargetLetterItem> = fc.oneof(
      sourceArb.map((source) => ({
        indicatorKey: null,
        label: '计数',
        target: 2,
        unit: '次',
        progress: { kind: 'records' as const, source },
      })),
      fc
        .tuple(sourceArb, fc.constantFrom(...subPeriodUnits), fc.integer({ min: 1, max: 2 }))
        .map(([source, every, atLeast]) => ({
          indicatorKey: null,
          label: '分期',
          target: 3,
          unit: '期',
          progress: { kind: 'periods' as const, source, every, atLeast },
        })),
    );
    const period = { from: '2026-01-01', to: '2026-12-31' };
    await fc.assert(
      fc.asyncProperty(
        fc.array(recordArb, { maxLength: 30 }),
        fc.array(itemArb, { minLength: 1, maxLength: 4 }),
        async (records, items) => {
          await t.database.db.execute(sql`delete from ledger_records`);
          for (const r of records)
            await t.database.db.execute(sql`
            insert into ledger_records (org_id, kind, held_on, topic, host_name, entered_on)
            values (${orgIds[r.org]!}, ${r.kind}, ${r.on}, ${r.topic}, '书记', ${r.on})`);
          const letters = orgIds.map((orgId) => ({ orgId, items }));
          const progress = await letterProgress(t.database.db, period, letters);
          orgIds.forEach((orgId, o) => {
            const facts: LedgerRecordFact[] = records
              .filter((r) => r.org === o)
              .map((r) => ({ kind: r.kind, on: r.on, topic: r.topic, people: [] }));
            const count = (
              source: { ledgerKinds: LedgerKind[]; topicIncludes?: string },
              start: string,
              end: string,
            ) =>
              countRecords(
                {
                  type: 'ledgerCount',
                  ledgerKinds: source.ledgerKinds,
                  topicIncludes: source.topicIncludes?.trim() || null,
                  start,
                  end,
                },
                facts,
              );
            const expected = items.map((item) => {
              const p = item.progress;
              if (p.kind === 'entered') return p.value;
              if (p.kind === 'records') return count(p.source, period.from, period.to);
              return subPeriods({ start: period.from, end: period.to }, p.every).filter(
                (sub) => count(p.source, sub.start, sub.end) >= p.atLeast,
              ).length;
            });
            expect(progress.get(orgId)!.map((p) => p.done)).toEqual(expected);
          });
        },
      ),
      { numRuns: 25 },
    );
    await t.database.db.execute(sql`delete from ledger_records`);
  });
});
