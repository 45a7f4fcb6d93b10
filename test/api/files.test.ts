import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { fileKindRules } from '../../src/domain/file-kinds.js';
import { restoreBackup, writeBackup } from '../../src/db/backup.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { queryRows } from '../../src/db/query-rows.js';
import { buildApp, type App } from '../../src/server/app.js';
import { manualClock } from '../../src/server/clock.js';
import { systemActor } from '../../src/server/http/actor.js';
import { createFileService, removeUnattachedFiles } from '../../src/server/modules/files/service.js';
import { exe, multipart, pdf, png, uploadFile } from '../helpers/file-fixtures.js';
import { adminHeaders, createTestContext, type Session, type TestContext } from '../helpers/test-app.js';
import { createTestDatabase, testDriver } from '../helpers/test-db.js';
import { createOrg, expectApiError, expectNoChange, expectStatus, signedInUser } from './support/fixtures.js';

const appConfig = { secureCookies: false, sessionTtlHours: 12, webRoot: undefined };
const reportLimit = fileKindRules.report.maxBytes;

interface FileJson {
  id: number;
  name: string;
  type: string;
  size: number;
  kind: string;
  orgId: number;
  sha256: string;
}

describe(`file store (${testDriver})`, () => {
  let t: TestContext;
  let county: { id: number; path: string };
  let town: { id: number; path: string };
  let branch: { id: number; path: string };
  let otherCounty: { id: number; path: string };
  let secretary: Session;
  let branchSecretary: Session;
  let organizer: Session;
  let otherOrganizer: Session;
  let viewer: Session;

  beforeAll(async () => {
    t = await createTestContext();
    county = await createOrg(t, null, '文件县委', 'county');
    town = await createOrg(t, county.id, '文件镇党委', 'committee');
    branch = await createOrg(t, town.id, '文件村党支部', 'branch');
    otherCounty = await createOrg(t, null, '邻县县委', 'county');
    secretary = await signedInUser(t, 'file.sec', 'secretary', town.id);
    branchSecretary = await signedInUser(t, 'file.branch', 'secretary', branch.id);
    organizer = await signedInUser(t, 'file.org', 'organizer', county.id);
    otherOrganizer = await signedInUser(t, 'file.other', 'organizer', otherCounty.id);
    viewer = await signedInUser(t, 'file.viewer', 'viewer', county.id);
  });
  afterAll(() => t?.close());

  const counts = async () => {
    const [row] = await queryRows<{ files: number; blobs: number; chunks: number; refs: number }>(
      t.database.db,
      sql`select (select count(*)::int from files) as files, (select count(*)::int from file_blobs) as blobs,
                 (select count(*)::int from file_chunks) as chunks, (select count(*)::int from file_references) as refs`,
    );
    return row!;
  };
  const upload = async (session: Session, query: string, name: string, bytes: Buffer) => {
    const res = await uploadFile(t, session, query, name, bytes);
    expectStatus(res, 201);
    return res.json() as FileJson;
  };
  const download = (session: Session, id: number, suffix = '') =>
    t.request(session, 'GET', `/api/files/${id}${suffix}`);

  it('round-trips a file with a Chinese name: identical bytes, sniffed type, RFC 5987 name', async () => {
    const name = '城关镇“三会一课”记录（2026年第1季度）.pdf';
    const bytes = pdf(700 * 1024); // three chunks
    const file = await upload(secretary, `kind=attachment`, name, bytes);
    expect(file).toMatchObject({
      name,
      type: 'application/pdf',
      size: bytes.length,
      kind: 'attachment',
      orgId: town.id,
    });
    expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);

    const res = expectStatus(await download(secretary, file.id), 200);
    expect(res.rawPayload.equals(bytes)).toBe(true);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-disposition']).toMatch(
      /^inline; filename="[\x20-\x7e]+\.pdf"; filename\*=UTF-8''[\x21-\x7e]+$/,
    );
    // The encoded name decodes back to the upload's name.
    const encoded = /filename\*=UTF-8''(.+)$/.exec(String(res.headers['content-disposition']))![1]!;
    expect(decodeURIComponent(encoded)).toBe(name);

    const meta = expectStatus(await download(organizer, file.id, '/meta'), 200).json();
    expect(meta).toMatchObject({ id: file.id, name, uploaderName: '用户file.sec' });
    const [audit] = await queryRows<{ after: Record<string, unknown>; org_path: string }>(
      t.database.db,
      sql`select after, org_path::text from audit_log where entity_type = 'file' and entity_id = ${String(file.id)}`,
    );
    expect(audit).toMatchObject({
      org_path: town.path,
      after: { name, size: bytes.length, kind: 'attachment' },
    });
  });

  it('stores names as NFC and sends a type a browser could render only as an attachment', async () => {
    const decomposed = 'Cafe\u0301 签到表.xlsx'.normalize('NFD');
    const xlsx = fs.readFileSync(await templateXlsx());
    const file = await upload(organizer, `kind=attachment&orgId=${town.id}`, decomposed, xlsx);
    expect(file.name).toBe('Café 签到表.xlsx');
    const res = expectStatus(await download(organizer, file.id), 200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; /);
    expect(res.rawPayload.equals(xlsx)).toBe(true);
  });

  async function templateXlsx(): Promise<string> {
    const res = expectStatus(await t.request(t.admin, 'GET', '/api/imports/templates/orgs'), 200);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shuping-files-')), 't.xlsx');
    fs.writeFileSync(file, res.rawPayload);
    return file;
  }

  it('refuses a renamed .exe, a mismatched extension and a type the kind does not take, storing nothing', async () => {
    await expectNoChange(t, async () => {
      const renamed = expectApiError(
        await uploadFile(t, secretary, 'kind=attachment', '工作总结.pdf', exe()),
        400,
        'FILE_TYPE_NOT_ALLOWED',
      );
      expect(renamed.message).toContain('application/x-msdownload');
      expectApiError(
        await uploadFile(t, secretary, 'kind=attachment', '照片.pdf', png),
        400,
        'FILE_EXTENSION_MISMATCH',
      );
      expectApiError(
        await uploadFile(t, secretary, 'kind=report', '照片.png', png),
        400,
        'FILE_TYPE_NOT_ALLOWED',
      );
      expectApiError(
        await uploadFile(t, secretary, 'kind=attachment', '说明.txt', Buffer.from('纯文本')),
        400,
      );
      expectApiError(
        await uploadFile(t, secretary, 'kind=attachment', '空.pdf', Buffer.alloc(0)),
        400,
        'FILE_EMPTY',
      );
      expectApiError(
        await uploadFile(t, secretary, 'kind=generated', '生成.pdf', pdf()),
        400,
        'VALIDATION_ERROR',
      );
      expectApiError(
        await t.request(secretary, 'POST', '/api/files?kind=attachment', { a: 1 }),
        400,
        'FILE_MISSING',
      );
    });
  });

  it(
    'answers 413 to an oversize file and stores nothing, whether declared or streamed',
    { timeout: 120_000 },
    async () => {
      const before = await counts();
      const big = pdf(reportLimit + 1);
      // Declared: Content-Length says it all, so nothing is read.
      expectApiError(
        await uploadFile(t, secretary, 'kind=report', '述职报告.pdf', big),
        413,
        'FILE_TOO_LARGE',
      );

      // Streamed without a length (chunked), and with a Content-Length that lies low, over loopback.
      const listening = await buildApp({ database: t.database, config: appConfig });
      const address = await listening.listen({ port: 0, host: '127.0.0.1' });
      try {
        const { payload, contentType } = multipart('述职报告.pdf', big);
        const chunked = await fetch(`${address}/api/files?kind=report`, {
          method: 'POST',
          headers: {
            cookie: secretary.cookie,
            'x-csrf-token': secretary.csrfToken,
            'content-type': contentType,
          },
          body: new ReadableStream({
            start(controller) {
              for (let i = 0; i < payload.length; i += 1 << 20)
                controller.enqueue(payload.subarray(i, i + (1 << 20)));
              controller.close();
            },
          }),
          duplex: 'half',
        } as RequestInit);
        expect(chunked.status).toBe(413);
        expect(await chunked.json()).toMatchObject({
          code: 'FILE_TOO_LARGE',
          message: expect.stringMatching(/文件过大/),
        });

        const port = new URL(address).port;
        const lying = await rawRequest(
          Number(port),
          `POST /api/files?kind=report HTTP/1.1\r\nHost: localhost\r\nCookie: ${secretary.cookie}\r\n` +
            `X-CSRF-Token: ${secretary.csrfToken}\r\nContent-Type: ${contentType}\r\nContent-Length: 4096\r\n\r\n`,
          payload,
        );
        expect(lying).toMatch(/^HTTP\/1\.1 4\d\d /);
      } finally {
        await listening.close();
      }
      await t.idle();
      expect(await counts()).toEqual(before);
    },
  );

  it('keeps one blob for identical bytes and removes it with the last file that uses it', async () => {
    const files = createFileService({ db: t.database.db });
    const actor = systemActor();
    const bytes = pdf(300 * 1024);
    const before = await counts();
    const first = await upload(secretary, 'kind=evidence', '整改佐证一.pdf', bytes);
    const second = await upload(organizer, `kind=evidence&orgId=${town.id}`, '整改佐证二.pdf', bytes);
    expect(second.sha256).toBe(first.sha256);
    expect(await counts()).toMatchObject({
      files: before.files + 2,
      blobs: before.blobs + 1,
      chunks: before.chunks + 2,
    });

    const owner = { type: 'testRecord', id: 1 };
    const other = { type: 'testRecord', id: 2 };
    await t.database.db.transaction(async (tx) => {
      await files.attach(tx, actor, first.id, owner);
      await files.attach(tx, actor, first.id, other);
    });
    expect((await files.attachedTo(t.database.db, owner)).map((f) => f.id)).toEqual([first.id]);
    expectApiError(await t.request(secretary, 'DELETE', `/api/files/${first.id}`), 409, 'FILE_IN_USE');

    // The unattached twin goes; the blob stays for the referenced file.
    expectStatus(await t.request(secretary, 'DELETE', `/api/files/${second.id}`), 204);
    expectApiError(await download(secretary, second.id), 404, 'NOT_FOUND');
    expect(expectStatus(await download(secretary, first.id), 200).rawPayload.equals(bytes)).toBe(true);
    expect(await counts()).toMatchObject({ files: before.files + 1, blobs: before.blobs + 1 });

    // One owner deleted: the file stays for the other; the last one takes file and blob with it.
    await t.database.db.transaction((tx) => files.detachAll(tx, actor, owner));
    expectStatus(await download(secretary, first.id), 200);
    await t.database.db.transaction((tx) => files.detachAll(tx, actor, other));
    expectApiError(await download(secretary, first.id), 404);
    expect(await counts()).toEqual(before);
    const removals = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where entity_type = 'file' and action = 'delete'
          and entity_id in (${String(first.id)}, ${String(second.id)})`,
    );
    expect(removals[0]!.n).toBe(2);
  });

  it('attaches only files in the actor’s scope', async () => {
    const files = createFileService({ db: t.database.db });
    const file = await upload(secretary, 'kind=attachment', '照片.png', png);
    const outsider = { ...systemActor(), scope: { kind: 'subtree' as const, path: otherCounty.path } };
    await expect(
      t.database.db.transaction((tx) => files.attach(tx, outsider, file.id, { type: 'testRecord', id: 9 })),
    ).rejects.toMatchObject({ statusCode: 404 });
    expectStatus(await t.request(secretary, 'DELETE', `/api/files/${file.id}`), 204);
  });

  it('removes uploads nobody attached after the grace period, and nothing that is attached', async () => {
    const files = createFileService({ db: t.database.db });
    // Earlier tests' uploads, never attached, go first, so the counts below are this test's.
    await removeUnattachedFiles(t.database.db, new Date(Date.now() + 48 * 3600_000));
    const before = await counts();
    const loose = await upload(secretary, 'kind=attachment', '未使用.png', png);
    const kept = await upload(secretary, 'kind=attachment', '已使用.pdf', pdf());
    await t.database.db.transaction((tx) =>
      files.attach(tx, systemActor(), kept.id, { type: 'testRecord', id: 3 }),
    );

    const clock = manualClock(new Date(Date.now() + 23 * 3600_000));
    expect(await removeUnattachedFiles(t.database.db, clock.now())).toBe(0);
    expectStatus(await download(secretary, loose.id), 200);

    clock.set(new Date(Date.now() + 25 * 3600_000));
    expect(await removeUnattachedFiles(t.database.db, clock.now())).toBe(1);
    expectApiError(await download(secretary, loose.id), 404);
    expectStatus(await download(secretary, kept.id), 200);
    const [entry] = await queryRows<{ actor_name: string }>(
      t.database.db,
      sql`select actor_name from audit_log where entity_type = 'file' and entity_id = ${String(loose.id)} and action = 'delete'`,
    );
    expect(entry?.actor_name).toBe('系统（定时清理）');

    await t.database.db.transaction((tx) => files.detachAll(tx, null, { type: 'testRecord', id: 3 }));
    expect(await counts()).toEqual(before);
  });

  it('has the app’s scheduler remove unattached uploads once a day', async () => {
    // Noon, two days from now: past the grace period of anything uploaded now, and past 03:00.
    const later = new Date(Date.now() + 48 * 3600_000);
    later.setHours(12, 0, 0, 0);
    const c = await createTestContext({ clock: manualClock(later) });
    try {
      const org = await createOrg(c, null, '清理县委', 'county');
      const res = expectStatus(
        await uploadFile(c, c.admin, `kind=attachment&orgId=${org.id}`, '临时.png', png),
        201,
      );
      expect(await c.app.scheduler.tick()).toContainEqual(
        expect.objectContaining({ task: 'files.removeUnattached', outcome: 'succeeded' }),
      );
      expectApiError(await c.request(c.admin, 'GET', `/api/files/${res.json().id}`), 404);
      expect((await c.app.scheduler.tick()).map((run) => run.task)).not.toContain('files.removeUnattached');
    } finally {
      await c.close();
    }
  });

  it('keeps files inside their org’s scope: 404 outside it, 403 without file.write', async () => {
    const file = await upload(secretary, 'kind=attachment', '支部照片.png', png);
    for (const session of [branchSecretary, otherOrganizer]) {
      expectApiError(await download(session, file.id), 404, 'NOT_FOUND');
      expectApiError(await download(session, file.id, '/meta'), 404, 'NOT_FOUND');
      expectApiError(await t.request(session, 'DELETE', `/api/files/${file.id}`), 404, 'NOT_FOUND');
    }
    expectStatus(await download(viewer, file.id), 200);
    expectStatus(await download(t.admin, file.id), 200);
    await expectNoChange(t, async () => {
      expectApiError(await uploadFile(t, viewer, 'kind=attachment', '照片.png', png), 403);
      expectApiError(
        await uploadFile(t, secretary, `kind=attachment&orgId=${branch.id}`, '照片.png', png),
        404,
      );
      expectApiError(
        await uploadFile(t, otherOrganizer, `kind=attachment&orgId=${town.id}`, '照片.png', png),
        404,
      );
      expectApiError(
        await uploadFile(t, t.admin, 'kind=attachment', '照片.png', png),
        400,
        'FILE_ORG_REQUIRED',
      );
    });
    // Deleting the org is refused while it holds files; moving it carries them along.
    expectApiError(await t.request(t.admin, 'DELETE', `/api/orgs/${town.id}`), 409);
    expectStatus(await t.request(secretary, 'DELETE', `/api/files/${file.id}`), 204);
  });

  it('follows an org move: readers of the new place see the file, the old subtree no longer', async () => {
    const moving = await createOrg(t, town.id, '迁移村党支部', 'branch');
    const mover = await signedInUser(t, 'file.mover', 'secretary', moving.id);
    const file = await upload(mover, 'kind=attachment', '迁移.png', png);
    const townOrganizer = await signedInUser(t, 'file.town', 'organizer', town.id);
    expectStatus(await download(townOrganizer, file.id), 200);
    const otherTown = await createOrg(t, county.id, '另一镇党委', 'committee');
    expectStatus(
      await t.request(t.admin, 'POST', `/api/orgs/${moving.id}/move`, { parentId: otherTown.id }),
      200,
    );
    expectApiError(await download(townOrganizer, file.id), 404);
    expectStatus(await download(mover, file.id), 200);
    expectStatus(await download(organizer, file.id), 200);
    expectStatus(await t.request(mover, 'DELETE', `/api/files/${file.id}`), 204);
  });

  it(
    'serves a file uploaded through one instance from a second instance with its own connections',
    { timeout: 120_000 },
    async () => {
      const second = await secondDatabase();
      const other: App = await buildApp({ database: second, config: appConfig });
      try {
        const bytes = pdf(600 * 1024);
        const file = await upload(secretary, 'kind=report', '述职报告（张三）.pdf', bytes);
        const res = await other.inject({
          method: 'GET',
          url: `/api/files/${file.id}`,
          headers: await adminHeaders(other),
        });
        expectStatus(res, 200);
        expect(res.rawPayload.equals(bytes)).toBe(true);
      } finally {
        await other.close();
        if (second !== t.database) await second.close();
      }
    },
  );

  /** On PostgreSQL a pool of its own on the same database; PGlite has one in-process connection. */
  async function secondDatabase(): Promise<Database> {
    if (t.database.driver === 'pglite') return t.database;
    const [row] = await queryRows<{ name: string }>(t.database.db, sql`select current_database() as name`);
    const url = new URL(inject('postgresUrl'));
    url.pathname = `/${row!.name}`;
    return openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
  }

  // A second migrated database and app take a while on busy cores.
  it('keeps files byte-identical through backup and restore', { timeout: 180_000 }, async () => {
    const bytes = pdf(1024 * 1024 + 17);
    const file = await upload(secretary, 'kind=report', '年度述职报告.pdf', bytes);
    const picture = await upload(secretary, 'kind=attachment', '照片.png', png);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuping-files-backup-'));
    const restored = await createTestDatabase();
    try {
      const backup = path.join(dir, 'backup.ndjson.gz');
      const written = await writeBackup(t.database.db, backup);
      expect(written.file_chunks).toBe((await counts()).chunks);
      await restoreBackup(restored.db, backup);
      const app = await buildApp({ database: restored, config: appConfig });
      try {
        const headers = await adminHeaders(app);
        for (const [id, expected] of [
          [file.id, bytes],
          [picture.id, png],
        ] as const) {
          const res = await app.inject({ method: 'GET', url: `/api/files/${id}`, headers });
          expectStatus(res, 200);
          expect(res.rawPayload.equals(expected)).toBe(true);
        }
      } finally {
        await app.close();
      }
    } finally {
      await restored.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Sends `head` and then `body` on a raw socket (whatever Content-Length said); the answer's text. */
function rawRequest(port: number, head: string, body: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', (error) => (answer ? resolve(answer) : reject(error)));
    socket.on('close', () => resolve(answer));
    socket.write(head);
    socket.end(body);
  });
}
