import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/server/app.js';
import type { Database } from '../../src/db/client.js';
import { createTestDatabase, testDriver } from '../helpers/test-db.js';

describe(`request log (${testDriver})`, () => {
  let database: Database;
  let app: App;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        callback();
      },
    });
    app = await buildApp({
      database,
      config: { secureCookies: false, sessionTtlHours: 12, webRoot: undefined },
      logger: { level: 'info', stream },
    });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('logs writes and refusals on one info line each, and routine reads only at debug', async () => {
    lines.length = 0;
    expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    expect(lines).toEqual([]);
    const login = { username: 'nobody', password: 'Wrong-Pass-2026!' };
    expect((await app.inject({ method: 'POST', url: '/api/auth/login', payload: login })).statusCode).toBe(
      401,
    );
    expect((await app.inject({ method: 'GET', url: '/api/orgs' })).statusCode).toBe(401);
    const completed = lines.filter((l) => l.msg === 'request completed');
    expect(lines.filter((l) => l.msg === 'incoming request')).toEqual([]);
    expect(completed).toMatchObject([
      { level: 30, req: { method: 'POST', url: '/api/auth/login' }, res: { statusCode: 401 } },
      { level: 30, req: { method: 'GET', url: '/api/orgs' }, res: { statusCode: 401 } },
    ]);
    // Each line names its request, though the request's logger is only made when it writes.
    expect(completed.map((l) => l.reqId)).toEqual([expect.any(String), expect.any(String)]);
    expect(completed[0]!.reqId).not.toBe(completed[1]!.reqId);
    // The password never reaches the log.
    expect(JSON.stringify(lines)).not.toContain(login.password);
  });
});
