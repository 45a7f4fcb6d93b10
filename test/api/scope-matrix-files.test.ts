import { sql } from 'drizzle-orm';
import { expect, vi } from 'vitest';
import type { RouteAccess } from '../../src/server/http/route-config.js';
import { multipart, png } from '../helpers/file-fixtures.js';
import {
  type Entry,
  type OrgKey,
  type Who,
  allow,
  deny,
  o,
  orgRead,
  t,
  scopeMatrix,
} from './support/scope-matrix.js';

vi.mock('fastify', async (importOriginal) =>
  (await import('./support/routes.js')).collectRoutes(await importOriginal()),
);

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
async function setUpFiles() {
  for (const key of ['A1', 'A1b', 'A2', 'B1'] as const)
    f[key] = (await allow('admin', 'POST', uploadUrl(key), multipart(`${key}.png`, png), 201)).json().id;
}
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
          for (const [who, key] of fileOutside) await deny(who, 'GET', url(key), undefined, 404, 'NOT_FOUND');
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

// The files module's routes (the file store); the shared fixture and the tests are in
// support/scope-matrix.ts, and the files above are added to it.
scopeMatrix(
  'files',
  {
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
  },
  { setUp: setUpFiles },
);
