// Keeps routine scores current: whenever the triggers of migrations 0015 and 0016 (or the scoring
// service) mark rows stale they NOTIFY `routineChannel`; every instance hears it and recomputes the
// stale rows only, one run at a time per process. A periodic task catches what a lost LISTEN
// connection missed. Two instances may compute the same rows at once: both store the same result,
// and the `marks` check keeps either from storing one older than a change.
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../../db/client.js';
import { routineChannel } from '../../../db/change-notify.js';
import type { Task } from '../../scheduler/scheduler.js';
import { computeRoutineScores, staleRows, type ComputeDeps } from './compute.js';

export interface RoutineRefresher {
  /** Recomputes stale rows soon (now, or right after the run in progress). */
  kick(): void;
  /** Resolves when no run is in progress or asked for: what tests await after a change. */
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
  log: FastifyBaseLogger,
): Promise<RoutineRefresher> {
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;

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
    message: kick,
    up: kick,
    down: () => undefined,
  });

  return {
    kick,
    async settled() {
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
