import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { queryRows } from '../../src/db/query-rows.js';
import { schedulerRuns } from '../../src/db/schema/index.js';
import { manualClock } from '../../src/server/clock.js';
import { createJobRunner } from '../../src/server/jobs/service.js';
import {
  createScheduler,
  interruptedRunError,
  pruneRunsTask,
  type Scheduler,
} from '../../src/server/scheduler/scheduler.js';
import { createTestDatabase, testDriver } from '../helpers/test-db.js';

describe(`scheduler (${testDriver})`, () => {
  let first: Database;
  // On PostgreSQL a second pool on the same database, as another instance has; PGlite has one connection.
  let second: Database;
  const clock = manualClock('2026-03-01T00:00:00');
  const errors: string[] = [];
  const log = { error: (message: string) => void errors.push(message) };

  beforeAll(async () => {
    first = await createTestDatabase();
    if (testDriver === 'pglite') second = first;
    else {
      const [row] = await queryRows<{ name: string }>(first.db, sql`select current_database() as name`);
      const url = new URL(inject('postgresUrl'));
      url.pathname = `/${row!.name}`;
      second = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
    }
  });
  afterAll(async () => {
    if (second !== first) await second?.close();
    await first?.close();
  });

  it('runs a daily task exactly once a day across two instances, and records a failed run', async () => {
    const ran: string[] = [];
    const instances: Scheduler[] = [first, second].map((database, i) => {
      const scheduler = createScheduler({ db: database.db, clock, instance: `instance-${i}`, log });
      scheduler.register({
        name: 'digest',
        dailyAt: '08:00',
        async run({ period }) {
          ran.push(period);
          // Long enough that the other instance's tick overlaps this run.
          await new Promise((resolve) => setTimeout(resolve, 20));
        },
      });
      scheduler.register({
        name: 'overdue',
        dailyAt: '00:30',
        async run({ period }) {
          if (period === '2026-03-02') throw new Error('数据库磁盘已满');
        },
      });
      return scheduler;
    });
    const days = ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04'];
    for (const day of days) {
      for (const time of ['00:00', '07:59', '08:00', '08:01', '12:00', '23:59']) {
        clock.set(`${day}T${time}:00`);
        await Promise.all(instances.map((scheduler) => scheduler.tick()));
        // Not before its time of day.
        if (time === '07:59') expect(ran).not.toContain(day);
      }
    }
    expect(ran).toEqual(days);

    const rows = await first.db
      .select()
      .from(schedulerRuns)
      .orderBy(asc(schedulerRuns.task), asc(schedulerRuns.period));
    expect(rows.map((r) => [r.task, r.period, r.outcome])).toEqual([
      ...days.map((day) => ['digest', day, 'succeeded']),
      ...days.map((day) => ['overdue', day, day === '2026-03-02' ? 'failed' : 'succeeded']),
    ]);
    for (const row of rows) {
      expect(['instance-0', 'instance-1']).toContain(row.instance);
      expect(row.finishedAt!.getTime()).toBeGreaterThanOrEqual(row.startedAt.getTime());
    }
    const failed = rows.find((r) => r.outcome === 'failed')!;
    expect(failed.error).toContain('数据库磁盘已满');
    // The first tick after 00:30 that day.
    expect(failed.startedAt).toEqual(new Date('2026-03-02T07:59:00'));
    expect(errors.some((e) => e.includes('overdue') && e.includes('数据库磁盘已满'))).toBe(true);
  });

  it('runs a periodic task once per interval', async () => {
    const ran: string[] = [];
    const instances = [first, second].map((database, i) => {
      const scheduler = createScheduler({ db: database.db, clock, instance: `instance-${i}`, log });
      scheduler.register({ name: 'every15', every: 15, run: async ({ period }) => void ran.push(period) });
      return scheduler;
    });
    const start = new Date('2026-03-05T10:00:00Z').getTime();
    for (let minute = 0; minute < 60; minute += 5) {
      clock.set(new Date(start + minute * 60_000));
      await Promise.all(instances.map((scheduler) => scheduler.tick()));
    }
    expect(ran).toEqual(['10:00', '10:15', '10:30', '10:45'].map((t) => `2026-03-05T${t}:00.000Z`));
  });

  it('refuses a task that is registered twice or has no valid period', () => {
    const scheduler = createScheduler({ db: first.db, clock, log });
    const run = async () => undefined;
    scheduler.register({ name: 'once', every: 5, run });
    expect(() => scheduler.register({ name: 'once', every: 5, run })).toThrow(/twice/);
    expect(() => scheduler.register({ name: 'late', dailyAt: '24:00', run })).toThrow(/HH:MM/);
    expect(() => scheduler.register({ name: 'never', every: 0, run })).toThrow(/positive/);
  });

  it('records as failed a run left running by an instance whose runner lock is gone, not a live one’s', async () => {
    const runner = await createJobRunner({ database: second, log: { error() {}, warn() {} } as never });
    try {
      const left = (task: string, instance: string) => ({
        task,
        period: '2026-02-01',
        instance,
        startedAt: new Date('2026-02-01T04:00:00Z'),
        outcome: 'running' as const,
      });
      await first.db
        .insert(schedulerRuns)
        .values([
          left('live', String(runner.runnerKey)),
          left('dead', '424242'),
          left('unkeyed', 'instance-x'),
        ]);
      await createScheduler({ db: first.db, clock, log }).tick();
      const rows = await first.db
        .select({ task: schedulerRuns.task, outcome: schedulerRuns.outcome, error: schedulerRuns.error })
        .from(schedulerRuns)
        .where(sql`${schedulerRuns.period} = '2026-02-01'`)
        .orderBy(asc(schedulerRuns.task));
      expect(rows).toEqual([
        { task: 'dead', outcome: 'failed', error: interruptedRunError },
        { task: 'live', outcome: 'running', error: null },
        { task: 'unkeyed', outcome: 'running', error: null },
      ]);
    } finally {
      await runner.close();
    }
  });

  it('prunes run records older than 90 days with its housekeeping task', async () => {
    clock.set('2026-09-01T04:00:00');
    const scheduler = createScheduler({ db: first.db, clock, log });
    scheduler.register(pruneRunsTask());
    expect(await scheduler.tick()).toEqual([
      { task: 'scheduler.pruneRuns', period: '2026-09-01', outcome: 'succeeded', error: null },
    ]);
    const left = await first.db.select({ task: schedulerRuns.task }).from(schedulerRuns);
    // The runs of March are gone; only the pruning run itself is left.
    expect(left).toEqual([{ task: 'scheduler.pruneRuns' }]);
  });
});
