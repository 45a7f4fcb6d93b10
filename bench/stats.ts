// stats: GET /api/statistics work (the statistics service) at province scale, whole tree and one town, on PostgreSQL and PGlite, against a hand-written SQL baseline.
//
// Loads the deterministic demo (default 50,000 orgs, 1,000,000 members; --orgs/--members for a
// quick run), then through the app's own statistics service times:
// - cold: the first request for a day (nothing cached; the per-org rows are computed and stored),
// - warm: the same request again (the sums of the cached per-org rows),
// - after an edit: one member's gender flipped before each request (one org recomputed),
// for the whole tree and for one town, and the baseline: one hand-written SQL statement over the
// registry giving every count (bench/lib/stats-baseline.ts), whose figures must equal the service's.
// The PGlite data dir is kept in bench/.cache/ between runs, keyed by the generator, the migrations
// and the size (loading 1M members into PGlite takes about a minute).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../src/db/client.js';
import { defaultDemoDay, planCounty } from '../src/db/demo/generate.js';
import { loadDemo } from '../src/db/demo/load.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { queryRows } from '../src/db/query-rows.js';
import {
  assembleStatistics,
  countKeys,
  type BaseStatistics,
  type StatisticsCounts,
} from '../src/domain/statistics.js';
import { systemClock } from '../src/server/clock.js';
import { systemActor } from '../src/server/http/actor.js';
import { createOrgService } from '../src/server/modules/orgs/service.js';
import { createStatisticsService } from '../src/server/modules/statistics/service.js';
import {
  findPostmaster,
  log,
  machineInfo,
  option,
  otherLoad,
  percentiles,
  printResult,
  quick,
  root,
  round,
  treeCpuMs,
} from './lib/common.js';
import { benchPostgres } from './lib/postgres.js';
import { baselineQuery } from './lib/stats-baseline.js';

type BaselineOrg = BaseStatistics['org'] & { path: string };

const orgCount = option('orgs', quick ? 2_000 : 50_000);
const memberCount = option('members', quick ? 40_000 : 1_000_000);
const warmRuns = option('runs', quick ? 10 : 30);
const coldRuns = 3;
const seed = 2026;
const day = defaultDemoDay;

/** RSS in MiB of a process and its children (for PostgreSQL: the postmaster and its backends). */
function treeRssMiB(pid: number): number {
  let pages = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(entry) === pid || Number(fields[1]) === pid) pages += Number(fields[21]);
    } catch {
      // Gone meanwhile.
    }
  }
  return round((pages * 4096) / 2 ** 20);
}
const ownRssMiB = () => round(process.memoryUsage().rss / 2 ** 20);

async function timed(runs: number, op: (i: number) => Promise<unknown>) {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await op(i);
    samples.push(performance.now() - started);
  }
  return percentiles(samples);
}

/** The baseline's answer as the published figures (derived from its counts by the domain code). */
async function baselineFigures(db: Database['db'], org: BaselineOrg): Promise<BaseStatistics> {
  const [row] = await db.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`);
    return queryRows<Record<string, unknown>>(tx, baselineQuery(org.path, day));
  });
  const counts = Object.fromEntries(countKeys.map((k) => [k, Number(row![k])])) as StatisticsCounts;
  const villages = (typeof row!.villages === 'string' ? JSON.parse(row!.villages) : row!.villages) as {
    id: number;
    name: string;
  }[];
  return assembleStatistics(
    { id: org.id, name: org.name, level: org.level, domain: org.domain },
    day,
    counts,
    villages,
  );
}

/** `liveOursMs` reads the CPU of our own processes that stay alive (the PostgreSQL cluster). */
async function benchDriver(
  database: Database,
  rss: () => Record<string, number>,
  liveOursMs: () => number = () => 0,
) {
  const { db } = database;
  const orgs = createOrgService({ db, clock: systemClock });
  const statistics = createStatisticsService({ db, orgs, clock: systemClock });
  const actor = systemActor();
  const orgColumns = sql`id, name, level, domain, path::text`;
  const [top] = await queryRows<BaselineOrg>(db, sql`select ${orgColumns} from orgs where parent_id is null`);
  const [town] = await queryRows<BaselineOrg>(
    db,
    sql`select ${orgColumns} from orgs where level = 'committee' order by id limit 1`,
  );
  const [member] = await queryRows<{ id: number; gender: string }>(
    db,
    sql`select id, gender from members where org_path <@ ${town!.path}::ltree and full_on <= ${day}::date
        and left_on is null order by id limit 1`,
  );
  const flip = async () => {
    await db.execute(sql`update members set gender = case gender when 'male' then 'female' else 'male' end
                         where id = ${member!.id}`);
  };
  const result: Record<string, unknown> = {};
  const others = otherLoad();
  const oursBefore = liveOursMs();
  for (const [scopeName, org] of [
    ['wholeTree', top!],
    ['town', town!],
  ] as const) {
    const ask = (asOf = day) => statistics.statistics(actor, { orgId: org.id, asOf });
    await db.execute(sql`delete from statistics_days`);
    // Cold: each run a day nothing is cached for (the cache keeps 8 days, so these stay distinct).
    const cold = await timed(coldRuns, (i) => ask(i === 0 ? day : `${day.slice(0, 8)}${String(10 + i)}`));
    const warm = await timed(warmRuns, () => ask());
    const afterEdit = await timed(Math.min(warmRuns, 10), async () => {
      await flip();
      await ask();
    });
    if (Math.min(warmRuns, 10) % 2 === 1) await flip();
    const baseline = await timed(Math.max(3, Math.round(warmRuns / 3)), () => baselineFigures(db, org));
    const service = await ask();
    if (JSON.stringify(await baselineFigures(db, org)) !== JSON.stringify(service))
      throw new Error(`baseline and service disagree for ${scopeName}`);
    const entry = {
      coldMs: cold,
      warmMs: warm,
      afterOneEditMs: afterEdit,
      baselineMs: baseline,
      coldToBaseline: round(cold.p50 / baseline.p50, 2),
      warmToBaseline: round(warm.p50 / baseline.p50, 2),
      afterEditToBaseline: round(afterEdit.p50 / baseline.p50, 2),
      partyMembers: service.members.total,
      orgsExisting: service.orgs.total,
    };
    result[scopeName] = entry;
    log(
      `  ${scopeName.padEnd(9)} cold p50 ${cold.p50} ms · warm p50 ${warm.p50} / p95 ${warm.p95} ms · after an edit p50 ${afterEdit.p50} ms · baseline p50 ${baseline.p50} ms (cold ${entry.coldToBaseline}×, warm ${entry.warmToBaseline}×, after an edit ${entry.afterEditToBaseline}×)`,
    );
  }
  result.otherCores = others(liveOursMs() - oursBefore);
  result.rssMiB = rss();
  log(
    `  memory ${JSON.stringify(result.rssMiB)} MiB; other processes kept ${String(result.otherCores)} cores busy`,
  );
  await database.close();
  return result;
}

async function load(database: Database) {
  await migrateDatabase(database);
  const started = performance.now();
  const plan = planCounty({ seed, orgs: orgCount, members: memberCount, today: day });
  let last = 0;
  await loadDemo(database.db, plan, {
    onProgress: ({ stage, done, total }) => {
      if (done < total && performance.now() - last < 10_000) return;
      last = performance.now();
      log(`    ${stage} ${done}/${total} (${round((performance.now() - started) / 1000, 1)} s)`);
    },
  });
  return round((performance.now() - started) / 1000, 1);
}

/** The cached PGlite data dir for this generator, these migrations and this size. */
function pgliteCacheDir(): string {
  const hash = createHash('sha256');
  for (const dir of ['src/db/demo', 'drizzle'])
    for (const file of fs.readdirSync(path.join(root, dir)).sort())
      if (file.endsWith('.ts') || file.endsWith('.sql'))
        hash.update(fs.readFileSync(path.join(root, dir, file)));
  hash.update(`${seed}/${orgCount}/${memberCount}/${day}`);
  return path.join(root, 'bench/.cache', `stats-pglite-${hash.digest('hex').slice(0, 12)}`);
}

async function main() {
  const machine = machineInfo();
  log(`stats benchmark · ${orgCount} orgs, ${memberCount} members · ${machine.cpuModel} × ${machine.cores}`);

  log('PostgreSQL: starting and loading…');
  const postgres = await benchPostgres();
  let postgresql;
  try {
    const database = await openDatabase({ databaseUrl: postgres.url });
    const loadSeconds = await load(database);
    log(`  loaded in ${loadSeconds} s; PostgreSQL ${postgres.serverVersion} (${postgres.source})`);
    const postmaster =
      postgres.source === 'throwaway cluster' ? findPostmaster(Number(new URL(postgres.url).port)) : null;
    postgresql = {
      loadSeconds,
      ...(await benchDriver(
        database,
        () => ({
          benchProcess: ownRssMiB(),
          ...(postmaster ? { postgresCluster: treeRssMiB(postmaster) } : {}),
        }),
        () => (postmaster ? treeCpuMs(postmaster) : 0),
      )),
    };
  } finally {
    await postgres.stop();
  }

  const dataDir = pgliteCacheDir();
  const cached = fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  log(`PGlite: ${cached ? `reusing ${path.relative(root, dataDir)}` : 'loading…'}`);
  if (!cached) {
    fs.rmSync(path.join(root, 'bench/.cache'), { recursive: true, force: true });
    fs.mkdirSync(dataDir, { recursive: true });
  }
  const database = await openDatabase({ dataDir });
  const loadSeconds = cached ? null : await load(database);
  if (cached) await migrateDatabase(database);
  const pglite = { loadSeconds, ...(await benchDriver(database, () => ({ process: ownRssMiB() }))) };

  printResult({
    benchmark: 'stats',
    quick,
    machine,
    orgs: orgCount,
    members: memberCount,
    day,
    postgres: { version: postgres.serverVersion, source: postgres.source },
    postgresql,
    pglite,
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
