import { PGlite } from '@electric-sql/pglite';
import { ltree } from '@electric-sql/pglite/contrib/ltree';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema/index.js';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DbDriver = 'pglite' | 'postgres';

export interface Database {
  driver: DbDriver;
  db: Db;
  /** Runs `work` on one connection, for session state such as advisory locks. */
  withConnection<T>(work: (db: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent the embedded PGlite is used. */
  databaseUrl?: string | undefined;
  /** PGlite data directory, or "memory://" for a throwaway in-memory database. */
  dataDir?: string | undefined;
  poolSize?: number | undefined;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize ?? 10)
    : openPglite(options.dataDir ?? './data');
}

async function openPostgres(connectionString: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max });
  // An idle connection the server drops (restart, failover, pg_terminate_backend) surfaces here; with
  // no listener it would be an uncaught exception that ends the process. The pool replaces it.
  let closing = false;
  pool.on('error', (error) => {
    if (!closing) console.warn(`PostgreSQL 空闲连接已断开，将重新连接：${error.message}`);
  });
  // Fail at start, not at the first request, when the server is unreachable.
  (await pool.connect()).release();
  return {
    driver: 'postgres',
    db: drizzlePg({ client: pool, schema }) as unknown as Db,
    async withConnection(work) {
      const client = await pool.connect();
      try {
        return await work(drizzlePg({ client, schema }) as unknown as Db);
      } finally {
        client.release();
      }
    },
    close: () => {
      closing = true;
      return pool.end();
    },
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  const lock: DataDirLock | null = inMemory ? null : acquireDataDirLock(dataDir);
  try {
    const client = await PGlite.create(dataDir, { extensions: { ltree } });
    const db = drizzlePglite({ client, schema }) as unknown as Db;
    return {
      driver: 'pglite',
      db,
      withConnection: (work) => work(db),
      close: async () => {
        await client.close();
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}
