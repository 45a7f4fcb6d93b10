import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProblemCandidate, ProblemCandidateList } from '../../src/contract/rectification-candidates.js';
import { queryRows } from '../../src/db/query-rows.js';
import { defaultBallotItems } from '../../src/domain/meetings.js';
import { manualClock } from '../../src/server/clock.js';
import { createTestContext, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import {
  acceptedReport,
  closedVote,
  createOrg,
  expectApiError,
  expectNoChange,
  expectStatus,
  reviewMeeting,
  signedInUser,
  type OrgRow,
  villageBranch,
} from './support/fixtures.js';

/**
 * 问题清单的来源 of a town's cycle: east's accepted report, the leaders' critiques, a closed meeting
 * where some items were graded mostly 一般/差, and a routine sheet with a deduction — each a
 * candidate with its link back, scoped to the reader, the appraisal ones by the cycle's threshold.
 */
describe(`problem candidates (${testDriver})`, () => {
  let t: TestContext;
  let east: OrgRow;
  let west: OrgRow;
  let organizer: Session;
  let countyOrganizer: Session;
  let farOrganizer: Session;
  let eastSecretary: Session;
  let westSecretary: Session;
  let viewer: Session;
  let cycleId: number;
  let meetingId: number;
  let reportId: number;
  const clock = manualClock('2027-01-10T08:00:00Z');

  const candidates = async (s: Session, query = '') =>
    expectStatus(
      await t.request(s, 'GET', `/api/cycles/${cycleId}/problem-candidates${query}`),
      200,
    ).json() as ProblemCandidateList;
  const keysOf = (items: ProblemCandidate[]) => items.map((c) => c.key);
  const setThreshold = (s: Session, body: unknown, id = cycleId) =>
    t.request(s, 'PUT', `/api/cycles/${id}/problem-threshold`, body);

  beforeAll(async () => {
    t = await createTestContext({ clock });
    const county = await createOrg(t, null, '清单县委', 'county');
    const town = await createOrg(t, county.id, '清单镇党委', 'committee');
    const far = await createOrg(t, county.id, '清单邻镇党委', 'committee');
    east = await villageBranch(t, town.id, '东渠村党支部');
    west = await villageBranch(t, town.id, '西渠村党支部');
    await villageBranch(t, far.id, '北渠村党支部');
    organizer = await signedInUser(t, 'pctown', 'organizer', town.id);
    countyOrganizer = await signedInUser(t, 'pccounty', 'organizer', county.id);
    farOrganizer = await signedInUser(t, 'pcfar', 'organizer', far.id);
    eastSecretary = await signedInUser(t, 'pceast', 'secretary', east.id);
    westSecretary = await signedInUser(t, 'pcwest', 'secretary', west.id);
    viewer = await signedInUser(t, 'pcview', 'viewer', town.id);

    cycleId = expectStatus(
      await t.request(t.admin, 'POST', '/api/cycles', {
        orgId: town.id,
        kind: 'annual',
        year: 2026,
        stages: { reportsDueOn: '2027-01-15' },
        schemes: { template: true },
      }),
      201,
    ).json().id;
    expectStatus(await t.request(t.admin, 'POST', `/api/cycles/${cycleId}/status`, { status: 'open' }), 200);
    await t.app.routineScores.settled();

    // East's report, accepted: its two problems become drafts.
    reportId = await acceptedReport(t, { secretary: eastSecretary, organizer }, cycleId, east.id, {
      problems: [
        { text: '三会一课记录不规范', cause: '支委会学习不够' },
        { text: '集体经济收入单一', cause: '班子带富能力弱' },
      ],
      plans: [{ text: '逐月检查会议记录', answers: [0, 1] }],
    });

    // The meeting: each reporter critiqued, then three ballots — east graded mostly 一般/差 on 履行第一
    // 责任人职责 (2 of 3) and west on 推动重点任务落实及成效 (3 of 3); 1 of 3 elsewhere is not above a third.
    meetingId = await reviewMeeting(t, organizer, cycleId, { name: '清单评议会', heldOn: '2027-01-12' });
    const scores = Object.fromEntries(defaultBallotItems.map((i) => [i.key, 80]));
    for (const [org, critique] of [
      [east, '基层组织建设扎实，但作风不够扎实。'],
      [west, '理论学习抓得紧。'],
    ] as const)
      expectStatus(
        await t.request(organizer, 'PUT', `/api/leader-reviews/${meetingId}/${org.id}`, { scores, critique }),
        200,
      );
    expectStatus(
      await t.request(countyOrganizer, 'PUT', `/api/leader-reviews/${meetingId}/${east.id}`, {
        scores,
        critique: '',
      }),
      200,
    );
    await closedVote(t, organizer, meetingId, [
      { [east.id]: { duty: 'fair', plans: 'fair' }, [west.id]: { tasks: 'poor' } },
      { [east.id]: { duty: 'poor' }, [west.id]: { tasks: 'fair' } },
      { [east.id]: {}, [west.id]: { tasks: 'fair' } },
    ]);

    // East's routine sheet: the organizer scores 培训 down with a reason.
    expectStatus(
      await t.request(
        organizer,
        'PUT',
        `/api/routine-scores/${cycleId}/orgs/${east.id}/indicators/b-trainings/score`,
        { points: 1, reason: '培训签到记录缺失' },
      ),
      200,
    );
    await t.app.routineScores.settled();
  });
  afterAll(() => t?.close());

  it('lists the four kinds for the organizer, each with its link back and stable key', async () => {
    const { items, threshold } = await candidates(organizer);
    expect(threshold).toBeCloseTo(1 / 3, 10);
    const drafts = await queryRows<{ id: number; position: number }>(
      t.database.db,
      sql`select id, position from problem_drafts where report_id = ${reportId} order by position`,
    );
    const reviews = await queryRows<{ id: number; org_id: number; critique: string }>(
      t.database.db,
      sql`select id, org_id, critique from leader_reviews where meeting_id = ${meetingId} order by id`,
    );
    const critiqueOf = (org: OrgRow) => reviews.find((r) => r.org_id === org.id && r.critique)!.id;
    const byKey = new Map(items.map((c) => [c.key, c]));

    expect(byKey.get(`report:${drafts[0]!.id}`)).toEqual({
      key: `report:${drafts[0]!.id}`,
      cycleId,
      orgId: east.id,
      orgName: '东渠村党支部',
      source: 'report',
      sourceLabel: '述职报告查摆',
      ref: { source: 'report', problemDraftId: drafts[0]!.id, reportId, position: 0 },
      text: '三会一课记录不规范',
      excerpt: '三会一课记录不规范（原因：支委会学习不够）',
      category: 'organizational',
      categoryLabel: '组织建设',
      severity: 'medium',
      severityLabel: '一般',
      filedProblemId: null,
    });
    expect(byKey.get(`report:${drafts[1]!.id}`)).toMatchObject({
      category: 'organizational',
      text: '集体经济收入单一',
    });

    expect(byKey.get(`critique:${critiqueOf(east)}`)).toMatchObject({
      orgId: east.id,
      ref: { source: 'critique', leaderReviewId: critiqueOf(east) },
      text: '作风不够扎实。',
      excerpt: '基层组织建设扎实，但作风不够扎实。',
      category: 'conduct',
    });
    expect(byKey.get(`critique:${critiqueOf(west)}`)).toMatchObject({
      orgId: west.id,
      text: '理论学习抓得紧。',
      category: 'ideological',
    });
    // The county organizer's review of east has no critique: no candidate.
    expect(items.filter((c) => c.source === 'critique')).toHaveLength(2);

    const appraisal = items.filter((c) => c.source === 'appraisal');
    expect(appraisal.map((c) => [c.key, c.text, c.severity])).toEqual([
      [
        `appraisal:${meetingId}:${east.id}:duty`,
        '民主测评「履行第一责任人职责」一般及差评占比 66.7%',
        'high',
      ],
      [
        `appraisal:${meetingId}:${west.id}:tasks`,
        '民主测评「推动重点任务落实及成效」一般及差评占比 100.0%',
        'high',
      ],
    ]);
    expect(appraisal[0]!.ref).toEqual({
      source: 'appraisal',
      meetingId,
      itemKey: 'duty',
      poorShare: expect.closeTo(2 / 3, 10),
    });
    expect(appraisal[0]!.excerpt).toBe('「履行第一责任人职责」好1票、较好0票、一般1票、差1票');

    const training = byKey.get(`deduction:${cycleId}:${east.id}:b-trainings`)!;
    expect(training).toMatchObject({
      orgId: east.id,
      source: 'deduction',
      ref: { source: 'deduction', indicatorKey: 'b-trainings' },
    });
    expect(training.text).toMatch(/^「[^」]+」扣 \d+(\.\d+)? 分：.*培训签到记录缺失/);
    if (training.ref.source !== 'deduction') throw new Error('a deduction');
    expect(training.ref.deducted).toBeGreaterThan(0);

    // By org in the tree's order, each org's by source.
    const order = items.map((c) => `${c.orgId === east.id ? 'east' : 'west'}:${c.source}`);
    expect([...new Set(order)]).toEqual([
      'east:report',
      'east:critique',
      'east:appraisal',
      'east:deduction',
      'west:critique',
      'west:appraisal',
      'west:deduction',
    ]);
    // Stable across reads.
    expect(keysOf((await candidates(organizer)).items)).toEqual(keysOf(items));
  });

  it('filters by org and by source', async () => {
    const eastOnly = (await candidates(organizer, `?orgId=${east.id}`)).items;
    expect(eastOnly.length).toBeGreaterThan(0);
    expect(eastOnly.every((c) => c.orgId === east.id)).toBe(true);
    const critiques = (await candidates(organizer, '?source=critique')).items;
    expect(critiques.map((c) => c.source)).toEqual(['critique', 'critique']);
    expect((await candidates(organizer, `?source=report&orgId=${west.id}`)).items).toEqual([]);
  });

  it('the cycle’s threshold decides the appraisal ones; set by its organizer, audited', async () => {
    const share = async () =>
      (await candidates(organizer, '?source=appraisal')).items.map((c) => [c.orgId, c.ref, c.severity]);
    expect(expectStatus(await setThreshold(organizer, { appraisalPoorShare: 0.7 }), 200).json()).toEqual({
      appraisalPoorShare: 0.7,
    });
    expect(await share()).toEqual([[west.id, expect.objectContaining({ itemKey: 'tasks' }), 'high']]);
    expect((await candidates(organizer)).threshold).toBe(0.7);
    expectStatus(await setThreshold(organizer, { appraisalPoorShare: 0.2 }), 200);
    // 一般 on plans (1 of 3) is now above the line too; 66.7% is 46.7 points above it.
    expect((await candidates(organizer, '?source=appraisal')).items.map((c) => [c.key, c.severity])).toEqual([
      [`appraisal:${meetingId}:${east.id}:duty`, 'high'],
      [`appraisal:${meetingId}:${east.id}:plans`, 'medium'],
      [`appraisal:${meetingId}:${west.id}:tasks`, 'high'],
    ]);
    // The county's organizer runs above the town: they may set it too.
    expectStatus(await setThreshold(countyOrganizer, { appraisalPoorShare: 0.5 }), 200);
    const [audit] = await queryRows<{ entity_type: string; before: object; after: object }>(
      t.database.db,
      sql`select entity_type, "before", "after" from audit_log
          where entity_type = 'cycle' and entity_id = ${String(cycleId)} order by id desc limit 1`,
    );
    expect(audit).toEqual({
      entity_type: 'cycle',
      before: { appraisalPoorShare: 0.2 },
      after: { appraisalPoorShare: 0.5 },
    });
    expect(await share()).toEqual([
      [east.id, expect.objectContaining({ itemKey: 'duty' }), 'medium'],
      [west.id, expect.objectContaining({ itemKey: 'tasks' }), 'high'],
    ]);
    // A closed cycle still takes a threshold: the list is made after the results.
    await t.database.db.execute(sql`update cycles set status = 'closed' where id = ${cycleId}`);
    try {
      expectStatus(await setThreshold(organizer, { appraisalPoorShare: 1 / 3 }), 200);
    } finally {
      await t.database.db.execute(sql`update cycles set status = 'open' where id = ${cycleId}`);
    }
  });

  it('a village secretary gets only their own org’s candidates, never another’s critique or text', async () => {
    const sourcesOf = async () => {
      const own = (await candidates(eastSecretary)).items;
      expect(new Set(own.map((c) => c.orgId))).toEqual(new Set([east.id]));
      return new Set(own.map((c) => c.source));
    };
    // Critiques and the panel's shares reach a reporter with the published results, not before.
    expect(await sourcesOf()).toEqual(new Set(['report', 'deduction']));
    expect(JSON.stringify(await candidates(eastSecretary, '?source=critique'))).not.toContain('作风不够扎实');
    expectStatus(
      await t.request(organizer, 'POST', `/api/evaluations/${cycleId}/publish`, { confirm: true }),
      200,
    );
    expect(await sourcesOf()).toEqual(new Set(['report', 'critique', 'appraisal', 'deduction']));
    const body = JSON.stringify(await candidates(westSecretary));
    expect(body).not.toContain('作风不够扎实');
    expect(body).not.toContain('三会一课记录不规范');
    expect(body).toContain('理论学习抓得紧');
    // Asking for another org's gives nothing rather than theirs.
    expect((await candidates(westSecretary, `?orgId=${east.id}`)).items).toEqual([]);
    // A viewer of the town reads the whole town's.
    expect(keysOf((await candidates(viewer)).items)).toEqual(keysOf((await candidates(organizer)).items));
  });

  it('refuses readers outside the cycle, writers who are not its organizers, and bad input', async () => {
    expectApiError(await t.request(farOrganizer, 'GET', `/api/cycles/${cycleId}/problem-candidates`), 404);
    expectApiError(await t.request(organizer, 'GET', `/api/cycles/999999/problem-candidates`), 404);
    for (const query of ['?source=inspection', '?orgId=abc', '?orgId=0', '?other=1'])
      expectApiError(
        await t.request(organizer, 'GET', `/api/cycles/${cycleId}/problem-candidates${query}`),
        400,
      );
    await expectNoChange(t, async () => {
      expectApiError(await setThreshold(farOrganizer, { appraisalPoorShare: 0.5 }), 404);
      expectApiError(await setThreshold(eastSecretary, { appraisalPoorShare: 0.5 }), 403);
      expectApiError(await setThreshold(viewer, { appraisalPoorShare: 0.5 }), 403);
      expectApiError(await setThreshold(organizer, { appraisalPoorShare: 0.5 }, 999999), 404);
      for (const body of [
        {},
        { appraisalPoorShare: 0 },
        { appraisalPoorShare: 1 },
        { appraisalPoorShare: '0.5' },
        { appraisalPoorShare: 0.5, extra: 1 },
      ])
        expectApiError(await setThreshold(organizer, body), 400);
    });
  });

  it('files the chosen candidates in one batch, all or none; each then says where it was filed', async () => {
    const asItem = (c: ProblemCandidate) => ({
      orgId: c.orgId,
      candidateKey: c.key,
      ref: c.ref,
      text: c.text,
      excerpt: c.excerpt,
      category: c.category,
      severity: c.severity,
      deadline: '2027-04-30',
    });
    const batch = (s: Session, chosen: ProblemCandidate[]) =>
      t.request(s, 'POST', '/api/problems/batch', { cycleId, items: chosen.map(asItem) });
    const { items } = await candidates(organizer);
    const reports = items.filter((c) => c.source === 'report');
    const critique = items.find((c) => c.source === 'critique' && c.orgId === west.id)!;
    expect(reports).toHaveLength(2);

    // The same candidate twice: the third item is refused and nothing of the batch is written.
    await expectNoChange(t, async () => {
      const res = await batch(organizer, [reports[0]!, critique, reports[0]!]);
      expectApiError(res, 409, 'PROBLEM_CANDIDATE_FILED');
      expect(res.json()).toMatchObject({
        message: expect.stringMatching(/^第 3 项：/),
        details: { index: 2 },
      });
      expectApiError(await batch(eastSecretary, [reports[0]!]), 403, 'FORBIDDEN');
      expectApiError(await batch(farOrganizer, [critique]), 404, 'NOT_FOUND');
      const wrongCycle = await t.request(organizer, 'POST', '/api/problems/batch', {
        cycleId,
        items: [asItem(critique), { ...asItem(reports[1]!), cycleId: cycleId + 1 }],
      });
      expectApiError(wrongCycle, 400, 'PROBLEM_BATCH_CYCLE_MISMATCH');
      expect(wrongCycle.json().details).toMatchObject({ index: 1 });
    });

    const filed = expectStatus(await batch(organizer, [...reports, critique]), 201).json() as {
      ids: number[];
    };
    expect(filed.ids).toHaveLength(3);
    const audits = await queryRows<{ entity_id: string }>(
      t.database.db,
      sql`select entity_id from audit_log where entity_type = 'problem' and action = 'create' order by id`,
    );
    expect(audits.map((a) => Number(a.entity_id))).toEqual(filed.ids);
    const filedOf = async (s: Session) =>
      new Map((await candidates(s)).items.map((c) => [c.key, c.filedProblemId]));
    const seen = await filedOf(organizer);
    expect([...reports, critique].map((c) => seen.get(c.key))).toEqual(filed.ids);
    expect([...seen.values()].filter((id) => id === null).length).toBe(seen.size - 3);
    expect((await filedOf(eastSecretary)).get(reports[1]!.key)).toBe(filed.ids[1]);
    // Filed again: refused, naming the item.
    expectApiError(await batch(organizer, [reports[1]!]), 409, 'PROBLEM_CANDIDATE_FILED');

    // A duplicate merged into the other: its candidate points at the kept problem.
    expectStatus(
      await t.request(organizer, 'POST', `/api/problems/${filed.ids[0]}/merge`, { intoId: filed.ids[1] }),
      200,
    );
    expect((await filedOf(organizer)).get(reports[0]!.key)).toBe(filed.ids[1]);
  });
});
