import { expect, vi } from 'vitest';
import { queryRows } from '../../src/db/query-rows.js';
import { sql } from 'drizzle-orm';
import { type OrgKey, type Who, allow, deny, o, t, scopeMatrix } from './support/scope-matrix.js';

vi.mock('fastify', async (importOriginal) =>
  (await import('./support/routes.js')).collectRoutes(await importOriginal()),
);

// The audit module's routes; the fixture and the tests are in support/scope-matrix.ts.
scopeMatrix('audit', {
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
        expect((await allow('admin', 'GET', `/api/audit?orgId=${o.A2.id}`)).json().total).toBeGreaterThan(0);
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
});
