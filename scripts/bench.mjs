// `npm run bench -- NAME [--quick]`: runs bench/NAME.ts (through tsx) in its own process. Every
// benchmark prints its progress and ends with exactly one JSON line of its figures.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, 'bench');

const available = fs
  .readdirSync(benchDir)
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
  .map((file) => file.slice(0, -'.ts'.length))
  .sort();

function firstComment(name) {
  const first = fs.readFileSync(path.join(benchDir, `${name}.ts`), 'utf8').split('\n')[0] ?? '';
  return first.startsWith('//') ? first.replace(/^\/\/\s*/, '').replace(`${name}: `, '') : '';
}

const args = process.argv.slice(2);
const name = args.find((arg) => !arg.startsWith('-'));
const rest = args.filter((arg) => arg !== name);

if (!name || !available.includes(name)) {
  if (name) console.error(`unknown benchmark: ${name}\n`);
  console.error('usage: npm run bench -- NAME [--quick]\n\navailable benchmarks:');
  for (const bench of available) console.error(`  ${bench.padEnd(10)} ${firstComment(bench)}`);
  console.error('\n--quick shortens every run (a smoke check; its figures are not the recorded ones).');
  process.exit(2);
}

const result = spawnSync(process.execPath, ['--import', 'tsx', path.join('bench', `${name}.ts`), ...rest], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
