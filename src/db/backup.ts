import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from './client.js';
import { migrationsFolder } from './migrate.js';
import { queryRows } from './query-rows.js';
import { fileChunkBytes } from './schema/files.js';

/**
 * The tables a backup holds, parents before children. Sessions and login-failure counts are left out
 * on purpose: a restored system should not carry live login tokens. Password history travels with
 * the passwords, so a restored account still cannot go back to a recent one.
 */
export const backupTables = [
  { name: 'orgs', key: 'path' }, // ltree order puts every parent before its children
  { name: 'users', key: 'id' },
  { name: 'password_history', key: 'id' },
  { name: 'audit_log', key: 'id' },
  { name: 'members', key: 'id' },
  { name: 'member_transfers', key: 'id' },
  { name: 'mobile_records', key: 'id' },
  { name: 'weak_org_rectifications', key: 'id' },
  { name: 'contact_points', key: 'id' },
  { name: 'pairings', key: 'id' },
  { name: 'non_public_entities', key: 'id' },
  { name: 'profile_figures', key: 'id' },
  { name: 'ledger_records', key: 'id' },
  { name: 'ledger_attendance', key: 'id' },
  { name: 'cycles', key: 'id' },
  { name: 'cycle_reporters', key: ['cycle_id', 'org_id'] },
  { name: 'schemes', key: 'id' },
  { name: 'indicator_scores', key: 'id' },
  { name: 'discretionary_deductions', key: 'id' },
  { name: 'veto_decisions', key: 'id' },
  { name: 'indicator_evidence', key: 'id' },
  { name: 'indicator_evidence_records', key: ['evidence_id', 'ledger_record_id'] },
  { name: 'target_letters', key: 'id' },
  { name: 'spot_check_draws', key: 'id' },
  { name: 'spot_checks', key: 'id' },
  { name: 'spot_check_findings', key: 'id' },
  { name: 'reports', key: 'id' },
  { name: 'report_versions', key: 'id' },
  { name: 'problem_drafts', key: 'id' },
  { name: 'report_reminders', key: 'id' },
  { name: 'review_meetings', key: 'id' },
  { name: 'meeting_reporters', key: ['meeting_id', 'org_id'] },
  { name: 'ballot_codes', key: 'id' },
  // Listed by their random id: a backup's order says nothing of when ballots arrived.
  { name: 'ballots', key: 'id', keyType: 'uuid' },
  { name: 'ballot_code_uses', key: ['code_id', 'org_id'] },
  { name: 'paper_ballot_entries', key: ['code_id', 'pass'] },
  { name: 'leader_reviews', key: 'id' },
  { name: 'evaluations', key: 'cycle_id' },
  // A merged item may point at a newer one: that foreign key is checked at commit (migration 0032).
  { name: 'problems', key: 'id' },
  { name: 'problem_measures', key: 'id' },
  { name: 'problem_events', key: 'id' },
  { name: 'notifications', key: 'id' },
  { name: 'file_blobs', key: 'id' },
  // The one table whose rows are big: read and written a bounded number of bytes at a time.
  { name: 'file_chunks', key: 'id', rowBytes: fileChunkBytes },
  { name: 'files', key: 'id' },
  { name: 'file_references', key: 'id' },
] as const;

type BackupTable = (typeof backupTables)[number];

const format = 'shuping-backup';
const chunkSize = 2000;
/**
 * The most row bytes one read or one restore insert holds, so a backup of many MiB of files streams
 * through a few MiB of memory. Tables of small rows stay at `chunkSize` rows.
 */
const batchBytes = 8 * 1024 * 1024;
const rowsPerRead = (table: BackupTable) =>
  'rowBytes' in table ? Math.max(1, Math.floor(batchBytes / table.rowBytes)) : chunkSize;
// Timestamps leave as text in the session's time zone; UTC makes the text the same on every server.
const utcSession = sql`set local time zone 'UTC'`;

export interface BackupHeader {
  format: typeof format;
  formatVersion: 1;
  schemaVersion: number;
  createdAt: string;
  tables: string[];
}

export class BackupError extends Error {}

function schemaVersion(): number {
  const journal = JSON.parse(fs.readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

/** Every row of `table` as JSON text, in key order, read in chunks so big tables stream. */
async function* tableRows(db: Db, table: BackupTable): AsyncGenerator<string> {
  const names: readonly string[] = typeof table.key === 'string' ? [table.key] : table.key;
  const limit = rowsPerRead(table);
  const columns = sql.join(
    names.map((name) => sql.identifier(name)),
    sql`, `,
  );
  const keyText = sql.join(
    names.map((name, i) => sql`${sql.identifier(name)}::text as ${sql.identifier(`k${i}`)}`),
    sql`, `,
  );
  const keyType = (name: string) =>
    name === 'path' ? sql`ltree` : 'keyType' in table ? sql.raw(table.keyType) : sql`bigint`;
  let last: string[] | null = null;
  for (;;) {
    // A row comparison, so a table keyed by several columns pages like one keyed by one.
    const after: SQL =
      last === null
        ? sql`true`
        : sql`(${columns}) > (${sql.join(
            last.map((value, i) => sql`${value}::${keyType(names[i]!)}`),
            sql`, `,
          )})`;
    const rows: Record<string, string>[] = await queryRows(
      db,
      sql`select ${keyText}, row_to_json(t)::text as j from ${sql.identifier(table.name)} t
          where ${after} order by ${columns} limit ${limit}`,
    );
    for (const row of rows) yield row.j!;
    if (rows.length < limit) return;
    const end = rows[rows.length - 1]!;
    last = names.map((_, i) => end[`k${i}`]!);
  }
}

/** Lines of a gzipped file; a damaged file surfaces as an error from the loop, not a hang. */
async function* gzippedLines(file: string): AsyncGenerator<string> {
  const gunzip = zlib.createGunzip();
  const source = fs.createReadStream(file);
  source.on('error', (error) => gunzip.destroy(error));
  source.pipe(gunzip);
  // Decoding on the stream keeps a Chinese character split across two chunks whole.
  gunzip.setEncoding('utf8');
  let rest = '';
  for await (const chunk of gunzip as AsyncIterable<string>) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop()!;
    yield* lines;
  }
  if (rest) yield rest;
}

/** Writes a consistent snapshot (one repeatable-read transaction) as gzipped JSON lines. */
export async function writeBackup(db: Db, file: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  await db.transaction(
    async (tx) => {
      await tx.execute(utcSession);
      async function* lines() {
        const header: BackupHeader = {
          format,
          formatVersion: 1,
          schemaVersion: schemaVersion(),
          createdAt: new Date().toISOString(),
          tables: backupTables.map((t) => t.name),
        };
        yield JSON.stringify(header) + '\n';
        for (const table of backupTables) {
          const { name } = table;
          counts[name] = 0;
          for await (const row of tableRows(tx, table)) {
            counts[name]++;
            yield `{"table":${JSON.stringify(name)},"row":${row}}\n`;
          }
        }
      }
      await pipeline(Readable.from(lines()), zlib.createGzip(), fs.createWriteStream(file));
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  return counts;
}

/** Tells a missing, empty or non-gzip file apart from a damaged backup before reading it. */
function assertGzipFile(file: string): void {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new BackupError(`无法读取备份文件 ${file}：${code === 'ENOENT' ? '文件不存在' : message}`);
  }
  try {
    const magic = Buffer.alloc(2);
    const read = fs.readSync(fd, magic, 0, 2, 0);
    if (read === 0) throw new BackupError('备份文件为空');
    if (read < 2 || magic[0] !== 0x1f || magic[1] !== 0x8b)
      throw new BackupError('文件不是述评 Shuping 的备份（不是 gzip 压缩的备份文件）');
  } finally {
    fs.closeSync(fd);
  }
}

function parseHeader(line: string): BackupHeader {
  let header: unknown;
  try {
    header = JSON.parse(line);
  } catch {
    throw new BackupError('文件不是述评 Shuping 的备份');
  }
  if (typeof header !== 'object' || header === null || (header as BackupHeader).format !== format)
    throw new BackupError('文件不是述评 Shuping 的备份');
  return header as BackupHeader;
}

/**
 * Loads a backup into an empty, migrated database, all in one transaction: a damaged file or a
 * failure half-way leaves the database as empty as it was.
 */
export async function restoreBackup(db: Db, file: string): Promise<Record<string, number>> {
  assertGzipFile(file);
  const counts: Record<string, number> = {};
  await db.transaction(async (tx) => {
    for (const { name } of backupTables) {
      const [row] = await queryRows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from ${sql.identifier(name)}`,
      );
      if (row!.n > 0)
        throw new BackupError(`目标数据库不是空的（表 ${name} 已有 ${row!.n} 行），只能恢复到空数据库`);
      counts[name] = 0;
    }
    let header: BackupHeader | null = null;
    let batchTable = '';
    let batch: string[] = [];
    let batchLength = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      await tx.execute(
        sql`insert into ${sql.identifier(batchTable)} select * from json_populate_recordset(null::${sql.identifier(batchTable)}, ${'[' + batch.join(',') + ']'}::json)`,
      );
      counts[batchTable]! += batch.length;
      batch = [];
      batchLength = 0;
    };
    try {
      for await (const line of gzippedLines(file)) {
        if (!line) continue;
        if (!header) {
          header = parseHeader(line);
          if (header.schemaVersion !== schemaVersion()) {
            throw new BackupError(
              `备份的数据结构版本（${header.schemaVersion}）与当前程序（${schemaVersion()}）不一致`,
            );
          }
          continue;
        }
        const { table, row } = JSON.parse(line) as { table: string; row: unknown };
        if (!(table in counts)) throw new BackupError(`备份中含有未知的表：${table}`);
        // Bytea travels as hex text, two characters a byte.
        if (table !== batchTable || batch.length >= chunkSize || batchLength >= 2 * batchBytes) {
          await flush();
          batchTable = table;
        }
        const text = JSON.stringify(row);
        batch.push(text);
        batchLength += text.length;
      }
      await flush();
    } catch (error) {
      if (error instanceof BackupError) throw error;
      // A failed insert carries the whole batch (password hashes included) in its message: show
      // only the database's own reason.
      const { cause, message } = error as Error;
      throw new BackupError(`备份文件已损坏或不完整：${cause instanceof Error ? cause.message : message}`);
    }
    if (!header) throw new BackupError('备份文件为空');
    // Every generated id goes on from the highest restored one (tables keyed otherwise have none).
    const generated: { t: string; c: string }[] = await queryRows(
      tx,
      sql`select table_name as t, column_name as c from information_schema.columns
          where table_schema = 'public' and table_name in (${sql.join(
            backupTables.map(({ name }) => sql`${name}`),
            sql`, `,
          )}) and pg_get_serial_sequence(quote_ident(table_name), column_name) is not null`,
    );
    for (const { t, c } of generated) {
      await tx.execute(
        sql`select setval(pg_get_serial_sequence(${t}, ${c}), coalesce((select max(${sql.identifier(c)}) from ${sql.identifier(t)}), 0) + 1, false)`,
      );
    }
  });
  return counts;
}

/** Every row of every backed-up table as JSON text, for comparing two databases. */
export async function dumpRows(db: Db): Promise<Record<string, string[]>> {
  return db.transaction(async (tx) => {
    await tx.execute(utcSession);
    const out: Record<string, string[]> = {};
    for (const table of backupTables) {
      const rows: string[] = (out[table.name] = []);
      for await (const row of tableRows(tx, table)) rows.push(row);
    }
    return out;
  });
}
