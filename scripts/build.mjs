// Builds the server (tsc → dist/) and the web app (vite → dist/web) when their sources are newer
// than the last build, so `npm start` on an unchanged checkout starts at once.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const targets = {
  server: {
    inputs: [
      'src/domain',
      'src/db',
      'src/server',
      'src/cli',
      'drizzle',
      'tsconfig.json',
      'tsconfig.build.json',
      'package-lock.json',
    ],
    stamp: 'dist/.server-built',
    command: [
      process.execPath,
      [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    ],
    label: '服务端',
  },
  web: {
    inputs: ['src/web', 'src/domain', 'vite.config.ts', 'package-lock.json'],
    stamp: 'dist/web/.web-built',
    command: [
      process.execPath,
      [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
    ],
    label: '网页端',
  },
};

function newestMtime(p) {
  const full = path.join(root, p);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(full)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

function isStale(target) {
  const stamp = path.join(root, target.stamp);
  if (!fs.existsSync(stamp)) return true;
  const built = fs.statSync(stamp).mtimeMs;
  return target.inputs.some((input) => newestMtime(input) > built);
}

export function ensureBuilt({ names = Object.keys(targets), force = false } = {}) {
  for (const name of names) {
    const target = targets[name];
    if (!force && !isStale(target)) continue;
    console.log(`正在构建${target.label}…`);
    const [cmd, args] = target.command;
    // Always the production bundle: run from a test runner (NODE_ENV=test), Vite would otherwise ship
    // React's development build, which mounts twice and fetches everything twice.
    const env = { ...process.env, NODE_ENV: 'production' };
    const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
    if (result.status !== 0) throw new Error(`${target.label}构建失败`);
    fs.mkdirSync(path.dirname(path.join(root, target.stamp)), { recursive: true });
    fs.writeFileSync(path.join(root, target.stamp), new Date().toISOString());
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureBuilt({ force: process.argv.includes('--force') });
}
