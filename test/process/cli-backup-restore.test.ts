import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { dumpRows } from '../../src/db/backup.js';
import { pdf } from '../helpers/file-fixtures.js';
import {
  api,
  createPostgresDatabase,
  killAll,
  login,
  removeTempDirs,
  runCli,
  signInFirstAdmin,
  startServer,
  tempDir,
} from './helpers.js';

const initialPassword = 'Initial-Pass-2026!';
const adminPassword = 'Changed-Pass-2026!';

async function dumpOf(options: { dataDir?: string; databaseUrl?: string }) {
  const database = await openDatabase(options);
  try {
    return await dumpRows(database.db);
  } finally {
    await database.close();
  }
}

describe('shuping migrate, create-user, backup and restore as processes', () => {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    await killAll();
    for (const drop of drops) await drop().catch(() => {});
    removeTempDirs();
  });

  // About ten process starts, each seconds long when other work keeps both cores busy.
  it(
    'copies a PGlite data dir into another data dir and into PostgreSQL, row for row',
    { timeout: 400_000 },
    async () => {
      const source = path.join(tempDir('cli-source'), 'data');
      const backupFile = path.join(tempDir('cli-backup'), '备份 2026.ndjson.gz');

      const migrated = await runCli(['migrate'], { DATA_DIR: source });
      expect(migrated.code, migrated.stderr).toBe(0);
      expect(migrated.stdout).toContain('数据库迁移完成（pglite）');
      expect(fs.existsSync(path.join(source, 'shuping.lock'))).toBe(false);

      // The CLI has no org command: fill the database through the real server.
      const server = await startServer({ DATA_DIR: source, SHUPING_ADMIN_PASSWORD: initialPassword });
      expect(server.stdout()).toContain('初始密码：（取自环境变量 SHUPING_ADMIN_PASSWORD）');
      expect(server.stdout()).not.toContain(initialPassword);
      const admin = await signInFirstAdmin(server.baseUrl, initialPassword, adminPassword);
      const org = async (parentId: number | null, name: string, level: string) => {
        const res = await api(server.baseUrl, admin, 'POST', '/api/orgs', { parentId, name, level });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        return res.body as { id: number; path: string };
      };
      const county = await org(null, '示范县委', 'county');
      const town = await org(county.id, '城关镇党委', 'committee');
      const street = await org(county.id, '东湖街道党工委', 'workCommittee');
      const general = await org(town.id, '机关党总支', 'generalBranch');
      const branch = await org(general.id, '第一党支部', 'branch');
      const moved = await api(server.baseUrl, admin, 'POST', `/api/orgs/${general.id}/move`, {
        parentId: street.id,
      });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      const user = await api(server.baseUrl, admin, 'POST', '/api/users', {
        username: 'zhang.san',
        displayName: '张三',
        role: 'secretary',
        orgId: branch.id,
        password: 'Branch-Secretary-2026!',
      });
      expect(user.status, JSON.stringify(user.body)).toBe(201);
      // A file as a browser form sends it (undici's FormData writes the Chinese name as UTF-8).
      const report = pdf(600 * 1024);
      const form = new FormData();
      form.append('file', new Blob([report]), '第一党支部述职报告.pdf');
      const uploaded = await fetch(`${server.baseUrl}/api/files?kind=report&orgId=${branch.id}`, {
        method: 'POST',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
        body: form,
      });
      const file = (await uploaded.json()) as { id: number; name: string };
      expect(uploaded.status, JSON.stringify(file)).toBe(201);
      expect(file.name).toBe('第一党支部述职报告.pdf');

      // While the server holds the data dir, a backup from another process is refused.
      const busy = await runCli(['backup', backupFile], { DATA_DIR: source });
      expect(busy.code).not.toBe(0);
      expect(busy.stderr).toContain('正被另一个');
      expect(fs.existsSync(backupFile)).toBe(false);

      expect(await server.stop()).toEqual({ code: 0, signal: null });
      expect(fs.existsSync(path.join(source, 'shuping.lock'))).toBe(false);

      const created = await runCli(
        [
          'create-user',
          '--username',
          'li.si',
          '--display-name',
          '李四',
          '--role',
          'viewer',
          '--org-id',
          String(town.id),
        ],
        { DATA_DIR: source },
      );
      expect(created.code, created.stderr).toBe(0);
      expect(created.stdout).toContain('已创建用户 li.si（viewer）');
      expect(created.stdout).toMatch(/初始密码：\S+（首次登录后须修改）/);

      const backup = await runCli(['backup', backupFile], { DATA_DIR: source });
      expect(backup.code, backup.stderr).toBe(0);
      expect(backup.stdout).toContain(`备份完成：${backupFile}`);
      expect(fs.statSync(backupFile).size).toBeGreaterThan(0);

      const copy = path.join(tempDir('cli-copy'), 'data');
      const toDir = await runCli(['restore', backupFile], { DATA_DIR: copy });
      expect(toDir.code, toDir.stderr).toBe(0);
      expect(toDir.stdout).toContain(`恢复完成：${backupFile}`);

      const database = await createPostgresDatabase(inject('postgresUrl'));
      drops.push(database.drop);
      const toPg = await runCli(['restore', backupFile], { DATABASE_URL: database.url });
      expect(toPg.code, toPg.stderr).toBe(0);
      expect(toPg.stdout).toContain(`恢复完成：${backupFile}`);

      // A second restore into the now filled copy is refused and leaves it as it is.
      const again = await runCli(['restore', backupFile], { DATA_DIR: copy });
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('目标数据库不是空的');
      const missing = await runCli(['restore', path.join(copy, 'no-such.gz')], { DATA_DIR: copy });
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('文件不存在');

      const expected = await dumpOf({ dataDir: source });
      expect(expected.orgs).toHaveLength(5);
      expect(expected.users).toHaveLength(3);
      expect(expected.audit_log!.some((row) => JSON.parse(row).action === 'move')).toBe(true);
      expect(await dumpOf({ dataDir: copy })).toEqual(expected);
      expect(await dumpOf({ databaseUrl: database.url })).toEqual(expected);

      // The restored PostgreSQL database serves: the changed password holds, new ids do not collide.
      const restored = await startServer({ DATABASE_URL: database.url });
      expect(restored.stdout()).not.toContain('初始密码');
      expect((await api(restored.baseUrl, null, 'GET', '/api/health')).body).toMatchObject({
        db: 'postgres',
      });
      const signedIn = await login(restored.baseUrl, 'admin', adminPassword);
      expect(signedIn.status).toBe(200);
      expect(signedIn.body.user.mustChangePassword).toBe(false);
      const roots = await api(restored.baseUrl, signedIn.session, 'GET', '/api/orgs');
      expect(roots.body.items.map((o: { name: string }) => o.name)).toEqual(['示范县委']);
      const children = await api(
        restored.baseUrl,
        signedIn.session,
        'GET',
        `/api/orgs?parentId=${street.id}`,
      );
      expect(children.body.items).toEqual([
        expect.objectContaining({ name: '机关党总支', path: `${county.id}.${street.id}.${general.id}` }),
      ]);
      const added = await api(restored.baseUrl, signedIn.session, 'POST', '/api/orgs', {
        parentId: county.id,
        name: '恢复后新建党委',
        level: 'committee',
      });
      expect(added.status, JSON.stringify(added.body)).toBe(201);
      expect(added.body.id).toBeGreaterThan(branch.id);
      const download = await fetch(`${restored.baseUrl}/api/files/${file.id}`, {
        headers: { cookie: signedIn.session!.cookie },
      });
      expect(download.status).toBe(200);
      expect(Buffer.from(await download.arrayBuffer()).equals(report)).toBe(true);
      expect(await restored.stop()).toEqual({ code: 0, signal: null });
    },
  );
});
