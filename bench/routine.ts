// routine: recompute every routine score (日常考核) of a cycle and one org's after one new ledger record, on PostgreSQL and PGlite, against a hand-written SQL baseline of the same counts.
//
// Loads the deterministic demo registry (default 5,500 orgs, 1,000,000 members; --orgs/--members
// for a quick run), then one open annual cycle whose reporters are the first 5,000 branches
// (--reporters) assessed by the branch template, and 1,000,000 ledger records over the year
// (--records), a fifth of them with three attendees. Times, through the app's own code:
// - wholeCycle: `computeRoutineScores` for every reporter (facts in bulk, sheets, stored),
// - facts: `answerFacts` alone for every reporter,
// - oneOrgAfterRecord: from inserting one record for one org (the triggers mark it stale and
//   NOTIFY) until the app's refresher, woken by the notification, has stored its current sheet,
// - baseline: one hand-written statement counting every ledgerCount request for every reporter,
//   whose counts must equal the facts'.
// Targets on PostgreSQL: whole cycle ≤ 5 s, one org ≤ 50 ms. `--no-pglite` measures PostgreSQL only.
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../src/db/client.js';
import { defaultDemoDay, planCounty } from '../src/db/demo/generate.js';
import { loadDemo } from '../src/db/demo/load.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { queryRows } from '../src/db/query-rows.js';
import { answerFacts } from '../src/db/routine-facts.js';
import { ledgerKindDefinitions, ledgerKinds } from '../src/domain/ledger.js';
import { schemeIndicators, schemeRequests } from '../src/domain/routine-scores.js';
import { factKey, type FactRequest } from '../src/domain/rules/index.js';
import { schemeTemplates } from '../src/domain/scheme-templates.js';
import { systemClock } from '../src/server/clock.js';
import { computeRoutineScores } from '../src/server/modules/routine-scores/compute.js';
import { createRoutineRefresher } from '../src/server/modules/routine-scores/refresher.js';
import { log, machineInfo, option, percentiles, printResult, quick, round, tempDir } from './lib/common.js';
import { benchPostgres } from './lib/postgres.js';

const orgCount = option('orgs', quick ? 700 : 5_500);
const memberCount = option('members', quick ? 20_000 : 1_000_000);
const reporterCount = option('reporters', quick ? 500 : 5_000);
const recordCount = option('records', quick ? 50_000 : 1_000_000);
const runs = option('runs', quick ? 5 : 20);
const withPglite = !process.argv.includes('--no-pglite');
const seed = 2026;
const day = defaultDemoDay;
const year = Number(day.slice(0, 4));
const period = { start: `${year}-01-01`, end: `${year}-12-31` };
const scheme = schemeTemplates.branch;

async function timed(n: number, op: () => Promise<unknown>) {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await op();
    samples.push(performance.now() - started);
  }
  return percentiles(samples);
}

const rssMiB = () => round(process.memoryUsage().rss / 2 ** 20);

/** The registry, the cycle with its reporters and scheme, and the year's ledger. */
async function load(database: Database): Promise<{ cycleId: number; reporters: number[]; seconds: number }> {
  const { db } = database;
  await migrateDatabase(database);
  const started = performance.now();
  await loadDemo(db, planCounty({ seed, orgs: orgCount, members: memberCount, today: day }));
  const [root] = await queryRows<{ id: number }>(
    db,
    sql`select id from orgs where parent_id is null order by id limit 1`,
  );
  const [cycle] = await queryRows<{ id: number }>(
    db,
    sql`insert into cycles (org_id, name, kind, year, starts_on, ends_on, status, reporting_rule)
        values (${root!.id}, ${`${year}年度日常考核基准`}, 'annual', ${year}, ${period.start}, ${period.end}, 'open',
          ${JSON.stringify({ depth: 'subtree', levels: ['branch'], domains: [], include: [], exclude: [] })}::jsonb)
        returning id`,
  );
  await db.execute(sql`insert into schemes (cycle_id, audience, version, body)
    values (${cycle!.id}, 'branch', 1, ${JSON.stringify(scheme)}::jsonb)`);
  await db.execute(sql`insert into cycle_reporters (cycle_id, org_id, audience)
    select ${cycle!.id}, id, 'branch' from orgs where level = 'branch' order by id limit ${reporterCount}`);
  const reporters = (
    await queryRows<{ orgId: number }>(
      db,
      sql`select org_id as "orgId" from cycle_reporters where cycle_id = ${cycle!.id} order by org_id`,
    )
  ).map((r) => r.orgId);
  const kinds = sql.raw(`array[${ledgerKinds.map((k) => `'${k}'`).join(',')}]`);
  const withHours = sql.raw(
    `array[${ledgerKinds
      .filter((k) => ledgerKindDefinitions[k].hours)
      .map((k) => `'${k}'`)
      .join(',')}]`,
  );
  // Records spread over the reporters and the year, kinds in turn; 党课 and trainings carry hours.
  await db.execute(sql`
    insert into ledger_records (org_id, kind, held_on, topic, host_name, hours, entered_on)
    with rep as (select array_agg(org_id order by org_id) as ids from cycle_reporters where cycle_id = ${cycle!.id}),
    g as (
      select rep.ids[1 + n % ${reporters.length}] as org_id,
             (${kinds})[1 + (n / ${reporters.length}) % ${ledgerKinds.length}] as kind,
             (${period.start}::date + ((n::bigint * 7919) % 365)::int)::date as day
      from generate_series(0, ${recordCount - 1}) n, rep)
    select org_id, kind, day, '基准记录', '基准', case when kind = any(${withHours}) then 2 end, day from g`);
  await db.execute(sql`
    insert into ledger_attendance (record_id, held_on, member_id, present, absence_reason)
    select r.id, r.held_on, m.id, (m.id + r.id) % 4 <> 0, case when (m.id + r.id) % 4 = 0 then '外出' end
    from ledger_records r
    cross join lateral (select id from members where org_id = r.org_id order by id limit 3) m
    where r.id % 5 = 0`);
  // Vacuumed as well: the attendance trigger has rewritten every record with a list (migration
  // 0022), and a settled database, as autovacuum keeps one, is what is measured.
  await db.execute(sql`vacuum analyze`);
  return { cycleId: cycle!.id, reporters, seconds: round((performance.now() - started) / 1000, 1) };
}

/** Every ledgerCount request of the scheme counted for every reporter by one statement. */
async function baselineCounts(database: Database, reporters: readonly number[], requests: FactRequest[]) {
  const counts = requests.filter((r) => r.type === 'ledgerCount');
  const columns = sql.join(
    counts.map(
      (r, i) =>
        sql`count(*) filter (where kind in (${sql.join(
          r.ledgerKinds.map((k) => sql`${k}`),
          sql`, `,
        )}) and held_on between ${r.start}::date and ${r.end}::date
          ${r.topicIncludes ? sql`and strpos(topic, ${r.topicIncludes}) > 0` : sql``})::int as ${sql.identifier(`c${i}`)}`,
    ),
    sql`, `,
  );
  const rows = await queryRows<Record<string, number>>(
    database.db,
    sql`select org_id as "orgId", ${columns} from ledger_records
        where held_on between ${period.start}::date and ${period.end}::date
          and org_id = any(${sql.raw(`array[${reporters.join(',')}]`)}::int[])
        group by org_id`,
  );
  return { counts, rows };
}

async function benchDriver(database: Database, rss: () => Record<string, number>) {
  const { cycleId, reporters, seconds } = await load(database);
  log(`  loaded in ${seconds} s: ${reporters.length} reporters, ${recordCount} records`);
  const deps = { db: database.db, clock: systemClock };
  const requests = schemeRequests(scheme, period);
  const entered = { manualDeductions: new Map(), targetItems: new Map() };

  const wholeCycle = await timed(quick ? 2 : 3, () => computeRoutineScores(deps, cycleId));
  const facts = await timed(quick ? 2 : 3, () => answerFacts(database.db, reporters, requests, entered));
  const org = reporters[Math.floor(reporters.length / 2)]!;
  let n = 0;
  const refresher = await createRoutineRefresher(database, deps, {
    error: (context, message) => console.error(message, context.err),
  });
  await refresher.settled();
  const oneOrg = await timed(runs, async () => {
    await database.db
      .execute(sql`insert into ledger_records (org_id, kind, held_on, topic, host_name, entered_on)
      values (${org}, 'themeDay', ${`${year}-03-${String(1 + (n++ % 28)).padStart(2, '0')}`}::date, '基准新增', '基准', ${day}::date)`);
    await refresher.settled();
  });
  await refresher.close();
  const [row] = await queryRows<{ stale: boolean }>(
    database.db,
    sql`select stale from routine_scores where cycle_id = ${cycleId} and org_id = ${org}`,
  );
  if (row?.stale !== false) throw new Error('the org is not current after the refresh');

  const baseline = await timed(quick ? 2 : 3, () => baselineCounts(database, reporters, requests));
  const answers = await answerFacts(database.db, reporters, requests, entered);
  const { counts, rows } = await baselineCounts(database, reporters, requests);
  const byOrg = new Map(rows.map((r) => [r.orgId, r]));
  for (const id of reporters)
    counts.forEach((request, i) => {
      const expected = byOrg.get(id)?.[`c${i}`] ?? 0;
      if (answers.get(id)!.get(factKey(request)) !== expected)
        throw new Error(`baseline and facts disagree for org ${id}, ${factKey(request)}`);
    });
  const result = {
    indicators: schemeIndicators(scheme).length,
    factRequests: requests.length,
    wholeCycleMs: wholeCycle,
    factsMs: facts,
    oneOrgAfterRecordMs: oneOrg,
    baselineCountsMs: baseline,
    wholeCycleToBaseline: round(wholeCycle.p50 / baseline.p50, 2),
    rssMiB: rss(),
  };
  log(
    `  whole cycle p50 ${wholeCycle.p50} ms (facts ${facts.p50} ms) · one org after a record p50 ${oneOrg.p50} / p95 ${oneOrg.p95} ms · baseline counts p50 ${baseline.p50} ms`,
  );
  await database.close();
  return result;
}

async function main() {
  const machine = machineInfo();
  log(`routine benchmark · ${reporterCount} reporters, ${recordCount} records, ${memberCount} members`);
  const postgres = await benchPostgres();
  let postgresql;
  try {
    const database = await openDatabase({ databaseUrl: postgres.url });
    postgresql = await benchDriver(database, () => ({ benchProcess: rssMiB() }));
  } finally {
    await postgres.stop();
  }
  let pglite;
  if (withPglite) {
    const dataDir = tempDir('routine-pglite');
    try {
      pglite = await benchDriver(await openDatabase({ dataDir }), () => ({ process: rssMiB() }));
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  printResult({
    benchmark: 'routine',
    quick,
    machine,
    reporters: reporterCount,
    records: recordCount,
    members: memberCount,
    postgres: { version: postgres.serverVersion, source: postgres.source },
    postgresql,
    pglite,
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
