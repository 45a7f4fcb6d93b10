// A PostgreSQL database of its own for a benchmark: a fresh database on DATABASE_URL or
// TEST_DATABASE_URL when one is set, otherwise a throwaway cluster (test/helpers/postgres-server.ts).
import pg from 'pg';
import { startPostgres } from '../../test/helpers/postgres-server.js';
import { findPostmaster } from './common.js';

export interface BenchPostgres {
  url: string;
  /** Where it came from, for the report. */
  source: 'throwaway cluster' | 'DATABASE_URL' | 'TEST_DATABASE_URL';
  serverVersion: string;
  stop(): Promise<void>;
}

async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('show server_version');
    return rows[0]?.server_version ?? 'unknown';
  } finally {
    await client.end();
  }
}

export async function benchPostgres(): Promise<BenchPostgres> {
  const envName = process.env.DATABASE_URL
    ? 'DATABASE_URL'
    : process.env.TEST_DATABASE_URL
      ? 'TEST_DATABASE_URL'
      : null;
  if (!envName) {
    const server = await startPostgres();
    const postmaster = findPostmaster(Number(new URL(server.url).port));
    let stopping: Promise<void> | undefined;
    return {
      url: server.url,
      source: 'throwaway cluster',
      serverVersion: await serverVersion(server.url),
      // Once only: a benchmark stops it when done and again in its clean-up after any failure.
      stop() {
        stopping ??= (async () => {
          const stopped = server.stop();
          // As root the cluster runs under runuser, which blocks the SIGINT stop() sends and so never
          // exits: ask the postmaster itself for a fast shutdown, and runuser follows.
          if (postmaster) process.kill(postmaster, 'SIGINT');
          await stopped;
        })();
        return stopping;
      },
    };
  }
  // A given server may hold real data: work in a database created for this run and dropped after.
  const adminUrl = process.env[envName]!;
  const name = `shuping_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    source: envName,
    serverVersion: await serverVersion(url.toString()),
    async stop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
