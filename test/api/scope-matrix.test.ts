import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { can, type Permission, type Role } from '../../src/domain/access.js';
import { queryRows } from '../../src/db/query-rows.js';
import type { RouteAccess } from '../../src/server/http/route-config.js';
import { createTestContext, uploadTestTimeout, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import {
  createOrg,
  createUser,
  dumpDb,
  expectApiError,
  expectNoChange,
  expectStatus,
  signedInUser,
  userPassword,
} from './support/fixtures.js';
import { registeredRoutes } from './support/routes.js';
import { memberRow, membersFile, orgsFile, sheetRows } from '../helpers/xlsx-fixtures.js';
import { multipart, png } from '../helpers/file-fixtures.js';
import { connectEvents } from '../helpers/sse-client.js';

vi.mock('fastify', async (importOriginal) =>
  (await import('./support/routes.js')).collectRoutes(await importOriginal()),
);

/*
 * The scope matrix. The tree:
 *
 *   A 甲县党委 (county)                      B 乙县党委 (county)
 *   ├── A1 城关镇党委 (committee)             └── B1 新集镇党委 (committee)
 *   │   ├── A1b 城关镇第一党支部 (branch)
 *   │   ├── A1g 城关镇机关党总支 (generalBranch)
 *   │   ├── A1x 城关镇第二党支部 (branch)
 *   │   └── tmpA1 城关镇临时党支部 (branch, deleted by a test)
 *   └── A2 河口镇党委 (committee)
 *       ├── A2b 河口镇第一党支部 (branch)
 *       └── tmpA2 河口镇临时党支部 (branch, deleted by a test)
 *
 * Signed-in users: admin; orgA organizer@A; orgA1 organizer@A1; secA1 secretary@A1;
 * secA1b secretary@A1b; chkA1 checker@A1; viewA1 viewer@A1; orgB organizer@B.
 * Target accounts (never signed in): viewA2 viewer@A2, dummyA1 viewer@A1, adminA1 admin bound to A1.
 *
 * Every route of the app must appear in `matrix` below; the first test fails otherwise.
 */

type Who = 'admin' | 'orgA' | 'orgA1' | 'secA1' | 'secA1b' | 'chkA1' | 'viewA1' | 'orgB';
type OrgKey = 'A' | 'A1' | 'A1b' | 'A1g' | 'A1x' | 'tmpA1' | 'A2' | 'A2b' | 'tmpA2' | 'B' | 'B1';

interface Call {
  method: string;
  url: string;
  body?: unknown;
}

interface ScopedEntry {
  access: RouteAccess;
  /**
   * A valid call on objects inside A1, which an organizer of A1 may make. Roles without the
   * route's permission get 403 FORBIDDEN for it; `undo` puts things back after the organizer's run.
   */
  sample: () => Promise<Call>;
  undo?: () => Promise<void>;
  sampleStatus: number;
  /** Attempts to reach outside one's scope, each with an in-scope control that succeeds. */
  cases: Record<string, () => Promise<void>>;
  /** The calls upload files, so the tests get uploadTestTimeout. */
  uploads?: true;
}

interface UnscopedEntry {
  access: RouteAccess;
  /** Why scope does not apply, and a check of that claim. */
  reason: string;
  check: () => Promise<void>;
  uploads?: true;
}

type Entry = ScopedEntry | UnscopedEntry;

describe(`scope matrix (${testDriver})`, () => {
  let t: TestContext;
  const s = {} as Record<Who, Session>;
  const o = {} as Record<OrgKey, { id: number; path: string; name: string }>;
  const u = {} as Record<'viewA2' | 'dummyA1' | 'adminA1' | Who, number>;
  let serial = 0;
  const unique = (prefix: string) => `${prefix}${++serial}`;

  beforeAll(async () => {
    t = await createTestContext();
    s.admin = t.admin;
    const add = async (
      key: OrgKey,
      parent: OrgKey | null,
      name: string,
      level: Parameters<typeof createOrg>[3],
    ) => {
      o[key] = await createOrg(t, parent ? o[parent].id : null, name, level);
    };
    await add('A', null, '甲县党委', 'county');
    await add('A1', 'A', '城关镇党委', 'committee');
    await add('A1b', 'A1', '城关镇第一党支部', 'branch');
    await add('A1g', 'A1', '城关镇机关党总支', 'generalBranch');
    await add('A1x', 'A1', '城关镇第二党支部', 'branch');
    await add('tmpA1', 'A1', '城关镇临时党支部', 'branch');
    await add('A2', 'A', '河口镇党委', 'committee');
    await add('A2b', 'A2', '河口镇第一党支部', 'branch');
    await add('tmpA2', 'A2', '河口镇临时党支部', 'branch');
    await add('B', null, '乙县党委', 'county');
    await add('B1', 'B', '新集镇党委', 'committee');

    const sessions: [Who, Role, OrgKey][] = [
      ['orgA', 'organizer', 'A'],
      ['orgA1', 'organizer', 'A1'],
      ['secA1', 'secretary', 'A1'],
      ['secA1b', 'secretary', 'A1b'],
      ['chkA1', 'checker', 'A1'],
      ['viewA1', 'viewer', 'A1'],
      ['orgB', 'organizer', 'B'],
    ];
    for (const [who, role, org] of sessions) {
      s[who] = await signedInUser(t, who.toLowerCase(), role, o[org].id);
      u[who] = s[who].userId;
    }
    u.admin = t.admin.userId;
    u.viewA2 = (await createUser(t, 'viewa2', 'viewer', o.A2.id)).id;
    u.dummyA1 = (await createUser(t, 'dummya1', 'viewer', o.A1.id)).id;
    u.adminA1 = (await createUser(t, 'admina1', 'admin', o.A1.id)).id;
  });
  afterAll(() => t?.close());
  // A timed-out upload goes on writing (members, audit rows): the next test's snapshot comes after it.
  afterEach(() => t.idle(), uploadTestTimeout);

  // ---- helpers -------------------------------------------------------------------------------

  const call = (who: Who, method: string, url: string, body?: unknown) =>
    t.request(s[who], method, url, body);

  /** The call is refused with `status`/`code` and no table changes. */
  async function deny(who: Who, method: string, url: string, body: unknown, status: number, code: string) {
    await expectNoChange(t, async () => {
      const res = await call(who, method, url, body);
      expectApiError(res, status, code);
    });
  }

  /** The call succeeds with `status`. */
  async function allow(who: Who, method: string, url: string, body?: unknown, status = 200) {
    return expectStatus(await call(who, method, url, body), status);
  }

  const ids = (res: LightMyRequestResponse, key = 'items') =>
    (res.json()[key] as { id: number }[]).map((x) => x.id).sort((a, b) => a - b);

  async function orgIdsWithin(key: OrgKey): Promise<number[]> {
    const rows = await queryRows<{ id: number }>(
      t.database.db,
      sql`select id from orgs where path <@ (select path from orgs where id = ${o[key].id}) order by id`,
    );
    return rows.map((r) => r.id);
  }

  // ---- members and org records ----------------------------------------------------------

  /*
   * Members: A1 (secretary secA1's org), A1b, A1t (in A1b, moved by the transfer samples), A2b, B1;
   * each probationary since 2024-01-01, so overdue for conversion, with one mobile record.
   * Terms: A1b, A2b and B1 end within 90 days.
   * Sub-resources: one item of each kind in A1, A2 and B1.
   */
  type MemberKey = 'A1' | 'A1b' | 'A1t' | 'A2b' | 'B1';
  const memberOrg: Record<MemberKey, OrgKey> = { A1: 'A1', A1b: 'A1b', A1t: 'A1b', A2b: 'A2b', B1: 'B1' };
  const m = {} as Record<MemberKey, number>;
  const mobile = {} as Record<MemberKey, number>;
  const items = {} as Record<string, Record<'A1' | 'A2' | 'B1', number>>;
  /** The fixture members each signed-in user reaches. */
  const membersInScope: Record<Who, MemberKey[]> = {
    admin: ['A1', 'A1b', 'A1t', 'A2b', 'B1'],
    orgA: ['A1', 'A1b', 'A1t', 'A2b'],
    orgA1: ['A1', 'A1b', 'A1t'],
    secA1: ['A1'],
    secA1b: ['A1b', 'A1t'],
    chkA1: ['A1', 'A1b', 'A1t'],
    viewA1: ['A1', 'A1b', 'A1t'],
    orgB: ['B1'],
  };
  const memberRead: RouteAccess = { permission: 'member.read' };
  const memberWrite: RouteAccess = { permission: 'member.write' };
  const memberBody = (orgId: number) => ({
    orgId,
    name: '矩阵党员',
    gender: 'female',
    stage: 'probationary',
    probationaryOn: '2024-01-01',
  });
  const mobileBody = { direction: 'outflow', place: '广州', startedOn: '2025-01-01' };
  /** Out-of-scope member reads and writes, by who. */
  const memberAttempts: [Who, MemberKey][] = [
    ['orgB', 'A1b'],
    ['orgB', 'A1'],
    ['orgA1', 'A2b'],
    ['orgA', 'B1'],
    ['secA1', 'A1b'],
    ['secA1b', 'A1'],
    ['secA1b', 'A2b'],
  ];

  async function dropExtraMembers() {
    await t.database.db.execute(
      sql`delete from members where id not in (${sql.join(
        Object.values(m).map((id) => sql`${id}`),
        sql`, `,
      )})`,
    );
  }
  async function dropExtraMobileRecords() {
    await t.database.db.execute(
      sql`delete from mobile_records where id not in (${sql.join(
        Object.values(mobile).map((id) => sql`${id}`),
        sql`, `,
      )})`,
    );
  }
  async function resetTransfers() {
    await t.database.db.execute(sql`delete from member_transfers where member_id = ${m.A1t}`);
    await t.database.db.execute(
      sql`update members set org_id = ${o.A1b.id}, org_path = (select path from orgs where id = ${o.A1b.id}) where id = ${m.A1t}`,
    );
  }

  beforeAll(async () => {
    for (const key of Object.keys(memberOrg) as MemberKey[]) {
      const created = await allow('admin', 'POST', '/api/members', memberBody(o[memberOrg[key]].id), 201);
      m[key] = created.json().id;
      const record = await allow('admin', 'POST', `/api/members/${m[key]}/mobile-records`, mobileBody, 201);
      mobile[key] = record.json().id;
    }
    const soon = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    for (const key of ['A1b', 'A2b', 'B1'] as OrgKey[])
      await allow('admin', 'PATCH', `/api/orgs/${o[key].id}`, { termEndsOn: soon });
    for (const [segment, body] of Object.entries(orgRecordBodies)) {
      items[segment] = {} as Record<'A1' | 'A2' | 'B1', number>;
      for (const key of ['A1', 'A2', 'B1'] as const)
        items[segment][key] = (
          await allow('admin', 'POST', `/api/orgs/${o[key].id}/${segment}`, body, 201)
        ).json().id;
    }
  });

  const orgRecordBodies: Record<string, object> = {
    'weak-org-rectifications': { flaggedOn: '2025-01-01', reasons: '组织软弱' },
    'contact-points': { leaderName: '王县长' },
    pairings: { partnerName: '县供电公司党支部' },
    'non-public-entities': { name: '某某公司', kind: 'privateEnterprise' },
  };

  /** The four routes of an org record list: scoped through the org, and the item must be that org's. */
  function orgRecordEntries(segment: string, create: object, update: object): Record<string, Entry> {
    const list = (key: OrgKey) => `/api/orgs/${o[key].id}/${segment}`;
    const item = (key: OrgKey, itemOf: 'A1' | 'A2' | 'B1' = key as 'A1') =>
      `${list(key)}/${items[segment]![itemOf]}`;
    const outside: [Who, OrgKey][] = [
      ['orgB', 'A1'],
      ['orgA1', 'A2'],
      ['orgA1', 'A'],
      ['orgA', 'B1'],
    ];
    const fresh = async () => (await allow('admin', 'POST', list('A1'), create, 201)).json().id as number;
    return {
      [`GET /api/orgs/:id/${segment}`]: {
        access: orgRead,
        sample: async () => ({ method: 'GET', url: list('A1') }),
        sampleStatus: 200,
        cases: {
          'an org outside the scope': async () => {
            for (const [who, key] of [...outside, ['secA1b', 'A1'], ['secA1', 'A1b']] as [Who, OrgKey][])
              await deny(who, 'GET', list(key), undefined, 404, 'NOT_FOUND');
            expect(ids(await allow('secA1', 'GET', list('A1')))).toContain(items[segment]!.A1);
            expect(ids(await allow('orgA', 'GET', list('A2')))).toEqual([items[segment]!.A2]);
          },
        },
      },
      [`POST /api/orgs/:id/${segment}`]: {
        access: orgWrite,
        sample: async () => ({ method: 'POST', url: list('A1'), body: create }),
        sampleStatus: 201,
        cases: {
          'an org outside the scope': async () => {
            for (const [who, key] of outside) await deny(who, 'POST', list(key), create, 404, 'NOT_FOUND');
            await allow('orgA', 'POST', list('A2'), create, 201);
          },
        },
      },
      [`PATCH /api/orgs/:id/${segment}/:recordId`]: {
        access: orgWrite,
        sample: async () => ({ method: 'PATCH', url: item('A1'), body: update }),
        sampleStatus: 200,
        cases: {
          'an org outside the scope, or an item of another org': async () => {
            for (const [who, key] of outside)
              await deny(who, 'PATCH', `${list(key)}/${items[segment]!.A1}`, update, 404, 'NOT_FOUND');
            await deny('orgB', 'PATCH', item('A1'), update, 404, 'NOT_FOUND');
            await deny('orgA1', 'PATCH', item('A1', 'A2'), update, 404, 'NOT_FOUND');
            await deny('orgA', 'PATCH', item('A1', 'B1'), update, 404, 'NOT_FOUND');
            await allow('orgA', 'PATCH', item('A2'), update);
          },
        },
      },
      [`DELETE /api/orgs/:id/${segment}/:recordId`]: {
        access: orgWrite,
        sample: async () => ({ method: 'DELETE', url: `${list('A1')}/${await fresh()}` }),
        sampleStatus: 204,
        cases: {
          'an org outside the scope, or an item of another org': async () => {
            await deny('orgB', 'DELETE', item('A1'), undefined, 404, 'NOT_FOUND');
            await deny('orgA1', 'DELETE', item('A2'), undefined, 404, 'NOT_FOUND');
            await deny('orgA1', 'DELETE', item('A1', 'A2'), undefined, 404, 'NOT_FOUND');
            await deny('orgA', 'DELETE', item('A1', 'B1'), undefined, 404, 'NOT_FOUND');
            await allow('orgA1', 'DELETE', `${list('A1')}/${await fresh()}`, undefined, 204);
          },
        },
      },
    };
  }

  // ---- Excel import and export -----------------------------------------------------------------

  /** The org ids listed in a downloaded template's 组织列表 sheet. */
  async function templateOrgIds(who: Who, kind: 'members' | 'orgs') {
    const res = await allow(who, 'GET', `/api/imports/templates/${kind}`);
    return (await sheetRows(res.rawPayload, '组织列表'))
      .slice(1)
      .map((r) => Number(r[0]))
      .sort((a, b) => a - b);
  }
  const memberFileFor = (key: OrgKey) => membersFile([memberRow(o[key].id, { 姓名: '矩阵导入党员' })]);
  const orgFileFor = (key: OrgKey) =>
    orgsFile([{ 上级组织: o[key].id, 组织名称: unique('矩阵导入党支部'), 组织层级: '党支部' }]);
  async function dropImportedOrgs() {
    await t.database.db.execute(sql`delete from orgs where name like '矩阵导入党支部%'`);
  }

  /** Uploads `file` as `who` and waits for the import job to end: the ended job, as `who` reads it. */
  async function importAs(who: Who, kind: 'members' | 'orgs', file: Buffer) {
    const { jobId } = expectStatus(await call(who, 'POST', `/api/imports/${kind}`, file), 202).json();
    await t.idle();
    return expectStatus(await call(who, 'GET', `/api/jobs/${jobId}`), 200).json();
  }

  /** The import's job fails with IMPORT_ROWS_INVALID and nothing else changes. */
  async function importRefused(who: Who, kind: 'members' | 'orgs', file: Buffer) {
    await expectNoChange(t, async () => {
      expect((await importAs(who, kind, file)).error?.code).toBe('IMPORT_ROWS_INVALID');
    });
  }

  async function imported(who: Who, kind: 'members' | 'orgs', file: Buffer) {
    expect((await importAs(who, kind, file)).state).toBe('succeeded');
  }
  /** Data rows of an export, as the caller may download it. */
  async function exportRows(who: Who, kind: string, key: OrgKey, sheet: string) {
    const res = await allow(who, 'GET', `/api/exports/${kind}?orgId=${o[key].id}`);
    return (await sheetRows(res.rawPayload, sheet)).slice(1);
  }
  const exportOutside: [Who, OrgKey][] = [
    ['orgB', 'A1'],
    ['orgA1', 'A2'],
    ['orgA', 'B1'],
    ['secA1b', 'A1'],
    ['secA1', 'A1b'],
  ];

  // ---- the matrix ----------------------------------------------------------------------------

  // ---- files -----------------------------------------------------------------------------------

  /** One file in each of A1, A1b, A2 and B1. */
  type FileOrg = 'A1' | 'A1b' | 'A2' | 'B1';
  const f = {} as Record<FileOrg, number>;
  const fileWrite: RouteAccess = { permission: 'file.write' };
  const uploadUrl = (key: OrgKey) => `/api/files?kind=attachment&orgId=${o[key].id}`;
  /** Reaching another org's file, by who. */
  const fileOutside: [Who, FileOrg][] = [
    ['orgB', 'A1'],
    ['orgA1', 'A2'],
    ['orgA', 'B1'],
    ['secA1', 'A1b'],
    ['secA1b', 'A1'],
  ];
  beforeAll(async () => {
    for (const key of ['A1', 'A1b', 'A2', 'B1'] as const)
      f[key] = (await allow('admin', 'POST', uploadUrl(key), multipart(`${key}.png`, png), 201)).json().id;
  });
  async function dropExtraFiles() {
    const keep = sql.join(
      Object.values(f).map((id) => sql`${id}`),
      sql`, `,
    );
    await t.database.db.execute(sql`delete from files where id not in (${keep})`);
    await t.database.db.execute(
      sql`delete from file_blobs b where not exists (select 1 from files where blob_id = b.id)`,
    );
  }
  const freshFile = async () =>
    (await allow('admin', 'POST', uploadUrl('A1'), multipart('临时.png', png), 201)).json().id as number;

  /** GET /api/files/:id and its /meta: a file is read where its org is in the reader's scope. */
  function fileReadEntry(suffix: '' | '/meta'): Record<string, Entry> {
    const url = (key: FileOrg) => `/api/files/${f[key]}${suffix}`;
    return {
      [`GET /api/files/:id${suffix}`]: {
        access: orgRead,
        sample: async () => ({ method: 'GET', url: url('A1') }),
        sampleStatus: 200,
        cases: {
          'a file outside the scope': async () => {
            for (const [who, key] of fileOutside)
              await deny(who, 'GET', url(key), undefined, 404, 'NOT_FOUND');
            for (const [who, key] of [
              ['secA1', 'A1'],
              ['secA1b', 'A1b'],
              ['orgA1', 'A1b'],
              ['orgA', 'A2'],
              ['viewA1', 'A1b'],
              ['orgB', 'B1'],
            ] as [Who, FileOrg][])
              await allow(who, 'GET', url(key));
          },
        },
      },
    };
  }

  const orgRead: RouteAccess = { permission: 'org.read' };
  const orgWrite: RouteAccess = { permission: 'org.write' };

  const matrix: Record<string, Entry> = {
    'GET /api/health': {
      access: { public: true },
      reason: 'public health check, reads no org data',
      check: async () => {
        const res = expectStatus(await t.request(null, 'GET', '/api/health'), 200);
        expect(Object.keys(res.json()).sort()).toEqual(['db', 'status', 'version']);
      },
    },
    'POST /api/auth/login': {
      access: { public: true },
      reason: 'public sign-in, acts on the named account only',
      check: async () => {
        const before = await dumpDb(t);
        const res = await t.request(null, 'POST', '/api/auth/login', { username: 'orga1', password: 'nope' });
        expectApiError(res, 401, 'INVALID_CREDENTIALS');
        expect(res.cookies.find((c) => c.name === 'shuping_session')).toBeUndefined();
        // Only the failure is counted, for the login limits.
        const after = await dumpDb(t);
        expect(after.login_throttles).not.toEqual(before.login_throttles);
        expect({ ...after, login_throttles: [] }).toEqual({ ...before, login_throttles: [] });
        await t.database.db.execute(sql`delete from login_throttles`);
      },
    },
    'GET /api/auth/me': {
      access: { duringPasswordChange: true },
      reason: 'answers with the signed-in user only',
      check: async () => {
        for (const who of Object.keys(s) as Who[]) {
          const res = await allow(who, 'GET', '/api/auth/me');
          expect(res.json().user.id).toBe(s[who].userId);
          expect(res.json().csrfToken).toBe(s[who].csrfToken);
        }
      },
    },
    'POST /api/auth/logout': {
      access: { duringPasswordChange: true },
      reason: "ends the caller's own session only",
      check: async () => {
        const extra = await t.login('orgb', userPassword);
        expectStatus(await t.request(extra, 'POST', '/api/auth/logout'), 204);
        expectStatus(await t.request(extra, 'GET', '/api/auth/me'), 401);
        for (const who of Object.keys(s) as Who[]) await allow(who, 'GET', '/api/auth/me');
      },
    },
    'POST /api/auth/password': {
      access: { duringPasswordChange: true },
      reason: "changes the caller's own password; the body cannot name another account",
      check: async () => {
        for (const extra of [{ userId: u.dummyA1 }, { username: 'dummya1' }]) {
          await deny(
            'orgA1',
            'POST',
            '/api/auth/password',
            { currentPassword: userPassword, newPassword: 'Another-Pass-2026!', ...extra },
            400,
            'VALIDATION_ERROR',
          );
        }
      },
    },

    'GET /api/orgs': {
      access: orgRead,
      sample: async () => ({ method: 'GET', url: `/api/orgs?parentId=${o.A1.id}` }),
      sampleStatus: 200,
      cases: {
        'roots are the own org of every non-admin': async () => {
          const expected: Record<Who, OrgKey[]> = {
            admin: ['A', 'B'],
            orgA: ['A'],
            orgA1: ['A1'],
            secA1: ['A1'],
            secA1b: ['A1b'],
            chkA1: ['A1'],
            viewA1: ['A1'],
            orgB: ['B'],
          };
          for (const who of Object.keys(expected) as Who[]) {
            const res = await allow(who, 'GET', '/api/orgs');
            expect(ids(res), who).toEqual(expected[who].map((k) => o[k].id).sort((a, b) => a - b));
          }
        },
        'a secretary sees no children, even of an org that has some': async () => {
          const roots = await allow('secA1', 'GET', '/api/orgs');
          expect(roots.json().items).toEqual([expect.objectContaining({ id: o.A1.id, childCount: 0 })]);
          expect((await allow('secA1', 'GET', `/api/orgs?parentId=${o.A1.id}`)).json().items).toEqual([]);
          expect((await allow('secA1b', 'GET', `/api/orgs?parentId=${o.A1b.id}`)).json().items).toEqual([]);
          // The same org seen by a checker bound to it: the children are there.
          const checker = await allow('chkA1', 'GET', '/api/orgs');
          expect(checker.json().items[0].childCount).toBeGreaterThan(0);
          const children = await queryRows<{ id: number }>(
            t.database.db,
            sql`select id from orgs where parent_id = ${o.A1.id} order by id`,
          );
          expect(ids(await allow('chkA1', 'GET', `/api/orgs?parentId=${o.A1.id}`))).toEqual(
            children.map((r) => r.id),
          );
        },
        'children of a parent outside the scope': async () => {
          await deny('orgB', 'GET', `/api/orgs?parentId=${o.A1.id}`, undefined, 404, 'NOT_FOUND');
          await deny('orgA1', 'GET', `/api/orgs?parentId=${o.A2.id}`, undefined, 404, 'NOT_FOUND');
          await deny('orgA1', 'GET', `/api/orgs?parentId=${o.A.id}`, undefined, 404, 'NOT_FOUND');
          await deny('secA1b', 'GET', `/api/orgs?parentId=${o.A1.id}`, undefined, 404, 'NOT_FOUND');
          await deny('secA1', 'GET', `/api/orgs?parentId=${o.A1g.id}`, undefined, 404, 'NOT_FOUND');
          await deny('viewA1', 'GET', `/api/orgs?parentId=${o.B.id}`, undefined, 404, 'NOT_FOUND');
          expect(ids(await allow('admin', 'GET', `/api/orgs?parentId=${o.A2.id}`))).toContain(o.A2b.id);
          expect(ids(await allow('orgA', 'GET', `/api/orgs?parentId=${o.A1.id}`))).toContain(o.A1b.id);
          expect(ids(await allow('orgB', 'GET', `/api/orgs?parentId=${o.B.id}`))).toEqual([o.B1.id]);
        },
      },
    },

    'GET /api/orgs/search': {
      access: orgRead,
      sample: async () => ({ method: 'GET', url: `/api/orgs/search?q=${encodeURIComponent('党')}` }),
      sampleStatus: 200,
      cases: {
        'finds only orgs in scope, with path names cut at the scope root': async () => {
          const all = await orgIdsWithin('A');
          const expected: Record<Who, number[]> = {
            admin: [...all, ...(await orgIdsWithin('B'))],
            orgA: all,
            orgA1: await orgIdsWithin('A1'),
            secA1: [o.A1.id],
            secA1b: [o.A1b.id],
            chkA1: await orgIdsWithin('A1'),
            viewA1: await orgIdsWithin('A1'),
            orgB: await orgIdsWithin('B'),
          };
          for (const who of Object.keys(expected) as Who[]) {
            const res = await allow(who, 'GET', `/api/orgs/search?q=${encodeURIComponent('党')}`);
            expect(ids(res), who).toEqual([...expected[who]].sort((a, b) => a - b));
          }
          const own = await allow('orgA1', 'GET', `/api/orgs/search?q=${encodeURIComponent('第一党支部')}`);
          expect(own.json().items).toEqual([
            expect.objectContaining({ id: o.A1b.id, pathNames: ['城关镇党委', '城关镇第一党支部'] }),
          ]);
          const secretary = await allow('secA1b', 'GET', `/api/orgs/search?q=${encodeURIComponent('党')}`);
          expect(secretary.json().items).toEqual([
            expect.objectContaining({ id: o.A1b.id, pathNames: ['城关镇第一党支部'] }),
          ]);
        },
        'the name of an org outside the scope finds nothing': async () => {
          for (const [who, q] of [
            ['orgA1', '河口镇'],
            ['orgA1', '甲县'],
            ['orgB', '城关镇'],
            ['secA1b', '城关镇党委'],
            ['secA1', '第一党支部'],
          ] as [Who, string][]) {
            const res = await expectNoChange(t, () =>
              call(who, 'GET', `/api/orgs/search?q=${encodeURIComponent(q)}`),
            );
            expect(expectStatus(res, 200).json().items, `${who} ${q}`).toEqual([]);
          }
          expect(
            (await allow('admin', 'GET', `/api/orgs/search?q=${encodeURIComponent('河口镇')}`)).json().items,
          ).not.toEqual([]);
        },
      },
    },

    'GET /api/orgs/:id': {
      access: orgRead,
      sample: async () => ({ method: 'GET', url: `/api/orgs/${o.A1.id}` }),
      sampleStatus: 200,
      cases: {
        'an org outside the scope': async () => {
          const attempts: [Who, OrgKey][] = [
            ['orgB', 'A1'],
            ['orgB', 'A1b'],
            ['orgA1', 'A2'],
            ['orgA1', 'A2b'],
            ['orgA1', 'A'],
            ['orgA1', 'B'],
            ['secA1b', 'A1'],
            ['secA1', 'A1b'],
            ['chkA1', 'A2'],
            ['viewA1', 'A'],
          ];
          for (const [who, key] of attempts)
            await deny(who, 'GET', `/api/orgs/${o[key].id}`, undefined, 404, 'NOT_FOUND');
          await allow('admin', 'GET', `/api/orgs/${o.A2.id}`);
          await allow('orgA', 'GET', `/api/orgs/${o.A2b.id}`);
        },
        'ancestors stop at the scope root': async () => {
          const own = await allow('orgA1', 'GET', `/api/orgs/${o.A1b.id}`);
          expect(own.json().ancestors).toEqual([{ id: o.A1.id, name: o.A1.name }]);
          const secretary = await allow('secA1b', 'GET', `/api/orgs/${o.A1b.id}`);
          expect(secretary.json().ancestors).toEqual([]);
          const admin = await allow('admin', 'GET', `/api/orgs/${o.A1b.id}`);
          expect(admin.json().ancestors).toEqual([
            { id: o.A.id, name: o.A.name },
            { id: o.A1.id, name: o.A1.name },
          ]);
        },
      },
    },

    'POST /api/orgs': {
      access: orgWrite,
      sample: async () => ({
        method: 'POST',
        url: '/api/orgs',
        body: { parentId: o.A1g.id, name: unique('样例党支部'), level: 'branch' },
      }),
      sampleStatus: 201,
      cases: {
        'a child under a parent outside the scope': async () => {
          const attempts: [Who, OrgKey][] = [
            ['orgB', 'A1'],
            ['orgA1', 'A2'],
            ['orgA1', 'A'],
            ['orgA1', 'B'],
          ];
          for (const [who, parent] of attempts) {
            const body = { parentId: o[parent].id, name: unique('越权党支部'), level: 'branch' };
            await deny(who, 'POST', '/api/orgs', body, 404, 'NOT_FOUND');
            // The same call from someone whose scope holds the parent goes through.
            const made = await allow(
              parent.startsWith('B') ? 'orgB' : 'admin',
              'POST',
              '/api/orgs',
              body,
              201,
            );
            await allow('admin', 'DELETE', `/api/orgs/${made.json().id}`, undefined, 204);
          }
        },
        'a top-level org, by anyone but an admin': async () => {
          const body = { parentId: null, name: '丙县党委', level: 'county' };
          for (const who of ['orgA', 'orgA1', 'orgB'] as Who[])
            await deny(who, 'POST', '/api/orgs', body, 403, 'FORBIDDEN');
          const made = await allow('admin', 'POST', '/api/orgs', body, 201);
          await allow('admin', 'DELETE', `/api/orgs/${made.json().id}`, undefined, 204);
        },
      },
    },

    'PATCH /api/orgs/:id': {
      access: orgWrite,
      sample: async () => ({ method: 'PATCH', url: `/api/orgs/${o.A1x.id}`, body: { sortOrder: 3 } }),
      sampleStatus: 200,
      cases: {
        'an org outside the scope': async () => {
          const attempts: [Who, OrgKey][] = [
            ['orgB', 'A1'],
            ['orgB', 'A1b'],
            ['orgA1', 'A2'],
            ['orgA1', 'A2b'],
            ['orgA1', 'A'],
            ['orgA', 'B1'],
          ];
          for (const [who, key] of attempts) {
            for (const body of [{ sortOrder: 9 }, { name: unique('改名') }, { level: 'branch' }])
              await deny(who, 'PATCH', `/api/orgs/${o[key].id}`, body, 404, 'NOT_FOUND');
          }
          await allow('admin', 'PATCH', `/api/orgs/${o.A2.id}`, { sortOrder: 9 });
          await allow('orgA', 'PATCH', `/api/orgs/${o.A2b.id}`, { sortOrder: 9 });
        },
        'the own scope root may be edited': async () => {
          await allow('orgA1', 'PATCH', `/api/orgs/${o.A1.id}`, { sortOrder: 2 });
          await allow('orgB', 'PATCH', `/api/orgs/${o.B.id}`, { sortOrder: 2 });
        },
      },
    },

    'POST /api/orgs/:id/move': {
      access: orgWrite,
      sample: async () => ({
        method: 'POST',
        url: `/api/orgs/${o.A1x.id}/move`,
        body: { parentId: o.A1g.id },
      }),
      undo: async () => {
        await allow('admin', 'POST', `/api/orgs/${o.A1x.id}/move`, { parentId: o.A1.id });
      },
      sampleStatus: 200,
      cases: {
        'an org outside the scope': async () => {
          await deny('orgB', 'POST', `/api/orgs/${o.A1b.id}/move`, { parentId: o.B1.id }, 404, 'NOT_FOUND');
          await deny('orgA1', 'POST', `/api/orgs/${o.A2b.id}/move`, { parentId: o.A1.id }, 404, 'NOT_FOUND');
          await deny('orgA1', 'POST', `/api/orgs/${o.A2.id}/move`, { parentId: o.A1.id }, 404, 'NOT_FOUND');
          await allow('orgA', 'POST', `/api/orgs/${o.A2b.id}/move`, { parentId: o.A1.id });
          await allow('orgA', 'POST', `/api/orgs/${o.A2b.id}/move`, { parentId: o.A2.id });
        },
        'an org in scope under a parent outside it': async () => {
          for (const parent of ['A2', 'A', 'B1', 'B'] as OrgKey[])
            await deny(
              'orgA1',
              'POST',
              `/api/orgs/${o.A1x.id}/move`,
              { parentId: o[parent].id },
              404,
              'NOT_FOUND',
            );
          await deny('orgB', 'POST', `/api/orgs/${o.B1.id}/move`, { parentId: o.A.id }, 404, 'NOT_FOUND');
          await allow('orgA', 'POST', `/api/orgs/${o.A1x.id}/move`, { parentId: o.A2.id });
          await allow('orgA', 'POST', `/api/orgs/${o.A1x.id}/move`, { parentId: o.A1.id });
        },
        'the own scope root': async () => {
          for (const parent of ['A2', 'A', 'A1g'] as OrgKey[])
            await deny(
              'orgA1',
              'POST',
              `/api/orgs/${o.A1.id}/move`,
              { parentId: o[parent].id },
              403,
              'ORG_SCOPE_ROOT',
            );
          await deny('orgB', 'POST', `/api/orgs/${o.B.id}/move`, { parentId: o.A.id }, 403, 'ORG_SCOPE_ROOT');
          // One level up, A1 is an ordinary org.
          await allow('orgA', 'POST', `/api/orgs/${o.A1.id}/move`, { parentId: o.A2.id });
          await allow('orgA', 'POST', `/api/orgs/${o.A1.id}/move`, { parentId: o.A.id });
        },
      },
    },

    'DELETE /api/orgs/:id': {
      access: orgWrite,
      sample: async () => {
        const leaf = await createOrg(t, o.A1g.id, unique('待删党支部'), 'branch');
        return { method: 'DELETE', url: `/api/orgs/${leaf.id}` };
      },
      sampleStatus: 204,
      cases: {
        'an org outside the scope': async () => {
          await deny('orgB', 'DELETE', `/api/orgs/${o.tmpA1.id}`, undefined, 404, 'NOT_FOUND');
          await deny('orgA', 'DELETE', `/api/orgs/${o.B1.id}`, undefined, 404, 'NOT_FOUND');
          await deny('orgA1', 'DELETE', `/api/orgs/${o.tmpA2.id}`, undefined, 404, 'NOT_FOUND');
          await allow('orgA1', 'DELETE', `/api/orgs/${o.tmpA1.id}`, undefined, 204);
          await allow('admin', 'DELETE', `/api/orgs/${o.tmpA2.id}`, undefined, 204);
        },
        'the own scope root': async () => {
          await deny('orgA1', 'DELETE', `/api/orgs/${o.A1.id}`, undefined, 403, 'ORG_SCOPE_ROOT');
          await deny('orgB', 'DELETE', `/api/orgs/${o.B.id}`, undefined, 403, 'ORG_SCOPE_ROOT');
          // An organizer bound to an empty leaf cannot delete it either.
          const leaf = await createOrg(t, o.A2.id, '河口镇空党支部', 'branch');
          const leafOrganizer = await signedInUser(t, 'orgleaf', 'organizer', leaf.id);
          await expectNoChange(t, async () => {
            const res = await t.request(leafOrganizer, 'DELETE', `/api/orgs/${leaf.id}`);
            expectApiError(res, 403, 'ORG_SCOPE_ROOT');
          });
          // From above, the root is an ordinary org: the next rule (children) answers.
          expectApiError(await call('admin', 'DELETE', `/api/orgs/${o.A1.id}`), 409, 'ORG_HAS_CHILDREN');
          expectApiError(await call('orgA', 'DELETE', `/api/orgs/${leaf.id}`), 409, 'ORG_HAS_USERS');
        },
        'an org that records outside the scope name': async () => {
          const leaf = await createOrg(t, o.A1.id, unique('被结对党支部'), 'branch');
          const pairings = `/api/orgs/${o.B1.id}/pairings`;
          const held = await allow('admin', 'POST', pairings, { partnerOrgId: leaf.id }, 201);
          await deny('orgA1', 'DELETE', `/api/orgs/${leaf.id}`, undefined, 409, 'ORG_REFERENCED');
          const res = await call('orgA1', 'DELETE', `/api/orgs/${leaf.id}`);
          expect(res.json().details).toEqual({ references: [], outOfScope: 1 });
          expect(res.json().message).not.toContain(o.B1.name);
          await allow('admin', 'DELETE', `${pairings}/${held.json().id}`, undefined, 204);
          await allow('orgA1', 'DELETE', `/api/orgs/${leaf.id}`, undefined, 204);
        },
      },
    },

    'GET /api/users': {
      access: { permission: 'user.read' },
      sample: async () => ({ method: 'GET', url: `/api/users?orgId=${o.A1.id}` }),
      sampleStatus: 200,
      cases: {
        'filtered by an org outside the scope': async () => {
          const attempts: [Who, OrgKey][] = [
            ['orgB', 'A1'],
            ['orgB', 'A'],
            ['orgA1', 'A2'],
            ['orgA1', 'A'],
            ['orgA1', 'B'],
            ['orgA', 'B1'],
          ];
          for (const [who, key] of attempts)
            await deny(who, 'GET', `/api/users?orgId=${o[key].id}`, undefined, 404, 'NOT_FOUND');
          const inA2 = await allow('admin', 'GET', `/api/users?orgId=${o.A2.id}`);
          expect(ids(inA2)).toContain(u.viewA2);
          expect(ids(await allow('orgA', 'GET', `/api/users?orgId=${o.A2.id}`))).toContain(u.viewA2);
        },
        'lists hold only users inside the scope': async () => {
          const expectations: [Who, OrgKey | null][] = [
            ['orgA1', 'A1'],
            ['orgA', 'A'],
            ['orgB', 'B'],
            ['admin', null],
          ];
          for (const [who, root] of expectations) {
            const rows = await queryRows<{ id: number }>(
              t.database.db,
              root === null
                ? sql`select id from users order by id`
                : sql`select u.id from users u join orgs o on o.id = u.org_id
                      where o.path <@ (select path from orgs where id = ${o[root].id}) order by u.id`,
            );
            const res = await allow(who, 'GET', '/api/users?pageSize=200');
            expect(ids(res), who).toEqual(rows.map((r) => r.id));
            expect(res.json().total).toBe(rows.length);
          }
          const admins = await allow('orgA1', 'GET', '/api/users?q=admin&pageSize=200');
          expect(ids(admins)).not.toContain(u.admin);
        },
      },
    },

    'POST /api/users': {
      access: { permission: 'user.write' },
      sample: async () => ({
        method: 'POST',
        url: '/api/users',
        body: { username: unique('sample'), displayName: '样例', role: 'viewer', orgId: o.A1b.id },
      }),
      sampleStatus: 201,
      cases: {
        'a user in an org outside the scope': async () => {
          const attempts: [Who, OrgKey, Who][] = [
            ['orgB', 'A1', 'orgA1'],
            ['orgA1', 'A2', 'orgA'],
            ['orgA1', 'A', 'orgA'],
            ['orgA1', 'B1', 'orgB'],
          ];
          for (const [who, key, control] of attempts) {
            const body = {
              username: unique('intruder'),
              displayName: '越权',
              role: 'viewer',
              orgId: o[key].id,
            };
            await deny(who, 'POST', '/api/users', body, 404, 'NOT_FOUND');
            await allow(control, 'POST', '/api/users', body, 201);
          }
        },
        'an organizer granting admin': async () => {
          for (const orgId of [null, o.A1.id]) {
            const body = { username: unique('newadmin'), displayName: '管理员', role: 'admin', orgId };
            await deny('orgA1', 'POST', '/api/users', body, 403, 'FORBIDDEN');
            await deny('orgA', 'POST', '/api/users', body, 403, 'FORBIDDEN');
            await allow('admin', 'POST', '/api/users', body, 201);
          }
        },
      },
    },

    'PATCH /api/users/:id': {
      access: { permission: 'user.write' },
      sample: async () => ({
        method: 'PATCH',
        url: `/api/users/${u.dummyA1}`,
        body: { displayName: '样例用户' },
      }),
      sampleStatus: 200,
      cases: {
        'a user outside the scope': async () => {
          const attempts: [Who, 'viewA2' | 'dummyA1' | 'admin' | 'orgA' | 'secA1b', Who][] = [
            ['orgB', 'secA1b', 'orgA1'],
            ['orgB', 'dummyA1', 'orgA1'],
            ['orgA1', 'viewA2', 'orgA'],
            ['orgA1', 'orgA', 'admin'],
            ['orgA1', 'admin', 'admin'],
            ['orgA', 'admin', 'admin'],
          ];
          for (const [who, target, control] of attempts) {
            const url = `/api/users/${u[target]}`;
            for (const body of [{ displayName: '越权' }, { disabled: true }, { role: 'viewer' }])
              await deny(who, 'PATCH', url, body, 404, 'NOT_FOUND');
            if (control !== 'admin' || target !== 'admin')
              await allow(control, 'PATCH', url, { displayName: `用户${target}` });
          }
        },
        'moving a user to an org outside the scope': async () => {
          for (const key of ['A2', 'A', 'B'] as OrgKey[])
            await deny('orgA1', 'PATCH', `/api/users/${u.dummyA1}`, { orgId: o[key].id }, 404, 'NOT_FOUND');
          await allow('orgA', 'PATCH', `/api/users/${u.dummyA1}`, { orgId: o.A2.id });
          await allow('orgA', 'PATCH', `/api/users/${u.dummyA1}`, { orgId: o.A1.id });
        },
        'an organizer granting admin': async () => {
          await deny('orgA1', 'PATCH', `/api/users/${u.dummyA1}`, { role: 'admin' }, 403, 'FORBIDDEN');
          await deny(
            'orgA1',
            'PATCH',
            `/api/users/${u.dummyA1}`,
            { role: 'admin', orgId: null },
            403,
            'FORBIDDEN',
          );
          await allow('admin', 'PATCH', `/api/users/${u.dummyA1}`, { role: 'admin' });
          await allow('admin', 'PATCH', `/api/users/${u.dummyA1}`, { role: 'viewer' });
        },
        'an organizer changing an admin account bound to their org': async () => {
          for (const body of [
            { role: 'viewer' },
            { role: 'organizer' },
            { disabled: true },
            { displayName: '改名' },
            { orgId: o.A1b.id },
          ])
            await deny('orgA1', 'PATCH', `/api/users/${u.adminA1}`, body, 403, 'FORBIDDEN');
          await allow('admin', 'PATCH', `/api/users/${u.adminA1}`, { displayName: '县管理员' });
        },
        'changing one’s own role, org or status': async () => {
          for (const body of [
            { role: 'viewer' },
            { role: 'admin' },
            { orgId: o.A.id },
            { orgId: o.A1b.id },
            { disabled: true },
          ])
            await deny('orgA1', 'PATCH', `/api/users/${u.orgA1}`, body, 403, 'SELF_CHANGE_FORBIDDEN');
          await allow('orgA1', 'PATCH', `/api/users/${u.orgA1}`, { displayName: '城关镇组织委员' });
        },
      },
    },

    'POST /api/users/:id/reset-password': {
      access: { permission: 'user.write' },
      sample: async () => ({ method: 'POST', url: `/api/users/${u.dummyA1}/reset-password` }),
      sampleStatus: 200,
      cases: {
        'a user outside the scope': async () => {
          const attempts: [Who, 'viewA2' | 'dummyA1' | 'admin' | 'orgA' | 'secA1b'][] = [
            ['orgB', 'dummyA1'],
            ['orgB', 'secA1b'],
            ['orgA1', 'viewA2'],
            ['orgA1', 'orgA'],
            ['orgA1', 'admin'],
            ['orgA', 'admin'],
          ];
          for (const [who, target] of attempts)
            await deny(who, 'POST', `/api/users/${u[target]}/reset-password`, undefined, 404, 'NOT_FOUND');
          await allow('admin', 'POST', `/api/users/${u.viewA2}/reset-password`);
          await allow('orgA1', 'POST', `/api/users/${u.dummyA1}/reset-password`);
        },
        'an admin account bound to the org, and oneself': async () => {
          await deny('orgA1', 'POST', `/api/users/${u.adminA1}/reset-password`, undefined, 403, 'FORBIDDEN');
          await deny(
            'orgA1',
            'POST',
            `/api/users/${u.orgA1}/reset-password`,
            undefined,
            400,
            'SELF_RESET_FORBIDDEN',
          );
          await allow('admin', 'POST', `/api/users/${u.adminA1}/reset-password`);
        },
      },
    },

    'POST /api/users/:id/unlock-login': {
      access: { permission: 'user.write' },
      sample: async () => ({ method: 'POST', url: `/api/users/${u.dummyA1}/unlock-login` }),
      sampleStatus: 204,
      cases: {
        'a user outside the scope': async () => {
          const attempts: [Who, 'viewA2' | 'dummyA1' | 'admin' | 'orgA' | 'secA1b'][] = [
            ['orgB', 'dummyA1'],
            ['orgA1', 'viewA2'],
            ['orgA1', 'orgA'],
            ['orgA1', 'admin'],
          ];
          for (const [who, target] of attempts)
            await deny(who, 'POST', `/api/users/${u[target]}/unlock-login`, undefined, 404, 'NOT_FOUND');
          await allow('orgA', 'POST', `/api/users/${u.viewA2}/unlock-login`, undefined, 204);
        },
        'an admin account bound to the org': async () => {
          await deny('orgA1', 'POST', `/api/users/${u.adminA1}/unlock-login`, undefined, 403, 'FORBIDDEN');
          await allow('admin', 'POST', `/api/users/${u.adminA1}/unlock-login`, undefined, 204);
        },
      },
    },

    'GET /api/statistics': {
      access: orgRead,
      sample: async () => ({ method: 'GET', url: `/api/statistics?orgId=${o.A1.id}` }),
      sampleStatus: 200,
      cases: {
        'statistics of an org outside the scope': async () => {
          const attempts: [Who, OrgKey][] = [
            ['orgB', 'A1'],
            ['orgA1', 'A2'],
            ['orgA1', 'A'],
            ['orgA', 'B'],
            ['secA1', 'A1b'],
            ['secA1b', 'A1'],
            ['viewA1', 'A2b'],
          ];
          for (const [who, key] of attempts)
            await deny(who, 'GET', `/api/statistics?orgId=${o[key].id}`, undefined, 404, 'NOT_FOUND');
          // Admins see two trees, so they must say which.
          await deny('admin', 'GET', '/api/statistics', undefined, 400, 'ORG_REQUIRED');
        },
        'counts only what lies in the scope, by default from its root': async () => {
          for (const [who, key] of [
            ['orgA', 'A'],
            ['orgA1', 'A1'],
            ['chkA1', 'A1'],
            ['secA1b', 'A1b'],
            ['orgB', 'B'],
          ] as [Who, OrgKey][]) {
            const stats = (await allow(who, 'GET', '/api/statistics')).json();
            expect(stats.org.id, who).toBe(o[key].id);
            expect(stats.orgs.total, who).toBe((await orgIdsWithin(key)).length);
          }
          const admin = (await allow('admin', 'GET', `/api/statistics?orgId=${o.A1.id}`)).json();
          expect(admin.orgs.total).toBe((await orgIdsWithin('A1')).length);
          // A secretary's scope is their own org: bound to A1, they count A1 alone.
          const secretary = (await allow('secA1', 'GET', `/api/statistics?orgId=${o.A1.id}`)).json();
          expect(secretary.orgs.total).toBe(1);
        },
      },
    },

    'GET /api/statistics/batch': {
      access: orgRead,
      sample: async () => ({ method: 'GET', url: `/api/statistics/batch?orgIds=${o.A1.id}` }),
      sampleStatus: 200,
      cases: {
        'a batch holding an org outside the scope': async () => {
          const attempts: [Who, OrgKey[]][] = [
            ['orgB', ['A1']],
            ['orgA1', ['A1', 'A2']],
            ['orgA1', ['A']],
            ['orgA', ['A1', 'B']],
            ['secA1', ['A1b']],
            ['secA1b', ['A1b', 'A1']],
            ['viewA1', ['A1', 'A2b']],
          ];
          for (const [who, keys] of attempts)
            await deny(
              who,
              'GET',
              `/api/statistics/batch?orgIds=${keys.map((k) => o[k].id)}`,
              undefined,
              404,
              'NOT_FOUND',
            );
          const inside = (
            await allow('orgA', 'GET', `/api/statistics/batch?orgIds=${o.A1.id},${o.A2.id}`)
          ).json();
          expect(inside.items.map((s: { org: { id: number } }) => s.org.id)).toEqual([o.A1.id, o.A2.id]);
          expect(inside.items[0].orgs.total).toBe((await orgIdsWithin('A1')).length);
          // A secretary's scope is their own org, in a batch as alone.
          const secretary = (await allow('secA1', 'GET', `/api/statistics/batch?orgIds=${o.A1.id}`)).json();
          expect(secretary.items[0].orgs.total).toBe(1);
        },
      },
    },

    'GET /api/statistics/basics': {
      access: orgRead,
      sample: async () => ({ method: 'GET', url: `/api/statistics/basics?orgId=${o.A1.id}` }),
      sampleStatus: 200,
      cases: {
        'the 基本情况 of an org outside the scope': async () => {
          await deny('orgB', 'GET', `/api/statistics/basics?orgId=${o.A1.id}`, undefined, 404, 'NOT_FOUND');
          await deny('orgA1', 'GET', `/api/statistics/basics?orgId=${o.A2.id}`, undefined, 404, 'NOT_FOUND');
          await deny('secA1b', 'GET', `/api/statistics/basics?orgId=${o.A1.id}`, undefined, 404, 'NOT_FOUND');
          const own = (await allow('orgA1', 'GET', '/api/statistics/basics')).json();
          expect(own.text).toContain('全镇');
          expect(own.text).not.toMatch(/XX|\*\*\*|null|NaN|undefined/);
        },
      },
    },

    'POST /api/demo': {
      access: { permission: 'demo.load' },
      reason:
        'system-wide: fills an empty system with a whole county, so only admins may, and only when empty',
      check: async () => {
        for (const who of Object.keys(s) as Who[])
          if (who !== 'admin') await deny(who, 'POST', '/api/demo', undefined, 403, 'FORBIDDEN');
        await deny('admin', 'POST', '/api/demo', undefined, 409, 'DATABASE_NOT_EMPTY');
      },
    },

    'GET /api/audit': {
      access: { permission: 'audit.read' },
      sample: async () => ({ method: 'GET', url: `/api/audit?orgId=${o.A1.id}` }),
      sampleStatus: 200,
      cases: {
        'filtered by an org outside the scope': async () => {
          const attempts: [Who, OrgKey][] = [
            ['orgB', 'A1'],
            ['orgA1', 'A2'],
            ['orgA1', 'A'],
            ['orgA', 'B'],
          ];
          for (const [who, key] of attempts)
            await deny(who, 'GET', `/api/audit?orgId=${o[key].id}`, undefined, 404, 'NOT_FOUND');
          expect((await allow('admin', 'GET', `/api/audit?orgId=${o.A2.id}`)).json().total).toBeGreaterThan(
            0,
          );
          expect((await allow('orgA', 'GET', `/api/audit?orgId=${o.A2.id}`)).json().total).toBeGreaterThan(0);
        },
        'entries are those of the scope only': async () => {
          for (const [who, root] of [
            ['orgA1', 'A1'],
            ['orgA', 'A'],
            ['orgB', 'B'],
            ['admin', null],
          ] as [Who, OrgKey | null][]) {
            const rows = await queryRows<{ id: number }>(
              t.database.db,
              root === null
                ? sql`select id::int as id from audit_log order by id desc limit 200`
                : sql`select id::int as id from audit_log
                      where org_path <@ (select path from orgs where id = ${o[root].id}) order by id desc limit 200`,
            );
            const res = await allow(who, 'GET', '/api/audit?pageSize=200');
            const items = res.json().items as { id: number; orgId: number | null }[];
            expect(
              items.map((i) => i.id),
              who,
            ).toEqual(rows.map((r) => r.id));
            if (root !== null) expect(items.every((i) => i.orgId !== null)).toBe(true);
          }
        },
      },
    },

    // ---- members -------------------------------------------------------------------------------

    'GET /api/members': {
      access: memberRead,
      sample: async () => ({ method: 'GET', url: `/api/members?orgId=${o.A1.id}` }),
      sampleStatus: 200,
      cases: {
        'lists only members in scope': async () => {
          const expected = membersInScope;
          for (const who of Object.keys(expected) as Who[]) {
            const res = await allow(who, 'GET', '/api/members?pageSize=200&includeLeft=true');
            const seen = ids(res).filter((id) => Object.values(m).includes(id));
            expect(seen, who).toEqual(expected[who].map((k) => m[k]).sort((a, b) => a - b));
          }
        },
        'filtered by an org outside the scope': async () => {
          for (const [who, key] of [
            ['orgB', 'A1'],
            ['orgA1', 'A2'],
            ['orgA1', 'A'],
            ['secA1', 'A1b'],
            ['secA1b', 'A1'],
          ] as [Who, OrgKey][])
            await deny(who, 'GET', `/api/members?orgId=${o[key].id}`, undefined, 404, 'NOT_FOUND');
          expect(ids(await allow('orgA', 'GET', `/api/members?orgId=${o.A2.id}`))).toEqual([m.A2b]);
        },
      },
    },
    'GET /api/members/:id': {
      access: memberRead,
      sample: async () => ({ method: 'GET', url: `/api/members/${m.A1b}` }),
      sampleStatus: 200,
      cases: {
        'a member outside the scope': async () => {
          for (const [who, key] of memberAttempts)
            await deny(who, 'GET', `/api/members/${m[key]}`, undefined, 404, 'NOT_FOUND');
          await allow('secA1b', 'GET', `/api/members/${m.A1b}`);
          await allow('orgA', 'GET', `/api/members/${m.A2b}`);
        },
      },
    },
    'POST /api/members': {
      access: memberWrite,
      sample: async () => ({ method: 'POST', url: '/api/members', body: memberBody(o.A1b.id) }),
      sampleStatus: 201,
      undo: dropExtraMembers,
      cases: {
        'into an org outside the scope': async () => {
          for (const [who, key] of [
            ['orgB', 'A1b'],
            ['orgA1', 'A2b'],
            ['secA1', 'A1b'],
            ['secA1b', 'A1'],
          ] as [Who, OrgKey][])
            await deny(who, 'POST', '/api/members', memberBody(o[key].id), 404, 'NOT_FOUND');
          await allow('secA1b', 'POST', '/api/members', memberBody(o.A1b.id), 201);
          await dropExtraMembers();
        },
        'with an ID number a member outside the scope holds': async () => {
          const number = '11010519491231002X';
          await allow('admin', 'PATCH', `/api/members/${m.A2b}`, { idCard: number });
          const withNumber = (key: OrgKey) => ({ ...memberBody(o[key].id), idCard: number });
          const res = await call('orgA1', 'POST', '/api/members', withNumber('A1b'));
          expectApiError(res, 409, 'MEMBER_ID_CARD_TAKEN_ELSEWHERE');
          expect(res.body).not.toContain(o.A2b.name);
          expectApiError(
            await call('orgA', 'POST', '/api/members', withNumber('A1b')),
            409,
            'MEMBER_ID_CARD_TAKEN',
          );
          await allow('admin', 'PATCH', `/api/members/${m.A2b}`, { idCard: null });
          await allow('orgA1', 'POST', '/api/members', withNumber('A1b'), 201);
          await dropExtraMembers();
        },
      },
    },
    'PATCH /api/members/:id': {
      access: memberWrite,
      sample: async () => ({ method: 'PATCH', url: `/api/members/${m.A1b}`, body: { occupation: '农民' } }),
      sampleStatus: 200,
      cases: {
        'a member outside the scope; a secretary edits own org’s members only': async () => {
          for (const [who, key] of memberAttempts)
            await deny(who, 'PATCH', `/api/members/${m[key]}`, { occupation: '越权' }, 404, 'NOT_FOUND');
          await allow('secA1b', 'PATCH', `/api/members/${m.A1b}`, { occupation: '教师' });
          await allow('secA1', 'PATCH', `/api/members/${m.A1}`, { occupation: '教师' });
        },
      },
    },
    'POST /api/members/:id/transfer': {
      access: memberWrite,
      sample: async () => ({
        method: 'POST',
        url: `/api/members/${m.A1t}/transfer`,
        body: { toOrgId: o.A1g.id, transferredOn: '2025-01-01' },
      }),
      sampleStatus: 200,
      undo: resetTransfers,
      cases: {
        'a member or a target org outside the scope': async () => {
          const to = (key: OrgKey) => ({ toOrgId: o[key].id, transferredOn: '2025-01-01' });
          for (const [who, key] of memberAttempts)
            await deny(who, 'POST', `/api/members/${m[key]}/transfer`, to('A1g'), 404, 'NOT_FOUND');
          for (const [who, key] of [
            ['orgA1', 'A2b'],
            ['orgA1', 'B1'],
            ['secA1b', 'A1g'],
            ['orgA', 'B1'],
          ] as [Who, OrgKey][])
            await deny(who, 'POST', `/api/members/${m.A1t}/transfer`, to(key), 404, 'NOT_FOUND');
          await allow('orgA', 'POST', `/api/members/${m.A1t}/transfer`, to('A2b'));
          await resetTransfers();
        },
      },
    },
    'GET /api/members/:id/transfers': {
      access: memberRead,
      sample: async () => ({ method: 'GET', url: `/api/members/${m.A1b}/transfers` }),
      sampleStatus: 200,
      cases: {
        'a member outside the scope': async () => {
          for (const [who, key] of memberAttempts)
            await deny(who, 'GET', `/api/members/${m[key]}/transfers`, undefined, 404, 'NOT_FOUND');
          await allow('secA1b', 'GET', `/api/members/${m.A1b}/transfers`);
        },
      },
    },
    'GET /api/members/:id/mobile-records': {
      access: memberRead,
      sample: async () => ({ method: 'GET', url: `/api/members/${m.A1b}/mobile-records` }),
      sampleStatus: 200,
      cases: {
        'a member outside the scope': async () => {
          for (const [who, key] of memberAttempts)
            await deny(who, 'GET', `/api/members/${m[key]}/mobile-records`, undefined, 404, 'NOT_FOUND');
          const res = await allow('secA1b', 'GET', `/api/members/${m.A1b}/mobile-records`);
          expect(ids(res)).toEqual([mobile.A1b]);
        },
      },
    },
    'POST /api/members/:id/mobile-records': {
      access: memberWrite,
      sample: async () => ({ method: 'POST', url: `/api/members/${m.A1b}/mobile-records`, body: mobileBody }),
      sampleStatus: 201,
      undo: dropExtraMobileRecords,
      cases: {
        'a member outside the scope': async () => {
          for (const [who, key] of memberAttempts)
            await deny(who, 'POST', `/api/members/${m[key]}/mobile-records`, mobileBody, 404, 'NOT_FOUND');
          await allow('secA1b', 'POST', `/api/members/${m.A1b}/mobile-records`, mobileBody, 201);
          await dropExtraMobileRecords();
        },
      },
    },
    'PATCH /api/mobile-records/:id': {
      access: memberWrite,
      sample: async () => ({
        method: 'PATCH',
        url: `/api/mobile-records/${mobile.A1b}`,
        body: { place: '成都' },
      }),
      sampleStatus: 200,
      cases: {
        'a record of a member outside the scope': async () => {
          for (const [who, key] of memberAttempts)
            await deny(
              who,
              'PATCH',
              `/api/mobile-records/${mobile[key]}`,
              { place: '越权' },
              404,
              'NOT_FOUND',
            );
          await allow('secA1b', 'PATCH', `/api/mobile-records/${mobile.A1b}`, { place: '重庆' });
        },
      },
    },
    'GET /api/pipeline': {
      access: memberRead,
      sample: async () => ({ method: 'GET', url: `/api/pipeline?orgId=${o.A1.id}` }),
      sampleStatus: 200,
      cases: {
        'lists only the scope, and refuses an org outside it': async () => {
          const expected = membersInScope;
          for (const who of Object.keys(expected) as Who[]) {
            const res = await allow(who, 'GET', '/api/pipeline');
            const overdue = (res.json().conversionsOverdue as { memberId: number }[])
              .map((p) => p.memberId)
              .filter((id) => Object.values(m).includes(id))
              .sort((a, b) => a - b);
            expect(overdue, who).toEqual(expected[who].map((k) => m[k]).sort((a, b) => a - b));
          }
          for (const [who, key] of [
            ['orgB', 'A1'],
            ['orgA1', 'A2'],
            ['secA1', 'A1b'],
            ['secA1b', 'A1'],
          ] as [Who, OrgKey][])
            await deny(who, 'GET', `/api/pipeline?orgId=${o[key].id}`, undefined, 404, 'NOT_FOUND');
        },
      },
    },

    // ---- org records --------------------------------------------------------------------------

    'GET /api/orgs/terms': {
      access: orgRead,
      sample: async () => ({ method: 'GET', url: `/api/orgs/terms?orgId=${o.A1.id}` }),
      sampleStatus: 200,
      cases: {
        'lists only the scope, and refuses an org outside it': async () => {
          const expected: Record<Who, OrgKey[]> = {
            admin: ['A1b', 'A2b', 'B1'],
            orgA: ['A1b', 'A2b'],
            orgA1: ['A1b'],
            secA1: [],
            secA1b: ['A1b'],
            chkA1: ['A1b'],
            viewA1: ['A1b'],
            orgB: ['B1'],
          };
          for (const who of Object.keys(expected) as Who[])
            expect(ids(await allow(who, 'GET', '/api/orgs/terms')), who).toEqual(
              expected[who].map((k) => o[k].id).sort((a, b) => a - b),
            );
          for (const [who, key] of [
            ['orgB', 'A1'],
            ['orgA1', 'A2'],
            ['secA1b', 'A1'],
          ] as [Who, OrgKey][])
            await deny(who, 'GET', `/api/orgs/terms?orgId=${o[key].id}`, undefined, 404, 'NOT_FOUND');
        },
      },
    },
    ...orgRecordEntries(
      'weak-org-rectifications',
      { flaggedOn: '2025-01-01', reasons: '组织软弱' },
      { measures: '整顿' },
    ),
    ...orgRecordEntries('contact-points', { leaderName: '王县长' }, { leaderTitle: '副县长' }),
    ...orgRecordEntries('pairings', { partnerName: '县供电公司党支部' }, { content: '共建' }),
    ...orgRecordEntries(
      'non-public-entities',
      { name: '某某公司', kind: 'privateEnterprise' },
      { employees: 5 },
    ),
    // ---- Excel import and export ---------------------------------------------------------------

    'GET /api/imports/templates/members': {
      access: memberWrite,
      sample: async () => ({ method: 'GET', url: '/api/imports/templates/members' }),
      sampleStatus: 200,
      cases: {
        'lists only the orgs in the scope': async () => {
          expect(await templateOrgIds('orgA1', 'members')).toEqual(await orgIdsWithin('A1'));
          expect(await templateOrgIds('secA1b', 'members')).toEqual([o.A1b.id]);
          expect(await templateOrgIds('orgB', 'members')).toEqual(await orgIdsWithin('B'));
        },
      },
    },
    'GET /api/imports/templates/orgs': {
      access: orgWrite,
      sample: async () => ({ method: 'GET', url: '/api/imports/templates/orgs' }),
      sampleStatus: 200,
      cases: {
        'lists only the orgs in the scope': async () => {
          expect(await templateOrgIds('orgA1', 'orgs')).toEqual(await orgIdsWithin('A1'));
          expect(await templateOrgIds('orgA', 'orgs')).toEqual(await orgIdsWithin('A'));
        },
      },
    },
    'POST /api/imports/members': {
      access: memberWrite,
      uploads: true,
      sample: async () => ({ method: 'POST', url: '/api/imports/members', body: await memberFileFor('A1') }),
      undo: async () => {
        await t.idle();
        await dropExtraMembers();
      },
      sampleStatus: 202,
      cases: {
        'a row naming an org outside the scope': async () => {
          for (const [who, key] of [
            ['orgA1', 'A2b'],
            ['orgB', 'A1'],
            ['orgA', 'B1'],
            ['secA1b', 'A1'],
            ['secA1', 'A1b'],
          ] as [Who, OrgKey][]) {
            const file = await memberFileFor(key);
            await importRefused(who, 'members', file);
          }
          await imported('secA1', 'members', await memberFileFor('A1'));
          await imported('orgA', 'members', await memberFileFor('A2b'));
          await dropExtraMembers();
        },
      },
    },
    'POST /api/imports/orgs': {
      access: orgWrite,
      uploads: true,
      sample: async () => ({ method: 'POST', url: '/api/imports/orgs', body: await orgFileFor('A1') }),
      undo: async () => {
        await t.idle();
        await dropImportedOrgs();
      },
      sampleStatus: 202,
      cases: {
        'a parent outside the scope': async () => {
          for (const [who, key] of [
            ['orgA1', 'A2'],
            ['orgB', 'A1'],
            ['orgA', 'B1'],
          ] as [Who, OrgKey][])
            await importRefused(who, 'orgs', await orgFileFor(key));
          await imported('orgA', 'orgs', await orgFileFor('A2'));
          await dropImportedOrgs();
        },
      },
    },
    'GET /api/jobs/:id': {
      access: {},
      uploads: true,
      reason:
        'a job belongs to its owner and to users whose scope covers the owner’s scope root (for an import)',
      check: async () => {
        const job = await importAs('orgA1', 'members', await memberFileFor('A1'));
        await dropExtraMembers();
        expect(job.state).toBe('succeeded');
        for (const who of ['orgA1', 'orgA', 'admin', 'secA1'] as Who[])
          await allow(who, 'GET', `/api/jobs/${job.id}`);
        for (const who of ['orgB', 'secA1b'] as Who[])
          await deny(who, 'GET', `/api/jobs/${job.id}`, undefined, 404, 'NOT_FOUND');
      },
    },
    'GET /api/jobs': {
      access: {},
      uploads: true,
      reason: 'lists the caller’s own jobs only',
      check: async () => {
        const job = await importAs('orgA1', 'members', await memberFileFor('A1'));
        await dropExtraMembers();
        expect((await allow('orgA1', 'GET', '/api/jobs')).json().items[0].id).toBe(job.id);
        for (const who of ['orgA', 'admin'] as Who[])
          expect(
            (await allow(who, 'GET', '/api/jobs')).json().items.map((j: { id: string }) => j.id),
          ).not.toContain(job.id);
      },
    },
    'GET /api/exports/members': {
      access: memberRead,
      sample: async () => ({ method: 'GET', url: `/api/exports/members?orgId=${o.A1.id}` }),
      sampleStatus: 200,
      cases: {
        'an org outside the scope, and only members inside it': async () => {
          for (const [who, key] of exportOutside)
            await deny(who, 'GET', `/api/exports/members?orgId=${o[key].id}`, undefined, 404, 'NOT_FOUND');
          await resetTransfers();
          await dropExtraMembers();
          expect(await exportRows('secA1', 'members', 'A1', '党员信息')).toHaveLength(1);
          expect(await exportRows('orgA1', 'members', 'A1', '党员信息')).toHaveLength(3);
          expect(await exportRows('orgB', 'members', 'B', '党员信息')).toHaveLength(1);
        },
      },
    },
    'GET /api/exports/orgs': {
      access: orgRead,
      sample: async () => ({ method: 'GET', url: `/api/exports/orgs?orgId=${o.A1.id}` }),
      sampleStatus: 200,
      cases: {
        'an org outside the scope, and only orgs inside it': async () => {
          for (const [who, key] of exportOutside)
            await deny(who, 'GET', `/api/exports/orgs?orgId=${o[key].id}`, undefined, 404, 'NOT_FOUND');
          const below = (await orgIdsWithin('A1')).length - 1;
          expect(await exportRows('orgA1', 'orgs', 'A1', '组织信息')).toHaveLength(below);
          expect(await exportRows('secA1', 'orgs', 'A1', '组织信息')).toHaveLength(0);
        },
      },
    },
    'GET /api/exports/statistics': {
      access: orgRead,
      sample: async () => ({ method: 'GET', url: `/api/exports/statistics?orgId=${o.A1.id}` }),
      sampleStatus: 200,
      cases: {
        'an org outside the scope': async () => {
          for (const [who, key] of exportOutside)
            await deny(who, 'GET', `/api/exports/statistics?orgId=${o[key].id}`, undefined, 404, 'NOT_FOUND');
          await allow('secA1', 'GET', `/api/exports/statistics?orgId=${o.A1.id}`);
        },
      },
    },
    'POST /api/files': {
      access: fileWrite,
      sample: async () => ({ method: 'POST', url: uploadUrl('A1'), body: multipart('矩阵照片.png', png) }),
      undo: dropExtraFiles,
      sampleStatus: 201,
      cases: {
        'an org outside the scope': async () => {
          for (const [who, key] of [...fileOutside, ['secA1', 'A1b']] as [Who, OrgKey][])
            await deny(who, 'POST', uploadUrl(key), multipart('照片.png', png), 404, 'NOT_FOUND');
          // Without orgId a file belongs to the uploader's own org.
          const own = await allow(
            'secA1',
            'POST',
            '/api/files?kind=attachment',
            multipart('照片.png', png),
            201,
          );
          expect(own.json().orgId).toBe(o.A1.id);
          await allow('orgA', 'POST', uploadUrl('A2'), multipart('照片.png', png), 201);
          await dropExtraFiles();
        },
      },
    },
    ...fileReadEntry(''),
    ...fileReadEntry('/meta'),
    'DELETE /api/files/:id': {
      access: fileWrite,
      sample: async () => ({ method: 'DELETE', url: `/api/files/${await freshFile()}` }),
      sampleStatus: 204,
      cases: {
        'a file outside the scope': async () => {
          for (const [who, key] of fileOutside)
            await deny(who, 'DELETE', `/api/files/${f[key as FileOrg]}`, undefined, 404, 'NOT_FOUND');
          await allow('orgA1', 'DELETE', `/api/files/${await freshFile()}`, undefined, 204);
        },
      },
    },
    'GET /api/events': {
      access: {},
      reason:
        'scope applies to each event, not to the request: a stream gets the events of orgs in its scope and those addressed to its user',
      check: async () => {
        const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
        const streams = (['admin', 'orgA1', 'secA1', 'secA1b', 'orgB'] as const).map((who) => ({
          who,
          client: connectEvents(`${base}/api/events`, s[who].cookie),
        }));
        try {
          await Promise.all(streams.map(({ client }) => client.opened));
          const publish = (target: { orgPath: string } | { userId: number }, jobId: string) =>
            t.app.events.publish({
              type: 'job.progress',
              ...target,
              data: { jobId, state: 'running', done: 0, total: null },
            });
          await publish({ orgPath: o.A1b.path }, 'A1b');
          await publish({ orgPath: o.B1.path }, 'B1');
          await publish({ userId: u.orgB }, 'orgB');
          // A last event to each stream's own user: once it arrived, all earlier ones would have.
          for (const { who } of streams) await publish({ userId: u[who] }, `end-${who}`);
          const seen = async ({ who, client }: (typeof streams)[number]) => {
            await client.next((e) => (e.data as { jobId: string }).jobId === `end-${who}`);
            return client.received.map((e) => (e.data as { jobId: string }).jobId).slice(0, -1);
          };
          const [admin, orgA1, secA1, secA1b, orgB] = await Promise.all(streams.map(seen));
          expect({ admin, orgA1, secA1, secA1b, orgB }).toEqual({
            admin: ['A1b', 'B1'],
            orgA1: ['A1b'],
            secA1: [],
            secA1b: ['A1b'],
            orgB: ['B1', 'orgB'],
          });
        } finally {
          for (const { client } of streams) client.close();
        }
      },
    },
  };

  // ---- the tests -----------------------------------------------------------------------------

  it('covers every route of the app, with the access rule each one declares', () => {
    const routes = registeredRoutes();
    const docs = routes.filter((r) => r.url === '/api/docs' || r.url.startsWith('/api/docs/'));
    // swagger-ui's own routes: public, read-only documentation.
    expect(docs.length).toBeGreaterThan(0);
    for (const route of docs) {
      expect(route.method, route.key).toBe('GET');
      expect(route.access, route.key).toEqual({ public: true });
    }
    const appRoutes = routes.filter((r) => !docs.includes(r));
    const missing = appRoutes.filter((r) => !(r.key in matrix)).map((r) => r.key);
    expect(missing, 'routes missing from the scope matrix: add them').toEqual([]);
    const stale = Object.keys(matrix).filter((key) => !appRoutes.some((r) => r.key === key));
    expect(stale, 'matrix entries for routes that no longer exist').toEqual([]);
    for (const route of appRoutes) expect(route.access ?? {}, route.key).toEqual(matrix[route.key]!.access);
  });

  it('serves the API documentation without a session, read-only', async () => {
    expectStatus(await t.request(null, 'GET', '/api/docs/json'), 200);
  });

  const entries = Object.entries(matrix);

  describe.each(entries.filter(([, e]) => 'reason' in e))('%s', (_key, entry) => {
    it(
      `is not scoped: ${(entry as UnscopedEntry).reason}`,
      () => (entry as UnscopedEntry).check(),
      entry.uploads && uploadTestTimeout,
    );
  });

  const scoped = entries.filter((e): e is [string, ScopedEntry] => 'cases' in e[1]);

  describe.each(scoped)('%s', (key, entry) => {
    const permission = entry.access.permission as Permission;
    const lacking = (['secA1b', 'chkA1', 'viewA1'] as const).filter((who) => {
      const role: Role = who === 'secA1b' ? 'secretary' : who === 'chkA1' ? 'checker' : 'viewer';
      return !can(role, permission);
    });

    const timeout = entry.uploads && uploadTestTimeout;
    it.each(Object.keys(entry.cases))('%s', (name) => entry.cases[name]!(), timeout);

    it(
      `refuses roles without ${permission} (403 FORBIDDEN), while an organizer of A1 succeeds`,
      async () => {
        const sample = await entry.sample();
        for (const who of lacking) await deny(who, sample.method, sample.url, sample.body, 403, 'FORBIDDEN');
        const res = await call('orgA1', sample.method, sample.url, sample.body);
        expectStatus(res, entry.sampleStatus);
        await entry.undo?.();
        // Read routes are open to every role; all others must have refused someone.
        if (permission !== 'org.read' && permission !== 'member.read')
          expect(lacking.length, key).toBeGreaterThan(0);
      },
      timeout,
    );
  });
});
