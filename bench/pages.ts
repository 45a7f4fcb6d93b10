// pages: time to content and API requests of each main page in Chromium, cold and warm, as a county organizer, against the same API calls issued directly.
//
// The real server (`node bin/shuping.mjs start`) on the demo county on PGlite, then on a generated
// county on PostgreSQL (default 50,000 orgs / 1,000,000 members; --orgs/--members to shrink it,
// --no-postgres to skip it). Chromium (playwright-core, the system's, as the e2e tier runs it) opens
// each page with the organizer's cookie: cold is the first visit in a fresh browser (empty HTTP
// cache, the server not yet asked for that page's data), warm the p50 of --runs reloads. Time to
// content is the browser's own clock (performance.now(), from navigation start) when every selector
// of the page is visible. The baseline is the page's API calls (the ones the browser made) issued
// directly from node, all at once, warm: what remains is what the browser adds (script, rendering,
// the order of requests). `--only NAME[,NAME…]` times only the pages of those names (e.g.
// `--only roster`), for iterating on one page; `--no-pglite` skips the demo county.
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { freePort } from '../test/helpers/postgres-server.js';
import {
  buildFirst,
  log,
  machineInfo,
  otherLoad,
  option,
  ownTreeCpuMs,
  treeCpuMs,
  printResult,
  quick,
  round,
  serverEnv,
  spawnLogged,
  stopGroup,
  tempDir,
  waitFor200,
  runBenchmark,
  type Cleanup,
  serverStartArgs,
} from './lib/common.js';
import { benchPostgres } from './lib/postgres.js';

const pgOrgs = option('orgs', quick ? 2_000 : 50_000);
const pgMembers = option('members', quick ? 40_000 : 1_000_000);
const warmRuns = option('runs', quick ? 3 : 7);
const withPostgres = !process.argv.includes('--no-postgres');
const withPglite = !process.argv.includes('--no-pglite');
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt < 0 ? null : (process.argv[onlyAt + 1] ?? '').split(',');
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** A loaded 2-core machine can take many seconds for one page. */
const pageTimeoutMs = 60_000;
const targets = { warmP50Ms: { pglite: 1_000, postgres: 2_000 }, apiRequests: 6 };

const work = tempDir('pages');
const cleanups: Cleanup[] = [];

interface PageSpec {
  name: string;
  /** The URL, given the county and its first town. */
  url: (ids: { county: number; town: number }) => string;
  /** Every one visible = the page's content is there. */
  content: string[];
}

const rows = (testId: string) => `[data-testid="${testId}"] .ant-table-row`;
const pages: PageSpec[] = [
  {
    name: 'dashboard (county)',
    url: ({ county }) => `/dashboard?orgId=${county}`,
    content: [
      '[data-testid="dashboard-title"]',
      '[data-testid^="chart-"] canvas',
      '[data-testid="dashboard"] .ant-table-row',
    ],
  },
  {
    name: 'dashboard (town)',
    url: ({ town }) => `/dashboard?orgId=${town}`,
    content: [
      '[data-testid="dashboard-title"]',
      '[data-testid^="chart-"] canvas',
      '[data-testid="dashboard"] .ant-table-row',
    ],
  },
  {
    name: '基本情况',
    url: ({ county }) => `/statistics/basics?orgId=${county}`,
    content: ['[data-testid="basics-text"]', '[data-testid="basics-table"] tr'],
  },
  { name: 'members', url: () => '/members', content: [rows('members-table')] },
  { name: 'roster', url: () => '/members/roster', content: ['[data-testid="member-roster"] tbody tr'] },
  { name: 'pipeline', url: () => '/pipeline', content: ['[data-testid="pipeline-page"] .ant-table-row'] },
  {
    name: 'orgs',
    url: () => '/orgs',
    content: ['[data-testid="org-detail"]', '.ant-tree-treenode:not([aria-hidden="true"])'],
  },
  { name: 'audit', url: () => '/audit', content: [rows('audit-table')] },
];

// ---- the server and its data, set up as a user would ----

interface Server {
  base: string;
  stop: () => Promise<unknown>;
}

async function cli(args: string[], env: Record<string, string>, label: string) {
  const spawned = spawnLogged(
    process.execPath,
    ['bin/shuping.mjs', ...args],
    serverEnv(env),
    path.join(work, `${label}.log`),
  );
  const code = await spawned.exited;
  if (code !== 0) throw new Error(`shuping ${args.join(' ')} exited ${code} (see ${spawned.logFile})`);
}

async function startServer(env: Record<string, string>, label: string): Promise<Server> {
  const port = await freePort();
  const spawned = spawnLogged(
    process.execPath,
    serverStartArgs,
    serverEnv({ ...env, PORT: String(port), HOST: '127.0.0.1', COOKIE_SECURE: 'false' }),
    path.join(work, `${label}.log`),
  );
  const stop = () => stopGroup(spawned);
  cleanups.push(stop);
  const base = `http://127.0.0.1:${port}`;
  await waitFor200(`${base}/api/health`, spawned, { timeoutMs: 180_000, intervalMs: 50 });
  return { base, stop };
}

interface Session {
  cookie: string;
  csrfToken: string;
}

async function call(base: string, session: Session | null, method: string, url: string, body?: unknown) {
  const headers: Record<string, string> = {};
  if (session) Object.assign(headers, { cookie: session.cookie, 'x-csrf-token': session.csrfToken });
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${url}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status} ${text}`);
  return { json: (text ? JSON.parse(text) : null) as Record<string, unknown>, res };
}

async function login(base: string, username: string, password: string): Promise<Session> {
  const { json, res } = await call(base, null, 'POST', '/api/auth/login', { username, password });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('shuping_session='))!;
  return { cookie, csrfToken: json.csrfToken as string };
}

async function changePassword(base: string, username: string, from: string, to: string) {
  const session = await login(base, username, from);
  await call(base, session, 'POST', '/api/auth/password', { currentPassword: from, newPassword: to });
  return login(base, username, to);
}

/** A county-bound organizer on the loaded county, and the ids the page URLs need. */
async function organizerOn(base: string, initialAdminPassword: string) {
  const admin = await changePassword(base, 'admin', initialAdminPassword, 'Bench-Root-Changed-2026!');
  const roots = (await call(base, admin, 'GET', '/api/orgs')).json.items as { id: number }[];
  const county = roots[0]!.id;
  const towns = (await call(base, admin, 'GET', `/api/orgs?parentId=${county}`)).json.items as {
    id: number;
  }[];
  const created = await call(base, admin, 'POST', '/api/users', {
    username: 'bench.pages',
    displayName: '基准组织员',
    role: 'organizer',
    orgId: county,
  });
  const organizer = await changePassword(
    base,
    'bench.pages',
    created.json.initialPassword as string,
    'Bench-Organizer-2026!',
  );
  return { organizer, ids: { county, town: towns[0]!.id } };
}

// ---- measuring ----

/** The server, PostgreSQL and Chromium are all this process' descendants: ours, not noise. */
const liveDescendantsCpuMs = () => treeCpuMs(process.pid) - ownTreeCpuMs();

interface Visit {
  /** performance.now() in the page when every content selector was visible. */
  contentMs: number;
  /** API URLs the page requested by then (path and query). */
  api: string[];
}

async function newContext(browser: Browser, base: string, organizer: Session): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const [name, value] = organizer.cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: base }]);
  return context;
}

async function visit(page: Page, base: string, spec: PageSpec, ids: { county: number; town: number }) {
  await page.goto(`${base}${spec.url(ids)}`, { waitUntil: 'commit', timeout: pageTimeoutMs });
  for (const selector of spec.content)
    await page.locator(selector).first().waitFor({ state: 'visible', timeout: pageTimeoutMs });
  return page.evaluate((): Visit => ({
    contentMs: performance.now(),
    api: performance
      .getEntriesByType('resource')
      .map((e) => new URL(e.name))
      .filter((u) => u.pathname.startsWith('/api/'))
      .map((u) => u.pathname + u.search),
  }));
}

/** The page's API calls issued directly, all at once, with the organizer's cookie: wall time. */
async function direct(base: string, organizer: Session, urls: string[]): Promise<number> {
  const started = performance.now();
  await Promise.all(urls.map((url) => call(base, organizer, 'GET', url)));
  return performance.now() - started;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

interface PageResult {
  coldMs: number;
  warmP50Ms: number;
  warmRunsMs: number[];
  apiRequests: number;
  api: string[];
  directP50Ms: number;
  /** Cores other processes (other sessions' work) kept busy meanwhile: noise. */
  otherCores: number;
  met: boolean;
}

interface PageFailure {
  error: string;
  met: false;
}

async function measureDriver(
  driver: 'pglite' | 'postgres',
  server: Server,
  initialAdminPassword: string,
): Promise<Record<string, PageResult | PageFailure>> {
  const { organizer, ids } = await organizerOn(server.base, initialAdminPassword);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  cleanups.push(() => browser.close());
  const results: Record<string, PageResult | PageFailure> = {};
  try {
    for (const spec of pages) {
      if (only && !only.includes(spec.name)) continue;
      try {
        results[spec.name] = await measurePage(spec);
      } catch (error) {
        // One page that never shows its content is a finding, not the end of the run.
        log(`  ${driver.padEnd(8)} ${spec.name.padEnd(20)} FAILED: ${String(error).split('\n')[0]}`);
        results[spec.name] = { error: String(error).split('\n')[0]!, met: false };
      }
    }
  } finally {
    await browser.close();
  }
  return results;

  async function measurePage(spec: PageSpec): Promise<PageResult> {
    const others = otherLoad();
    const oursBefore = liveDescendantsCpuMs();
    // Cold: a fresh browser profile, the page never shown on this server.
    const coldContext = await newContext(browser, server.base, organizer);
    const cold = await visit(await coldContext.newPage(), server.base, spec, ids);
    await coldContext.close();
    const context = await newContext(browser, server.base, organizer);
    const page = await context.newPage();
    page.setDefaultTimeout(pageTimeoutMs);
    const warm: Visit[] = [];
    for (let i = 0; i < warmRuns; i++) warm.push(await visit(page, server.base, spec, ids));
    await context.close();
    const api = warm.at(-1)!.api;
    const directRuns = [];
    for (let i = 0; i < warmRuns; i++) directRuns.push(await direct(server.base, organizer, api));
    const warmRunsMs = warm.map((v) => round(v.contentMs));
    const warmP50Ms = round(median(warmRunsMs));
    const apiRequests = Math.max(...warm.map((v) => v.api.length), cold.api.length);
    const met = warmP50Ms <= targets.warmP50Ms[driver] && apiRequests <= targets.apiRequests;
    const result = {
      coldMs: round(cold.contentMs),
      warmP50Ms,
      warmRunsMs,
      apiRequests,
      api,
      directP50Ms: round(median(directRuns)),
      otherCores: others(liveDescendantsCpuMs() - oursBefore),
      met,
    };
    log(
      `  ${driver.padEnd(8)} ${spec.name.padEnd(20)} cold ${String(round(cold.contentMs)).padStart(6)} ms  warm p50 ${String(warmP50Ms).padStart(6)} ms  ${apiRequests} API requests  direct ${round(median(directRuns))} ms  others ${result.otherCores} cores${met ? '' : '  (target NOT met)'}`,
    );
    return result;
  }
}

async function main() {
  const machine = machineInfo();
  log(
    `pages benchmark${quick ? ' (--quick)' : ''} · ${machine.cpuModel} × ${machine.cores} · node ${machine.node}`,
  );
  buildFirst();
  const initialAdminPassword = 'Bench-Initial-2026!';

  let pglite: Record<string, PageResult | PageFailure> = {};
  if (withPglite) {
    log('PGlite: loading the demo county…');
    const dataDir = path.join(work, 'pglite');
    await cli(['demo'], { DATA_DIR: dataDir }, 'pglite-demo');
    const server = await startServer(
      { DATA_DIR: dataDir, SHUPING_ADMIN_PASSWORD: initialAdminPassword },
      'pglite',
    );
    pglite = await measureDriver('pglite', server, initialAdminPassword);
    await server.stop();
  }

  let postgresql: Record<string, PageResult | PageFailure> | null = null;
  let postgresInfo: { version: string; source: string } | null = null;
  if (withPostgres) {
    log(`PostgreSQL: loading a county of ${pgOrgs} orgs and ${pgMembers} members…`);
    const postgres = await benchPostgres();
    cleanups.push(() => postgres.stop());
    postgresInfo = { version: postgres.serverVersion, source: postgres.source };
    const env = { DATABASE_URL: postgres.url };
    await cli(['demo', '--orgs', String(pgOrgs), '--members', String(pgMembers)], env, 'postgres-demo');
    const server = await startServer({ ...env, SHUPING_ADMIN_PASSWORD: initialAdminPassword }, 'postgres');
    postgresql = await measureDriver('postgres', server, initialAdminPassword);
    await server.stop();
    await postgres.stop();
  }

  const all = [...Object.values(pglite), ...Object.values(postgresql ?? {})];
  log(
    `targets: warm p50 ≤ ${targets.warmP50Ms.pglite} ms (PGlite demo county), ≤ ${targets.warmP50Ms.postgres} ms (PostgreSQL), ≤ ${targets.apiRequests} API requests per page — ${all.every((r) => r.met) ? 'met' : 'NOT met'}`,
  );
  printResult({
    benchmark: 'pages',
    quick,
    machine,
    browser: chromiumPath,
    warmRuns,
    postgres: postgresInfo && { ...postgresInfo, orgs: pgOrgs, members: pgMembers },
    targets,
    pglite,
    postgresql,
    met: all.every((r) => r.met),
  });
}

runBenchmark(work, cleanups, main);
