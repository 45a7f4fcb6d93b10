import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startAppServer } from './support/app-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the real server under test listens, e.g. http://127.0.0.1:41234. */
    baseUrl: string;
    /** The first admin's initial password (SHUPING_ADMIN_PASSWORD given to the server). */
    adminPassword: string;
    /** Chromium to drive. */
    chromiumPath: string;
  }
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const adminPassword = 'E2e-Init-Pass-2026';

/**
 * Builds what is stale, starts the real server shared by the browser tests that need no system of
 * their own, and hands its URL to them; stops it and removes its data after.
 */
export default async function setup(project: TestProject) {
  const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  // vitest.config.ts leaves this tier out when Chromium is missing outside CI; reaching here without
  // it means CI, where the browser tier must run.
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(
      `未找到 Chromium：${chromiumPath}（安装 Debian 包 chromium，或用 CHROMIUM_PATH 指定路径）`,
    );
  }

  // Server (tsc) and web app (vite) are rebuilt only when their sources are newer than the last build.
  const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('构建失败（node scripts/build.mjs），无法运行浏览器测试');

  const server = await startAppServer(adminPassword);

  project.provide('baseUrl', server.baseUrl);
  project.provide('adminPassword', adminPassword);
  project.provide('chromiumPath', chromiumPath);

  return server.close;
}
