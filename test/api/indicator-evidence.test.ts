import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EvidenceView, OrgSheet } from '../../src/contract/routine-scores.js';
import { queryRows } from '../../src/db/query-rows.js';
import { manualClock } from '../../src/server/clock.js';
import { pdf, png, uploadFile } from '../helpers/file-fixtures.js';
import { createTestContext, uploadTestTimeout, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import {
  createOrg,
  expectApiError,
  expectNoChange,
  expectStatus,
  signedInUser,
  type OrgRow,
} from './support/fixtures.js';

/*
 * 佐证材料 of an indicator: files from the file store and links to ledger records of the org in the
 * cycle's period, replaced as a whole by whoever may score the line, read back with the sheet.
 */
describe(`indicator evidence (${testDriver})`, () => {
  let t: TestContext;
  let county: OrgRow;
  let town: OrgRow;
  let branch: OrgRow;
  let otherBranch: OrgRow;
  let secretary: Session;
  let otherSecretary: Session;
  let checker: Session;
  let farOrganizer: Session;
  let viewer: Session;
  let cycleId: number;
  const records: Record<'first' | 'second' | 'lastYear' | 'otherOrg', number> = {} as never;
  const clock = manualClock('2026-06-15T08:00:00Z');

  const url = (key = 'b-vanguard', orgId = branch.id) =>
    `/api/routine-scores/${cycleId}/orgs/${orgId}/indicators/${key}/evidence`;
  const put = (s: Session, body: object, key?: string, orgId?: number) =>
    t.request(s, 'PUT', url(key, orgId), body);
  const evidenceOf = (view: OrgSheet, key = 'b-vanguard'): EvidenceView | null =>
    view.entries.find((e) => e.key === key)?.evidence ?? null;
  const sheetOf = async (s: Session): Promise<OrgSheet> =>
    expectStatus(await t.request(s, 'GET', `/api/routine-scores/${cycleId}/orgs/${branch.id}`), 200).json();
  const fileExists = async (id: number) =>
    (
      await queryRows<{ n: number }>(
        t.database.db,
        sql`select count(*)::int as n from files where id = ${id}`,
      )
    )[0]!.n === 1;
  const auditOf = (action: string) =>
    queryRows<{ before: Record<string, unknown> | null; after: Record<string, unknown> | null }>(
      t.database.db,
      sql`select before, after from audit_log where entity_type = 'indicatorEvidence' and action = ${action}
          order by id desc limit 1`,
    );
  const marks = async () =>
    (
      await queryRows<{ marks: number }>(
        t.database.db,
        sql`select marks from routine_scores where cycle_id = ${cycleId} and org_id = ${branch.id}`,
      )
    )[0]!.marks;
  const record = async (s: Session, orgId: number, heldOn: string, topic: string) =>
    expectStatus(
      await t.request(s, 'POST', '/api/ledger', {
        orgId,
        kind: 'affairsDisclosure',
        heldOn,
        topic,
        hostName: '赵书记',
      }),
      201,
    ).json().id as number;
  const upload = async (s: Session, name: string, bytes: Buffer) =>
    expectStatus(await uploadFile(t, s, 'kind=evidence', name, bytes), 201).json() as {
      id: number;
      name: string;
      type: string;
      size: number;
    };

  beforeAll(async () => {
    t = await createTestContext({ clock });
    county = await createOrg(t, null, '佐证县委', 'county');
    town = await createOrg(t, county.id, '佐证镇党委', 'committee');
    const otherTown = await createOrg(t, county.id, '佐证邻镇党委', 'committee');
    branch = await createOrg(t, town.id, '佐证东村党支部', 'branch');
    otherBranch = await createOrg(t, town.id, '佐证西村党支部', 'branch');
    for (const o of [branch, otherBranch])
      expectStatus(await t.request(t.admin, 'PATCH', `/api/orgs/${o.id}`, { domain: 'village' }), 200);
    secretary = await signedInUser(t, 'evsec', 'secretary', branch.id);
    otherSecretary = await signedInUser(t, 'evsec2', 'secretary', otherBranch.id);
    checker = await signedInUser(t, 'evchk', 'checker', town.id);
    farOrganizer = await signedInUser(t, 'evfar', 'organizer', otherTown.id);
    viewer = await signedInUser(t, 'evview', 'viewer', town.id);
    const cycle = expectStatus(
      await t.request(t.admin, 'POST', '/api/cycles', {
        orgId: town.id,
        kind: 'annual',
        year: 2026,
        schemes: { template: true },
      }),
      201,
    ).json();
    cycleId = cycle.id;
    expectStatus(await t.request(t.admin, 'POST', `/api/cycles/${cycleId}/status`, { status: 'open' }), 200);
    records.first = await record(secretary, branch.id, '2026-03-01', '公开三务');
    records.second = await record(secretary, branch.id, '2026-02-01', '公开党费收缴');
    records.lastYear = await record(secretary, branch.id, '2025-12-01', '去年的公开');
    records.otherOrg = await record(otherSecretary, otherBranch.id, '2026-03-02', '西村公开');
    await t.app.routineScores.settled();
  });
  afterAll(() => t?.close());
  afterEach(() => t.idle(), uploadTestTimeout);

  let photo: { id: number; name: string; type: string; size: number };

  it('attaches a file and two ledger records, read back with the sheet, leaving the score alone', async () => {
    photo = await upload(secretary, '先锋岗挂牌.png', png);
    const before = await marks();
    const view: OrgSheet = expectStatus(
      await put(secretary, {
        fileIds: [photo.id],
        ledgerRecordIds: [records.first, records.second],
        note: '先锋岗已挂牌',
      }),
      200,
    ).json();
    const evidence = evidenceOf(view)!;
    expect(evidence).toMatchObject({ note: '先锋岗已挂牌', userName: expect.any(String) });
    expect(evidence.files).toEqual([
      { id: photo.id, name: '先锋岗挂牌.png', type: 'image/png', size: png.length },
    ]);
    // Oldest first, whatever order they were given in.
    expect(evidence.ledgerRecords).toEqual([
      { id: records.second, kind: 'affairsDisclosure', heldOn: '2026-02-01', topic: '公开党费收缴' },
      { id: records.first, kind: 'affairsDisclosure', heldOn: '2026-03-01', topic: '公开三务' },
    ]);
    expect(evidenceOf(await sheetOf(checker))).toEqual(evidence);
    expect(await marks()).toBe(before);
    const [audit] = await auditOf('create');
    expect(audit!.after).toMatchObject({
      indicatorKey: 'b-vanguard',
      fileIds: [photo.id],
      ledgerRecordIds: [records.first, records.second],
      note: '先锋岗已挂牌',
    });
  });

  it('replaces the evidence: a dropped file nobody else uses is removed with its reference', async () => {
    const minutes = await upload(checker, '检查记录.pdf', pdf());
    const view: OrgSheet = expectStatus(
      await put(checker, { fileIds: [minutes.id], ledgerRecordIds: [records.first] }),
      200,
    ).json();
    const evidence = evidenceOf(view)!;
    expect(evidence.note).toBeNull();
    expect(evidence.files.map((f) => f.id)).toEqual([minutes.id]);
    expect(evidence.ledgerRecords.map((r) => r.id)).toEqual([records.first]);
    expect(await fileExists(photo.id)).toBe(false);
    expect(await fileExists(minutes.id)).toBe(true);
    const [audit] = await auditOf('update');
    expect(audit!.before).toMatchObject({
      fileIds: [photo.id],
      ledgerRecordIds: expect.arrayContaining([records.first, records.second]),
    });
    expect(audit!.after).toMatchObject({ fileIds: [minutes.id], ledgerRecordIds: [records.first] });
  });

  it('refuses a record of another org or outside the period, naming its place in the list', async () => {
    await expectNoChange(t, async () => {
      for (const [ids, field] of [
        [[records.first, records.otherOrg], 'ledgerRecordIds.1'],
        [[records.lastYear], 'ledgerRecordIds.0'],
        [[records.first, 2_000_000_000], 'ledgerRecordIds.1'],
      ] as const) {
        const error = expectApiError(
          await put(checker, { fileIds: [], ledgerRecordIds: ids }),
          400,
          'EVIDENCE_INVALID',
        );
        expect(error.details).toEqual([{ field, message: expect.stringContaining('佐证东村党支部') }]);
      }
    });
    // Another org's file is out of the secretary's scope.
    const other = await upload(otherSecretary, '西村.png', png);
    await expectNoChange(t, async () =>
      expectApiError(await put(secretary, { fileIds: [other.id], ledgerRecordIds: [] }), 404),
    );
    expectStatus(await t.request(otherSecretary, 'DELETE', `/api/files/${other.id}`), 204);
  });

  it('takes evidence only from whoever may score the line (404 outside scope, 403 for a viewer)', async () => {
    const body = { fileIds: [], ledgerRecordIds: [records.first] };
    await expectNoChange(t, async () => {
      expectApiError(await put(otherSecretary, body), 404, 'NOT_FOUND');
      expectApiError(await put(farOrganizer, body), 404, 'NOT_FOUND');
      expectApiError(await put(viewer, body), 403, 'FORBIDDEN');
      expectApiError(await put(checker, body, 'no-such-key'), 404, 'NOT_FOUND');
      // The other branch's secretary cannot cite their own record on this branch either.
      expectApiError(await put(otherSecretary, { fileIds: [], ledgerRecordIds: [records.otherOrg] }), 404);
    });
  });

  it('drops the link when the ledger record is deleted', async () => {
    expectStatus(
      await put(secretary, { fileIds: [], ledgerRecordIds: [records.first, records.second] }),
      200,
    );
    expectStatus(await t.request(secretary, 'DELETE', `/api/ledger/${records.second}`), 204);
    expect(evidenceOf(await sheetOf(secretary))!.ledgerRecords.map((r) => r.id)).toEqual([records.first]);
    const links = await queryRows<{ id: number }>(
      t.database.db,
      sql`select ledger_record_id as id from indicator_evidence_records`,
    );
    expect(links).toEqual([{ id: records.first }]);
  });

  it('deletes the evidence when given nothing, files detached and removed', async () => {
    const kept = await upload(secretary, '保留.png', png);
    expectStatus(await put(secretary, { fileIds: [kept.id], ledgerRecordIds: [], note: '说明' }), 200);
    const view: OrgSheet = expectStatus(
      await put(secretary, { fileIds: [], ledgerRecordIds: [] }),
      200,
    ).json();
    expect(evidenceOf(view)).toBeNull();
    expect(await fileExists(kept.id)).toBe(false);
    const [audit] = await auditOf('delete');
    expect(audit!.before).toMatchObject({ fileIds: [kept.id], note: '说明' });
    // Nothing to delete: no audit entry, nothing changes.
    await expectNoChange(t, async () =>
      expectStatus(await put(secretary, { fileIds: [], ledgerRecordIds: [] }), 200),
    );
  });

  it('refuses evidence once the cycle is closed (409)', async () => {
    for (const status of ['reviewing', 'closed'])
      expectStatus(await t.request(t.admin, 'POST', `/api/cycles/${cycleId}/status`, { status }), 200);
    await expectNoChange(t, async () => {
      expectApiError(
        await put(checker, { fileIds: [], ledgerRecordIds: [records.first] }),
        409,
        'CYCLE_CLOSED',
      );
    });
  });
});
