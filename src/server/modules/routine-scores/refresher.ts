// Keeps routine scores current: whenever the triggers of migrations 0015 and 0016 (or the scoring
// service) mark rows stale they NOTIFY `routineChannel`; every instance hears it and recomputes the
// stale rows only, one run at a time per process. A periodic task catches what a lost LISTEN
// connection missed. Two instances may compute the same rows at once: both store the same result,
// and the `marks` check keeps either from storing one older than a change.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../../../db/client.js';
import { routineChannel } from '../../../db/change-notify.js';
import type { Task } from '../../scheduler/scheduler.js';
import { computeRoutineScores, staleRows, type ComputeDeps } from './compute.js';

export interface RoutineRefresher {
  /** Recomputes stale rows soon (now, or right after the run in progress). */
  kick(): void;
  /**
   * Resolves once every change committed before the call has been computed (or its run failed):
   * what tests and the benchmark await after a change.
   */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** Every stale row of every cycle, computed once; rows marked again meanwhile wait for the next run. */
export async function refreshStale(deps: ComputeDeps): Promise<number> {
  let computed = 0;
  for (const { cycleId, orgIds } of await staleRows(deps.db))
    computed += (await computeRoutineScores(deps, cycleId, orgIds)).computed;
  return computed;
}

export async function createRoutineRefresher(
  database: Database,
  deps: ComputeDeps,
  log: { error(context: { err: unknown }, message: string): void },
): Promise<RoutineRefresher> {
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;
  let live = false;
  const waiting = new Map<string, () => void>();

  const loop = async () => {
    do {
      again = false;
      try {
        await refreshStale(deps);
      } catch (error) {
        // The rows stay stale: the next change or the periodic task tries again.
        log.error({ err: error }, '日常考核重新计算失败');
      }
    } while (again && !closed);
  };

  const kick = () => {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = loop().finally(() => {
      running = null;
    });
  };

  const unlisten = await database.listen(routineChannel, {
    message(payload) {
      if (!payload.startsWith('sync:')) return kick();
      // Another instance's marker asks nothing of this one.
      waiting.get(payload)?.();
      waiting.delete(payload);
    },
    up() {
      live = true;
      kick();
    },
    down() {
      live = false;
      for (const resolve of waiting.values()) resolve();
      waiting.clear();
    },
  });

  return {
    kick,
    async settled() {
      // On PostgreSQL a change's notification reaches the LISTEN connection some time after its
      // commit, so "no run in progress" alone could be read before the run it asks for began.
      // Notifications arrive in commit order: once a marker sent now is back, every change
      // committed before has kicked its run. (PGlite hands them over within the writing query.)
      if (database.driver === 'postgres' && live) {
        const token = `sync:${randomUUID()}`;
        const arrived = new Promise<void>((resolve) => waiting.set(token, resolve));
        await deps.db.execute(sql`select pg_notify(${routineChannel}, ${token})`);
        await arrived;
      }
      while (running) await running;
    },
    async close() {
      closed = true;
      await unlisten();
      while (running) await running;
    },
  };
}

/** The safety net: every 5 minutes, rows whose notification was missed. */
export function refreshRoutineScoresTask(refresher: RoutineRefresher): Task {
  return {
    name: 'routineScores.refresh',
    every: 5,
    async run() {
      refresher.kick();
      await refresher.settled();
    },
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Routine scores kept current; tests await `settled()` after a change. */
    routineScores: RoutineRefresher;
  }
}
