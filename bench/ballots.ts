// ballots: 1,000 ballots (30 reporters × 6 items) cast within 10 s, then checked in the database; and the tally of 3,000,000 ballot items.
//
// Per driver (PGlite, then PostgreSQL): a meeting is set up in this process through the API
// (bench/lib/ballot-meeting.ts), then `node bin/shuping.mjs start` (as `npm start` runs it) opens
// the same database in its own process. Warm-up ballots (上级班子成员 codes) go first; then the burst:
// one POST /api/ballot/:code per 党员群众代表 code, due evenly over 10 s (open loop, latency from the
// due time). After the server stopped, the database is read here: every acknowledged receipt must be
// stored (lost = 0), no code may hold two ballots (double-counted = 0). The baseline, through the
// same driver: plain single-row INSERTs of the same choices into a bare table. On PostgreSQL also the
// tally: GET /api/meetings/:id/tally (the service's tally, over HTTP) of a closed meeting with 300
// reporters × 5 items × 2,000 ballots = 3,000,000 ballot items, against its counting alone
// (gradeCounts), the jsonb_each GROUP BY it replaced, and the baseline: one GROUP BY over the same
// 3,000,000 items as plain rows. `--tally-only`: the tally alone, on PGlite and PostgreSQL, no burst.
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { openDatabase, type Database, type DatabaseOptions } from '../src/db/client.js';
import { queryRows } from '../src/db/query-rows.js';
import { reviewMeetings } from '../src/db/schema/index.js';
import { receiptHash } from '../src/domain/ballot-receipts.js';
import { gradeCounts } from '../src/server/modules/meetings/tally-counts.js';
import { freePort } from '../test/helpers/postgres-server.js';
import { burstItems, insertTallyBallots, setUpMeetings, type BurstMeeting } from './lib/ballot-meeting.js';
import { openLoopBurst, percentile, type BurstAnswer } from './lib/burst.js';
import {
  buildFirst,
  log,
  machineInfo,
  printResult,
  quick,
  round,
  runBenchmark,
  serverEnv,
  serverStartArgs,
  spawnLogged,
  stopGroup,
  tempDir,
  waitFor200,
  type Cleanup,
} from './lib/common.js';
import { benchPostgres } from './lib/postgres.js';

// --tally-only: the tally alone, on both databases, without the burst (which saturates a shared host).
const tallyOnly = process.argv.includes('--tally-only');
const panelists = quick ? 200 : 1000;
const reporters = 30;
const windowMs = quick ? 2_000 : 10_000;
const warmUp = 40;
// Connections the client may open: enough that a phone never waits for another's socket.
const sockets = 200;
const targets = { pglite: 300, postgres: 150 };
const tallyReporters = 300;
const tallyBallots = quick ? 200 : 2_000;
const baselineInserts = quick ? 300 : 2_000;
const password = 'Bench-Ballots-2026!';

const work = tempDir('ballots');
const cleanups: Cleanup[] = [];

const choicesOf = (orgIds: number[], n: number) =>
  Object.fromEntries(
    orgIds.map((id, r) => [
      String(id),
      Object.fromEntries(
        burstItems.map((item, i) => [item.key, ['excellent', 'good', 'fair', 'poor'][(n + r + i) % 4]]),
      ),
    ]),
  );

const ballotRequests = (codes: string[], orgIds: number[]) =>
  codes.map((code, n) => ({
    path: `/api/ballot/${code}`,
    body: JSON.stringify({ submissionId: randomUUID(), choices: choicesOf(orgIds, n) }),
  }));

const ms = (value: number) => round(value, 1);

async function startServer(env: Record<string, string>, label: string) {
  const port = await freePort();
  const spawned = spawnLogged(
    process.execPath,
    serverStartArgs,
    serverEnv({ ...env, PORT: String(port), HOST: '127.0.0.1' }),
    path.join(work, `${label}.log`),
  );
  const stop = () => stopGroup(spawned);
  cleanups.push(stop);
  const base = `http://127.0.0.1:${port}`;
  await waitFor200(`${base}/api/health`, spawned);
  return { base, stop };
}

function latencyFigures(answers: BurstAnswer[]) {
  const latencies = answers.map((a) => a.latencyMs);
  return {
    p50: ms(percentile(latencies, 50)),
    p95: ms(percentile(latencies, 95)),
    p99: ms(percentile(latencies, 99)),
    max: ms(Math.max(...latencies)),
  };
}

/** What the database holds of the burst, against what the client was told. */
async function checkStored(database: Database, meeting: BurstMeeting, receipts: string[]) {
  const hashes = await queryRows<{ receipt_hash: string }>(
    database.db,
    sql`select receipt_hash from ballots where meeting_id = ${meeting.meetingId} and category = 'representatives'`,
  );
  const [{ used }] = (await queryRows<{ used: number }>(
    database.db,
    sql`select count(*)::int as used from ballot_codes
         where meeting_id = ${meeting.meetingId} and category = 'representatives' and used`,
  )) as [{ used: number }];
  const stored = new Set(hashes.map((h) => h.receipt_hash));
  const lost = receipts.filter((r) => !stored.has(receiptHash(r))).length;
  // A ballot twice: a receipt stored twice, or more ballots than codes used up.
  const doubleCounted = hashes.length - stored.size + Math.max(0, hashes.length - used);
  return {
    acknowledged: receipts.length,
    ballotsStored: hashes.length,
    codesUsed: used,
    lost,
    doubleCounted,
  };
}

/** Plain single-row INSERTs of a ballot's choices into a bare table: one at a time, then 10 in flight. */
async function insertBaseline(database: Database, orgIds: number[]) {
  await database.db.execute(
    sql`create table bench_inserts (id uuid primary key default gen_random_uuid(), choices jsonb not null)`,
  );
  const insert = (n: number) =>
    database.db.execute(
      sql`insert into bench_inserts (choices) values (${JSON.stringify(choicesOf(orgIds, n))}::jsonb)`,
    );
  const rate = async (inFlight: number) => {
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < baselineInserts) await insert(next++);
      }),
    );
    return round(baselineInserts / ((performance.now() - started) / 1000));
  };
  return {
    insertsPerSecond: { oneAtATime: await rate(1), tenInFlight: await rate(10) },
    inserts: baselineInserts,
  };
}

async function timed<T>(work: () => Promise<T>, runs = 3): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return ms(percentile(times, 50));
}

/** The tally over HTTP, as the organizer's screen asks for it (median of 3, after one unmeasured). */
async function serviceTally(base: string, meetingId: number) {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('shuping_session='))!;
  const tally = async () => {
    const res = await fetch(`${base}/api/meetings/${meetingId}/tally`, { headers: { cookie } });
    if (res.status !== 200) throw new Error(`tally: ${res.status} ${await res.text()}`);
    return (await res.json()) as { reporters: unknown[] };
  };
  const first = await tally();
  if (first.reporters.length !== tallyReporters)
    throw new Error(`tally has ${first.reporters.length} reporters`);
  return timed(tally);
}

/**
 * The counting alone (the meetings module's gradeCounts, as the tally and 综合评价 run it), the
 * jsonb_each GROUP BY it replaced, and the baseline: one GROUP BY over the same items as plain rows.
 */
async function tallyBaselines(database: Database, meetingId: number) {
  const [meeting] = await database.db.select().from(reviewMeetings).where(eq(reviewMeetings.id, meetingId));
  const jsonbGroupBy = () =>
    database.db.execute(sql`select b.category, r.key, i.key, i.value #>> '{}', count(*)
                              from ballots b, jsonb_each(b.choices) r, jsonb_each(r.value) i
                             where b.meeting_id = ${meetingId} and not b.rehearsal group by 1, 2, 3, 4`);
  await database.db.execute(sql`create table bench_items as
    select b.category, r.key::int as org_id, i.key as item, i.value #>> '{}' as grade
      from ballots b, jsonb_each(b.choices) r, jsonb_each(r.value) i where b.meeting_id = ${meetingId}`);
  await database.db.execute(sql`analyze bench_items`);
  const [{ items }] = (await queryRows<{ items: number }>(
    database.db,
    sql`select count(*)::int as items from bench_items`,
  )) as [{ items: number }];
  const flat = () =>
    database.db.execute(
      sql`select category, org_id, item, grade, count(*) from bench_items group by 1, 2, 3, 4`,
    );
  return {
    ballotItems: items,
    gradeCountsMs: await timed(() => gradeCounts(database.db, meeting!)),
    plainRowsGroupByMs: await timed(flat),
    jsonbGroupByMs: await timed(jsonbGroupBy, 1),
  };
}

/** The burst against a running server: warm-up ballots first, then the measured ones, open loop. */
async function burstAgainst(base: string, meeting: BurstMeeting, driver: string) {
  log(`${driver}: ${warmUp} warm-up ballots, then ${panelists} within ${windowMs / 1000} s…`);
  const warm = await openLoopBurst(base, ballotRequests(meeting.warmUpCodes, meeting.orgIds), 2_000, sockets);
  if (warm.answers.some((a) => a.status !== 200)) throw new Error(`warm-up failed: ${warm.answers[0]!.body}`);
  const burst = await openLoopBurst(base, ballotRequests(meeting.codes, meeting.orgIds), windowMs, sockets);
  const receipts = burst.answers
    .filter((a) => a.status === 200)
    .map((a) => JSON.parse(a.body).receipt as string);
  const errors = burst.answers.length - receipts.length;
  const latencyMs = latencyFigures(burst.answers);
  log(`${driver}: p50 ${latencyMs.p50} ms, p99 ${latencyMs.p99} ms, ${errors} errors`);
  return { burst, receipts, errors, latencyMs };
}

async function runDriver(driver: 'pglite' | 'postgres') {
  let options: DatabaseOptions;
  let env: Record<string, string>;
  let postgresVersion: string | undefined;
  if (driver === 'pglite') {
    const dataDir = path.join(work, 'pglite-data');
    options = { dataDir };
    env = { DATA_DIR: dataDir };
  } else {
    const postgres = await benchPostgres();
    cleanups.push(() => postgres.stop());
    options = { databaseUrl: postgres.url };
    env = { DATABASE_URL: postgres.url };
    postgresVersion = `${postgres.serverVersion} (${postgres.source})`;
  }
  const withBurst = !tallyOnly;
  const withTally = tallyOnly || driver === 'postgres';
  log(
    `${driver}: setting up a meeting (${reporters} reporters × ${burstItems.length} items, ${withBurst ? panelists : 0} codes)…`,
  );
  const setupStarted = performance.now();
  let database = await openDatabase(options);
  const meeting = await setUpMeetings(database, {
    villages: withTally ? tallyReporters : reporters,
    reporters,
    codeCount: withBurst ? panelists : 0,
    warmUp: withBurst ? warmUp : 0,
    tallyMeeting: withTally,
  });
  if (meeting.tallyMeetingId !== null) {
    log(`${driver}: inserting ${tallyBallots} closed ballots × ${tallyReporters} reporters × 5 items…`);
    await insertTallyBallots(database, meeting.tallyMeetingId, tallyBallots);
  }
  await database.close();
  const setupSeconds = round((performance.now() - setupStarted) / 1000, 1);

  const server = await startServer(env, driver);
  const sent = withBurst ? await burstAgainst(server.base, meeting, driver) : null;
  const tallyMs =
    meeting.tallyMeetingId === null ? null : await serviceTally(server.base, meeting.tallyMeetingId);
  await server.stop();

  database = await openDatabase(options);
  try {
    const tally =
      meeting.tallyMeetingId === null
        ? null
        : {
            reporters: tallyReporters,
            ballots: tallyBallots,
            items: 5,
            serviceTallyMs: tallyMs,
            ...(await tallyBaselines(database, meeting.tallyMeetingId)),
            targetMs: 2_000,
          };
    if (tally) log(`${driver}: tally ${JSON.stringify(tally)}`);
    return {
      ...(postgresVersion ? { postgres: postgresVersion } : {}),
      setupSeconds,
      ...(sent && (await burstFigures(database, meeting, sent, driver))),
      tally: tally && { ...tally, met: (tally.serviceTallyMs ?? Infinity) <= tally.targetMs },
    };
  } finally {
    await database.close();
  }
}

/** What the burst did and left stored, against its targets, with the plain-INSERT baseline. */
async function burstFigures(
  database: Database,
  meeting: BurstMeeting,
  { burst, receipts, errors, latencyMs }: Awaited<ReturnType<typeof burstAgainst>>,
  driver: 'pglite' | 'postgres',
) {
  const stored = await checkStored(database, meeting, receipts);
  log(`${driver}: ${JSON.stringify(stored)}`);
  const baseline = await insertBaseline(database, meeting.orgIds);
  const met =
    latencyMs.p99 <= targets[driver] && errors === 0 && stored.lost === 0 && stored.doubleCounted === 0;
  return {
    burst: {
      ballots: panelists,
      reporters,
      items: burstItems.length,
      sentWithinMs: round(burst.sentWithinMs),
      lastAnswerMs: round(burst.lastAnswerMs),
      latencyMs,
      errors,
      statuses: [...new Set(burst.answers.map((a) => a.status))].sort(),
      ...stored,
      p99TargetMs: targets[driver],
      met,
    },
    baseline,
  };
}

runBenchmark(work, cleanups, async () => {
  buildFirst();
  const pglite = await runDriver('pglite');
  const postgres = await runDriver('postgres');
  printResult({
    benchmark: tallyOnly ? 'ballots-tally' : 'ballots',
    quick,
    machine: machineInfo(),
    pglite,
    postgres,
  });
});
