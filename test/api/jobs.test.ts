import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query-rows.js';
import { jobs } from '../../src/db/schema/index.js';
import { AppError } from '../../src/server/errors.js';
import { systemActor } from '../../src/server/http/actor.js';
import { createJobRunner, type JobView } from '../../src/server/jobs/service.js';
import {
  createSecondInstance,
  createTestContext,
  uploadTestTimeout,
  type Session,
  type TestContext,
} from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import {
  chineseMembersFile,
  expectJobError,
  settledJob,
  upload,
  type JobJson,
} from '../helpers/xlsx-fixtures.js';
import { createOrg, expectApiError, expectStatus, signedInUser, type OrgRow } from './support/fixtures.js';

const bigImportRows = 100_000;
/** Generating and importing 100,000 rows: 30 s on a quiet machine, many times that on a shared one. */
const bigImportTimeout = 900_000;

describe(`jobs (${testDriver})`, { timeout: uploadTestTimeout }, () => {
  let t: TestContext;
  let town: OrgRow;
  let organizer: Session;

  beforeAll(async () => {
    t = await createTestContext();
    const county = await createOrg(t, null, '任务县委', 'county');
    town = await createOrg(t, county.id, '任务镇党委', 'committee');
    organizer = await signedInUser(t, 'joborg', 'organizer', town.id);
  });
  afterAll(() => t?.close());

  const row = (id: string) => t.database.db.select().from(jobs).where(eq(jobs.id, id));

  describe('runner', () => {
    it('ends a job with its result, or with the thrown AppError as {code, message, details}', async () => {
      const events: JobView[] = [];
      const stop = t.app.jobs.onProgress((job) => events.push(job));
      const started = await t.app.jobs.start(systemActor(), 'test.sum', null, async ({ progress }) => {
        progress({ phase: 'adding', done: 1, total: 2 });
        progress({ done: 2 });
        return { sum: 3 };
      });
      // Committed before the work began: any connection reads it.
      expect((await row(started.id))[0]?.state).toMatch(/running|succeeded/);
      const done = await settledJob(t, t.admin, started.id);
      expect(done).toMatchObject({ state: 'succeeded', result: { sum: 3 }, progress: { done: 2, total: 2 } });
      stop();
      expect(events.filter((e) => e.id === started.id).map((e) => [e.state, e.progress.done])).toEqual([
        ['running', 0],
        ['running', 1],
        ['running', 2],
        ['succeeded', 2],
      ]);

      const refused = await t.app.jobs.start(systemActor(), 'test.refuse', null, async () => {
        throw new AppError(422, 'TEST_REFUSED', '测试拒绝', { rows: [1] });
      });
      expect(expectJobError(await settledJob(t, t.admin, refused.id), 'TEST_REFUSED').details).toEqual({
        rows: [1],
      });
      const crashed = await t.app.jobs.start(systemActor(), 'test.crash', null, async () => {
        throw new TypeError('a bug of ours');
      });
      const error = expectJobError(await settledJob(t, t.admin, crashed.id), 'JOB_FAILED');
      expect(JSON.stringify(error)).not.toContain('bug');
      // The command line's jobs (owner 0, whole system) are the admins' to read only.
      expectApiError(await t.request(organizer, 'GET', `/api/jobs/${crashed.id}`), 404, 'NOT_FOUND');
    });

    it('fails at start the jobs of a runner that is gone, and leaves a live runner’s alone', async () => {
      const orphan = randomUUID();
      const live = randomUUID();
      const base = { kind: 'test.left', state: 'running' as const, ownerId: 0, startedAt: new Date() };
      await t.database.db.insert(jobs).values([
        // A key no live runner holds: its process died.
        { ...base, id: orphan, runner: t.app.jobs.runnerKey === 1 ? 2 : 1 },
        { ...base, id: live, runner: t.app.jobs.runnerKey },
      ]);
      const restarted = await createJobRunner({ database: t.database, log: t.app.log });
      try {
        expect((await row(orphan))[0]).toMatchObject({
          state: 'failed',
          error: { code: 'JOB_INTERRUPTED', message: '服务重启，任务中断，请重新导入' },
        });
        expect((await row(live))[0]?.state).toBe('running');
      } finally {
        await restarted.close();
        await t.database.db.execute(sql`delete from jobs where id in (${orphan}, ${live})`);
      }
    });
  });

  describe(`a ${bigImportRows.toLocaleString('en')}-row member import`, () => {
    it(
      testDriver === 'postgres'
        ? 'shows its progress through a second instance on the same database'
        : 'answers progress polls through the same app while its transaction is open',
      async () => {
        const branch = await createOrg(t, town.id, '大批量党支部', 'branch');
        const { file } = await chineseMembersFile(branch.id, bigImportRows, 'shared');
        const other = testDriver === 'postgres' ? await createSecondInstance(t) : null;
        const poll = other ? other.request : t.request;
        // A colleague whose session no instance has read yet: on PGlite its lookup must get through
        // while the import's transaction holds the one connection.
        const colleague = await signedInUser(t, 'jobwatch', 'organizer', town.id);
        try {
          const { jobId } = expectStatus(await upload(t, organizer, 'members', file), 202).json();
          const seen: JobJson['progress'][] = [];
          let job: JobJson;
          for (;;) {
            job = expectStatus(await poll(colleague, 'GET', `/api/jobs/${jobId}`), 200).json();
            if (job.state !== 'running') break;
            seen.push(job.progress);
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
          expect(job).toMatchObject({ state: 'succeeded', result: { imported: bigImportRows } });
          const distinct = new Set(seen.map((p) => p.done));
          expect(distinct.size, JSON.stringify([...distinct])).toBeGreaterThanOrEqual(5);
          // While rows were still being read, the total was an estimate at or above them.
          const reading = seen.filter((p) => p.phase === 'reading' && p.done > 0);
          expect(reading.length).toBeGreaterThan(0);
          for (const p of reading) expect(p.total).toBeGreaterThanOrEqual(p.done);
          const counted = await queryRows<{ count: number }>(
            t.database.db,
            sql`select count(*)::int as count from members where org_id = ${branch.id}`,
          );
          expect(counted[0]?.count).toBe(bigImportRows);
        } finally {
          await other?.close();
        }
      },
      bigImportTimeout,
    );
  });
});
