import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { killAll, login, removeTempDirs, startServer, tempDir } from './helpers.js';

describe('first start on an empty data dir', () => {
  afterEach(() => killAll());
  afterAll(() => removeTempDirs());

  it('prints a generated admin password once, and only on the first start', async () => {
    const dataDir = path.join(tempDir('first-start'), 'data');

    const first = await startServer({ DATA_DIR: dataDir });
    const shown = [...first.stdout().matchAll(/初始密码：(\S+)/g)].map((m) => m[1]!);
    expect(shown).toHaveLength(1);
    const password = shown[0]!;
    expect(password).not.toContain('SHUPING_ADMIN_PASSWORD');
    expect(first.stdout()).toContain('已创建系统管理员账户：admin');
    // Shown once: not repeated in the log lines, not on stderr.
    expect(first.stdout().split(password)).toHaveLength(2);
    expect(first.stderr()).not.toContain(password);

    const signedIn = await login(first.baseUrl, 'admin', password);
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
    expect(signedIn.body.user).toMatchObject({ username: 'admin', role: 'admin', mustChangePassword: true });
    expect(first.stdout().split(password)).toHaveLength(2);
    expect(await first.stop()).toEqual({ code: 0, signal: null });

    const second = await startServer({ DATA_DIR: dataDir });
    expect(second.stdout()).not.toContain('初始密码');
    expect(second.stdout()).not.toContain(password);
    expect(second.stdout()).toContain('述评 Shuping 已启动');
    // The password printed the first time still opens the account, which still must be changed.
    const again = await login(second.baseUrl, 'admin', password);
    expect(again.status).toBe(200);
    expect(again.body.user.mustChangePassword).toBe(true);
    expect(await second.stop()).toEqual({ code: 0, signal: null });
    expect(second.stdout()).not.toContain(password);
  });
});
