import path from 'node:path';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { chineseMembersFile } from '../helpers/xlsx-fixtures.js';
import {
  api,
  createPostgresDatabase,
  killAll,
  removeTempDirs,
  signInFirstAdmin,
  sleep,
  startServer,
  tempDir,
  type ChildEnv,
  type Session,
} from './helpers.js';

const initialPassword = 'Initial-Pass-2026!';
const adminPassword = 'Changed-Pass-2026!';
const rows = 60_000;
// On PostgreSQL the import must outlast starting a third instance (seconds on a busy machine): at
// 60,000 rows a quiet machine once finished it first, and the test then saw nothing it could check.
const postgresRows = 150_000;
const timeout = 600_000;

/** A branch to import into, and a file of `count` members for it. */
async function prepare(baseUrl: string, admin: Session, count = rows) {
  const county = await api(baseUrl, admin, 'POST', '/api/orgs', {
    parentId: null,
    name: '中断县委',
    level: 'county',
  });
  const branch = await api(baseUrl, admin, 'POST', '/api/orgs', {
    parentId: county.body.id,
    name: '中断党支部',
    level: 'branch',
  });
  expect(branch.status, JSON.stringify(branch.body)).toBe(201);
  return {
    branchId: branch.body.id as number,
    file: (await chineseMembersFile(branch.body.id, count, 'shared')).file,
  };
}

/** Starts the import through `baseUrl`; resolves once some of its rows have been written. */
async function importUnderway(baseUrl: string, admin: Session, file: Buffer, pollUrl = baseUrl) {
  // A read puts the session in the poller's memory (the writes above cleared it): on PGlite a poll
  // that had to look it up would wait for the import's transaction, and see the job only at its end.
  expect((await api(pollUrl, admin, 'GET', '/api/auth/me')).status).toBe(200);
  const res = await fetch(`${baseUrl}/api/imports/members`, {
    method: 'POST',
    headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
    body: file,
  });
  expect(res.status).toBe(202);
  const { jobId } = (await res.json()) as { jobId: string };
  for (;;) {
    const job = await api(pollUrl, admin, 'GET', `/api/jobs/${jobId}`);
    expect(job.body.state).toBe('running');
    if (job.body.progress.done > 0) return jobId;
    await sleep(50);
  }
}

async function memberCount(baseUrl: string, admin: Session, branchId: number) {
  return (await api(baseUrl, admin, 'GET', `/api/members?orgId=${branchId}&pageSize=1`)).body.total as number;
}

describe('a job whose server was killed', () => {
  afterEach(() => killAll());
  afterAll(() => removeTempDirs());

  it(
    'reads failed after the restart on PGlite, and none of its rows is committed',
    async () => {
      const env: ChildEnv = {
        DATA_DIR: path.join(tempDir('job-crash'), 'data'),
        SHUPING_ADMIN_PASSWORD: initialPassword,
      };
      const first = await startServer(env);
      const admin = await signInFirstAdmin(first.baseUrl, initialPassword, adminPassword);
      const { branchId, file } = await prepare(first.baseUrl, admin);
      const jobId = await importUnderway(first.baseUrl, admin, file);
      expect(await first.kill()).toEqual({ code: null, signal: 'SIGKILL' });

      const second = await startServer(env);
      const job = await api(second.baseUrl, admin, 'GET', `/api/jobs/${jobId}`);
      expect(job.body).toMatchObject({
        state: 'failed',
        error: { code: 'JOB_INTERRUPTED', message: '服务重启，任务中断，请重新导入' },
      });
      expect(await memberCount(second.baseUrl, admin, branchId)).toBe(0);
      expect(await second.stop()).toEqual({ code: 0, signal: null });
    },
    timeout,
  );

  it(
    'on PostgreSQL is failed by a restarting instance only once its own instance is gone',
    async () => {
      const database = await createPostgresDatabase(inject('postgresUrl'));
      try {
        const env: ChildEnv = { DATABASE_URL: database.url, SHUPING_ADMIN_PASSWORD: initialPassword };
        const runner = await startServer(env);
        const other = await startServer(env);
        const admin = await signInFirstAdmin(runner.baseUrl, initialPassword, adminPassword);
        const { branchId, file } = await prepare(runner.baseUrl, admin, postgresRows);
        // Progress read through the other instance.
        const jobId = await importUnderway(runner.baseUrl, admin, file, other.baseUrl);
        // An instance starting while the runner lives leaves its job running.
        const restarted = await startServer(env);
        expect((await api(restarted.baseUrl, admin, 'GET', `/api/jobs/${jobId}`)).body.state).toBe('running');

        expect(await runner.kill()).toEqual({ code: null, signal: 'SIGKILL' });
        const after = await startServer(env);
        expect((await api(after.baseUrl, admin, 'GET', `/api/jobs/${jobId}`)).body).toMatchObject({
          state: 'failed',
          error: { code: 'JOB_INTERRUPTED' },
        });
        expect(await memberCount(after.baseUrl, admin, branchId)).toBe(0);
      } finally {
        await killAll();
        await database.drop();
      }
    },
    timeout,
  );
});
