// fuzz: bad input on every route over loopback (`npm run fuzz -- [--seed N] [--requests N] [--postgres]`).
//
// Starts the app in this process on 127.0.0.1 (PGlite in a throwaway directory, or with --postgres a
// throwaway PostgreSQL cluster), signs in an admin and a town organizer, reads the routes from
// /api/docs/json and sends each route in turn a generated bad request: wrong types, huge strings,
// control and bidi characters, year-0 dates, loosely written ids, percent-encoded paths without a
// session, oversized headers, bad JSON, undecodable URLs. The same seed sends the same requests.
// Fails (exit 1) on any 5xx, hang (no answer within --timeout ms), error body outside the model
// `{code, message (中文), details?}` or bypass (a non-public route answering < 400 without a session).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { openDatabase, type Database } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { buildApp } from '../src/server/app.js';
import { ensureInitialAdmin } from '../src/server/bootstrap.js';
import { log, machineInfo, printResult, runBenchmark, tempDir, type Cleanup } from './lib/common.js';
import { benchPostgres } from './lib/postgres.js';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at === -1 ? undefined : Number(process.argv[at + 1]);
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`--${name} needs a whole number`);
  return value;
}

const seed = option('seed', Date.now() % 2_147_483_647);
const requestLimit = option('requests', 3000);
const timeoutMs = option('timeout', 15_000);
const onPostgres = process.argv.includes('--postgres');

/** mulberry32: small, seedable, good enough to pick inputs. */
function prng(start: number) {
  let state = start >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    int: (n: number) => Math.floor(next() * n),
    pick<T>(items: readonly T[]): T {
      return items[Math.floor(next() * items.length)]!;
    },
    chance: (p: number) => next() < p,
  };
}
type Random = ReturnType<typeof prng>;

interface Session {
  cookie: string;
  csrf: string;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

interface Sent {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

let port = 0;
const guarded = new WeakSet<object>();

/** The answer, 'hang' when none came in time, 'reset' when the server closed the connection first. */
function send(request: Sent): Promise<Answer | 'hang' | 'reset'> {
  return new Promise((resolve) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: request.method, path: request.path, headers: request.headers },
      (res) => {
        // An event stream that opened is the answer; it would never end by itself.
        if (res.statusCode === 200 && res.headers['content-type']?.startsWith('text/event-stream')) {
          resolve({ status: 200, headers: res.headers, body: '' });
          req.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', () => resolve('reset'));
      },
    );
    // A kept-alive socket the server closed while idle in the pool errs outside any request; the
    // request that uses it sees its own error below.
    req.on('socket', (socket) => {
      if (guarded.has(socket)) return;
      guarded.add(socket);
      socket.on('error', () => undefined);
    });
    req.setTimeout(timeoutMs, () => {
      resolve('hang');
      req.destroy();
    });
    req.on('error', () => resolve('reset'));
    req.end(request.body);
  });
}

async function call(session: Session | null, method: string, url: string, body?: unknown): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (session) Object.assign(headers, { cookie: session.cookie, 'x-csrf-token': session.csrf });
  const answer = await send({
    method,
    path: url,
    headers: body === undefined ? (session ? { cookie: session.cookie } : {}) : headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (typeof answer === 'string') throw new Error(`set-up request ${method} ${url}: ${answer}`);
  return answer;
}

async function login(username: string, password: string): Promise<Session> {
  const res = await call(null, 'POST', '/api/auth/login', { username, password });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${res.body}`);
  const cookie = [res.headers['set-cookie'] ?? []].flat()[0]!.split(';')[0]!;
  return { cookie, csrf: (JSON.parse(res.body) as { csrfToken: string }).csrfToken };
}

/** Signs in with a first password and replaces it, as a new account must. */
async function firstLogin(username: string, initial: string, final: string): Promise<Session> {
  const first = await login(username, initial);
  const changed = await call(first, 'POST', '/api/auth/password', {
    currentPassword: initial,
    newPassword: final,
  });
  if (changed.status !== 200) throw new Error(`password change ${username}: ${changed.body}`);
  return login(username, final);
}

async function created(session: Session, url: string, body: unknown): Promise<number> {
  const res = await call(session, 'POST', url, body);
  if (res.status !== 201) throw new Error(`POST ${url}: ${res.status} ${res.body}`);
  const json = JSON.parse(res.body) as { id?: number; user?: { id: number } };
  return json.id ?? json.user!.id;
}

// ---- what the generators draw from ----

const controlChars = [
  '\u0000',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u009b',
  '\u202e',
  '\u2066',
  '\u200b',
  '\ufeff',
  '\ufffd',
];
const hugeString = (r: Random) => '长'.repeat(r.pick([1_000, 70_000, 300_000]));
const badDays = [
  '0000-01-01',
  '0001-01-01',
  '1899-12-31',
  '2100-01-01',
  '9999-12-31',
  '2025-02-30',
  '+2025-01-01',
];
const looseIds = [
  '0x1F',
  '1e1',
  '0b11',
  '0o7',
  '+2',
  '2.0',
  '%202',
  '02',
  '-1',
  '0',
  '2147483648',
  '9'.repeat(40),
];
const urlParts = ['%00', '%07', '%E2%80%AE', '%E0%A4%A', '%zz', '..%2F..%2Fetc', '%C0%AF', 'x'.repeat(150)];

function badScalar(r: Random): unknown {
  switch (r.int(9)) {
    case 0:
      return r.pick(badDays);
    case 1:
      return r.pick(looseIds);
    case 2:
      return hugeString(r);
    case 3:
      return `张${r.pick(controlChars)}三`;
    case 4:
      return r.pick([null, true, -1, 0, 1.5, 2 ** 31, 1e300, -0]);
    case 5:
      return r.pick([[], [1], {}, { $gt: '' }, { __proto__: { admin: true } }]);
    case 6:
      return '';
    case 7:
      return r.pick(controlChars).repeat(r.int(5) + 1);
    default:
      return r.int(10) + 1;
  }
}

interface Operation {
  method: string;
  url: string;
  params: string[];
  query: string[];
  body: { properties?: Record<string, unknown> } | undefined;
  public: boolean;
}

/** A path with its parameters filled: mostly real ids, sometimes bad ones. */
function fillPath(r: Random, url: string, ids: number[], bad: boolean): string {
  return url.replace(/\{[^}]+\}/g, () => (bad ? r.pick([...looseIds, ...urlParts]) : String(r.pick(ids))));
}

function badBody(r: Random, op: Operation): { body: string | Buffer; type: string } {
  const fields = Object.keys(op.body?.properties ?? {});
  switch (r.int(6)) {
    case 0:
      return {
        body: r.pick(['{"a":', '{', "{'a':1}", '\u0000', '{"a":1}}', 'null', '[]', '"x"', '']),
        type: 'application/json',
      };
    case 1:
      return {
        body: 'name=x',
        type: r.pick(['text/plain', 'application/xml', 'multipart/form-data; boundary=x']),
      };
    case 2:
      return {
        body: Buffer.from([0x50, 0x4b, 0x03, 0x04, r.int(256), r.int(256)]),
        type: 'application/octet-stream',
      };
    default: {
      const body: Record<string, unknown> = {};
      for (const field of fields) if (r.chance(0.7)) body[field] = badScalar(r);
      if (r.chance(0.2)) body[r.pick(['id', 'role', 'path', '__proto__', ''])] = badScalar(r);
      return { body: JSON.stringify(body), type: 'application/json' };
    }
  }
}

function badQuery(r: Random, op: Operation): string {
  const names = op.query.length > 0 ? op.query : ['foo'];
  const pairs = names
    .filter(() => r.chance(0.6))
    .map((name) => {
      const value = badScalar(r);
      return `${name}=${encodeURIComponent(typeof value === 'string' ? value : JSON.stringify(value))}`;
    });
  if (r.chance(0.2)) pairs.push(`${r.pick(names)}=${r.pick(urlParts)}`);
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}

/** One request against `op`, and whether the answer must be a refusal for lack of a session. */
function generate(
  r: Random,
  op: Operation,
  ids: number[],
  sessions: Session[],
): { sent: Sent; anonymous: boolean; kind: string } {
  const kind = r.pick(['path', 'encoded', 'query', 'body', 'body', 'headers', 'csrf']);
  const session = kind === 'encoded' ? null : r.chance(0.15) ? null : r.pick(sessions);
  const headers: Record<string, string> = {};
  if (session)
    Object.assign(headers, { cookie: session.cookie, 'x-csrf-token': kind === 'csrf' ? 'x' : session.csrf });
  let url = fillPath(r, op.url, ids, kind === 'path');
  if (kind === 'encoded') {
    // Any letter of the path percent-encoded: the router decodes it to the same route.
    const letters = [...url.matchAll(/[a-z]/g)].map((m) => m.index);
    const at = r.pick(letters);
    url = `${url.slice(0, at)}%${url.charCodeAt(at).toString(16)}${url.slice(at + 1)}`;
  }
  if (kind === 'query' || r.chance(0.1)) url += badQuery(r, op);
  if (kind === 'headers') headers['x-filler'] = 'a'.repeat(r.pick([8_000, 20_000, 70_000]));
  let body: string | Buffer | undefined;
  if (op.method !== 'GET' && op.method !== 'DELETE' && (kind === 'body' || r.chance(0.5))) {
    const bad = badBody(r, op);
    body = bad.body;
    headers['content-type'] = bad.type;
  }
  return {
    sent: { method: op.method, path: url, headers, ...(body === undefined ? {} : { body }) },
    anonymous: !session,
    kind,
  };
}

const chinese = /[\u4e00-\u9fa5]/;

/** Why an error answer is outside the model, or null when it is in it. */
function outsideModel(answer: Answer): string | null {
  if (!String(answer.headers['content-type']).includes('application/json')) return 'not JSON';
  try {
    const body = JSON.parse(answer.body) as { code?: unknown; message?: unknown; error?: unknown };
    if (typeof body.code !== 'string' || typeof body.message !== 'string') return 'no code/message';
    if ('error' in body || 'statusCode' in body) return "Fastify's own fields";
    if (!chinese.test(body.message)) return 'message not Chinese';
    return null;
  } catch {
    return 'body not JSON';
  }
}

async function readOperations(session: Session): Promise<Operation[]> {
  const res = await call(session, 'GET', '/api/docs/json');
  const spec = JSON.parse(res.body) as {
    paths: Record<
      string,
      Record<
        string,
        {
          parameters?: { in: string; name: string }[];
          requestBody?: { content?: Record<string, { schema?: Operation['body'] }> };
        }
      >
    >;
  };
  const operations: Operation[] = [];
  for (const [url, methods] of Object.entries(spec.paths))
    for (const [method, op] of Object.entries(methods)) {
      if (!['get', 'post', 'patch', 'put', 'delete'].includes(method)) continue;
      const parameters = op.parameters ?? [];
      operations.push({
        method: method.toUpperCase(),
        url,
        params: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        body: op.requestBody?.content?.['application/json']?.schema,
        public: false,
      });
    }
  // Ask each route anonymously once: the ones that answer without a 401 are the public ones.
  for (const op of operations) {
    const probe = await send({ method: op.method, path: op.url.replace(/\{[^}]+\}/g, '1') });
    op.public = typeof probe !== 'string' && probe.status !== 401;
  }
  return operations;
}

// Routes whose valid use would end the fuzz's own sessions are only ever sent without one.
const sessionEnding =
  /^(POST \/api\/auth\/logout|POST \/api\/auth\/password|POST \/api\/users\/\{id\}\/reset-password|PATCH \/api\/users\/\{id\}|POST \/api\/demo)$/;

const work = tempDir('fuzz');
const cleanups: Cleanup[] = [];

runBenchmark(work, cleanups, async () => {
  log(`fuzz: seed ${seed}, ${requestLimit} requests, ${onPostgres ? 'PostgreSQL' : 'PGlite'}`);
  let database: Database;
  let driverNote: string;
  if (onPostgres) {
    const pg = await benchPostgres();
    cleanups.push(() => pg.stop());
    database = await openDatabase({ databaseUrl: pg.url });
    driverNote = `PostgreSQL ${pg.serverVersion} (${pg.source})`;
  } else {
    database = await openDatabase({ dataDir: path.join(work, 'data') });
    driverNote = 'PGlite';
  }
  cleanups.push(() => database.close());
  await migrateDatabase(database);
  await ensureInitialAdmin(database.db, 'Fuzz-Initial-2026!');
  const app = await buildApp({
    database,
    config: { secureCookies: false, sessionTtlHours: 12, webRoot: undefined },
  });
  cleanups.push(() => app.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as AddressInfo).port;

  const admin = await firstLogin('admin', 'Fuzz-Initial-2026!', 'Fuzz-Root-Pass-2026!');
  const county = await created(admin, '/api/orgs', { parentId: null, name: '模糊测试县委', level: 'county' });
  const town = await created(admin, '/api/orgs', {
    parentId: county,
    name: '模糊测试镇党委',
    level: 'committee',
  });
  const branch = await created(admin, '/api/orgs', {
    parentId: town,
    name: '模糊测试村党支部',
    level: 'branch',
  });
  const member = await created(admin, '/api/members', {
    orgId: branch,
    name: '模糊测试党员',
    gender: 'male',
    stage: 'full',
    probationaryOn: '2010-01-01',
    fullOn: '2011-01-01',
  });
  const organizerId = await created(admin, '/api/users', {
    username: 'fuzzorganizer',
    displayName: '模糊测试组织员',
    role: 'organizer',
    orgId: town,
    password: 'Fuzz-Initial-Pass-0!',
  });
  const organizer = await firstLogin('fuzzorganizer', 'Fuzz-Initial-Pass-0!', 'Fuzz-Town-Pass-2026!');
  const ids = [county, town, branch, member, organizerId, 1, 2_147_483_647];
  const operations = await readOperations(admin);
  log(`${operations.length} operations, ${operations.filter((o) => o.public).length} public`);

  const r = prng(seed);
  const failures: {
    kind: string;
    index: number;
    request: string;
    status: number | 'hang' | 'reset';
    why: string;
  }[] = [];
  const statuses: Record<string, number> = {};
  let fiveXx = 0;
  let hangs = 0;
  let nonModel = 0;
  let bypasses = 0;
  let headerResets = 0;
  let otherResets = 0;
  const started = Date.now();
  for (let index = 0; index < requestLimit; index++) {
    const op = operations[index % operations.length]!;
    const { sent, anonymous, kind } = generate(r, op, ids, [admin, organizer]);
    if (!anonymous && sessionEnding.test(`${op.method} ${op.url}`)) delete sent.headers!.cookie;
    const withoutSession = !sent.headers?.cookie;
    const answer = await send(sent);
    const label = `${sent.method} ${sent.path.slice(0, 120)}`;
    const fail = (why: string, status: number | 'hang' | 'reset') =>
      failures.push({ kind, index, request: label, status, why });
    if (answer === 'hang') {
      hangs++;
      fail('no answer', 'hang');
      continue;
    }
    if (answer === 'reset') {
      // A server refusing oversized headers closes the connection, possibly before this client has
      // written them all and read the 431; anything else must be answered.
      if (kind === 'headers') headerResets++;
      else {
        otherResets++;
        fail('connection reset', 'reset');
      }
      continue;
    }
    statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
    if (answer.status >= 500) {
      fiveXx++;
      fail(answer.body.slice(0, 200), answer.status);
    } else if (answer.status >= 400) {
      const why = outsideModel(answer);
      if (why) {
        nonModel++;
        fail(`${why}: ${answer.body.slice(0, 200)}`, answer.status);
      }
    } else if (withoutSession && !op.public) {
      bypasses++;
      fail('answered without a session', answer.status);
    }
    if ((index + 1) % 500 === 0) log(`${index + 1} requests, ${failures.length} failures`);
  }
  for (const failure of failures.slice(0, 30))
    log(`FAIL #${failure.index} (${failure.kind}) ${failure.request} → ${failure.status}: ${failure.why}`);
  if (failures.length > 0)
    log(
      `replay: npm run fuzz -- --seed ${seed} --requests ${requestLimit}${onPostgres ? ' --postgres' : ''}`,
    );
  printResult({
    benchmark: onPostgres ? 'fuzz-postgres' : 'fuzz',
    quick: false,
    machine: machineInfo(),
    database: driverNote,
    seed,
    operations: operations.length,
    requests: requestLimit,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    fiveXx,
    hangs,
    nonModelErrors: nonModel,
    bypasses,
    resets: otherResets,
    resetsAfterOversizedHeaders: headerResets,
    failures: failures.length,
    statuses,
  });
  if (failures.length > 0) process.exitCode = 1;
});
