import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { api, createPostgresDatabase, killAll, login, sleep, startServer } from './helpers.js';

const initialPassword = 'Initial-Pass-2026!';

describe('a server on PostgreSQL whose connections are cut', () => {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    await killAll();
    for (const drop of drops) await drop().catch(() => {});
  });

  it('keeps running and reconnects when PostgreSQL terminates its idle connections', async () => {
    const database = await createPostgresDatabase(inject('postgresUrl'));
    drops.push(database.drop);
    const server = await startServer({ DATABASE_URL: database.url, SHUPING_ADMIN_PASSWORD: initialPassword });
    expect((await api(server.baseUrl, null, 'GET', '/api/health')).body).toMatchObject({ db: 'postgres' });

    // What a PostgreSQL restart, a failover or an administrator does to the app's idle connections.
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      const { rows } = await admin.query(
        `select pg_terminate_backend(pid) as ok from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid()`,
      );
      expect(rows.length).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }

    // Without an error listener on the pool this was an uncaught exception: the process died.
    let exit: unknown = null;
    void server.closed.then((e) => (exit = e));
    const warned = () => server.stderr().includes('PostgreSQL 空闲连接已断开');
    const deadline = Date.now() + 30_000;
    while (!warned() && exit === null && Date.now() < deadline) await sleep(50);
    expect(exit, server.stderr()).toBeNull();
    expect(server.stderr()).toContain('PostgreSQL 空闲连接已断开');

    expect((await api(server.baseUrl, null, 'GET', '/api/health')).status).toBe(200);
    const signedIn = await login(server.baseUrl, 'admin', initialPassword);
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
    expect(await server.stop()).toEqual({ code: 0, signal: null });
  });
});
