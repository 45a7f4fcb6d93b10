// Progress of running imports, kept in this process's memory: the poll route answers without a
// database query, which matters on PGlite where the import's write transaction holds the only
// connection. With several app instances the poll must reach the instance that took the upload
// (sticky sessions), or the client simply shows the upload percentage alone.
import type { ImportProgress } from '../../../contract/imports.js';
import { conflict } from '../../errors.js';

interface Tracked extends ImportProgress {
  userId: number;
  touchedAt: number;
}

/** A finished import's progress stays readable this long, for the client's last poll. */
const keepMs = 10 * 60 * 1000;

export function createProgressRegistry(now = () => Date.now()) {
  const entries = new Map<string, Tracked>();

  function sweep() {
    const cutoff = now() - keepMs;
    for (const [id, entry] of entries) if (entry.touchedAt < cutoff) entries.delete(id);
  }

  return {
    /** Starts tracking `id` for `userId`; an id another user's import holds is refused. */
    start(id: string, userId: number) {
      sweep();
      const held = entries.get(id);
      if (held && held.userId !== userId)
        throw conflict('IMPORT_ID_TAKEN', '导入编号已被占用，请刷新页面后重试');
      const entry: Tracked = { phase: 'reading', done: 0, total: null, userId, touchedAt: now() };
      entries.set(id, entry);
      return {
        update(change: Partial<ImportProgress>) {
          Object.assign(entry, change, { touchedAt: now() });
        },
      };
    },

    /** The progress of `id` if `userId` started it; anyone else learns nothing, not even that it exists. */
    read(id: string, userId: number): ImportProgress | null {
      const entry = entries.get(id);
      if (!entry || entry.userId !== userId) return null;
      return { phase: entry.phase, done: entry.done, total: entry.total };
    },
  };
}

export type ProgressRegistry = ReturnType<typeof createProgressRegistry>;
export type ProgressHandle = ReturnType<ProgressRegistry['start']>;
