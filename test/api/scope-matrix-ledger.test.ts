import { sql } from 'drizzle-orm';
import { expect, vi } from 'vitest';
import { queryRows } from '../../src/db/query-rows.js';
import { day, ledgerFile, sheetRows } from '../helpers/xlsx-fixtures.js';
import { expectNoChange, expectStatus } from './support/fixtures.js';
import {
  type OrgKey,
  type Who,
  allow,
  call,
  deny,
  ids,
  ledgerRead,
  ledgerWrite,
  m,
  memberOrg,
  o,
  orgIdsWithin,
  scopeMatrix,
  t,
  type MemberKey,
} from './support/scope-matrix.js';

vi.mock('fastify', async (importOriginal) =>
  (await import('./support/routes.js')).collectRoutes(await importOriginal()),
);

/** One record per fixture member's org, listing that member: A1, A1b, A2b, B1. */
const records = {} as Record<'A1' | 'A1b' | 'A2b' | 'B1', number>;
const heldOn = '2025-06-01';
const body = (key: MemberKey) => ({
  orgId: o[memberOrg[key]].id,
  kind: 'committee',
  heldOn,
  topic: '矩阵台账',
  hostName: '王书记',
  attendance: [{ memberId: m[key], present: true }],
});
const item = (key: keyof typeof records) => `/api/ledger/${records[key]}`;
const fresh = async () => (await allow('admin', 'POST', '/api/ledger', body('A1'), 201)).json().id as number;
async function dropExtraRecords() {
  await t.database.db.execute(
    sql`delete from ledger_records where id not in (${sql.join(
      Object.values(records).map((id) => sql`${id}`),
      sql`, `,
    )})`,
  );
}

/** Who reaches for which record outside their scope: beside, above, below a secretary's own org. */
const outside: [Who, keyof typeof records][] = [
  ['orgB', 'A1'],
  ['orgA1', 'A2b'],
  ['orgA', 'B1'],
  ['secA1', 'A1b'],
  ['secA1b', 'A1'],
  ['chkA1', 'A2b'],
];

async function setUp() {
  for (const key of ['A1', 'A1b', 'A2b', 'B1'] as const)
    records[key] = (await allow('admin', 'POST', '/api/ledger', body(key), 201)).json().id;
}

// The ledger module's routes; the shared fixture and tests are in support/scope-matrix.ts.
scopeMatrix(
  'ledger',
  {
    'GET /api/ledger': {
      access: ledgerRead,
      sample: async () => ({ method: 'GET', url: `/api/ledger?orgId=${o.A1.id}` }),
      sampleStatus: 200,
      cases: {
        'lists only the records in the scope; an org outside it is 404': async () => {
          const listed = async (who: Who, query = '') =>
            ids(await allow(who, 'GET', `/api/ledger?pageSize=200${query}`));
          const sorted = (keys: (keyof typeof records)[]) =>
            keys.map((k) => records[k]).sort((a, b) => a - b);
          expect(await listed('admin')).toEqual(sorted(['A1', 'A1b', 'A2b', 'B1']));
          expect(await listed('orgA')).toEqual(sorted(['A1', 'A1b', 'A2b']));
          expect(await listed('orgA1')).toEqual(sorted(['A1', 'A1b']));
          expect(await listed('chkA1')).toEqual(sorted(['A1', 'A1b']));
          expect(await listed('viewA1')).toEqual(sorted(['A1', 'A1b']));
          expect(await listed('secA1')).toEqual(sorted(['A1']));
          expect(await listed('secA1b')).toEqual(sorted(['A1b']));
          expect(await listed('orgB')).toEqual(sorted(['B1']));
          // A member's history holds only records in scope.
          expect(await listed('orgA1', `&memberId=${m.A2b}`)).toEqual([]);
          for (const [who, key] of [
            ['orgB', 'A1'],
            ['orgA1', 'A2'],
            ['secA1', 'A1b'],
            ['secA1b', 'A1'],
          ] as [Who, OrgKey][])
            await deny(who, 'GET', `/api/ledger?orgId=${o[key].id}`, undefined, 404, 'NOT_FOUND');
        },
      },
    },

    'GET /api/ledger/members': {
      access: ledgerRead,
      sample: async () => ({ method: 'GET', url: `/api/ledger/members?orgId=${o.A1.id}&day=${heldOn}` }),
      sampleStatus: 200,
      cases: {
        'members of an org outside the scope': async () => {
          for (const [who, key] of [
            ['orgB', 'A1b'],
            ['orgA1', 'A2b'],
            ['secA1', 'A1b'],
          ] as [Who, OrgKey][])
            await deny(
              who,
              'GET',
              `/api/ledger/members?orgId=${o[key].id}&day=${heldOn}`,
              undefined,
              404,
              'NOT_FOUND',
            );
          expect(
            ids(await allow('secA1b', 'GET', `/api/ledger/members?orgId=${o.A1b.id}&day=${heldOn}`)),
          ).toEqual([m.A1b, m.A1t].sort((a, b) => a - b));
        },
      },
    },

    'GET /api/ledger/training-hours': {
      access: ledgerRead,
      sample: async () => ({ method: 'GET', url: `/api/ledger/training-hours?orgId=${o.A1.id}&year=2025` }),
      sampleStatus: 200,
      cases: {
        'hours of an org outside the scope; a secretary’s own org only': async () => {
          const training = {
            orgId: o.A1b.id,
            kind: 'training',
            heldOn,
            topic: '矩阵培训',
            hostName: '党校老师',
            hours: 4,
            attendance: [{ memberId: m.A1b, present: true }],
          };
          const id = (await allow('admin', 'POST', '/api/ledger', training, 201)).json().id;
          try {
            for (const [who, key] of [
              ['orgB', 'A1'],
              ['orgA1', 'A2'],
              ['secA1', 'A1b'],
            ] as [Who, OrgKey][])
              await deny(
                who,
                'GET',
                `/api/ledger/training-hours?orgId=${o[key].id}&year=2025`,
                undefined,
                404,
                'NOT_FOUND',
              );
            const hoursOf = async (who: Who, key: OrgKey) =>
              (await allow(who, 'GET', `/api/ledger/training-hours?orgId=${o[key].id}&year=2025`))
                .json()
                .items.map((h: { memberId: number; hours: number }) => [h.memberId, h.hours]);
            expect(await hoursOf('orgA1', 'A1')).toEqual([[m.A1b, 4]]);
            // A secretary bound to A1 reaches A1 alone: the branch's training is not theirs.
            expect(await hoursOf('secA1', 'A1')).toEqual([]);
            expect(await hoursOf('secA1b', 'A1b')).toEqual([[m.A1b, 4]]);
          } finally {
            await allow('admin', 'DELETE', `/api/ledger/${id}`, undefined, 204);
          }
        },
      },
    },

    'GET /api/ledger/member-history': {
      access: ledgerRead,
      sample: async () => ({ method: 'GET', url: `/api/ledger/member-history?memberId=${m.A1b}&year=2025` }),
      sampleStatus: 200,
      cases: {
        'a member outside the scope; records only in orgs within it': async () => {
          const url = (key: MemberKey) => `/api/ledger/member-history?memberId=${m[key]}&year=2025`;
          for (const [who, key] of [
            ['orgB', 'A1b'],
            ['orgA1', 'A2b'],
            ['orgA', 'B1'],
            ['secA1', 'A1b'],
            ['secA1b', 'A1'],
          ] as [Who, MemberKey][])
            await deny(who, 'GET', url(key), undefined, 404, 'NOT_FOUND');
          const history = (await allow('secA1b', 'GET', url('A1b'))).json();
          expect(history.items.map((i: { recordId: number }) => i.recordId)).toEqual([records.A1b]);
          expect(history).toMatchObject({ attended: 1, absent: 0 });
          expect((await allow('orgA', 'GET', url('A2b'))).json().items).toHaveLength(1);
        },
      },
    },

    'GET /api/ledger/:id': {
      access: ledgerRead,
      sample: async () => ({ method: 'GET', url: item('A1') }),
      sampleStatus: 200,
      cases: {
        'a record outside the scope': async () => {
          for (const [who, key] of outside) await deny(who, 'GET', item(key), undefined, 404, 'NOT_FOUND');
          expect((await allow('secA1b', 'GET', item('A1b'))).json().attendees).toHaveLength(1);
          await allow('viewA1', 'GET', item('A1b'));
        },
      },
    },

    'POST /api/ledger': {
      access: ledgerWrite,
      sample: async () => ({ method: 'POST', url: '/api/ledger', body: body('A1') }),
      undo: dropExtraRecords,
      sampleStatus: 201,
      cases: {
        'recording for an org outside the scope': async () => {
          for (const [who, key] of [
            ['orgB', 'A1'],
            ['orgA1', 'A2b'],
            ['secA1', 'A1b'],
            ['secA1b', 'A1'],
          ] as [Who, MemberKey][])
            await deny(who, 'POST', '/api/ledger', body(key), 404, 'NOT_FOUND');
          // The secretary records for their own org; an organizer for any org below.
          await allow('secA1b', 'POST', '/api/ledger', body('A1b'), 201);
          await allow('orgA', 'POST', '/api/ledger', body('A2b'), 201);
          await dropExtraRecords();
        },
      },
    },

    'PATCH /api/ledger/:id': {
      access: ledgerWrite,
      sample: async () => ({ method: 'PATCH', url: item('A1'), body: { topic: '矩阵台账（修改）' } }),
      sampleStatus: 200,
      cases: {
        'a record outside the scope': async () => {
          for (const [who, key] of outside.filter(([who]) => who !== 'chkA1'))
            await deny(who, 'PATCH', item(key), { topic: '越权' }, 404, 'NOT_FOUND');
          await allow('secA1b', 'PATCH', item('A1b'), { topic: '本支部修改' });
        },
      },
    },

    'DELETE /api/ledger/:id': {
      access: ledgerWrite,
      sample: async () => ({ method: 'DELETE', url: `/api/ledger/${await fresh()}` }),
      sampleStatus: 204,
      cases: {
        'a record outside the scope': async () => {
          for (const [who, key] of outside.filter(([who]) => who !== 'chkA1'))
            await deny(who, 'DELETE', item(key), undefined, 404, 'NOT_FOUND');
          await allow('secA1', 'DELETE', `/api/ledger/${await fresh()}`, undefined, 204);
        },
      },
    },

    'GET /api/ledger/import/template': {
      access: ledgerWrite,
      sample: async () => ({ method: 'GET', url: '/api/ledger/import/template' }),
      sampleStatus: 200,
      cases: {
        'lists only the orgs in the scope': async () => {
          const listed = async (who: Who) =>
            (await sheetRows((await allow(who, 'GET', '/api/ledger/import/template')).rawPayload, '组织列表'))
              .slice(1)
              .map((r) => Number(r[0]))
              .sort((a, b) => a - b);
          expect(await listed('orgA1')).toEqual(await orgIdsWithin('A1'));
          expect(await listed('secA1b')).toEqual([o.A1b.id]);
        },
      },
    },

    'POST /api/ledger/import': {
      access: ledgerWrite,
      uploads: true,
      sample: async () => ({
        method: 'POST',
        url: '/api/ledger/import',
        body: await ledgerFile([
          { 所属组织: o.A1.id, 台账类型: '支委会', 日期: day(heldOn), 主题: '矩阵导入', 主持人: '王书记' },
        ]),
      }),
      undo: async () => {
        await t.idle();
        await dropExtraRecords();
      },
      sampleStatus: 202,
      cases: {
        'a row naming an org outside the scope': async () => {
          const importAs = async (who: Who, key: OrgKey) => {
            const file = await ledgerFile([
              {
                所属组织: o[key].id,
                台账类型: '支委会',
                日期: day(heldOn),
                主题: '矩阵导入',
                主持人: '王书记',
              },
            ]);
            const { jobId } = expectStatus(await call(who, 'POST', '/api/ledger/import', file), 202).json();
            await t.idle();
            return expectStatus(await call(who, 'GET', `/api/jobs/${jobId}`), 200).json();
          };
          for (const [who, key] of [
            ['orgB', 'A1'],
            ['secA1', 'A1b'],
            ['orgA1', 'A2'],
          ] as [Who, OrgKey][])
            await expectNoChange(t, async () => {
              // The job row itself is kept out of the dump; nothing else may change.
              expect((await importAs(who, key)).error?.code).toBe('IMPORT_ROWS_INVALID');
            });
          expect((await importAs('secA1b', 'A1b')).state).toBe('succeeded');
          const [row] = await queryRows<{ n: number }>(
            t.database.db,
            sql`select count(*)::int as n from ledger_records where topic = '矩阵导入' and org_id = ${o.A1b.id}`,
          );
          expect(row?.n).toBe(1);
          await dropExtraRecords();
        },
      },
    },
  },
  { setUp },
);
