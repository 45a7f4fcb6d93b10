// rectification: a county's overdue list and its monthly board (晒单) over 50,000 problems in 5,000 orgs, on PostgreSQL and PGlite, against hand-written SQL.
//
// Loads the deterministic demo's org tree (default 5,000 orgs: county → towns → villages and other
// branches; 20 members an org, as the stats quick run has), then files --problems problems (default
// 50,000) spread over every org below the county in one statement, each with one measure, in a
// fixed status mix: 40 % closed, the rest open, in progress, submitted or sent back, deadlines
// spread around the day so about a third of the open ones are overdue. Through the services the
// routes call, as the county's organizer, it times (--runs, default 30):
// - overdue: `GET /api/problems/overdue?orgId=<county>` (逾期清单: first page of 20, most overdue
//   first, with each item's reminders, and the total),
// - board: `GET /api/problems/board?orgId=<county>&month=<this month>` (towns, overdue and closed lists),
// and a baseline of each: hand-written SQL giving the same figures, checked equal to the service's.
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../src/db/client.js';
import { planCounty } from '../src/db/demo/generate.js';
import { loadDemo } from '../src/db/demo/load.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { queryRows } from '../src/db/query-rows.js';
import { manualClock } from '../src/server/clock.js';
import type { Actor } from '../src/server/http/actor.js';
import { createProblemBoardService } from '../src/server/modules/rectification/board-service.js';
import { createRectificationService } from '../src/server/modules/rectification/service.js';
import { log, machineInfo, option, otherLoad, percentiles, printResult, quick, round } from './lib/common.js';
import { benchPostgres } from './lib/postgres.js';

const orgCount = option('orgs', quick ? 500 : 5_000);
const problemCount = option('problems', quick ? 5_000 : 50_000);
const runs = option('runs', quick ? 5 : 30);
const day = '2026-06-15';
const month = day.slice(0, 7);
const targets = { overdueP95Ms: 100, boardP95Ms: 500 };

async function timed(op: () => Promise<unknown>) {
  await op(); // warm-up: plans cached, pages read in
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await op();
    samples.push(performance.now() - started);
  }
  return percentiles(samples);
}

/** The org tree, then the problems and their measures, each in one set-based statement. */
async function load(database: Database) {
  await migrateDatabase(database);
  const started = performance.now();
  const plan = planCounty({ seed: 2026, orgs: orgCount, members: orgCount * 20, today: day });
  await loadDemo(database.db, plan);
  const { db } = database;
  await db.execute(sql`delete from problems`);
  await db.execute(sql`
    with o as (select id, path, row_number() over (order by id) - 1 as i, count(*) over () as n
               from orgs where parent_id is not null),
    g as (select g, (${day}::date - (g * 7 % 400)) as filed,
                 (array['closed','closed','closed','closed','open','inProgress','inProgress',
                        'submitted','rejected','inProgress'])[g % 10 + 1] as status
          from generate_series(1, ${problemCount}) g)
    insert into problems (org_id, org_path, source, source_ref, text, category, severity, status,
                          deadline, closed_on, created_at)
    select o.id, o.path, (array['report','critique','appraisal','deduction','inspection'])[g % 5 + 1],
           '{"source":"inspection"}'::jsonb, '整改问题第' || g || '项：三会一课落实不到位',
           (array['political','ideological','organizational','conduct','discipline','system','other'])[g % 7 + 1],
           (array['high','medium','low'])[g % 3 + 1], status, filed + 60 + (g * 13 % 240),
           case when status = 'closed' then least(filed + (g * 11 % 120), ${day}::date) end,
           filed::timestamptz + interval '10 hours'
    from g join o on o.i = g.g % o.n`);
  await db.execute(sql`
    insert into problem_measures (problem_id, text, owner_name, responsible_org_id, deadline)
    select id, '制定整改措施并按月落实', '责任人' || (id % 997), org_id, deadline from problems`);
  await db.execute(sql`analyze`);
  return round((performance.now() - started) / 1000, 1);
}

/** The overdue list's page and total, written by hand. */
const baselineOverdue = (db: Database['db'], path: string) =>
  Promise.all([
    queryRows<{ id: number }>(
      db,
      sql`select p.id, o.name, p.text, p.deadline, p.status,
                 (select count(*)::int from problem_measures m where m.problem_id = p.id) as measures,
                 (select max(e.at) from problem_events e where e.problem_id = p.id and e.kind = 'reminder') as reminded,
                 (select count(*)::int from problem_events e where e.problem_id = p.id and e.kind = 'reminder') as reminders
          from problems p join orgs o on o.id = p.org_id
          where p.org_path <@ ${path}::ltree and p.merged_into_id is null and p.status <> 'closed'
            and p.deadline < ${day}::date
          order by p.deadline, p.id limit 20`,
    ),
    queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from problems p where p.org_path <@ ${path}::ltree
          and p.merged_into_id is null and p.status <> 'closed' and p.deadline < ${day}::date`,
    ),
  ]);

/** The board's figures by hand: per town by a join to the towns, and the two lists. */
async function baselineBoard(db: Database['db'], county: { id: number; path: string }) {
  const asOf = day;
  const from = `${month}-01`;
  const closedBy = sql`(p.status = 'closed' and p.closed_on <= ${asOf}::date)`;
  const rows = await queryRows<{ id: number; total: number; closed: number; overdue: number }>(
    db,
    sql`select t.id, t.name, count(*)::int as total, count(*) filter (where ${closedBy})::int as closed,
               count(*) filter (where not ${closedBy} and p.deadline < ${asOf}::date)::int as overdue
        from orgs t join problems p on p.org_path <@ t.path
        where t.parent_id = ${county.id} and p.merged_into_id is null and p.created_at::date <= ${asOf}::date
        group by t.id, t.name`,
  );
  const lists = await queryRows<{ id: number }>(
    db,
    sql`(select p.id, o.name, p.text, p.deadline, m.owner_name from problems p
          join orgs o on o.id = p.org_id
          left join lateral (select owner_name from problem_measures m where m.problem_id = p.id
                             order by m.id limit 1) m on true
         where p.org_path <@ ${county.path}::ltree and p.merged_into_id is null
           and p.created_at::date <= ${asOf}::date and not ${closedBy} and p.deadline < ${asOf}::date
         order by p.deadline, p.id limit 500)
        union all
        (select p.id, o.name, p.text, p.closed_on, null from problems p join orgs o on o.id = p.org_id
         where p.org_path <@ ${county.path}::ltree and p.merged_into_id is null
           and ${closedBy} and p.closed_on >= ${from}::date
         order by p.closed_on desc, p.id limit 500)`,
  );
  return { rows, lists };
}

async function benchDriver(database: Database) {
  const { db } = database;
  const clock = manualClock(`${day}T10:00:00+08:00`);
  const rectification = createRectificationService({
    db,
    clock,
    files: { attach: () => Promise.reject(new Error('unused')), attachedTo: async () => [] },
  });
  const board = createProblemBoardService({ db, clock });
  const [county] = await queryRows<{ id: number; path: string }>(
    db,
    sql`select id, path::text from orgs where parent_id is null`,
  );
  const actor: Actor = {
    id: 0,
    username: 'bench',
    displayName: '县委组织部',
    role: 'organizer',
    orgId: county!.id,
    orgPath: county!.path,
    scope: { kind: 'subtree', path: county!.path },
    mustChangePassword: false,
    sessionId: '',
    csrfToken: '',
    ip: 'bench',
  };
  const others = otherLoad();
  const overdueQuery = { orgId: county!.id };
  const overdue = await timed(() => rectification.overdue(actor, overdueQuery));
  const overdueBaseline = await timed(() => baselineOverdue(db, county!.path));
  const boardQuery = { orgId: county!.id, month };
  const boardMs = await timed(() => board.board(actor, boardQuery));
  const boardBaseline = await timed(() => baselineBoard(db, county!));

  // The baselines must give what the services give.
  const page = await rectification.overdue(actor, overdueQuery);
  const [byHand, [handTotal]] = await baselineOverdue(db, county!.path);
  if (page.total !== handTotal!.n || page.items.map((i) => i.id).join() !== byHand.map((r) => r.id).join())
    throw new Error('the overdue list and its baseline disagree');
  const answer = await board.board(actor, boardQuery);
  const hand = await baselineBoard(db, county!);
  const sum = (key: 'total' | 'closed' | 'overdue') => hand.rows.reduce((n, r) => n + r[key], 0);
  if (
    answer.rows.length !== hand.rows.length ||
    answer.summary.total !== sum('total') ||
    answer.summary.closed !== sum('closed') ||
    answer.summary.overdue !== sum('overdue') ||
    answer.overdue.length + answer.closedInMonth.length !== hand.lists.length
  )
    throw new Error('the board and its baseline disagree');

  const result = {
    overdueMs: overdue,
    overdueBaselineMs: overdueBaseline,
    boardMs,
    boardBaselineMs: boardBaseline,
    overdueToBaseline: round(overdue.p50 / overdueBaseline.p50, 2),
    boardToBaseline: round(boardMs.p50 / boardBaseline.p50, 2),
    overdueItems: page.total,
    towns: answer.rows.length,
    closedInMonth: answer.closedInMonthTotal,
    otherCores: others(),
  };
  log(
    `  overdue list p50 ${overdue.p50} / p95 ${overdue.p95} ms (baseline ${overdueBaseline.p50} / ${overdueBaseline.p95}) · board p50 ${boardMs.p50} / p95 ${boardMs.p95} ms (baseline ${boardBaseline.p50} / ${boardBaseline.p95}) · ${page.total} overdue, ${answer.rows.length} towns; other processes kept ${result.otherCores} cores busy`,
  );
  await database.close();
  return result;
}

async function main() {
  const machine = machineInfo();
  log(
    `rectification benchmark · ${orgCount} orgs, ${problemCount} problems · ${machine.cpuModel} × ${machine.cores}`,
  );

  log('PostgreSQL: starting and loading…');
  const postgres = await benchPostgres();
  let postgresql;
  try {
    const database = await openDatabase({ databaseUrl: postgres.url });
    const loadSeconds = await load(database);
    log(`  loaded in ${loadSeconds} s; PostgreSQL ${postgres.serverVersion} (${postgres.source})`);
    postgresql = { loadSeconds, ...(await benchDriver(database)) };
  } finally {
    await postgres.stop();
  }

  log('PGlite: loading (in memory)…');
  const database = await openDatabase({ dataDir: 'memory://' });
  const loadSeconds = await load(database);
  log(`  loaded in ${loadSeconds} s`);
  const pglite = { loadSeconds, ...(await benchDriver(database)) };

  printResult({
    benchmark: 'rectification',
    quick,
    machine,
    orgs: orgCount,
    problems: problemCount,
    day,
    targets,
    postgres: { version: postgres.serverVersion, source: postgres.source },
    postgresql,
    pglite,
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
