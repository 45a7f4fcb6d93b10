// revocation: how long a read on a second PostgreSQL instance is still served after a logout on the first, and that no write is.
//
// Two app instances in this process, each with its own pool and LISTEN connection, on one throwaway
// PostgreSQL cluster (bench/lib/postgres.ts). Per round: sign in on A, read on B (the session is now
// in B's cache), log out on A, then, the moment A's answer arrived, on B: in even rounds one write
// (it must be refused), in odd rounds reads until one is refused. The lag is the time from A's
// answer to B's first refused read: the notification's delivery time plus one in-process request.
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { buildApp, type App } from '../src/server/app.js';
import { ensureInitialAdmin } from '../src/server/bootstrap.js';
import {
  log,
  machineInfo,
  printResult,
  quick,
  round,
  roundSummary,
  runBenchmark,
  summarize,
  tempDir,
} from './lib/common.js';
import { benchPostgres } from './lib/postgres.js';

const rounds = quick ? 20 : 200;
const password = 'Bench-Revoke-2026!';
const config = { secureCookies: false, sessionTtlHours: 12, webRoot: undefined };

const work = tempDir('revocation');
const cleanups: (() => Promise<unknown>)[] = [];

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;

runBenchmark(work, cleanups, async () => {
  const postgres = await benchPostgres();
  cleanups.push(() => postgres.stop());
  const apps: App[] = [];
  for (let i = 0; i < 2; i++) {
    const database = await openDatabase({ databaseUrl: postgres.url });
    cleanups.push(() => database.close());
    if (i === 0) {
      await migrateDatabase(database);
      await ensureInitialAdmin(database.db, password);
      await database.db.execute(sql`update users set must_change_password = false`);
    }
    const app = await buildApp({ database, config });
    cleanups.push(() => app.close());
    apps.push(app);
  }
  const [a, b] = apps as [App, App];

  const lagMs: number[] = [];
  let staleReads = 0;
  let acceptedWrites = 0;
  for (let i = 0; i < rounds; i++) {
    const signedIn = await a.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password },
    });
    const cookie = `shuping_session=${signedIn.cookies.find((c) => c.name === 'shuping_session')!.value}`;
    const csrf = signedIn.json().csrfToken as string;
    const headers = { cookie, 'x-csrf-token': csrf };
    // The login's own notifications must have reached B, or they would empty the cache it is to be read from.
    await Promise.all([a.changes.settled(), b.changes.settled()]);
    if ((await b.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode !== 200)
      throw new Error('B did not accept the fresh session');
    await a.inject({ method: 'POST', url: '/api/auth/logout', headers });
    const answered = performance.now();
    if (i % 2 === 0) {
      const write = await b.inject({
        method: 'PATCH',
        url: '/api/users/1',
        headers,
        payload: { displayName: '系统管理员' },
      });
      if (write.statusCode !== 401) acceptedWrites++;
      continue;
    }
    for (;;) {
      const read = await b.inject({ method: 'GET', url: '/api/auth/me', headers });
      if (read.statusCode === 401) break;
      staleReads++;
    }
    lagMs.push(performance.now() - answered);
  }
  const summary = roundSummary(summarize(lagMs), 2);
  log(
    `${rounds} logouts: writes accepted on B ${acceptedWrites} of ${rounds / 2}, stale reads ${staleReads}`,
  );
  printResult({
    benchmark: 'revocation',
    quick,
    machine: machineInfo(),
    postgres: `${postgres.serverVersion} (${postgres.source})`,
    rounds,
    acceptedWrites,
    staleReads,
    lagMs: { ...summary, p99: round(percentile(lagMs, 99), 2) },
  });
});
