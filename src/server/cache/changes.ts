import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { changeChannel } from '../../db/change-notify.js';
import type { Database } from '../../db/client.js';

interface Entry<V> {
  value: V;
  /** Epoch milliseconds after which the entry is no longer served (session expiry, midnight). */
  until: number;
}

/**
 * A bounded in-memory map whose entries all vanish on any watched change. Filled only through
 * `load`, which drops an answer when a change arrived while it was being read, so a read that
 * raced a write never outlives it.
 */
export class ChangeCache<V> {
  readonly #entries = new Map<string, Entry<V>>();

  constructor(
    private readonly changes: Changes,
    private readonly maxEntries: number,
    /** The tables its entries are built from: a write to any other leaves them standing. */
    readonly tables: readonly WatchedTable[],
  ) {}

  get(key: string, now = Date.now()): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (now < entry.until && this.changes.live) return entry.value;
    this.#entries.delete(key);
    return undefined;
  }

  /** Reads through `read`; a null answer (unknown session, say) is passed on and never kept. */
  async load(key: string, read: () => Promise<Entry<V> | null>): Promise<V | null> {
    const generation = this.changes.generation;
    const entry = await read();
    if (!entry) return null;
    if (this.changes.live && generation === this.changes.generation && Date.now() < entry.until) {
      // Oldest first in a Map: dropping the first key bounds memory against many short-lived sessions.
      if (this.#entries.size >= this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
      this.#entries.set(key, entry);
    }
    return entry.value;
  }

  clear() {
    this.#entries.clear();
  }
}

/**
 * The tables whose writes migrations' triggers announce on the channel, the table's name as payload
 * (0003: sessions, users, orgs; 0011: members).
 */
export type WatchedTable = 'sessions' | 'users' | 'orgs' | 'members';

/**
 * What this instance knows about writes that can stale its caches. `live` is true only while every
 * committed write, by any instance or the CLI, is sure to reach it: on PostgreSQL while the LISTEN
 * connection is up. While it is down nothing is cached or served from cache.
 */
export interface Changes {
  readonly live: boolean;
  /** Bumped by every invalidation, whichever caches it empties. */
  readonly generation: number;
  cache<V>(maxEntries: number, tables: readonly WatchedTable[]): ChangeCache<V>;
  /** Drops every cached entry now: this instance just wrote. */
  invalidate(): void;
  /**
   * Resolves once every write committed before the call has been applied here. Immediate on PGlite
   * and while not live; on PostgreSQL a NOTIFY round trip, since notifications arrive in commit order.
   */
  settled(): Promise<void>;
  close(): Promise<void>;
}

const watchedTables: ReadonlySet<WatchedTable> = new Set(['sessions', 'users', 'orgs', 'members'] as const);

export async function watchChanges(
  database: Database,
  log: { warn(message: string): void; info(message: string): void },
): Promise<Changes> {
  const caches = new Set<ChangeCache<unknown>>();
  const waiting = new Map<string, () => void>();

  const state: Changes & { live: boolean; generation: number } = {
    live: false,
    generation: 0,
    cache<V>(maxEntries: number, tables: readonly WatchedTable[]): ChangeCache<V> {
      const cache = new ChangeCache<V>(state, maxEntries, tables);
      caches.add(cache as ChangeCache<unknown>);
      return cache;
    },
    invalidate() {
      state.generation++;
      for (const cache of caches) cache.clear();
    },
    async settled() {
      if (database.driver === 'pglite' || !state.live) return;
      // Unique across instances, which all hear every marker.
      const token = `sync:${randomUUID()}`;
      const arrived = new Promise<void>((resolve) => waiting.set(token, resolve));
      await database.db.execute(sql`select pg_notify(${changeChannel}, ${token})`);
      await arrived;
    },
    close: async () => undefined,
  };

  /** Empties the caches built from `table`, or all of them for a payload naming no watched table. */
  function tableChanged(table: string) {
    state.generation++;
    const known = watchedTables.has(table as WatchedTable);
    for (const cache of caches) if (!known || cache.tables.includes(table as WatchedTable)) cache.clear();
  }

  const unlisten = await database.listen(changeChannel, {
    message(payload) {
      if (!payload.startsWith('sync:')) return tableChanged(payload);
      // Another instance's sync marker changes nothing here.
      waiting.get(payload)?.();
      waiting.delete(payload);
    },
    up() {
      state.invalidate();
      state.live = true;
      if (database.driver === 'postgres') log.info('缓存失效通知已连接（LISTEN），启用会话与组织缓存');
    },
    down(reason) {
      state.live = false;
      state.invalidate();
      for (const resolve of waiting.values()) resolve();
      waiting.clear();
      log.warn(`缓存失效通知连接中断（${reason}），暂停缓存直至重新连接`);
    },
  });
  state.close = async () => {
    state.live = false;
    state.invalidate();
    await unlisten();
  };
  return state;
}

/** Changes for code that must always read the database (the query benchmark): never live, never caches. */
export function noCaching(): Changes {
  const changes: Changes = {
    live: false,
    generation: 0,
    cache: <V>(maxEntries: number, tables: readonly WatchedTable[]) =>
      new ChangeCache<V>(changes, maxEntries, tables),
    invalidate: () => undefined,
    settled: async () => undefined,
    close: async () => undefined,
  };
  return changes;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's change watcher: tests await `settled()` after writing to the database directly. */
    changes: Changes;
  }
}
