import fs from 'node:fs';
import { defineConfig } from 'vitest/config';
import { findPostgresBin } from './test/helpers/postgres-server.js';

// Every tier that can run here runs. Under CI=true the PostgreSQL and browser tiers always run,
// and fail in their setup when their parts are missing; elsewhere a missing part leaves its tier
// out with a warning, so `npm test` still works on a machine without them.
const ci = Boolean(process.env.CI);
const hasPostgres = Boolean(process.env.TEST_DATABASE_URL) || findPostgresBin() !== null;
const hasChromium = fs.existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
const left: string[] = [];
if (!ci && !hasPostgres) left.push('api-postgres、process（未找到 PostgreSQL）');
if (!ci && !hasChromium) left.push('e2e（未找到 Chromium）');
if (left.length)
  console.warn(`\n⚠ 以下测试层未运行：${left.join('、')}。安装后再运行 npm test；CI 中它们必须运行。\n`);

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'api-pglite',
          include: ['test/api/**/*.test.ts'],
          env: { SHUPING_TEST_DB: 'pglite' },
          testTimeout: 30_000,
          // Opening and migrating a database takes seconds alone and a minute on a shared machine.
          hookTimeout: 120_000,
        },
      },
      ...(ci || hasPostgres
        ? [
            {
              test: {
                name: 'api-postgres',
                include: ['test/api/**/*.test.ts'],
                env: { SHUPING_TEST_DB: 'postgres' },
                globalSetup: ['test/helpers/postgres-setup.ts'],
                testTimeout: 30_000,
                hookTimeout: 120_000,
              },
            },
          ]
        : []),
      ...(ci || hasPostgres
        ? [
            {
              test: {
                // Spawns the real `node bin/shuping.mjs …` (built once by build-setup) as child processes.
                name: 'process',
                include: ['test/process/**/*.test.ts'],
                globalSetup: ['test/helpers/postgres-setup.ts', 'test/process/build-setup.ts'],
                testTimeout: 120_000,
                hookTimeout: 120_000,
                fileParallelism: false,
              },
            },
          ]
        : []),
      ...(ci || hasChromium
        ? [
            {
              test: {
                name: 'e2e',
                include: ['e2e/**/*.test.ts'],
                globalSetup: ['e2e/global-setup.ts'],
                testTimeout: 120_000,
                hookTimeout: 180_000,
                fileParallelism: false,
              },
            },
          ]
        : []),
    ],
  },
});
