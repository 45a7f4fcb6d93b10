import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Builds the server and web app once, when stale, so every `node bin/shuping.mjs …` the process
 * tests spawn finds dist/ fresh and starts at once.
 */
export default function setup() {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('构建失败（node scripts/build.mjs），无法运行进程测试');
}
