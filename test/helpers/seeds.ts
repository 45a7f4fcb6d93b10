// The five source documents beside the project (../shared/seeds), read by path, never copied.
import fs from 'node:fs';
import path from 'node:path';

export const seedsDir = path.resolve(import.meta.dirname, '../../../shared/seeds');

/** The seed whose file name starts with `prefix` (001_, 004_…). */
export function seedPath(prefix: string): string {
  const name = fs.readdirSync(seedsDir).find((file) => file.startsWith(prefix));
  if (!name) throw new Error(`no seed ${prefix}* in ${seedsDir}`);
  return path.join(seedsDir, name);
}

export const readSeed = (prefix: string) => fs.readFileSync(seedPath(prefix), 'utf8');
