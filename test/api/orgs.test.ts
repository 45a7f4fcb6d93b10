import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query-rows.js';
import { createTestContext, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import {
  createOrg,
  createUser,
  expectApiError,
  expectNoChange,
  expectStatus,
  signedInUser,
  type OrgRow,
} from './support/fixtures.js';

interface AuditItem {
  id: number;
  action: string;
  entityType: string;
  entityId: string;
  orgId: number | null;
  actorId: number | null;
  actorName: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

describe(`org tree rules (${testDriver})`, () => {
  let t: TestContext;
  let county: OrgRow;
  let town: OrgRow;

  beforeAll(async () => {
    t = await createTestContext();
    county = await createOrg(t, null, '规则县委', 'county');
    town = await createOrg(t, county.id, '规则镇党委', 'committee');
  });
  afterAll(() => t?.close());

  const post = (body: object) => t.request(t.admin, 'POST', '/api/orgs', body);
  const patch = (id: number, body: object) => t.request(t.admin, 'PATCH', `/api/orgs/${id}`, body);
  const move = (id: number, parentId: number) =>
    t.request(t.admin, 'POST', `/api/orgs/${id}/move`, { parentId });
  const get = async (id: number) =>
    expectStatus(await t.request(t.admin, 'GET', `/api/orgs/${id}`), 200).json();

  /** Every org's path is its parent's path plus its own id. */
  async function expectPathsConsistent() {
    const rows = await queryRows<{ id: number; parent_id: number | null; path: string }>(
      t.database.db,
      sql`select id, parent_id, path::text as path from orgs order by id`,
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const row of rows) {
      const parent = row.parent_id === null ? null : byId.get(row.parent_id);
      expect(row.path, `org ${row.id}`).toBe(parent ? `${parent.path}.${row.id}` : String(row.id));
    }
    return rows;
  }

  async function childCountInDb(id: number) {
    const [row] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from orgs where parent_id = ${id}`,
    );
    return row!.n;
  }

  async function auditOf(entityId: number, action: string): Promise<AuditItem[]> {
    const res = await t.request(t.admin, 'GET', `/api/audit?entityType=org&action=${action}&pageSize=200`);
    return (expectStatus(res, 200).json().items as AuditItem[]).filter(
      (i) => i.entityId === String(entityId),
    );
  }

  describe('create', () => {
    it('builds the path from the parent and records the creation', async () => {
      const org = await createOrg(t, town.id, '  首个党支部  ', 'branch');
      expect(org).toMatchObject({
        parentId: town.id,
        path: `${town.path}.${org.id}`,
        name: '首个党支部',
        level: 'branch',
        childCount: 0,
      });
      const [entry] = await auditOf(org.id, 'create');
      expect(entry).toMatchObject({
        entityType: 'org',
        orgId: org.id,
        actorId: t.admin.userId,
        actorName: '系统管理员',
        before: null,
        after: {
          name: '首个党支部',
          level: 'branch',
          parentId: town.id,
          path: org.path,
          sortOrder: 0,
          domain: null,
        },
      });
    });

    it('keeps sibling names unique, after trimming, at the top level too', async () => {
      const parent = await createOrg(t, county.id, '重名测试党委', 'committee');
      await createOrg(t, parent.id, '同名党支部', 'branch');
      await expectNoChange(t, async () => {
        for (const name of ['同名党支部', ' 同名党支部 ', '同名党支部\t']) {
          const error = expectApiError(
            await post({ parentId: parent.id, name, level: 'branch' }),
            409,
            'ORG_NAME_TAKEN',
          );
          expect(error.message).toContain('同名党支部');
        }
        expectApiError(
          await post({ parentId: null, name: '规则县委', level: 'county' }),
          409,
          'ORG_NAME_TAKEN',
        );
      });
      // The same name under another parent is fine.
      await createOrg(t, town.id, '同名党支部', 'branch');
    });

    it('lets only one of two simultaneous creations of a name through', async () => {
      const parent = await createOrg(t, county.id, '并发新建党委', 'committee');
      const results = await Promise.all(
        Array.from({ length: 4 }, () => post({ parentId: parent.id, name: '抢注党支部', level: 'branch' })),
      );
      expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409]);
      expect((await get(parent.id)).childCount).toBe(1);
    });

    it.each([
      ['branch', 'branch', '党支部是基层单位，不能再设下级组织'],
      ['branch', 'generalBranch', '党支部是基层单位，不能再设下级组织'],
      ['committee', 'county', '县委不能设在党委之下'],
      ['generalBranch', 'committee', '党委不能设在党总支之下'],
      ['workCommittee', 'county', '县委不能设在党工委之下'],
    ] as const)('refuses a %s parent for a %s', async (parentLevel, childLevel, message) => {
      const parent = await createOrg(
        t,
        parentLevel === 'committee' || parentLevel === 'workCommittee' ? county.id : town.id,
        `放置${parentLevel}${childLevel}`,
        parentLevel,
      );
      await expectNoChange(t, async () => {
        const error = expectApiError(
          await post({ parentId: parent.id, name: '放错的组织', level: childLevel }),
          400,
          'ORG_PLACEMENT_INVALID',
        );
        expect(error.message).toBe(message);
      });
    });

    it('refuses a parent that does not exist', async () => {
      await expectNoChange(t, async () => {
        expectApiError(
          await post({ parentId: 2_000_000, name: '孤儿党支部', level: 'branch' }),
          404,
          'NOT_FOUND',
        );
      });
    });
  });

  describe('update', () => {
    it('renames, trims and records before and after', async () => {
      const org = await createOrg(t, town.id, '改名前党支部', 'branch');
      const res = expectStatus(
        await patch(org.id, { name: ' 改名后党支部 ', sortOrder: 7, domain: 'village' }),
        200,
      );
      expect(res.json()).toMatchObject({
        id: org.id,
        name: '改名后党支部',
        sortOrder: 7,
        domain: 'village',
        path: org.path,
      });
      const [entry] = await auditOf(org.id, 'update');
      expect(entry!.before).toMatchObject({ name: '改名前党支部', sortOrder: 0, domain: null });
      expect(entry!.after).toMatchObject({ name: '改名后党支部', sortOrder: 7, domain: 'village' });
      // Its own name again is no clash.
      expectStatus(await patch(org.id, { name: '改名后党支部' }), 200);
    });

    it('refuses a sibling’s name', async () => {
      const a = await createOrg(t, town.id, '甲党支部', 'branch');
      await createOrg(t, town.id, '乙党支部', 'branch');
      await expectNoChange(t, async () => {
        expectApiError(await patch(a.id, { name: '乙党支部' }), 409, 'ORG_NAME_TAKEN');
        expectApiError(await patch(a.id, { name: '  乙党支部' }), 409, 'ORG_NAME_TAKEN');
      });
    });

    it('lets only one of several simultaneous renames to one name through', async () => {
      const parent = await createOrg(t, county.id, '并发改名党委', 'committee');
      const kids = [];
      for (let i = 0; i < 4; i++) kids.push(await createOrg(t, parent.id, `待改名党支部${i}`, 'branch'));
      const results = await Promise.all(kids.map((k) => patch(k.id, { name: '同一个名字党支部' })));
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409]);
      const names = await queryRows<{ name: string }>(
        t.database.db,
        sql`select name from orgs where parent_id = ${parent.id} and name = '同一个名字党支部'`,
      );
      expect(names).toHaveLength(1);
    });

    it('checks a new level against the parent and the children', async () => {
      const committee = await createOrg(t, county.id, '层级党委', 'committee');
      const general = await createOrg(t, committee.id, '层级党总支', 'generalBranch');
      await createOrg(t, general.id, '层级党支部', 'branch');
      await expectNoChange(t, async () => {
        // With children, it cannot become a branch; under a committee, it cannot become a county.
        expectApiError(await patch(general.id, { level: 'branch' }), 400, 'ORG_PLACEMENT_INVALID');
        expectApiError(await patch(general.id, { level: 'county' }), 400, 'ORG_PLACEMENT_INVALID');
        // A committee with a generalBranch child cannot become a branch either.
        expectApiError(await patch(committee.id, { level: 'branch' }), 400, 'ORG_PLACEMENT_INVALID');
      });
      expect(expectStatus(await patch(committee.id, { level: 'workCommittee' }), 200).json().level).toBe(
        'workCommittee',
      );
    });
  });

  describe('move', () => {
    it('moves a three-level subtree and keeps every path consistent', async () => {
      const from = await createOrg(t, null, '迁出县委', 'county');
      const to = await createOrg(t, null, '迁入县委', 'county');
      const root = await createOrg(t, from.id, '整体迁移党委', 'committee');
      const mid = await createOrg(t, root.id, '整体迁移党总支', 'generalBranch');
      const leaves = [
        await createOrg(t, mid.id, '整体迁移一支部', 'branch'),
        await createOrg(t, mid.id, '整体迁移二支部', 'branch'),
        await createOrg(t, root.id, '整体迁移三支部', 'branch'),
      ];
      const organizer = await signedInUser(t, 'midorganizer', 'organizer', mid.id);
      const before = await expectPathsConsistent();

      const res = expectStatus(await move(root.id, to.id), 200);
      expect(res.json()).toMatchObject({ id: root.id, parentId: to.id, path: `${to.path}.${root.id}` });

      const after = await expectPathsConsistent();
      // Only the subtree's paths changed, and each only in its prefix.
      const moved = new Set([root.id, mid.id, ...leaves.map((l) => l.id)]);
      for (const row of after) {
        const old = before.find((b) => b.id === row.id)!;
        if (!moved.has(row.id)) expect(row.path).toBe(old.path);
        else expect(row.path).toBe(`${to.path}.${old.path.slice(from.path.length + 1)}`);
      }
      expect((await get(mid.id)).ancestors.map((a: { id: number }) => a.id)).toEqual([to.id, root.id]);
      expect((await get(from.id)).childCount).toBe(0);
      expect((await get(to.id)).childCount).toBe(1);

      // A user bound inside the subtree still reaches exactly it.
      const seen = await t.request(organizer, 'GET', `/api/orgs/search?q=${encodeURIComponent('整体迁移')}`);
      expect(
        (expectStatus(seen, 200).json().items as { id: number }[]).map((o) => o.id).sort((a, b) => a - b),
      ).toEqual([mid.id, leaves[0]!.id, leaves[1]!.id].sort((a, b) => a - b));

      const [entry] = await auditOf(root.id, 'move');
      expect(entry).toMatchObject({
        orgId: root.id,
        before: { parentId: from.id, path: `${from.path}.${root.id}` },
        after: { parentId: to.id, path: `${to.path}.${root.id}` },
      });
    });

    it('refuses a move into the org itself or below it', async () => {
      const root = await createOrg(t, county.id, '循环党委', 'committee');
      const mid = await createOrg(t, root.id, '循环党总支', 'generalBranch');
      const leaf = await createOrg(t, mid.id, '循环党支部', 'branch');
      await expectNoChange(t, async () => {
        for (const target of [root, mid, leaf])
          expectApiError(await move(root.id, target.id), 400, 'ORG_MOVE_CYCLE');
        expectApiError(await move(mid.id, mid.id), 400, 'ORG_MOVE_CYCLE');
      });
    });

    it('settles two crossing moves without a cycle', async () => {
      const a = await createOrg(t, county.id, '交叉甲党委', 'committee');
      const b = await createOrg(t, county.id, '交叉乙党委', 'committee');
      const [ab, ba] = await Promise.all([move(a.id, b.id), move(b.id, a.id)]);
      expect([ab.statusCode, ba.statusCode].sort()).toEqual([200, 400]);
      expectApiError(
        [ab, ba].find((r) => r.statusCode === 400)!,
        400,
        'ORG_MOVE_CYCLE',
      );
      await expectPathsConsistent();
    });

    it('checks placement and sibling names at the new place', async () => {
      const committee = await createOrg(t, county.id, '迁移规则党委', 'committee');
      const branch = await createOrg(t, committee.id, '迁移规则党支部', 'branch');
      const general = await createOrg(t, committee.id, '迁移规则党总支', 'generalBranch');
      await createOrg(t, town.id, '迁移规则党支部', 'branch');
      await expectNoChange(t, async () => {
        expectApiError(await move(general.id, branch.id), 400, 'ORG_PLACEMENT_INVALID');
        expectApiError(await move(committee.id, general.id), 400, 'ORG_MOVE_CYCLE');
        expectApiError(await move(town.id, general.id), 400, 'ORG_PLACEMENT_INVALID');
        expectApiError(await move(branch.id, town.id), 409, 'ORG_NAME_TAKEN');
        expectApiError(await move(branch.id, 2_000_000), 404, 'NOT_FOUND');
      });
    });

    it('does nothing, and records nothing, when the parent stays the same', async () => {
      const leaf = await createOrg(t, town.id, '原地党支部', 'branch');
      await expectNoChange(t, async () => {
        expect(expectStatus(await move(leaf.id, town.id), 200).json()).toMatchObject({
          id: leaf.id,
          path: leaf.path,
        });
      });
    });
  });

  describe('delete', () => {
    it('refuses an org with children or users, then deletes a bare one', async () => {
      const parent = await createOrg(t, county.id, '待删党委', 'committee');
      const child = await createOrg(t, parent.id, '待删党支部', 'branch');
      const user = await createUser(t, 'boundtochild', 'viewer', child.id);
      await expectNoChange(t, async () => {
        expectApiError(await t.request(t.admin, 'DELETE', `/api/orgs/${parent.id}`), 409, 'ORG_HAS_CHILDREN');
        expectApiError(await t.request(t.admin, 'DELETE', `/api/orgs/${child.id}`), 409, 'ORG_HAS_USERS');
      });
      expectStatus(await t.request(t.admin, 'PATCH', `/api/users/${user.id}`, { orgId: parent.id }), 200);
      expectStatus(await t.request(t.admin, 'DELETE', `/api/orgs/${child.id}`), 204);
      expectApiError(await t.request(t.admin, 'GET', `/api/orgs/${child.id}`), 404, 'NOT_FOUND');
      expect((await get(parent.id)).childCount).toBe(0);
      const [entry] = await auditOf(child.id, 'delete');
      expect(entry).toMatchObject({
        orgId: child.id,
        before: { name: '待删党支部', parentId: parent.id, path: child.path },
        after: null,
      });
      expectApiError(await t.request(t.admin, 'DELETE', `/api/orgs/${child.id}`), 404, 'NOT_FOUND');
    });

    it('refuses an org that ever held a member, in the error model (was a 500)', async () => {
      const branch = await createOrg(t, county.id, '有党员党支部', 'branch');
      const other = await createOrg(t, county.id, '转入党支部', 'branch');
      const created = await t.request(t.admin, 'POST', '/api/members', {
        orgId: branch.id,
        name: '删前党员',
        gender: 'male',
        stage: 'full',
        probationaryOn: '2010-01-01',
        fullOn: '2011-01-01',
      });
      const member = expectStatus(created, 201).json().id as number;
      await expectNoChange(t, async () => {
        expectApiError(await t.request(t.admin, 'DELETE', `/api/orgs/${branch.id}`), 409, 'ORG_HAS_MEMBERS');
      });
      const moved = await t.request(t.admin, 'POST', `/api/members/${member}/transfer`, {
        toOrgId: other.id,
        transferredOn: '2020-01-01',
      });
      expectStatus(moved, 200);
      // Its transfer record still names it.
      expectApiError(await t.request(t.admin, 'DELETE', `/api/orgs/${branch.id}`), 409, 'ORG_HAS_MEMBERS');
    });
  });

  describe('reading', () => {
    it('reports childCount as the number of children, everywhere', async () => {
      const parent = await createOrg(t, county.id, '计数党委', 'committee');
      for (let i = 0; i < 3; i++) await createOrg(t, parent.id, `计数党支部${i}`, 'branch');
      const general = await createOrg(t, parent.id, '计数党总支', 'generalBranch');
      await createOrg(t, general.id, '计数党总支下支部', 'branch');
      expect((await get(parent.id)).childCount).toBe(4);
      const roots = expectStatus(await t.request(t.admin, 'GET', '/api/orgs'), 200).json().items as OrgRow[];
      const list = expectStatus(
        await t.request(t.admin, 'GET', `/api/orgs?parentId=${county.id}`),
        200,
      ).json().items as OrgRow[];
      for (const org of [...roots, ...list])
        expect(org.childCount, org.name).toBe(await childCountInDb(org.id));
    });

    it('lists children by sort order, then by id', async () => {
      const parent = await createOrg(t, county.id, '排序党委', 'committee');
      const made: OrgRow[] = [];
      for (const [name, sortOrder] of [
        ['排序丙', 3],
        ['排序甲', 1],
        ['排序乙', 1],
        ['排序丁', 0],
      ] as const)
        made.push(
          expectStatus(await post({ parentId: parent.id, name, level: 'branch', sortOrder }), 201).json(),
        );
      const res = expectStatus(await t.request(t.admin, 'GET', `/api/orgs?parentId=${parent.id}`), 200);
      expect((res.json().items as OrgRow[]).map((o) => o.name)).toEqual([
        '排序丁',
        '排序甲',
        '排序乙',
        '排序丙',
      ]);
    });

    it('gives the ancestors of an org, root first', async () => {
      const mid = await createOrg(t, town.id, '祖先党总支', 'generalBranch');
      const leaf = await createOrg(t, mid.id, '祖先党支部', 'branch');
      expect((await get(leaf.id)).ancestors).toEqual([
        { id: county.id, name: county.name },
        { id: town.id, name: town.name },
        { id: mid.id, name: mid.name },
      ]);
    });

    it('searches names, with the names of the path from the root', async () => {
      const mid = await createOrg(t, town.id, '搜索党总支', 'generalBranch');
      const leaf = await createOrg(t, mid.id, '搜索Abc党支部', 'branch');
      const res = await t.request(t.admin, 'GET', `/api/orgs/search?q=${encodeURIComponent('abc')}`);
      expect(expectStatus(res, 200).json().items).toEqual([
        expect.objectContaining({ id: leaf.id, pathNames: [county.name, town.name, mid.name, leaf.name] }),
      ]);
      const both = await t.request(t.admin, 'GET', `/api/orgs/search?q=${encodeURIComponent('搜索')}`);
      // Shallower first.
      expect((both.json().items as OrgRow[]).map((o) => o.id)).toEqual([mid.id, leaf.id]);
    });

    it('treats % and _ in a search as plain characters', async () => {
      const pct = await createOrg(t, town.id, '百分之百%党支部', 'branch');
      const under = await createOrg(t, town.id, '下划线_党支部', 'branch');
      const search = async (q: string) =>
        (
          expectStatus(
            await t.request(t.admin, 'GET', `/api/orgs/search?q=${encodeURIComponent(q)}`),
            200,
          ).json().items as OrgRow[]
        ).map((o) => o.id);
      expect(await search('%')).toEqual([pct.id]);
      expect(await search('_')).toEqual([under.id]);
      expect(await search('\\')).toEqual([]);
    });

    it('returns at most 50 search results', async () => {
      const parent = await createOrg(t, county.id, '批量党委', 'committee');
      for (let i = 0; i < 52; i++) await createOrg(t, parent.id, `批量党支部${i}`, 'branch');
      const res = await t.request(t.admin, 'GET', `/api/orgs/search?q=${encodeURIComponent('批量党支部')}`);
      expect(expectStatus(res, 200).json().items).toHaveLength(50);
    });
  });
});
