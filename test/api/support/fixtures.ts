import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Role } from '../../../src/domain/access.js';
import { defaultBallotItems } from '../../../src/domain/meetings.js';
import type { ReportBody } from '../../../src/domain/reports.js';
import type { Grade } from '../../../src/domain/results/grades.js';
import type { OrgLevel } from '../../../src/domain/org-tree.js';
import { queryRows } from '../../../src/db/query-rows.js';
import { users } from '../../../src/db/schema/index.js';
import type { Session, TestContext } from '../../helpers/test-app.js';

/** Password of every user the fixtures create; passes the password policy. */
export const userPassword = 'Fixture-Pass-2026!';

/** Chinese text somewhere in a string. */
export const chinese = /[\u4e00-\u9fa5]/;

export interface OrgRow {
  id: number;
  parentId: number | null;
  path: string;
  name: string;
  level: OrgLevel;
  childCount: number;
}

export async function createOrg(
  t: TestContext,
  parentId: number | null,
  name: string,
  level: OrgLevel,
  session: Session = t.admin,
): Promise<OrgRow> {
  const res = await t.request(session, 'POST', '/api/orgs', { parentId, name, level });
  if (res.statusCode !== 201) throw new Error(`create org ${name}: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** A village branch (党支部 of a 行政村): the org an annual cycle's default reporting rule picks. */
export function villageBranch(t: TestContext, parentId: number, name: string): Promise<OrgRow> {
  return createOrg(t, parentId, name, 'branch').then(async (org) => {
    expectStatus(await t.request(t.admin, 'PATCH', `/api/orgs/${org.id}`, { domain: 'village' }), 200);
    return org;
  });
}

/** An annual cycle of `orgId`, made by `session` (its organizer); answers its id. */
export async function annualCycle(
  t: TestContext,
  session: Session,
  orgId: number,
  year = 2026,
  stages?: { reportsDueOn: string },
): Promise<number> {
  const res = await t.request(session, 'POST', '/api/cycles', { orgId, kind: 'annual', year, stages });
  return expectStatus(res, 201).json().id;
}

/** A 述职评议会 of `cycleId` with the default items and categories; its id. */
export async function reviewMeeting(
  t: TestContext,
  session: Session,
  cycleId: number,
  fields: { name: string; heldOn: string; venue?: string },
): Promise<number> {
  const res = await t.request(session, 'POST', '/api/meetings', { cycleId, ...fields });
  return expectStatus(res, 201).json().id;
}

/**
 * `org`'s report in `cycleId`, written by its `secretary` with `problems` and `plans` (every other
 * section given some text), submitted, and accepted by `organizer`; its id.
 */
export async function acceptedReport(
  t: TestContext,
  people: { secretary: Session; organizer: Session },
  cycleId: number,
  orgId: number,
  content: Pick<ReportBody, 'problems' | 'plans'>,
): Promise<number> {
  const { secretary, organizer } = people;
  const id = expectStatus(await t.request(secretary, 'POST', '/api/reports', { cycleId, orgId }), 201).json()
    .id as number;
  const report = expectStatus(await t.request(secretary, 'GET', `/api/reports/${id}`), 200).json();
  const body = { ...(structuredClone(report.body) as ReportBody), ...content };
  for (const s of body.sections) s.text ||= `${s.title}的内容。`;
  expectStatus(
    await t.request(secretary, 'PUT', `/api/reports/${id}`, { body, updatedAt: report.updatedAt }),
    200,
  );
  expectStatus(await t.request(secretary, 'POST', `/api/reports/${id}/submit`), 200);
  expectStatus(await t.request(organizer, 'POST', `/api/reports/${id}/accept`), 200);
  return id;
}

/**
 * Votes a meeting with the default items through: one 上级领导 code per ballot, each ballot grading
 * each named reporter (by org id) on the items it names and 好 on the rest, then the vote closed.
 */
export async function closedVote(
  t: TestContext,
  organizer: Session,
  meetingId: number,
  ballots: Record<number, Partial<Record<string, Grade>>>[],
): Promise<void> {
  const codes = expectStatus(
    await t.request(organizer, 'POST', `/api/meetings/${meetingId}/codes`, {
      category: 'superiors',
      count: ballots.length,
    }),
    201,
  ).json().items as { code: string }[];
  expectStatus(
    await t.request(organizer, 'POST', `/api/meetings/${meetingId}/voting`, { action: 'open' }),
    200,
  );
  for (const [i, ballot] of ballots.entries()) {
    const choices = Object.fromEntries(
      Object.entries(ballot).map(([orgId, own]) => [
        orgId,
        Object.fromEntries(defaultBallotItems.map((item) => [item.key, own[item.key] ?? 'excellent'])),
      ]),
    );
    expectStatus(
      await t.request(null, 'POST', `/api/ballot/${codes[i]!.code}`, { submissionId: randomUUID(), choices }),
      200,
    );
  }
  expectStatus(
    await t.request(organizer, 'POST', `/api/meetings/${meetingId}/voting`, { action: 'close' }),
    200,
  );
}

export interface UserFixture {
  id: number;
  username: string;
}

/** Creates a user through the API as admin (with `userPassword`), without signing in. */
export async function createUser(
  t: TestContext,
  username: string,
  role: Role,
  orgId: number | null,
): Promise<UserFixture> {
  const res = await t.request(t.admin, 'POST', '/api/users', {
    username,
    displayName: `用户${username}`,
    role,
    orgId,
    password: userPassword,
  });
  if (res.statusCode !== 201) throw new Error(`create user ${username}: ${res.statusCode} ${res.body}`);
  return { id: res.json().user.id, username };
}

/**
 * A signed-in user of `role` bound to `orgId`. The forced first password change is skipped in the
 * database, to keep fixtures cheap; auth.test.ts covers that flow through the API.
 */
export async function signedInUser(
  t: TestContext,
  username: string,
  role: Role,
  orgId: number | null,
): Promise<Session & { username: string }> {
  const user = await createUser(t, username, role, orgId);
  await t.database.db.update(users).set({ mustChangePassword: false }).where(eq(users.id, user.id));
  return { ...(await t.login(username, userPassword)), username };
}

/**
 * Every row of every table, as sorted JSON text per table: two dumps are equal when nothing changed.
 * Jobs are left out: a refused import still leaves the record of its attempt. Routine scores too:
 * they are recomputed in the background after earlier changes, whenever the refresher gets to them.
 */
export async function dumpDb(t: TestContext): Promise<Record<string, string[]>> {
  const tables = await queryRows<{ name: string }>(
    t.database.db,
    sql`select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE'
          and table_name not in ('jobs', 'routine_scores')
        order by table_name`,
  );
  const dump: Record<string, string[]> = {};
  for (const { name } of tables) {
    const rows = await queryRows<{ j: string }>(
      t.database.db,
      sql.raw(`select to_jsonb(x)::text as j from "${name}" x order by 1`),
    );
    dump[name] = rows.map((r) => r.j);
  }
  return dump;
}

/** Runs `work` and fails when any table changed meanwhile. */
export async function expectNoChange<T>(t: TestContext, work: () => Promise<T>): Promise<T> {
  const before = await dumpDb(t);
  expect(Object.keys(before)).toEqual(expect.arrayContaining(['orgs', 'users', 'audit_log']));
  const result = await work();
  expect(await dumpDb(t)).toEqual(before);
  return result;
}

/** A client error in the API's shape: `{code, message}` with a Chinese message, never a 5xx. */
export function expectApiError(res: LightMyRequestResponse, status: number | number[], code?: string) {
  const statuses = [status].flat();
  const context = `${res.statusCode} ${res.body}`;
  expect(statuses, context).toContain(res.statusCode);
  expect(res.headers['content-type'], context).toMatch(/application\/json/);
  const body = res.json() as { code: unknown; message: unknown };
  expect(typeof body.code, context).toBe('string');
  expect(typeof body.message, context).toBe('string');
  expect(body.message, context).toMatch(chinese);
  if (code !== undefined) expect(body.code, context).toBe(code);
  return body as { code: string; message: string; details?: unknown };
}

/** Expects a status, with the body in the failure message. */
export function expectStatus(res: LightMyRequestResponse, status: number) {
  expect(res.statusCode, res.body).toBe(status);
  return res;
}
