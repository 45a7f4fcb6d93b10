import type { LightMyRequestResponse } from 'fastify';
import { buildApp, type App, type AppOptions } from '../../src/server/app.js';
import { ensureInitialAdmin } from '../../src/server/bootstrap.js';
import type { Database } from '../../src/db/client.js';
import { createTestDatabase, openSameDatabase } from './test-db.js';

export const adminPassword = 'Root-Pass-2026!';

/**
 * The timeout of a test that uploads xlsx files: each upload starts a parse worker, which compiles the
 * parser through tsx, a second on a quiet machine and several with both cores taken by other work.
 */
export const uploadTestTimeout = 240_000;

/** A request body sent as it is with its own content type (a multipart upload); other payloads go as JSON. */
export class RawBody {
  constructor(
    readonly payload: Buffer,
    readonly contentType: string,
  ) {}
}

export interface Session {
  cookie: string;
  csrfToken: string;
  userId: number;
}

export interface TestContext {
  app: App;
  database: Database;
  /** Signed in as the first admin, password already changed. */
  admin: Session;
  login(username: string, password: string): Promise<Session>;
  /** inject() with a session's cookie and CSRF header. */
  request(
    session: Session | null,
    method: string,
    url: string,
    payload?: unknown,
  ): Promise<LightMyRequestResponse>;
  /**
   * Resolves once no request is being served and no job runs. A test that timed out leaves its request
   * or import running; an `afterEach` awaiting this lets their writes land before the next test looks.
   */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Signs the first admin in on `app` (another instance than a context's own): its request headers. */
export async function adminHeaders(app: App): Promise<{ cookie: string; 'x-csrf-token': string }> {
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'admin', password: adminPassword },
  });
  if (login.statusCode !== 200) throw new Error(`admin login failed: ${login.statusCode} ${login.body}`);
  const cookie = login.cookies.find((c) => c.name === 'shuping_session')!;
  return { cookie: `shuping_session=${cookie.value}`, 'x-csrf-token': login.json().csrfToken as string };
}

/** What a test may set on its app: the clock the services read the day from, event timings. */
export type TestContextOptions = Pick<AppOptions, 'clock' | 'events'>;

const appOf = (database: Database, options: TestContextOptions = {}) =>
  buildApp({
    database,
    config: { secureCookies: false, sessionTtlHours: 12, webRoot: undefined },
    ...options,
  });

function requestThrough(app: App) {
  return (session: Session | null, method: string, url: string, payload?: unknown) => {
    const headers: Record<string, string> = {};
    if (session) {
      headers.cookie = session.cookie;
      headers['x-csrf-token'] = session.csrfToken;
    }
    if (payload instanceof RawBody) headers['content-type'] = payload.contentType;
    const body = payload instanceof RawBody ? payload.payload : payload;
    return app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(body === undefined ? {} : { payload: body as object }),
    });
  };
}

/**
 * A second app instance on the test's PostgreSQL database, with a pool of its own: sessions of the
 * first one work here too, as behind a load balancer.
 */
export async function createSecondInstance(t: TestContext, options: TestContextOptions = {}) {
  const database = await openSameDatabase(t.database);
  const app = await appOf(database, options);
  return {
    app,
    request: requestThrough(app),
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export async function createTestContext(options: TestContextOptions = {}): Promise<TestContext> {
  const database = await createTestDatabase();
  const initial = 'Initial-Pass-2026!';
  await ensureInitialAdmin(database.db, initial);
  const app = await appOf(database, options);
  // Every injected request, wherever a test makes it, until it has been answered.
  const pending = new Set<Promise<unknown>>();
  const inject = app.inject.bind(app);
  app.inject = ((...args: Parameters<typeof inject>) => {
    const result = inject(...args);
    // Without a callback inject() answers a thenable (light-my-request's Chain).
    if (typeof (result as { then?: unknown } | undefined)?.then === 'function') {
      const answered = Promise.resolve(result);
      pending.add(answered);
      const done = () => pending.delete(answered);
      answered.then(done, done);
    }
    return result;
  }) as typeof app.inject;
  async function idle() {
    while (pending.size) await Promise.allSettled(pending);
    await app.jobs.idle();
    await app.routineScores.settled();
  }

  async function login(username: string, password: string): Promise<Session> {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'shuping_session')!;
    const body = res.json() as { csrfToken: string; user: { id: number } };
    return { cookie: `shuping_session=${cookie.value}`, csrfToken: body.csrfToken, userId: body.user.id };
  }

  const request = requestThrough(app);

  const first = await login('admin', initial);
  const changed = await request(first, 'POST', '/api/auth/password', {
    currentPassword: initial,
    newPassword: adminPassword,
  });
  if (changed.statusCode !== 200) throw new Error(`admin password change failed: ${changed.body}`);

  return {
    app,
    database,
    admin: first,
    login,
    request,
    idle,
    async close() {
      await app.close();
      await database.close();
    },
  };
}
