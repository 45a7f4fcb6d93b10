import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query-rows.js';
import { spotCheckDeductions } from '../../src/db/spot-checks.js';
import { branchTemplate } from '../../src/domain/scheme-templates.js';
import { drawOrgs } from '../../src/domain/spot-checks.js';
import { manualClock } from '../../src/server/clock.js';
import { png, uploadFile } from '../helpers/file-fixtures.js';
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

type Draw = {
  id: number;
  seed: number;
  size: number;
  pool: number[];
  checks: { id: number; orgId: number; position: number; findings: number; points: number }[];
};

describe(`spot checks (${testDriver})`, () => {
  let t: TestContext;
  let town: OrgRow;
  let branches: OrgRow[];
  let organizer: Session;
  let checker: Session;
  let otherOrganizer: Session;
  let secretary: Session;
  let cycleId: number;
  const clock = manualClock('2026-06-15T08:00:00Z');
  const [plan, second] = branchTemplate.categories[0]!.indicators.filter((i) => i.kind === 'regular');

  beforeAll(async () => {
    t = await createTestContext({ clock });
    const county = await createOrg(t, null, '抽查县委', 'county');
    town = await createOrg(t, county.id, '抽查镇党委', 'committee');
    const other = await createOrg(t, county.id, '邻镇党委', 'committee');
    branches = [];
    for (const name of ['一村党支部', '二村党支部', '三村党支部']) {
      const branch = await createOrg(t, town.id, name, 'branch');
      expectStatus(await t.request(t.admin, 'PATCH', `/api/orgs/${branch.id}`, { domain: 'village' }), 200);
      branches.push(branch);
    }
    organizer = await signedInUser(t, 'sctown', 'organizer', town.id);
    checker = await signedInUser(t, 'scchecker', 'checker', town.id);
    otherOrganizer = await signedInUser(t, 'scother', 'organizer', other.id);
    secretary = await signedInUser(t, 'scsec', 'secretary', branches[0]!.id);
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
  afterEach(() => t.idle(), uploadTestTimeout);

  const draws = async (s: Session) =>
    expectStatus(await t.request(s, 'GET', `/api/spot-checks?cycleId=${cycleId}`), 200).json() as Promise<{
      items: Draw[];
      available: number;
      writable: boolean;
    }>;
  const draw = (s: Session, body: object) => t.request(s, 'POST', '/api/spot-checks', { cycleId, ...body });
  const audit = (type: string) =>
    queryRows<{ action: string; after: Record<string, unknown> }>(
      t.database.db,
      sql`select action, "after" from audit_log where entity_type = ${type} order by id`,
    );

  it('draws the stated number with the seed, reproducibly, and only from orgs not drawn yet', async () => {
    const pool = branches.map((b) => b.id).sort((a, b) => a - b);
    const first = expectStatus(await draw(organizer, { size: 2, seed: 20260615 }), 201).json();
    const [made] = first.items as Draw[];
    expect(made!.pool).toEqual(pool);
    expect(made!.checks.map((c) => c.orgId)).toEqual(drawOrgs(pool, 2, 20260615));
    expect(made!.checks.map((c) => c.position)).toEqual([1, 2]);
    expect(first.available).toBe(1);
    const [entry] = await audit('spotCheckDraw');
    expect(entry!.after).toMatchObject({
      seed: 20260615,
      drawSize: 2,
      pool,
      drawnOrgIds: drawOrgs(pool, 2, 20260615),
    });

    await expectNoChange(t, async () => {
      const tooMany = expectApiError(await draw(organizer, { size: 2 }), 400, 'SPOT_CHECK_SIZE_INVALID');
      expect(tooMany.message).toBe('抽查数量不能超过可抽取的组织数（1个）');
      expect(tooMany.details).toEqual([{ field: 'size', message: tooMany.message }]);
      expect(expectApiError(await draw(organizer, { size: 0 }), 400).message).toContain('size');
    });

    // Without a seed the server picks one and records it: the draw still reproduces from the record.
    const second = expectStatus(await draw(organizer, { size: 1 }), 201).json();
    const last = (second.items as Draw[])[1]!;
    const left = pool.filter((id) => !made!.checks.some((c) => c.orgId === id));
    expect(last.pool).toEqual(left);
    expect(last.checks.map((c) => c.orgId)).toEqual(drawOrgs(last.pool, last.size, last.seed));
  });

  it('lets only the cycle’s organizer draw, and shows each reader the drawn orgs in their scope', async () => {
    await expectNoChange(t, async () => {
      expectApiError(await draw(checker, { size: 1 }), 403, 'FORBIDDEN');
      expectApiError(await draw(otherOrganizer, { size: 1 }), 404, 'NOT_FOUND');
    });
    const mine = await draws(secretary);
    expect(mine.items.flatMap((d) => d.checks.map((c) => c.orgId))).toEqual([branches[0]!.id]);
    expect(mine.writable).toBe(false);
    expect((await draws(organizer)).writable).toBe(true);
  });

  it(
    'records findings that deduct from the named indicator, refusing bad ones by field',
    async () => {
      const checks = (await draws(organizer)).items.flatMap((d) => d.checks);
      const target = checks[0]!;
      const put = (s: Session, body: object) => t.request(s, 'PUT', `/api/spot-checks/${target.id}`, body);
      const visit = (findings: object[]) => ({
        checkedOn: '2026-06-12',
        checkers: ['王检查', '李检查'],
        findings,
      });
      await expectNoChange(t, async () => {
        const over = expectApiError(
          await put(
            checker,
            visit([{ indicatorKey: plan!.key, points: plan!.maxPoints + 0.5, reason: '计划未备案' }]),
          ),
          400,
          'SPOT_CHECK_FINDING_INVALID',
        );
        expect(over.details).toEqual([
          {
            field: 'findings.0.points',
            message: `第1条问题的扣分（${plan!.maxPoints + 0.5}分）超过指标“${plan!.name}”的分值（${plan!.maxPoints}分）`,
          },
        ]);
        expect(
          expectApiError(
            await put(checker, visit([{ indicatorKey: plan!.key, points: -1, reason: '负数' }])),
            400,
          ).message,
        ).toContain('findings.0.points');
        expectApiError(
          await put(checker, visit([{ indicatorKey: 'b-honor', points: 1, reason: '加分项不能扣' }])),
          400,
          'SPOT_CHECK_FINDING_INVALID',
        );
        expect(
          expectApiError(
            await put(checker, { ...visit([]), checkedOn: '2026-06-16' }),
            400,
            'SPOT_CHECK_DATE_INVALID',
          ).details,
        ).toEqual([{ field: 'checkedOn', message: '检查日期不能晚于今天' }]);
        // Out of scope, or without the permission.
        expectApiError(await put(otherOrganizer, visit([])), 404, 'NOT_FOUND');
        expectApiError(await put(secretary, visit([])), 403, 'FORBIDDEN');
      });

      const photo = expectStatus(await uploadFile(t, checker, 'kind=evidence', '现场.png', png), 201).json();
      const findings = [
        { indicatorKey: plan!.key, points: 1, reason: '年度计划未经支委会讨论', fileIds: [photo.id] },
        { indicatorKey: second!.key, points: 0.5, reason: '会议记录不全' },
        { indicatorKey: plan!.key, points: 0, reason: '计划格式不规范（提醒）' },
      ];
      const saved = expectStatus(await put(checker, visit(findings)), 200).json();
      expect(saved).toMatchObject({
        checkedOn: '2026-06-12',
        checkers: ['王检查', '李检查'],
        findings: 3,
        points: 1.5,
      });
      expect(saved.findingsList[0].files.map((f: { id: number }) => f.id)).toEqual([photo.id]);
      expect(saved.findingsList[0].indicatorName).toBe(plan!.name);

      const deductions = await spotCheckDeductions(t.database.db, cycleId, [target.orgId, checks[1]!.orgId]);
      expect(deductions.get(checks[1]!.orgId)).toEqual(new Map());
      expect(deductions.get(target.orgId)).toEqual(
        new Map([
          [plan!.key, [{ points: 1, reason: '抽查（2026-06-12）：年度计划未经支委会讨论' }]],
          [second!.key, [{ points: 0.5, reason: '抽查（2026-06-12）：会议记录不全' }]],
        ]),
      );
      const [entry] = await audit('spotCheck');
      expect(entry).toMatchObject({ action: 'update' });
      expect(entry!.after.findings).toHaveLength(3);

      // Recorded again with the photo kept on its finding: the file survives the replacement.
      const again = expectStatus(await put(checker, visit(findings.slice(0, 1))), 200).json();
      expect(again.findingsList.map((f: { files: { id: number }[] }) => f.files.map((x) => x.id))).toEqual([
        [photo.id],
      ]);
      expectStatus(await t.request(checker, 'GET', `/api/files/${photo.id}/meta`), 200);
    },
    uploadTestTimeout,
  );

  it('refuses draws and findings once the cycle is closed (409)', async () => {
    const [check] = (await draws(organizer)).items.flatMap((d) => d.checks);
    await t.database.db.execute(sql`update cycles set status = 'closed' where id = ${cycleId}`);
    try {
      await expectNoChange(t, async () => {
        expectApiError(await draw(organizer, { size: 1 }), 409, 'CYCLE_CLOSED');
        const body = { checkedOn: '2026-06-12', checkers: ['王检查'], findings: [] };
        expectApiError(
          await t.request(checker, 'PUT', `/api/spot-checks/${check!.id}`, body),
          409,
          'CYCLE_CLOSED',
        );
      });
      const detail = expectStatus(
        await t.request(checker, 'GET', `/api/spot-checks/${check!.id}`),
        200,
      ).json();
      expect(detail.writable).toBe(false);
    } finally {
      await t.database.db.execute(sql`update cycles set status = 'draft' where id = ${cycleId}`);
    }
  });
});
