import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  api,
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

describe('a killed server restarts on its data dir with every acknowledged write', () => {
  afterEach(() => killAll());
  afterAll(() => removeTempDirs());

  it('comes back after SIGKILL, and a second start on the same data dir is refused', async () => {
    const dataDir = path.join(tempDir('crash'), 'data');
    const env = { DATA_DIR: dataDir, SHUPING_ADMIN_PASSWORD: initialPassword };

    const first = await startServer(env);
    const admin = await signInFirstAdmin(first.baseUrl, initialPassword, adminPassword);
    const county = await api(first.baseUrl, admin, 'POST', '/api/orgs', {
      parentId: null,
      name: '示范县委',
      level: 'county',
    });
    expect(county.status).toBe(201);
    const names = Array.from({ length: 12 }, (_, i) => `第${i + 1}镇党委`);
    for (const name of names) {
      const res = await api(first.baseUrl, admin, 'POST', '/api/orgs', {
        parentId: county.body.id,
        name,
        level: 'committee',
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const renamed = await api(first.baseUrl, admin, 'PATCH', `/api/orgs/${county.body.id}`, {
      name: '示范县委（改）',
    });
    expect(renamed.status).toBe(200);

    // No shutdown code runs: the lock file stays behind with a dead pid.
    expect(await first.kill()).toEqual({ code: null, signal: 'SIGKILL' });
    expect(fs.readFileSync(path.join(dataDir, 'shuping.lock'), 'utf8')).toBe(String(first.pid));

    const second = await startServer(env);
    expect(second.stdout()).not.toContain('初始密码');
    const signedIn = await login(second.baseUrl, 'admin', adminPassword);
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
    expect(signedIn.body.user.mustChangePassword).toBe(false);
    const roots = await api(second.baseUrl, signedIn.session, 'GET', '/api/orgs');
    expect(roots.body.items).toEqual([
      expect.objectContaining({ name: '示范县委（改）', childCount: names.length }),
    ]);
    const children = await api(
      second.baseUrl,
      signedIn.session,
      'GET',
      `/api/orgs?parentId=${county.body.id}`,
    );
    expect(children.body.items.map((o: { name: string }) => o.name).sort()).toEqual([...names].sort());
    expect(fs.readFileSync(path.join(dataDir, 'shuping.lock'), 'utf8')).toBe(String(second.pid));

    // A second process on the same data dir would corrupt it: refused with the Chinese message.
    const intruder = await runCli(['start'], { ...env, PORT: '0', HOST: '127.0.0.1' });
    expect(intruder.code).not.toBe(0);
    expect(intruder.code).not.toBeNull();
    expect(intruder.stderr).toContain('正被另一个');
    expect(intruder.stderr).toContain(`PID ${second.pid}`);
    expect(intruder.stdout).not.toContain('已启动');
    expect(fs.readFileSync(path.join(dataDir, 'shuping.lock'), 'utf8')).toBe(String(second.pid));

    // The first server keeps serving, reads and writes.
    expect((await api(second.baseUrl, null, 'GET', '/api/health')).status).toBe(200);
    const added = await api(second.baseUrl, signedIn.session, 'POST', '/api/orgs', {
      parentId: county.body.id,
      name: '重启后新建党委',
      level: 'committee',
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const after = await api(second.baseUrl, signedIn.session, 'GET', `/api/orgs?parentId=${county.body.id}`);
    expect(after.body.items).toHaveLength(names.length + 1);

    expect(await second.stop()).toEqual({ code: 0, signal: null });
    expect(fs.existsSync(path.join(dataDir, 'shuping.lock'))).toBe(false);
  });
});
