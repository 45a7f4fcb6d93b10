import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/server/app.js';
import { queryRows } from '../../src/db/query-rows.js';
import { BackupError, backupTables, dumpRows, restoreBackup, writeBackup } from '../../src/db/backup.js';
import type { Database } from '../../src/db/client.js';
import { adminPassword, createTestContext, type TestContext } from '../helpers/test-app.js';
import { createTestDatabase, testDriver, type TestDriver } from '../helpers/test-db.js';
import { defaultBallotItems, defaultPanelistCategories } from '../../src/domain/meetings.js';
import { annualCycle } from './support/fixtures.js';

const secretaryPassword = 'Branch-Secretary-2026!';

/** An app on a restored database, with just enough of a client to log in and write. */
async function appOn(database: Database) {
  const app: App = await buildApp({
    database,
    config: { secureCookies: false, sessionTtlHours: 12, webRoot: undefined },
  });
  async function login(username: string, password: string) {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    const cookie = res.cookies.find((c) => c.name === 'shuping_session');
    const session =
      res.statusCode === 200
        ? {
            cookie: `shuping_session=${cookie!.value}`,
            csrfToken: (res.json() as { csrfToken: string }).csrfToken,
          }
        : null;
    return { res, session };
  }
  function request(
    session: { cookie: string; csrfToken: string },
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: object,
  ): Promise<LightMyRequestResponse> {
    return app.inject({
      method,
      url,
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken },
      ...(payload ? { payload } : {}),
    });
  }
  return { app, login, request };
}

const emptyDump = () => Object.fromEntries(backupTables.map(({ name }) => [name, [] as string[]]));

describe(`backup and restore (${testDriver})`, () => {
  let t: TestContext;
  let dir: string;
  let file: string;
  let source: Record<string, string[]>;
  let maxOrgId = 0;
  const opened = new Set<Database>();

  /** A fresh, migrated, empty database, closed after `work` whatever happens. */
  async function withFreshDatabase(driver: TestDriver, work: (database: Database) => Promise<void>) {
    const database = await createTestDatabase(driver);
    opened.add(database);
    try {
      await work(database);
    } finally {
      opened.delete(database);
      await database.close();
    }
  }

  beforeAll(async () => {
    t = await createTestContext();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuping-backup-'));
    file = path.join(dir, 'backup.ndjson.gz');

    const create = async (parentId: number | null, name: string, level: string, domain?: string) => {
      const res = await t.request(t.admin, 'POST', '/api/orgs', {
        parentId,
        name,
        level,
        ...(domain ? { domain } : {}),
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: number; path: string };
    };
    const county = await create(null, '示范县委', 'county');
    const town = await create(county.id, '城关镇党委', 'committee');
    const street = await create(county.id, '东湖街道党工委', 'workCommittee');
    const village = await create(town.id, '幸福村党支部', 'branch', 'village');
    const general = await create(town.id, '机关党总支', 'generalBranch', 'government');
    const office = await create(general.id, '办公室党支部', 'branch', 'government');
    await create(street.id, '“和谐”社区党支部', 'branch', 'community');

    // A move changes the paths of a whole subtree and writes before/after into the audit log.
    const moved = await t.request(t.admin, 'POST', `/api/orgs/${general.id}/move`, { parentId: street.id });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().path).toBe(`${county.id}.${street.id}.${general.id}`);
    const renamed = await t.request(t.admin, 'PATCH', `/api/orgs/${village.id}`, {
      name: '幸福村党支部（示范）',
    });
    expect(renamed.statusCode, renamed.body).toBe(200);

    const secretary = await t.request(t.admin, 'POST', '/api/users', {
      username: 'zhang.san',
      displayName: '张三',
      role: 'secretary',
      orgId: village.id,
      password: secretaryPassword,
    });
    expect(secretary.statusCode, secretary.body).toBe(201);
    const organizer = await t.request(t.admin, 'POST', '/api/users', {
      username: 'li-si',
      displayName: '李四',
      role: 'organizer',
      orgId: county.id,
    });
    expect(organizer.statusCode, organizer.body).toBe(201);
    const viewer = await t.request(t.admin, 'POST', '/api/users', {
      username: 'wang_wu',
      displayName: '王五',
      role: 'viewer',
      orgId: office.id,
    });
    expect(viewer.statusCode, viewer.body).toBe(201);
    const edited = await t.request(t.admin, 'PATCH', `/api/users/${viewer.json().user.id}`, {
      displayName: '王五（机关）',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const figures = await t.request(t.admin, 'PUT', '/api/profile-figures', {
      orgId: town.id,
      year: 2025,
      values: { administrativeVillages: 15, areaKm2: 187.32 },
    });
    expect(figures.statusCode, figures.body).toBe(200);
    // A review meeting with two anonymous ballots (their random ids page the backup) and a paper entry.
    const cycleId = await annualCycle(t, t.admin, town.id);
    const meeting = await t.request(t.admin, 'POST', '/api/meetings', {
      cycleId,
      name: '述职评议会',
      heldOn: '2027-01-12',
      venue: '会议室',
    });
    expect(meeting.statusCode, meeting.body).toBe(201);
    const meetingUrl = `/api/meetings/${meeting.json().id}`;
    const issued = await t.request(t.admin, 'POST', `${meetingUrl}/codes`, {
      category: defaultPanelistCategories[0]!.key,
      count: 3,
    });
    expect(issued.statusCode, issued.body).toBe(201);
    expect((await t.request(t.admin, 'POST', `${meetingUrl}/voting`, { action: 'open' })).statusCode).toBe(
      200,
    );
    const choices = {
      [village.id]: Object.fromEntries(defaultBallotItems.map((item) => [item.key, 'good'])),
    };
    const [paperCode, ...phoneCodes] = issued.json().items as { serial: number; code: string }[];
    // One paper sheet entered once, not yet counted.
    const entry = await t.request(t.admin, 'POST', `${meetingUrl}/paper-ballots`, {
      serial: paperCode!.serial,
      choices,
    });
    expect(entry.statusCode, entry.body).toBe(201);
    for (const { code } of phoneCodes) {
      const cast = await t.request(null, 'POST', `/api/ballot/${code}`, {
        submissionId: randomUUID(),
        choices,
      });
      expect(cast.statusCode, cast.body).toBe(200);
    }
    // A leader's review and the cycle's published evaluation.
    const review = await t.request(t.admin, 'PUT', `/api/leader-reviews/${meeting.json().id}/${village.id}`, {
      scores: Object.fromEntries(defaultBallotItems.map((item) => [item.key, 88])),
      critique: '点评意见',
    });
    expect(review.statusCode, review.body).toBe(200);
    const published = await t.request(t.admin, 'POST', `/api/evaluations/${cycleId}/publish`, {
      confirm: true,
    });
    expect(published.statusCode, published.body).toBe(200);
    // 问题清单: two inspections of the village, the older merged into the newer (a restore loads the
    // merged one first), with a measure and the history of both.
    const problemIds: number[] = [];
    for (const text of ['活动阵地台账缺失', '活动阵地台账不全']) {
      const filed = await t.request(t.admin, 'POST', '/api/problems', {
        cycleId,
        orgId: village.id,
        ref: { source: 'inspection' },
        text,
        category: 'system',
        severity: 'low',
        deadline: '2026-09-30',
      });
      expect(filed.statusCode, filed.body).toBe(201);
      problemIds.push(filed.json().id);
    }
    const merged = await t.request(t.admin, 'POST', `/api/problems/${problemIds[0]}/merge`, {
      intoId: problemIds[1],
    });
    expect(merged.statusCode, merged.body).toBe(200);
    const measure = await t.request(t.admin, 'POST', `/api/problems/${problemIds[1]}/measures`, {
      text: '补建台账',
      ownerUserId: secretary.json().user.id,
      responsibleOrgId: village.id,
      deadline: '2026-08-31',
      milestones: [{ text: '补录', due: '2026-07-31', doneOn: null }],
    });
    expect(measure.statusCode, measure.body).toBe(201);
    await t.login('zhang.san', secretaryPassword);

    source = await dumpRows(t.database.db);
    expect(source.profile_figures).toHaveLength(2);
    expect(source.orgs).toHaveLength(7);
    expect(source.users).toHaveLength(4);
    expect(source.ballots).toHaveLength(2);
    expect(source.paper_ballot_entries).toHaveLength(1);
    expect(source.leader_reviews).toHaveLength(1);
    expect(source.evaluations).toHaveLength(1);
    expect(source.problems).toHaveLength(2);
    expect(source.problem_measures).toHaveLength(1);
    expect(source.problem_events).toHaveLength(4);
    const moves = source.audit_log!.map((r) => JSON.parse(r)).filter((r) => r.action === 'move');
    expect(moves).toHaveLength(1);
    expect(moves[0].before).toMatchObject({
      name: '机关党总支',
      path: `${county.id}.${town.id}.${general.id}`,
    });
    expect(moves[0].after).toMatchObject({ path: `${county.id}.${street.id}.${general.id}` });
    maxOrgId = Math.max(...source.orgs!.map((r) => JSON.parse(r).id as number));

    const counts = await writeBackup(t.database.db, file);
    expect(counts).toMatchObject({ orgs: 7, users: 4, audit_log: source.audit_log!.length });
  });

  afterAll(async () => {
    for (const database of opened) await database.close().catch(() => {});
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const targets: TestDriver[] = testDriver === 'postgres' ? ['pglite', 'postgres'] : ['pglite'];
  for (const target of targets) {
    // Migrating a fresh PGlite alone takes over 15 s when other work keeps both cores busy.
    it(
      `restores into an empty ${target} database with identical rows, and the app carries on`,
      { timeout: 120_000 },
      () =>
        withFreshDatabase(target, async (database) => {
          const counts = await restoreBackup(database.db, file);
          expect(counts).toMatchObject({ orgs: 7, users: 4, audit_log: source.audit_log!.length });
          // Each account's password history comes along, so a restore does not reopen old passwords.
          expect(counts.password_history).toBeGreaterThanOrEqual(4);
          expect(await dumpRows(database.db)).toEqual(source);

          const { app, login, request } = await appOn(database);
          try {
            // Passwords survive; sessions do not travel, so everyone signs in afresh.
            const secretary = await login('zhang.san', secretaryPassword);
            expect(secretary.res.statusCode, secretary.res.body).toBe(200);
            expect(secretary.res.json().user).toMatchObject({
              displayName: '张三',
              orgName: '幸福村党支部（示范）',
            });
            const admin = await login('admin', adminPassword);
            expect(admin.res.statusCode, admin.res.body).toBe(200);

            // Sequences were moved past the restored ids: new rows get fresh ids, no collision.
            const root = (await request(admin.session!, 'GET', '/api/orgs')).json().items;
            expect(root.map((o: { name: string }) => o.name)).toEqual(['示范县委']);
            const org = await request(admin.session!, 'POST', '/api/orgs', {
              parentId: root[0].id,
              name: '恢复后新建党委',
              level: 'committee',
            });
            expect(org.statusCode, org.body).toBe(201);
            expect(org.json().id).toBeGreaterThan(maxOrgId);
            const user = await request(admin.session!, 'POST', '/api/users', {
              username: 'zhao.liu',
              displayName: '赵六',
              role: 'viewer',
              orgId: org.json().id,
            });
            expect(user.statusCode, user.body).toBe(201);
            const audit = await request(admin.session!, 'GET', '/api/audit?entityType=org&action=create');
            expect(audit.json().items[0]).toMatchObject({ entityId: String(org.json().id) });
          } finally {
            await app.close();
          }
        }),
    );
  }

  it('holds every table of the schema but those that must not travel', async () => {
    // Live logins, login throttling, running work and caches rebuilt from the data stay behind.
    const notBackedUp = [
      'sessions',
      'login_addresses',
      'login_throttles',
      'jobs',
      'scheduler_runs',
      'statistics_days',
      'statistics_org_counts',
      'statistics_subtree_totals',
      // Computed sheets: a restored system finds none and recomputes them (pending meanwhile).
      'routine_scores',
    ];
    const tables = (
      await queryRows<{ name: string }>(
        t.database.db,
        sql`select table_name as name from information_schema.tables
            where table_schema = 'public' and table_type = 'BASE TABLE'`,
      )
    ).map((r) => r.name);
    expect([...tables].sort()).toEqual([...backupTables.map((b) => b.name), ...notBackedUp].sort());
  });

  it('refuses to restore into a database that is not empty, and changes nothing', async () => {
    await expect(restoreBackup(t.database.db, file)).rejects.toThrow(
      /目标数据库不是空的.*只能恢复到空数据库/,
    );
    expect(await dumpRows(t.database.db)).toEqual(source);
  });

  describe('a damaged or foreign file fails with a Chinese message and leaves the target empty', () => {
    // One empty target for every case: each failed attempt must leave it as empty as it was.
    let target: Database;
    beforeAll(async () => {
      target = await createTestDatabase(testDriver);
      opened.add(target);
    });

    const gz = (text: string) => zlib.gzipSync(Buffer.from(text, 'utf8'));
    const backupText = () => zlib.gunzipSync(fs.readFileSync(file)).toString('utf8');
    const cases: [string, (() => Buffer) | null, RegExp][] = [
      ['that does not exist', null, /无法读取备份文件 .*：文件不存在/],
      ['that is empty', () => Buffer.alloc(0), /^备份文件为空$/],
      [
        'that is not gzip at all',
        () => Buffer.from('姓名,组织\n张三,幸福村党支部\n', 'utf8'),
        /^文件不是述评 Shuping 的备份（不是 gzip 压缩的备份文件）$/,
      ],
      [
        'of gzipped text that is not JSON',
        () => gz('这不是备份文件\n第二行\n'),
        /^文件不是述评 Shuping 的备份$/,
      ],
      [
        'of gzipped JSON from another program',
        () => gz('{"format":"other"}\n{"a":1}\n'),
        /^文件不是述评 Shuping 的备份$/,
      ],
      ['of gzipped JSON that is not an object', () => gz('null\n'), /^文件不是述评 Shuping 的备份$/],
      [
        'cut in the middle',
        () => fs.readFileSync(file).subarray(0, Math.floor(fs.statSync(file).size * 0.6)),
        /^备份文件已损坏或不完整/,
      ],
      // Every row decompresses and is loaded, only the gzip trailer is short: all must be rolled back.
      [
        'missing its last bytes',
        () => fs.readFileSync(file).subarray(0, fs.statSync(file).size - 3),
        /^备份文件已损坏或不完整/,
      ],
      [
        'with flipped bytes',
        () => {
          const bytes = Buffer.from(fs.readFileSync(file));
          const at = Math.floor(bytes.length / 2);
          for (let i = at; i < at + 8; i++) bytes[i] = bytes[i]! ^ 0x5a;
          return bytes;
        },
        /^备份文件已损坏或不完整/,
      ],
      [
        'with a line cut short after valid rows',
        () => gz(backupText().replace(/\n$/, '').slice(0, -10)),
        /^备份文件已损坏或不完整/,
      ],
      [
        'of another schema version',
        () => {
          const lines = backupText().split('\n');
          lines[0] = JSON.stringify({ ...JSON.parse(lines[0]!), schemaVersion: 999 });
          return gz(lines.join('\n'));
        },
        /^备份的数据结构版本（999）与当前程序（\d+）不一致$/,
      ],
      [
        'naming an unknown table after valid rows',
        () => gz(backupText() + '{"table":"secrets","row":{"id":1}}\n'),
        /^备份中含有未知的表：secrets$/,
      ],
      [
        'with a row that breaks a constraint after valid rows',
        () => {
          const lines = backupText().trimEnd().split('\n');
          const last = JSON.parse(lines.at(-1)!);
          return gz([...lines, JSON.stringify(last)].join('\n') + '\n'); // the same id twice
        },
        /^备份文件已损坏或不完整：.*(duplicate key|重复键)/,
      ],
    ];
    for (const [name, bytes, message] of cases) {
      it(`a file ${name}`, async () => {
        const damaged = path.join(dir, `damaged-${name.replace(/\W+/g, '-')}.gz`);
        if (bytes) fs.writeFileSync(damaged, bytes());
        const error = await restoreBackup(target.db, damaged).then(
          () => null,
          (e: Error) => e,
        );
        expect(error).toBeInstanceOf(BackupError);
        expect(error!.message).toMatch(message);
        // The message is for people: no SQL, no dumped rows, no password hashes.
        expect(error!.message).not.toMatch(/argon2|insert into|params:/i);
        expect(error!.message.length).toBeLessThan(300);
        expect(await dumpRows(target.db)).toEqual(emptyDump());
      });
    }

    it('and the target still takes a good backup afterwards', async () => {
      await restoreBackup(target.db, file);
      expect(await dumpRows(target.db)).toEqual(source);
    });
  });
});
