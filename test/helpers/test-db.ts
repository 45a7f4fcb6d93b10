import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { migrateDatabase } from '../../src/db/migrate.js';

export type TestDriver = 'pglite' | 'postgres';

/** The driver this test project runs against (the PostgreSQL tier sets SHUPING_TEST_DB=postgres). */
export const testDriver: TestDriver = process.env.SHUPING_TEST_DB === 'postgres' ? 'postgres' : 'pglite';

/**
 * A fresh, migrated, empty database: in-memory PGlite, or a new database on the tier's PostgreSQL
 * server, dropped again by `close()`.
 */
export async function createTestDatabase(driver: TestDriver = testDriver): Promise<Database> {
  if (driver === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://' });
    await migrateDatabase(database);
    return database;
  }
  const serverUrl = inject('postgresUrl');
  const name = `shuping_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 5 });
  await migrateDatabase(database);
  const opened: Database = {
    ...database,
    async close() {
      await database.close();
      await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
  urls.set(opened, url.toString());
  return opened;
}

const urls = new WeakMap<Database, string>();

/** Another pool on the same PostgreSQL database, as a second app instance would open. */
export function openSameDatabase(database: Database): Promise<Database> {
  const url = urls.get(database);
  if (!url) throw new Error('only a PostgreSQL test database can be opened twice');
  return openDatabase({ databaseUrl: url, poolSize: 5 });
}

async function adminQuery(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
