// The shared driver of the scope matrix: one fixture (the tree, the signed-in users, members and
// org sub-resources), the helpers the entries use, and the tests each module's matrix file runs
// (test/api/scope-matrix-*.test.ts through `scopeMatrix`). Every route belongs to one module by
// its URL (`matrixModules`); each file fails when a route of its module has no entry, and every
// file fails when a route belongs to no module.
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { can, type Permission, type Role } from '../../../src/domain/access.js';
import { queryRows } from '../../../src/db/query-rows.js';
import type { RouteAccess } from '../../../src/server/http/route-config.js';
import {
  createTestContext,
  uploadTestTimeout,
  type Session,
  type TestContext,
} from '../../helpers/test-app.js';
import { testDriver } from '../../helpers/test-db.js';
import {
  createOrg,
  createUser,
  expectApiError,
  expectNoChange,
  expectStatus,
  signedInUser,
} from './fixtures.js';
import { registeredRoutes } from './routes.js';
import { memberRow, membersFile, orgsFile, sheetRows } from '../../helpers/xlsx-fixtures.js';
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
 * Every route of the app must appear in the matrix of its module (`matrixModules`); that module's
 * file fails otherwise.
 */

export type Who = 'admin' | 'orgA' | 'orgA1' | 'secA1' | 'secA1b' | 'chkA1' | 'viewA1' | 'orgB';
export type OrgKey = 'A' | 'A1' | 'A1b' | 'A1g' | 'A1x' | 'tmpA1' | 'A2' | 'A2b' | 'tmpA2' | 'B' | 'B1';

export interface Call {
  method: string;
  url: string;
  body?: unknown;
}

export interface ScopedEntry {
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

export interface UnscopedEntry {
  access: RouteAccess;
  /** Why scope does not apply, and a check of that claim. */
  reason: string;
  check: () => Promise<void>;
  uploads?: true;
}

export type Entry = ScopedEntry | UnscopedEntry;

export let t: TestContext;
export const s = {} as Record<Who, Session>;
export const o = {} as Record<OrgKey, { id: number; path: string; name: string }>;
export const u = {} as Record<'viewA2' | 'dummyA1' | 'adminA1' | Who, number>;
export let serial = 0;
export const unique = (prefix: string) => `${prefix}${++serial}`;

async function setUpTree() {
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
}

// ---- helpers -------------------------------------------------------------------------------

export const call = (who: Who, method: string, url: string, body?: unknown) =>
  t.request(s[who], method, url, body);

/** The call is refused with `status`/`code` and no table changes. */
export async function deny(
  who: Who,
  method: string,
  url: string,
  body: unknown,
  status: number,
  code: string,
) {
  await expectNoChange(t, async () => {
    const res = await call(who, method, url, body);
    expectApiError(res, status, code);
  });
}

/** The call succeeds with `status`. */
export async function allow(who: Who, method: string, url: string, body?: unknown, status = 200) {
  return expectStatus(await call(who, method, url, body), status);
}

export const ids = (res: LightMyRequestResponse, key = 'items') =>
  (res.json()[key] as { id: number }[]).map((x) => x.id).sort((a, b) => a - b);

export async function orgIdsWithin(key: OrgKey): Promise<number[]> {
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
export type MemberKey = 'A1' | 'A1b' | 'A1t' | 'A2b' | 'B1';
export const memberOrg: Record<MemberKey, OrgKey> = {
  A1: 'A1',
  A1b: 'A1b',
  A1t: 'A1b',
  A2b: 'A2b',
  B1: 'B1',
};
export const m = {} as Record<MemberKey, number>;
export const mobile = {} as Record<MemberKey, number>;
export const items = {} as Record<string, Record<'A1' | 'A2' | 'B1', number>>;
/** The fixture members each signed-in user reaches. */
export const membersInScope: Record<Who, MemberKey[]> = {
  admin: ['A1', 'A1b', 'A1t', 'A2b', 'B1'],
  orgA: ['A1', 'A1b', 'A1t', 'A2b'],
  orgA1: ['A1', 'A1b', 'A1t'],
  secA1: ['A1'],
  secA1b: ['A1b', 'A1t'],
  chkA1: ['A1', 'A1b', 'A1t'],
  viewA1: ['A1', 'A1b', 'A1t'],
  orgB: ['B1'],
};
export const memberRead: RouteAccess = { permission: 'member.read' };
export const memberWrite: RouteAccess = { permission: 'member.write' };
export const memberBody = (orgId: number) => ({
  orgId,
  name: '矩阵党员',
  gender: 'female',
  stage: 'probationary',
  probationaryOn: '2024-01-01',
});
export const mobileBody = { direction: 'outflow', place: '广州', startedOn: '2025-01-01' };
/** Out-of-scope member reads and writes, by who. */
export const memberAttempts: [Who, MemberKey][] = [
  ['orgB', 'A1b'],
  ['orgB', 'A1'],
  ['orgA1', 'A2b'],
  ['orgA', 'B1'],
  ['secA1', 'A1b'],
  ['secA1b', 'A1'],
  ['secA1b', 'A2b'],
];

export async function dropExtraMembers() {
  await t.database.db.execute(
    sql`delete from members where id not in (${sql.join(
      Object.values(m).map((id) => sql`${id}`),
      sql`, `,
    )})`,
  );
}
export async function dropExtraMobileRecords() {
  await t.database.db.execute(
    sql`delete from mobile_records where id not in (${sql.join(
      Object.values(mobile).map((id) => sql`${id}`),
      sql`, `,
    )})`,
  );
}
export async function resetTransfers() {
  await t.database.db.execute(sql`delete from member_transfers where member_id = ${m.A1t}`);
  await t.database.db.execute(
    sql`update members set org_id = ${o.A1b.id}, org_path = (select path from orgs where id = ${o.A1b.id}) where id = ${m.A1t}`,
  );
}

async function setUpRecords() {
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
}

export const orgRecordBodies: Record<string, object> = {
  'weak-org-rectifications': { flaggedOn: '2025-01-01', reasons: '组织软弱' },
  'contact-points': { leaderName: '王县长' },
  pairings: { partnerName: '县供电公司党支部' },
  'non-public-entities': { name: '某某公司', kind: 'privateEnterprise' },
};

/** The four routes of an org record list: scoped through the org, and the item must be that org's. */
export function orgRecordEntries(segment: string, create: object, update: object): Record<string, Entry> {
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
export async function templateOrgIds(who: Who, kind: 'members' | 'orgs') {
  const res = await allow(who, 'GET', `/api/imports/templates/${kind}`);
  return (await sheetRows(res.rawPayload, '组织列表'))
    .slice(1)
    .map((r) => Number(r[0]))
    .sort((a, b) => a - b);
}
export const memberFileFor = (key: OrgKey) => membersFile([memberRow(o[key].id, { 姓名: '矩阵导入党员' })]);
export const orgFileFor = (key: OrgKey) =>
  orgsFile([{ 上级组织: o[key].id, 组织名称: unique('矩阵导入党支部'), 组织层级: '党支部' }]);
export async function dropImportedOrgs() {
  await t.database.db.execute(sql`delete from orgs where name like '矩阵导入党支部%'`);
}

/** Uploads `file` as `who` and waits for the import job to end: the ended job, as `who` reads it. */
export async function importAs(who: Who, kind: 'members' | 'orgs', file: Buffer) {
  const { jobId } = expectStatus(await call(who, 'POST', `/api/imports/${kind}`, file), 202).json();
  await t.idle();
  return expectStatus(await call(who, 'GET', `/api/jobs/${jobId}`), 200).json();
}

/** The import's job fails with IMPORT_ROWS_INVALID and nothing else changes. */
export async function importRefused(who: Who, kind: 'members' | 'orgs', file: Buffer) {
  await expectNoChange(t, async () => {
    expect((await importAs(who, kind, file)).error?.code).toBe('IMPORT_ROWS_INVALID');
  });
}

/** The import's job succeeds. */
export async function imported(who: Who, kind: 'members' | 'orgs', file: Buffer) {
  expect((await importAs(who, kind, file)).state).toBe('succeeded');
}
/** Data rows of an export, as the caller may download it. */
export async function exportRows(who: Who, kind: string, key: OrgKey, sheet: string) {
  const res = await allow(who, 'GET', `/api/exports/${kind}?orgId=${o[key].id}`);
  return (await sheetRows(res.rawPayload, sheet)).slice(1);
}
export const exportOutside: [Who, OrgKey][] = [
  ['orgB', 'A1'],
  ['orgA1', 'A2'],
  ['orgA', 'B1'],
  ['secA1b', 'A1'],
  ['secA1', 'A1b'],
];

// ---- the matrix ----------------------------------------------------------------------------

export const orgRead: RouteAccess = { permission: 'org.read' };
export const orgWrite: RouteAccess = { permission: 'org.write' };
export const profileWrite: RouteAccess = { permission: 'profile.write' };
export const ledgerRead: RouteAccess = { permission: 'ledger.read' };
export const ledgerWrite: RouteAccess = { permission: 'ledger.write' };

/** The modules of the matrix, each with the URL prefixes of its routes. */
export const matrixModules = {
  health: ['/api/health'],
  auth: ['/api/auth'],
  orgs: ['/api/orgs'],
  users: ['/api/users'],
  statistics: ['/api/statistics'],
  profileFigures: ['/api/profile-figures'],
  demo: ['/api/demo'],
  audit: ['/api/audit'],
  members: ['/api/members', '/api/mobile-records'],
  pipeline: ['/api/pipeline'],
  imports: ['/api/imports'],
  exports: ['/api/exports'],
  jobs: ['/api/jobs'],
  files: ['/api/files'],
  events: ['/api/events'],
  ledger: ['/api/ledger'],
  cycles: ['/api/cycles'],
  routineScores: ['/api/routine-scores'],
  targetLetters: ['/api/target-letters'],
  spotChecks: ['/api/spot-checks'],
  reports: ['/api/reports'],
  meetings: ['/api/meetings', '/api/ballot'],
  evaluations: ['/api/leader-reviews', '/api/evaluations'],
  rectification: ['/api/problems', '/api/inbox'],
} as const;
export type MatrixModule = keyof typeof matrixModules;

const isUnder = (url: string, prefix: string) => url === prefix || url.startsWith(`${prefix}/`);
const modulesOf = (url: string) =>
  (Object.keys(matrixModules) as MatrixModule[]).filter((name) =>
    matrixModules[name].some((prefix) => isUnder(url, prefix)),
  );

/**
 * Registers the scope-matrix tests of one module's routes; `matrix` must cover each of them.
 * `setUp` adds the module's own fixture, after the shared one.
 */
export function scopeMatrix(
  module: MatrixModule,
  matrix: Record<string, Entry>,
  { setUp }: { setUp?: () => Promise<void> } = {},
) {
  describe(`scope matrix: ${module} (${testDriver})`, () => {
    beforeAll(async () => {
      await setUpTree();
      await setUpRecords();
      await setUp?.();
    }, 180_000);
    afterAll(() => t?.close());
    // A timed-out upload goes on writing (members, audit rows): the next test's snapshot comes after it.
    afterEach(() => t.idle(), uploadTestTimeout);

    it('covers every route of the module, with the access rule each one declares', () => {
      const routes = registeredRoutes();
      const docs = routes.filter((r) => r.url === '/api/docs' || r.url.startsWith('/api/docs/'));
      // swagger-ui's own routes: public, read-only documentation.
      expect(docs.length).toBeGreaterThan(0);
      for (const route of docs) {
        expect(route.method, route.key).toBe('GET');
        expect(route.access, route.key).toEqual({ public: true });
      }
      const appRoutes = routes.filter((r) => !docs.includes(r));
      // A route under a new prefix belongs to no module, so no file would test it: every file fails.
      const unowned = appRoutes.filter((r) => modulesOf(r.url).length !== 1).map((r) => r.key);
      expect(unowned, 'routes of no module (or of several): add the prefix to matrixModules').toEqual([]);
      const own = appRoutes.filter((r) => modulesOf(r.url)[0] === module);
      const missing = own.filter((r) => !(r.key in matrix)).map((r) => r.key);
      expect(missing, `routes missing from the ${module} scope matrix: add them`).toEqual([]);
      const stale = Object.keys(matrix).filter((key) => !own.some((r) => r.key === key));
      expect(stale, 'matrix entries for routes that no longer exist (or of another module)').toEqual([]);
      for (const route of own) expect(route.access ?? {}, route.key).toEqual(matrix[route.key]!.access);
    });

    if (module === 'health')
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
          for (const who of lacking)
            await deny(who, sample.method, sample.url, sample.body, 403, 'FORBIDDEN');
          const res = await call('orgA1', sample.method, sample.url, sample.body);
          expectStatus(res, entry.sampleStatus);
          await entry.undo?.();
          // Read routes are open to every role; all others must have refused someone.
          if (!['org.read', 'member.read', 'ledger.read'].includes(permission))
            expect(lacking.length, key).toBeGreaterThan(0);
        },
        timeout,
      );
    });
  });
}
