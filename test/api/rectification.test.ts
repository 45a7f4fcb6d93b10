import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query-rows.js';
import { manualClock } from '../../src/server/clock.js';
import { png, uploadFile } from '../helpers/file-fixtures.js';
import { createTestContext, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import {
  annualCycle,
  createOrg,
  expectApiError,
  expectNoChange,
  expectStatus,
  signedInUser,
  type OrgRow,
} from './support/fixtures.js';

type Problem = {
  id: number;
  status: string;
  reopenCount: number;
  deadline: string;
  closedOn: string | null;
  overdue: boolean;
  daysOverdue: number;
  mergedIntoId: number | null;
  measures: number;
  events: {
    kind: string;
    fromStatus: string | null;
    toStatus: string;
    reason: string | null;
    detail: object;
    ledgerRecords: { id: number; kind: string; heldOn: string; topic: string }[];
  }[];
  mergedSources: { id: number; source: string; candidateKey: string | null }[];
  measuresList: { id: number; ownerName: string; responsibleOrgName: string }[];
};

describe(`rectification: the problem list (${testDriver})`, () => {
  let t: TestContext;
  let town: OrgRow;
  let otherTown: OrgRow;
  let village: OrgRow;
  let otherVillage: OrgRow;
  let organizer: Session;
  let secretary: Session & { username: string };
  let boundAdmin: Session;
  let cycleId: number;
  let serial = 0;
  const clock = manualClock('2026-06-15T08:00:00Z');

  beforeAll(async () => {
    t = await createTestContext({ clock });
    const county = await createOrg(t, null, '整改县委', 'county');
    town = await createOrg(t, county.id, '整改镇党委', 'committee');
    otherTown = await createOrg(t, county.id, '邻镇党委', 'committee');
    village = await createOrg(t, town.id, '东村党支部', 'branch');
    otherVillage = await createOrg(t, otherTown.id, '西村党支部', 'branch');
    organizer = await signedInUser(t, 'rctown', 'organizer', town.id);
    secretary = await signedInUser(t, 'rcsec', 'secretary', village.id);
    // An admin bound to the village: may both submit (its own org) and verify (admin) — but not both on one item.
    boundAdmin = await signedInUser(t, 'rcadmin', 'admin', village.id);
    cycleId = await annualCycle(t, organizer, town.id);
  });
  afterAll(() => t?.close());

  const candidate = (more: object = {}) => ({
    cycleId,
    orgId: village.id,
    candidateKey: `critique:${++serial}`,
    ref: { source: 'critique', leaderReviewId: serial },
    text: '三会一课落实不到位',
    excerpt: '点评：组织生活不规范',
    category: 'organizational',
    severity: 'medium',
    deadline: '2026-09-30',
    ...more,
  });
  const file = async (more: object = {}) =>
    expectStatus(await t.request(organizer, 'POST', '/api/problems', candidate(more)), 201).json() as Problem;
  const post = (s: Session, id: number, step: string, body?: object) =>
    t.request(s, 'POST', `/api/problems/${id}/${step}`, body ?? {});
  const step = async (s: Session, id: number, name: string, body?: object) =>
    expectStatus(await post(s, id, name, body), 200).json() as Problem;
  const get = async (s: Session, id: number) =>
    expectStatus(await t.request(s, 'GET', `/api/problems/${id}`), 200).json() as Problem;
  const audits = (id: number) =>
    queryRows<{
      action: string;
      after: Record<string, unknown> | null;
      before: Record<string, unknown> | null;
    }>(
      t.database.db,
      sql`select action, after, before from audit_log where entity_type = 'problem' and entity_id = ${String(id)} order by id`,
    );

  it('runs the whole way: filed from a candidate, measures, started, submitted, closed', async () => {
    const filed = await file();
    expect(filed).toMatchObject({ status: 'open', reopenCount: 0, measures: 0, overdue: false });
    expect(filed.events.map((e) => e.kind)).toEqual(['file']);

    const measure = expectStatus(
      await t.request(secretary, 'POST', `/api/problems/${filed.id}/measures`, {
        text: '制定组织生活计划并按月公示',
        ownerUserId: secretary.userId,
        responsibleOrgId: village.id,
        deadline: '2026-08-31',
        milestones: [{ text: '制定计划', due: '2026-07-15', doneOn: null }],
      }),
      201,
    ).json();
    expect(measure).toMatchObject({ ownerName: '用户rcsec', responsibleOrgName: '东村党支部', done: false });

    expect((await step(secretary, filed.id, 'start')).status).toBe('inProgress');
    expectApiError(await post(secretary, filed.id, 'submit', { text: ' ' }), 400);
    expectApiError(await post(secretary, filed.id, 'submit', {}), 400, 'VALIDATION_ERROR');
    expectApiError(
      await post(secretary, filed.id, 'submit', { text: null, fileIds: [] }),
      400,
      'PROBLEM_EVIDENCE_REQUIRED',
    );
    expectApiError(
      await post(secretary, filed.id, 'submit', { ledgerRecordIds: [999999] }),
      400,
      'PROBLEM_LEDGER_RECORD_INVALID',
    );
    // The organizer above verifies; the org's own users submit.
    expectApiError(await post(organizer, filed.id, 'submit', { text: '已整改' }), 403, 'PROBLEM_NOT_OWN');
    const photo = expectStatus(
      await uploadFile(t, secretary, 'kind=evidence', '整改照片.png', png),
      201,
    ).json();
    const record = expectStatus(
      await t.request(secretary, 'POST', '/api/ledger', {
        orgId: village.id,
        kind: 'affairsDisclosure',
        heldOn: '2026-06-10',
        topic: '公开组织生活计划',
        hostName: '王书记',
        place: '村务公开栏',
      }),
      201,
    ).json();
    const submitted = await step(secretary, filed.id, 'submit', {
      text: '已按月召开支部党员大会',
      fileIds: [photo.id],
      ledgerRecordIds: [record.id],
    });
    expect(submitted.status).toBe('submitted');
    // The detail names the cited record, as the history shows it.
    expect(submitted.events.at(-1)).toMatchObject({
      kind: 'submit',
      ledgerRecords: [
        { id: record.id, kind: 'affairsDisclosure', heldOn: '2026-06-10', topic: '公开组织生活计划' },
      ],
    });
    expectApiError(await post(secretary, filed.id, 'close'), 403, 'FORBIDDEN');

    const closed = await step(organizer, filed.id, 'close');
    expect(closed).toMatchObject({ status: 'closed', closedOn: '2026-06-15', measures: 1 });
    expect(closed.events.map((e) => [e.kind, e.fromStatus, e.toStatus])).toEqual([
      ['file', null, 'open'],
      ['start', 'open', 'inProgress'],
      ['submit', 'inProgress', 'submitted'],
      ['close', 'submitted', 'closed'],
    ]);
    expect(closed.events[2]).toMatchObject({
      detail: { evidence: '已按月召开支部党员大会', fileIds: [photo.id] },
      files: [expect.objectContaining({ id: photo.id, name: '整改照片.png' })],
    });
    expect((await audits(filed.id)).map((a) => a.after?.problemEvent ?? a.action)).toEqual([
      'create',
      'start',
      'submit',
      'close',
    ]);
    // A closed item takes no more measures and no more submissions.
    expectApiError(
      await post(secretary, filed.id, 'submit', { text: '再次提交' }),
      409,
      'PROBLEM_STATUS_INVALID',
    );
  });

  it('files a candidate once per cycle: the second time is 409', async () => {
    const body = candidate();
    expectStatus(await t.request(organizer, 'POST', '/api/problems', body), 201);
    await expectNoChange(t, async () =>
      expectApiError(
        await t.request(organizer, 'POST', '/api/problems', body),
        409,
        'PROBLEM_CANDIDATE_FILED',
      ),
    );
  });

  it('files an inspection by hand, with or without a cycle; refuses what does not fit', async () => {
    const inspection = {
      orgId: village.id,
      ref: { source: 'inspection' },
      text: '党员活动室台账缺失',
      category: 'system',
      severity: 'low',
      deadline: '2026-08-01',
    };
    const filed = expectStatus(await t.request(organizer, 'POST', '/api/problems', inspection), 201).json();
    expect(filed).toMatchObject({ cycleId: null, source: 'inspection', candidateKey: null });
    await expectNoChange(t, async () => {
      expectApiError(
        await t.request(organizer, 'POST', '/api/problems', { ...inspection, candidateKey: 'x:1' }),
        400,
        'PROBLEM_CANDIDATE_INVALID',
      );
      const { candidateKey: _key, ...keyless } = candidate();
      expectApiError(
        await t.request(organizer, 'POST', '/api/problems', keyless),
        400,
        'PROBLEM_CANDIDATE_REQUIRED',
      );
      expectApiError(
        await t.request(t.admin, 'POST', '/api/problems', candidate({ orgId: otherVillage.id })),
        400,
        'PROBLEM_ORG_OUTSIDE_CYCLE',
      );
      // An org never files (nor verifies) its own problems.
      expectApiError(
        await t.request(organizer, 'POST', '/api/problems', { ...inspection, orgId: town.id }),
        403,
        'PROBLEM_NOT_VERIFIER',
      );
      expectApiError(
        await t.request(organizer, 'POST', '/api/problems', { ...inspection, orgId: otherVillage.id }),
        404,
        'NOT_FOUND',
      );
      expectApiError(
        await t.request(organizer, 'POST', '/api/problems', { ...inspection, category: 'x' }),
        400,
      );
    });
  });

  it('rejects with a reason, counts the reopening, and closes the resubmission', async () => {
    const { id } = await file();
    await step(secretary, id, 'start');
    await step(secretary, id, 'submit', { text: '第一次提交' });
    expectApiError(await post(organizer, id, 'reject', {}), 400);
    const rejected = await step(organizer, id, 'reject', { reason: '缺少会议记录' });
    expect(rejected).toMatchObject({ status: 'rejected', reopenCount: 1 });
    expectApiError(await post(secretary, id, 'submit', { text: '直接再交' }), 409, 'PROBLEM_STATUS_INVALID');
    expect((await step(secretary, id, 'start')).status).toBe('inProgress');
    await step(secretary, id, 'submit', { text: '补充了会议记录' });
    const closed = await step(organizer, id, 'close');
    expect(closed).toMatchObject({ status: 'closed', reopenCount: 1 });
    expect(closed.events.find((e) => e.kind === 'reject')?.reason).toBe('缺少会议记录');
  });

  it('never lets the submitter close what they submitted', async () => {
    const { id } = await file();
    await step(boundAdmin, id, 'start');
    await step(boundAdmin, id, 'submit', { text: '自己整改' });
    await expectNoChange(t, async () =>
      expectApiError(await post(boundAdmin, id, 'close'), 403, 'PROBLEM_SELF_CLOSE'),
    );
    expect((await step(organizer, id, 'close')).status).toBe('closed');
  });

  it('extends a deadline only later and with a reason, audited; edits only while open', async () => {
    const { id } = await file({ deadline: '2026-07-31' });
    expect(
      (await t.request(organizer, 'PATCH', `/api/problems/${id}`, { severity: 'high' })).json().severity,
    ).toBe('high');
    await step(secretary, id, 'start');
    await expectNoChange(t, async () => {
      expectApiError(
        await t.request(organizer, 'PATCH', `/api/problems/${id}`, { deadline: '2026-12-31' }),
        409,
        'PROBLEM_STATUS_INVALID',
      );
      expectApiError(
        await post(organizer, id, 'extend', { deadline: '2026-07-01', reason: '汛期' }),
        400,
        'PROBLEM_DEADLINE_INVALID',
      );
      expectApiError(await post(organizer, id, 'extend', { deadline: '2026-10-31' }), 400);
      expectApiError(
        await post(secretary, id, 'extend', { deadline: '2026-10-31', reason: '汛期' }),
        403,
        'FORBIDDEN',
      );
    });
    const extended = await step(organizer, id, 'extend', { deadline: '2026-10-31', reason: '汛期施工' });
    expect(extended).toMatchObject({ deadline: '2026-10-31', status: 'inProgress' });
    expect(extended.events.at(-1)).toMatchObject({
      kind: 'extend',
      reason: '汛期施工',
      detail: { from: '2026-07-31', to: '2026-10-31' },
    });
    expect((await audits(id)).at(-1)).toMatchObject({
      before: { deadline: '2026-07-31' },
      after: { problemEvent: 'extend', deadline: '2026-10-31', reason: '汛期施工' },
    });
  });

  it('re-checks a closed item: a pass is recorded, a failure reopens it', async () => {
    const { id } = await file();
    await step(secretary, id, 'start');
    await step(secretary, id, 'submit', { text: '已整改' });
    await step(organizer, id, 'close');
    expectApiError(await post(organizer, id, 'extend', { deadline: '2027-01-31', reason: '再延' }), 409);
    const passed = await step(organizer, id, 'recheck', { passed: true });
    expect(passed).toMatchObject({ status: 'closed', reopenCount: 0 });
    expectApiError(await post(organizer, id, 'recheck', { passed: false }), 400, 'PROBLEM_REASON_REQUIRED');
    const failed = await step(organizer, id, 'recheck', { passed: false, reason: '回访发现问题反弹' });
    expect(failed).toMatchObject({ status: 'inProgress', reopenCount: 1, closedOn: null });
    expect(failed.events.slice(-2).map((e) => e.kind)).toEqual(['recheckPass', 'recheckFail']);
    expectApiError(await post(organizer, id, 'recheck', { passed: true }), 409, 'PROBLEM_STATUS_INVALID');
  });

  it('merges a duplicate into the kept item, which lists its source', async () => {
    const kept = await file();
    const duplicate = await file({
      ref: { source: 'report', problemDraftId: 9, reportId: 3, position: 0 },
      candidateKey: 'report:9',
    });
    const other = expectStatus(
      await t.request(t.admin, 'POST', '/api/problems', {
        orgId: otherVillage.id,
        ref: { source: 'inspection' },
        text: '另一村的问题',
        category: 'other',
        severity: 'low',
        deadline: '2026-09-30',
      }),
      201,
    ).json();
    expectApiError(
      await post(t.admin, duplicate.id, 'merge', { intoId: other.id }),
      400,
      'PROBLEM_MERGE_INVALID',
    );
    expectApiError(
      await post(organizer, duplicate.id, 'merge', { intoId: duplicate.id }),
      400,
      'PROBLEM_MERGE_INVALID',
    );
    const merged = await step(organizer, duplicate.id, 'merge', { intoId: kept.id });
    expect(merged.id).toBe(kept.id);
    expect(merged.mergedSources).toEqual([
      expect.objectContaining({ id: duplicate.id, source: 'report', candidateKey: 'report:9' }),
    ]);
    expect((await get(organizer, duplicate.id)).mergedIntoId).toBe(kept.id);
    const listed = (
      await t.request(organizer, 'GET', `/api/problems?cycleId=${cycleId}&pageSize=200`)
    ).json();
    expect(listed.items.map((p: { id: number }) => p.id)).not.toContain(duplicate.id);
    expectApiError(await post(secretary, duplicate.id, 'start'), 409, 'PROBLEM_MERGED');
  });

  it('marks overdue by the clock: not closed and past the deadline', async () => {
    const late = await file({ deadline: '2026-07-01' });
    const done = await file({ deadline: '2026-07-01' });
    await step(secretary, done.id, 'start');
    await step(secretary, done.id, 'submit', { text: '已整改' });
    await step(organizer, done.id, 'close');
    const overdueIds = async () =>
      (await t.request(organizer, 'GET', '/api/problems?overdue=true&pageSize=200'))
        .json()
        .items.map((p: { id: number }) => p.id);
    expect(await overdueIds()).not.toContain(late.id);
    clock.set('2026-07-04T08:00:00Z');
    try {
      expect(await overdueIds()).toContain(late.id);
      expect(await overdueIds()).not.toContain(done.id);
      expect(await get(secretary, late.id)).toMatchObject({ overdue: true, daysOverdue: 3 });
      expect(await get(secretary, done.id)).toMatchObject({ overdue: false, daysOverdue: 0 });
    } finally {
      clock.set('2026-06-15T08:00:00Z');
    }
  });

  it('lists by deadline then id, filtered and paged, within the reader’s scope', async () => {
    const res = expectStatus(
      await t.request(organizer, 'GET', `/api/problems?orgId=${village.id}&status=open&pageSize=3`),
      200,
    ).json();
    expect(res.items.length).toBeLessThanOrEqual(3);
    expect(res.total).toBeGreaterThanOrEqual(res.items.length);
    const order = res.items.map(
      (p: { deadline: string; id: number }) => `${p.deadline}:${String(p.id).padStart(8, '0')}`,
    );
    expect(order).toEqual([...order].sort());
    for (const p of res.items) expect(p).toMatchObject({ status: 'open', orgId: village.id });
    expectApiError(
      await t.request(organizer, 'GET', `/api/problems?orgId=${otherVillage.id}`),
      404,
      'NOT_FOUND',
    );
    expectApiError(await t.request(organizer, 'GET', '/api/problems?status=done'), 400);
    expectApiError(await t.request(organizer, 'GET', '/api/problems?overdue=maybe'), 400);
  });

  it('keeps measures: an owner is required, and owners outside the scope are refused', async () => {
    const { id } = await file();
    const base = { text: '整改措施', responsibleOrgId: village.id, deadline: '2026-08-31' };
    await expectNoChange(t, async () => {
      expectApiError(
        await t.request(organizer, 'POST', `/api/problems/${id}/measures`, base),
        400,
        'MEASURE_OWNER_REQUIRED',
      );
      expectApiError(
        await t.request(secretary, 'POST', `/api/problems/${id}/measures`, {
          ...base,
          ownerUserId: organizer.userId,
        }),
        400,
        'MEASURE_OWNER_INVALID',
      );
      expectApiError(
        await t.request(organizer, 'POST', `/api/problems/${id}/measures`, {
          ...base,
          ownerUserId: secretary.userId,
          responsibleOrgId: otherVillage.id,
        }),
        400,
        'MEASURE_ORG_INVALID',
      );
    });
    const measure = expectStatus(
      await t.request(organizer, 'POST', `/api/problems/${id}/measures`, {
        ...base,
        ownerUserId: secretary.userId,
      }),
      201,
    ).json();
    const changed = expectStatus(
      await t.request(secretary, 'PUT', `/api/problems/${id}/measures/${measure.id}`, {
        ...base,
        ownerUserId: secretary.userId,
        doneOn: '2026-06-10',
      }),
      200,
    ).json();
    expect(changed).toMatchObject({ done: true, doneOn: '2026-06-10' });
    expectStatus(await t.request(organizer, 'DELETE', `/api/problems/${id}/measures/${measure.id}`), 204);
    expectApiError(await t.request(organizer, 'DELETE', `/api/problems/${id}/measures/${measure.id}`), 404);
  });
  it('follows its org when it moves, and keeps the org from being deleted', async () => {
    const moving = await createOrg(t, town.id, '南村党支部', 'branch');
    const filed = expectStatus(
      await t.request(organizer, 'POST', '/api/problems', {
        orgId: moving.id,
        ref: { source: 'inspection' },
        text: '阵地建设不达标',
        category: 'system',
        severity: 'low',
        deadline: '2026-09-30',
      }),
      201,
    ).json();
    expectStatus(
      await t.request(t.admin, 'POST', `/api/orgs/${moving.id}/move`, { parentId: otherTown.id }),
      200,
    );
    const [row] = await queryRows<{ path: string }>(
      t.database.db,
      sql`select org_path::text as path from problems where id = ${filed.id}`,
    );
    expect(row!.path).toBe(`${otherTown.path}.${moving.id}`);
    expectApiError(await t.request(organizer, 'GET', `/api/problems/${filed.id}`), 404, 'NOT_FOUND');
    expectApiError(await t.request(t.admin, 'DELETE', `/api/orgs/${moving.id}`), 409, 'ORG_HAS_PROBLEMS');
  });
});
