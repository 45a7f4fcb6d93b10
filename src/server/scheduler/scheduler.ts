import { randomUUID } from 'node:crypto';
import { and, eq, lt, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { schedulerRuns } from '../../db/schema/index.js';
import { today, type Clock } from '../clock.js';
import { liveRunners } from '../jobs/service.js';

export interface TaskContext {
  /** The period this run stands for: the day of a daily task, the interval's start of a periodic one. */
  period: string;
  /** The clock's time when the run started. */
  now: Date;
  db: Db;
}

/** A named task, run once per period by whichever instance claims the period first. */
export type Task = {
  name: string;
  run(context: TaskContext): Promise<void>;
} & (
  | { /** Every N minutes, in intervals counted from the epoch. */ every: number }
  | { /** Once a day, at or after this local time (HH:MM). */ dailyAt: string }
);

export interface RunRecord {
  task: string;
  period: string;
  outcome: 'succeeded' | 'failed';
  error: string | null;
}

export interface Scheduler {
  register(task: Task): void;
  /**
   * Runs every registered task whose current period nobody has claimed yet, and answers the runs
   * this instance made. The timer calls it; tests call it after moving their clock.
   */
  tick(): Promise<RunRecord[]>;
  /** Ticks every `tickMs` from now on. */
  start(): void;
  /** Stops ticking and waits for runs in progress. */
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  db: Db;
  clock: Clock;
  /**
   * Recorded on each run; random per process unless given. The app gives its job runner's key
   * (`jobs.runnerKey`): while a run of such an instance says `running` and the runner's lock is gone,
   * the process died under it, and the next tick of any instance records the run as failed.
   */
  instance?: string;
  tickMs?: number;
  log: { error(message: string): void };
}

const dailyAtPattern = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** The period `task` is in at `now`, or null when a daily task's time has not come yet today. */
export function periodOf(task: Task, now: Date): string | null {
  if ('every' in task) {
    const length = task.every * 60_000;
    return new Date(Math.floor(now.getTime() / length) * length).toISOString();
  }
  const [, hours, minutes] = dailyAtPattern.exec(task.dailyAt)!;
  const due = now.getHours() * 60 + now.getMinutes() >= Number(hours) * 60 + Number(minutes);
  return due ? today(now) : null;
}

export function createScheduler({
  db,
  clock,
  instance = randomUUID(),
  tickMs = 30_000,
  log,
}: SchedulerOptions): Scheduler {
  const tasks = new Map<string, Task>();
  // A run longer than its period must not be started again beside itself.
  const running = new Set<string>();
  // The last period of each task this instance saw claimed, by itself or another: later ticks in the
  // same period need not write (each refused insert still draws a sequence number).
  const claimedPeriods = new Map<string, string>();
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<RunRecord[]> = Promise.resolve([]);

  async function runOnce(task: Task): Promise<RunRecord | null> {
    const now = clock.now();
    const period = periodOf(task, now);
    if (period === null || running.has(task.name) || claimedPeriods.get(task.name) === period) return null;
    // The unique (task, period) key decides: one instance's insert wins, every other one finds the row.
    const [claimed] = await db
      .insert(schedulerRuns)
      .values({ task: task.name, period, instance, startedAt: now, outcome: 'running' })
      .onConflictDoNothing()
      .returning({ id: schedulerRuns.id });
    claimedPeriods.set(task.name, period);
    if (!claimed) return null;
    running.add(task.name);
    let error: string | null = null;
    try {
      await task.run({ period, now, db });
    } catch (thrown) {
      error = thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown);
      log.error(`定时任务 ${task.name}（${period}）失败：${error}`);
    } finally {
      running.delete(task.name);
    }
    const outcome = error === null ? 'succeeded' : 'failed';
    await db
      .update(schedulerRuns)
      .set({ outcome, error, finishedAt: clock.now() })
      .where(eq(schedulerRuns.id, claimed.id));
    return { task: task.name, period, outcome, error };
  }

  async function tickAll(): Promise<RunRecord[]> {
    await failRunsOfGoneRunners(db);
    const runs = await Promise.all([...tasks.values()].map(runOnce));
    return runs.filter((run) => run !== null);
  }

  const scheduler: Scheduler = {
    register(task) {
      if (tasks.has(task.name)) throw new Error(`scheduled task ${task.name} registered twice`);
      if ('every' in task && !(Number.isInteger(task.every) && task.every > 0))
        throw new Error(`scheduled task ${task.name}: every must be a positive whole number of minutes`);
      if ('dailyAt' in task && !dailyAtPattern.test(task.dailyAt))
        throw new Error(`scheduled task ${task.name}: dailyAt must be HH:MM`);
      tasks.set(task.name, task);
    },
    tick() {
      // One tick at a time, so a slow tick and the next one never race for the same task.
      ticking = ticking.then(tickAll, tickAll);
      return ticking;
    },
    start() {
      if (timer) return;
      const tick = () =>
        void scheduler.tick().catch((error: unknown) => log.error(`定时任务检查失败：${String(error)}`));
      tick();
      timer = setInterval(tick, tickMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await ticking.catch(() => undefined);
    },
  };
  return scheduler;
}

/** The error of a run whose process ended during it. */
export const interruptedRunError = '进程在运行中退出，本次运行中断';

async function failRunsOfGoneRunners(db: Db) {
  const live = (await liveRunners(db)).map(String);
  await db
    .update(schedulerRuns)
    .set({ outcome: 'failed', error: interruptedRunError, finishedAt: sql`now()` })
    .where(
      and(
        eq(schedulerRuns.outcome, 'running'),
        sql`${schedulerRuns.instance} ~ '^[0-9]+$'`,
        live.length ? notInArray(schedulerRuns.instance, live) : undefined,
      ),
    );
}

/** How long run records are kept before the housekeeping task prunes them. */
export const runRecordDays = 90;

/** The one task shipped so far: run records older than `runRecordDays` are deleted, daily. */
export function pruneRunsTask(): Task {
  return {
    name: 'scheduler.pruneRuns',
    dailyAt: '03:30',
    async run({ now, db }) {
      const before = new Date(now.getTime() - runRecordDays * 86_400_000);
      await db.delete(schedulerRuns).where(lt(schedulerRuns.startedAt, before));
    },
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Modules register their daily or periodic tasks here; the server starts it after listening. */
    scheduler: Scheduler;
  }
}
