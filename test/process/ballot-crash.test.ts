import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { receiptFor } from '../../src/domain/ballot-receipts.js';
import { defaultBallotItems } from '../../src/domain/meetings.js';
import {
  api,
  createPostgresDatabase,
  killAll,
  login,
  removeTempDirs,
  signInFirstAdmin,
  startServer,
  tempDir,
  type ChildEnv,
  type ServerProcess,
  type Session,
} from './helpers.js';

const initialPassword = 'Initial-Pass-2026!';
const adminPassword = 'Changed-Pass-2026!';
const codeCount = 200;
const parallel = 12;
// The server is killed once this many ballots were acknowledged: well inside the burst.
const killAfter = 40;
// Two server starts and a few hundred sequential requests; minutes on a busy shared machine.
const timeout = 300_000;
// A first start on a fresh PGlite data dir creates and migrates it: over a minute on a busy machine.
const startTimeout = 120_000;

interface Submission {
  code: string;
  submissionId: string;
  receipt: string | null;
}

/** A meeting of three villages with `codeCount` codes, voting open; answers its id and codes. */
async function openMeeting(baseUrl: string, admin: Session) {
  const post = async (url: string, payload: unknown, status = 201) => {
    const res = await api(baseUrl, admin, 'POST', url, payload);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    return res.body;
  };
  const county = await post('/api/orgs', { parentId: null, name: '崩溃县委', level: 'county' });
  const town = await post('/api/orgs', { parentId: county.id, name: '崩溃镇党委', level: 'committee' });
  const villages: number[] = [];
  for (const name of ['上村党支部', '中村党支部', '下村党支部']) {
    const branch = await post('/api/orgs', { parentId: town.id, name, level: 'branch' });
    expect((await api(baseUrl, admin, 'PATCH', `/api/orgs/${branch.id}`, { domain: 'village' })).status).toBe(
      200,
    );
    villages.push(branch.id);
  }
  const cycle = await post('/api/cycles', { orgId: town.id, kind: 'annual', year: 2026 });
  const meeting = await post('/api/meetings', { cycleId: cycle.id, name: '崩溃测评', heldOn: '2027-01-12' });
  const { items } = await post(`/api/meetings/${meeting.id}/codes`, {
    category: 'representatives',
    count: codeCount,
  });
  await post(`/api/meetings/${meeting.id}/voting`, { action: 'open' }, 200);
  const choices = Object.fromEntries(
    villages.map((id) => [String(id), Object.fromEntries(defaultBallotItems.map((i) => [i.key, 'good']))]),
  );
  return {
    meetingId: meeting.id as number,
    codes: items.map((c: { code: string }) => c.code) as string[],
    choices,
  };
}

async function cast(baseUrl: string, s: Submission, choices: unknown) {
  return api(baseUrl, null, 'POST', `/api/ballot/${s.code}`, { submissionId: s.submissionId, choices });
}

/**
 * Casts every submission, `parallel` at a time, and SIGKILLs the server once `killAfter` were
 * acknowledged; a submission's receipt is set only when its 200 arrived.
 */
async function burstUntilKilled(server: ServerProcess, submissions: Submission[], choices: unknown) {
  let next = 0;
  let acknowledged = 0;
  let killed: Promise<unknown> | null = null;
  const worker = async () => {
    while (!killed && next < submissions.length) {
      const s = submissions[next++]!;
      try {
        const res = await cast(server.baseUrl, s, choices);
        if (res.status === 200) {
          s.receipt = res.body.receipt;
          if (++acknowledged >= killAfter) killed ??= server.kill();
        }
      } catch {
        // The connection died with the server: not acknowledged.
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  expect(await killed).toEqual({ code: null, signal: 'SIGKILL' });
}

/** The burst, the kill, the restart, and what must hold after it. */
async function crashInBurst(env: ChildEnv) {
  const first = await startServer(env, startTimeout);
  const admin = await signInFirstAdmin(first.baseUrl, initialPassword, adminPassword);
  const { meetingId, codes, choices } = await openMeeting(first.baseUrl, admin);
  const submissions: Submission[] = codes.map((code) => ({
    code,
    submissionId: randomUUID(),
    receipt: null,
  }));
  await burstUntilKilled(first, submissions, choices);
  const acknowledged = submissions.filter((s) => s.receipt !== null);
  const unacknowledged = submissions.filter((s) => s.receipt === null);
  expect(acknowledged.length).toBeGreaterThanOrEqual(killAfter);
  expect(unacknowledged.length).toBeGreaterThan(0);

  const second = await startServer(env, startTimeout);
  const { session } = await login(second.baseUrl, 'admin', adminPassword);
  const turnout = async () =>
    (await api(second.baseUrl, session, 'GET', `/api/meetings/${meetingId}/turnout`)).body.used as number;
  // Every acknowledged ballot survived; ballots in flight at the kill may or may not have.
  for (const s of acknowledged)
    expect((await api(second.baseUrl, null, 'GET', `/api/ballot/receipt/${s.receipt}`)).body).toEqual({
      counted: true,
    });
  const usedAfterCrash = await turnout();
  expect(usedAfterCrash).toBeGreaterThanOrEqual(acknowledged.length);

  // Sent again, an unacknowledged submission is stored now or recognized as stored before the kill:
  // either way 200 with its receipt, never a second ballot.
  for (const s of unacknowledged) {
    const res = await cast(second.baseUrl, s, choices);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.receipt).toBe(receiptFor(s.code.replace(/-/g, ''), s.submissionId));
  }
  expect(await turnout()).toBe(codeCount);
  const closed = await api(second.baseUrl, session, 'POST', `/api/meetings/${meetingId}/voting`, {
    action: 'close',
  });
  expect(closed.status, JSON.stringify(closed.body)).toBe(200);
  const tally = await api(second.baseUrl, session, 'GET', `/api/meetings/${meetingId}/tally`);
  expect(tally.body.groups.reduce((n: number, g: { ballots: number }) => n + g.ballots, 0)).toBe(codeCount);
  expect(tally.body.reporters[0].items[0].byGroup.representatives.good).toBe(codeCount);
  expect(await second.stop()).toEqual({ code: 0, signal: null });
}

describe('a server killed in the middle of a ballot burst keeps every acknowledged ballot, none twice', () => {
  afterEach(() => killAll());
  afterAll(() => removeTempDirs());

  it(
    'on PGlite (the data dir)',
    async () => {
      await crashInBurst({
        DATA_DIR: path.join(tempDir('ballot-crash'), 'data'),
        SHUPING_ADMIN_PASSWORD: initialPassword,
      });
    },
    timeout,
  );

  it(
    'on PostgreSQL',
    async () => {
      const database = await createPostgresDatabase(inject('postgresUrl'));
      try {
        await crashInBurst({ DATABASE_URL: database.url, SHUPING_ADMIN_PASSWORD: initialPassword });
      } finally {
        await killAll();
        await database.drop();
      }
    },
    timeout,
  );
});
