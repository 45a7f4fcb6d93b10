// Background jobs: a row in `jobs` per run, committed before the work begins, so every instance can
// answer for it. Progress stays outside the work's own transaction (docs/architecture.md, "Jobs"):
// on PostgreSQL it is written to the row from another pooled connection, at most every
// `progressWriteMs`; on PGlite, whose data-directory lock guarantees a single process and whose one
// connection the work's transaction holds, a running job is answered from this runner's memory and
// its row is written at start and end only.
import { randomInt, randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { inScope } from '../../domain/access.js';
import { advisoryLockKeys } from '../../db/advisory-locks.js';
import type { Database, Db } from '../../db/client.js';
import { queryRows } from '../../db/query-rows.js';
import { jobs, type JobError, type JobState } from '../../db/schema/index.js';
import type { Job } from '../../contract/jobs.js';
import type { Actor } from '../http/actor.js';
import { withinScope } from '../http/scope-sql.js';

export interface JobProgress {
  /** What the job is doing; the kind names its phases (an import: reading, validating, writing). */
  phase: string | null;
  done: number;
  /** Known or estimated end of `done`; null while unknown. */
  total: number | null;
}

/** A job as the API answers it (`Job` in the contract). */
export type JobView = Job;

export interface JobContext {
  id: string;
  /** Records progress without waiting: safe to call from inside the job's own transaction. */
  progress(change: Partial<JobProgress>): void;
}

export type JobWork<T> = (ctx: JobContext) => Promise<T>;

/** Who may read a job: its owner, and users whose scope holds its org path (null: whole-system scope). */
export interface JobAudience {
  ownerId: number;
  orgPath: string | null;
}

export type JobListener = (job: JobView, audience: JobAudience) => void;

/** The error a job ends with when its process died under it. */
export const interruptedError: JobError = {
  code: 'JOB_INTERRUPTED',
  message: '服务重启，任务中断，请重新导入',
};

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const unexpectedError: JobError = {
  code: 'JOB_FAILED',
  message: '任务执行出错，未保存任何数据，请稍后重试；如仍失败请联系管理员',
};

interface Local extends JobAudience {
  view: JobView;
  /** Row writes of this job, in order: the final state must land after every progress write. */
  writes: Promise<unknown>;
  lastWrite: number;
  pendingWrite: NodeJS.Timeout | undefined;
  ended: Promise<void>;
}

export interface JobRunnerOptions {
  database: Database;
  log: FastifyBaseLogger;
  /** Least time between two progress writes of one job to its row (PostgreSQL only). */
  progressWriteMs?: number;
}

const asError = (error: unknown): JobError | null => {
  const e = error as { isAppError?: boolean; code: string; message: string; details?: unknown };
  if (!e?.isAppError) return null;
  return e.details === undefined
    ? { code: e.code, message: e.message }
    : { code: e.code, message: e.message, details: e.details };
};

const columns = {
  id: jobs.id,
  kind: jobs.kind,
  state: jobs.state,
  phase: jobs.phase,
  done: jobs.done,
  total: jobs.total,
  result: jobs.result,
  error: jobs.error,
  createdAt: jobs.createdAt,
  startedAt: jobs.startedAt,
  finishedAt: jobs.finishedAt,
};

type Row = { [K in keyof typeof columns]: (typeof jobs.$inferSelect)[K] };

const iso = (at: Date | null) => at && at.toISOString();

const viewOf = ({ phase, done, total, error, createdAt, startedAt, finishedAt, ...rest }: Row): JobView => ({
  ...rest,
  progress: { phase, done, total },
  error: error ?? null,
  createdAt: createdAt.toISOString(),
  startedAt: iso(startedAt),
  finishedAt: iso(finishedAt),
});

const snapshot = (view: JobView): JobView => ({ ...view, progress: { ...view.progress } });

export async function createJobRunner({ database, log, progressWriteMs = 250 }: JobRunnerOptions) {
  const { db } = database;
  const writesProgress = database.driver === 'postgres';
  const local = new Map<string, Local>();
  const listeners = new Set<JobListener>();
  const runner = await holdRunnerLock(database);
  await failOrphans(db);

  function emit(job: Local) {
    const view = snapshot(job.view);
    const audience = { ownerId: job.ownerId, orgPath: job.orgPath };
    for (const listener of listeners) {
      try {
        listener(view, audience);
      } catch (error) {
        log.error({ err: error }, 'job progress listener failed');
      }
    }
  }

  function queueWrite(job: Local, write: () => Promise<unknown>) {
    job.writes = job.writes.then(write).catch((error: unknown) => {
      // A lost progress write only makes another instance's view lag; the work goes on.
      log.warn({ err: error, jobId: job.view.id }, 'job row write failed');
    });
    return job.writes;
  }

  function writeProgress(job: Local) {
    job.pendingWrite = undefined;
    job.lastWrite = Date.now();
    const { phase, done, total } = job.view.progress;
    void queueWrite(job, () =>
      db
        .update(jobs)
        .set({ phase, done, total })
        .where(and(eq(jobs.id, job.view.id), eq(jobs.state, 'running'))),
    );
  }

  function progress(job: Local, change: Partial<JobProgress>) {
    if (job.view.state !== 'running') return;
    Object.assign(job.view.progress, change);
    emit(job);
    if (!writesProgress || job.pendingWrite) return;
    const wait = job.lastWrite + progressWriteMs - Date.now();
    if (wait <= 0) writeProgress(job);
    else job.pendingWrite = setTimeout(() => writeProgress(job), wait);
  }

  async function finish(job: Local, outcome: { result: unknown } | { error: JobError }) {
    clearTimeout(job.pendingWrite);
    const finishedAt = new Date();
    const { phase, done, total } = job.view.progress;
    const state: JobState = 'result' in outcome ? 'succeeded' : 'failed';
    await queueWrite(job, () =>
      db
        .update(jobs)
        .set({
          state,
          phase,
          done,
          total,
          finishedAt,
          ...('result' in outcome ? { result: outcome.result } : { error: outcome.error }),
        })
        .where(eq(jobs.id, job.view.id)),
    );
    // Only now may a poll go to the row: it holds the end.
    Object.assign(job.view, { state, finishedAt: finishedAt.toISOString() }, outcome);
    local.delete(job.view.id);
    emit(job);
  }

  async function run<T>(job: Local, work: JobWork<T>) {
    try {
      const result = await work({ id: job.view.id, progress: (change) => progress(job, change) });
      await finish(job, { result: result ?? null });
    } catch (error) {
      const known = asError(error);
      if (!known) log.error({ err: error, jobId: job.view.id, kind: job.view.kind }, 'job failed');
      await finish(job, { error: known ?? unexpectedError });
    }
  }

  function visible(actor: Actor, ownerId: number, orgPath: string | null) {
    if (ownerId === actor.id) return true;
    return orgPath === null ? actor.scope.kind === 'all' : inScope(actor.scope, orgPath);
  }

  const canSee = (actor: Actor) => or(eq(jobs.ownerId, actor.id), withinScope(actor.scope, jobs.orgPath));

  return {
    /**
     * Starts `work` as a job of `kind` owned by `actor`, readable also by users whose scope covers
     * `orgPath` (null: whole-system scope only). Resolves once the job's row is committed, before the
     * work has begun; the work's outcome becomes the job's result or its `{code, message, details}`.
     */
    async start<T>(actor: Actor, kind: string, orgPath: string | null, work: JobWork<T>): Promise<JobView> {
      const [row] = await db
        .insert(jobs)
        .values({
          id: randomUUID(),
          kind,
          state: 'running',
          ownerId: actor.id,
          orgPath,
          runner: runner.key,
          startedAt: sql`now()`,
        })
        .returning(columns);
      const job: Local = {
        view: viewOf(row!),
        ownerId: actor.id,
        orgPath,
        writes: Promise.resolve(),
        lastWrite: 0,
        pendingWrite: undefined,
        ended: Promise.resolve(),
      };
      local.set(job.view.id, job);
      emit(job);
      const started = snapshot(job.view);
      job.ended = run(job, work);
      return started;
    },

    /** The job if `actor` owns it or their scope covers it; null otherwise, as if it did not exist. */
    async read(actor: Actor, id: string): Promise<JobView | null> {
      if (!uuidPattern.test(id)) return null;
      const running = local.get(id);
      if (running) return visible(actor, running.ownerId, running.orgPath) ? snapshot(running.view) : null;
      const [row] = await database.readAside((on) =>
        on
          .select(columns)
          .from(jobs)
          .where(and(eq(jobs.id, id), canSee(actor))),
      );
      return row ? viewOf(row) : null;
    },

    /** The actor's own most recent jobs, newest first. */
    async recent(actor: Actor, limit: number): Promise<JobView[]> {
      const rows = await database.readAside((on) =>
        on
          .select(columns)
          .from(jobs)
          .where(eq(jobs.ownerId, actor.id))
          .orderBy(desc(jobs.createdAt))
          .limit(limit),
      );
      return rows.map((row) => {
        const running = local.get(row.id);
        return running ? snapshot(running.view) : viewOf(row);
      });
    },

    /** Calls `listener` on every start, progress step and end of a job of this instance. */
    onProgress(listener: JobListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /** Resolves once every job this instance runs has ended, those started meanwhile too. */
    async idle() {
      while (local.size) await Promise.all([...local.values()].map((j) => j.ended));
    },

    /** Waits for the running jobs, then lets the runner lock go. */
    async close() {
      await this.idle();
      await runner.release();
    },

    /** This instance's key among runners (what `jobs.runner` holds for its jobs). */
    runnerKey: runner.key,
  };

  /** Fails every job whose runner no longer holds its lock: its process is gone, its work with it. */
  async function failOrphans(on: Db) {
    const live = await liveRunners(on);
    await on
      .update(jobs)
      .set({ state: 'failed', error: interruptedError, finishedAt: sql`now()` })
      .where(
        and(
          inArray(jobs.state, ['queued', 'running']),
          live.length ? sql`(${jobs.runner} is null or ${jobs.runner} not in ${live})` : undefined,
        ),
      );
  }
}

/** Runner keys whose session lock is held in this database right now: the live app instances. */
export async function liveRunners(db: Db): Promise<number[]> {
  const rows = await queryRows<{ key: number }>(
    db,
    sql`select objid::bigint::int as key from pg_locks
        where locktype = 'advisory' and granted and objsubid = 2
          and classid = ${advisoryLockKeys.jobRunner}::oid
          and database = (select oid from pg_database where datname = current_database())`,
  );
  return rows.map((r) => r.key);
}

/**
 * Takes a session advisory lock (jobRunner, key) for a fresh random key and holds it on one
 * connection until released. PostgreSQL frees it the moment the process or its connection dies,
 * which is how a starting instance tells a dead runner's jobs from a live one's.
 */
async function holdRunnerLock(database: Database) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let holding: Promise<void> = Promise.resolve();
  const key = await new Promise<number>((resolve, reject) => {
    holding = database.withConnection(async (conn) => {
      for (;;) {
        const candidate = randomInt(1, 2 ** 31 - 1);
        const [got] = await queryRows<{ ok: boolean }>(
          conn,
          sql`select pg_try_advisory_lock(${advisoryLockKeys.jobRunner}, ${candidate}) as ok`,
        );
        if (got?.ok) {
          resolve(candidate);
          await released;
          // The connection goes back to the pool: it must not keep vouching for this runner. A database
          // already closed (the server's own close hook may run first) has let the lock go with it.
          await conn
            .execute(sql`select pg_advisory_unlock(${advisoryLockKeys.jobRunner}, ${candidate})`)
            .catch(() => undefined);
          return;
        }
      }
    });
    holding.catch(reject);
  });
  return {
    key,
    release() {
      release();
      return holding;
    },
  };
}

export type JobRunner = Awaited<ReturnType<typeof createJobRunner>>;

declare module 'fastify' {
  interface FastifyInstance {
    /** Background jobs: `app.jobs.start(actor, kind, orgPath, work)` from any module. */
    jobs: JobRunner;
  }
}
