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
  /**
   * A transaction that may stay open for many seconds (a member import). On PGlite it holds the one
   * connection all that time; `readAside` is how short reads get through meanwhile.
   */
  longTransaction<T>(work: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * A read that must not wait for a long transaction: the session and job lookups that let a progress
   * poll through. On PostgreSQL an ordinary pooled read. On PGlite, while a long transaction is open,
   * it runs inside that transaction between two of its statements, so it sees that transaction's
   * uncommitted rows and `now()` as of its start: use it only for tables long transactions do not
   * write (sessions, users, jobs), as single statements with checked parameters, since a failing
   * statement would abort the host transaction.
   */
  readAside<T>(read: (db: Db) => Promise<T>): Promise<T>;
  /**
   * Receives NOTIFY messages on `channel` until the returned function is called. On PGlite they
   * arrive before the notifying statement's promise settles; on PostgreSQL through a dedicated
   * connection that reconnects by itself, reporting `down` when lost and `up` once listening again.
   */
  listen(channel: string, handlers: ListenHandlers): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface ListenHandlers {
  message(payload: string): void;
  up(): void;
  down(reason: string): void;
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
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  return {
    driver: 'postgres',
    db,
    longTransaction: (work) => db.transaction(work),
    readAside: (read) => read(db),
    async withConnection(work) {
      const client = await pool.connect();
      // The pool listens for errors only on idle clients; a checked-out one whose connection the server
      // cuts (the job runner holds one for the process's life) would otherwise end the process.
      let lost: Error | undefined;
      const onError = (error: Error) => {
        lost = error;
        if (!closing) console.warn(`PostgreSQL 连接已断开：${error.message}`);
      };
      client.on('error', onError);
      try {
        return await work(drizzlePg({ client, schema }) as unknown as Db);
      } finally {
        client.off('error', onError);
        // A lost connection is destroyed rather than handed out again.
        client.release(lost);
      }
    },
    listen: (channel, handlers) => listenPostgres(connectionString, channel, handlers),
    close: () => {
      closing = true;
      return pool.end();
    },
  };
}

const reconnectDelaysMs = [250, 1000, 5000, 15_000];

async function listenPostgres(connectionString: string, channel: string, handlers: ListenHandlers) {
  let stopped = false;
  let current: pg.Client | null = null;
  let failures = 0;
  let retry: NodeJS.Timeout | undefined;

  async function connect() {
    const client = new pg.Client({ connectionString, keepAlive: true });
    let lost = false;
    const onLost = (reason: string) => {
      if (lost) return;
      lost = true;
      if (current === client) current = null;
      client.end().catch(() => undefined);
      if (stopped) return;
      handlers.down(reason);
      retry = setTimeout(() => void connect(), reconnectDelaysMs[Math.min(failures++, 3)]);
    };
    client.on('error', (error) => onLost(error.message));
    client.on('end', () => onLost('connection ended'));
    client.on('notification', (n) => {
      if (n.channel === channel) handlers.message(n.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`listen ${client.escapeIdentifier(channel)}`);
    } catch (error) {
      onLost(error instanceof Error ? error.message : String(error));
      return;
    }
    if (stopped || lost) {
      await client.end().catch(() => undefined);
      return;
    }
    current = client;
    failures = 0;
    handlers.up();
  }

  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await current?.end().catch(() => undefined);
  };
}

/**
 * PGlite's shared buffers live in its WASM memory, which grows but never shrinks: at PostgreSQL's
 * default of 128 MB a large import leaves the process ~80 MiB bigger for good. At 32 MB the
 * 100,000-row import peaks under 600 MiB and statistics stay as fast (BENCHMARKS.md, import).
 */
const pgliteStartParams = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'];

async function openPglite(dataDir: string): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  const lock: DataDirLock | null = inMemory ? null : acquireDataDirLock(dataDir);
  try {
    const client = await PGlite.create(dataDir, { extensions: { ltree }, startParams: pgliteStartParams });
    const db = drizzlePglite({ client, schema }) as unknown as Db;
    let host: Db | null = null;
    return {
      driver: 'pglite',
      db,
      withConnection: (work) => work(db),
      longTransaction: (work) =>
        db.transaction(async (tx) => {
          host = tx;
          try {
            return await work(tx);
          } finally {
            host = null;
          }
        }),
      async readAside(read) {
        const on = host;
        if (!on) return read(db);
        try {
          return await read(on);
        } catch (error) {
          // The host may have committed between the call and its statement: read as usual then.
          if (host !== on) return read(db);
          throw error;
        }
      },
      async listen(channel, handlers) {
        const unlisten = await client.listen(channel, handlers.message);
        handlers.up();
        // Closing the database drops its listeners too; the app may close after it.
        return async () => {
          if (!client.closed) await unlisten();
        };
      },
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
