import { sql } from 'drizzle-orm';
import type { Database, Db } from '../../db/client.js';
import { queryRows } from '../../db/query-rows.js';
import type { DeliveredEvent, PublishedEvent } from '../../contract/events.js';

/** The NOTIFY channel of server-sent events; the change watcher's channel stays for cache invalidation. */
export const eventChannel = 'shuping_events';

// PostgreSQL refuses a NOTIFY payload of 8000 bytes or more; the id and its space come first.
const payloadLimitBytes = 7999 - 21;

export interface EventBus {
  /**
   * Announces `event` to every instance's subscribers, with an id drawn from the database. Given a
   * transaction, the event goes out when (and only if) it commits. Returns the event's id.
   */
  publish(event: PublishedEvent, db?: Db): Promise<string>;
  /**
   * Hands a passing event, one the next of its kind supersedes (progress), to this instance's
   * subscribers at once, without an id: it is not replayed and reaches no other instance. For PGlite,
   * whose one process is every instance and whose one connection a job's transaction may hold.
   */
  announce(event: PublishedEvent): void;
  /**
   * Calls `listener` with every event this instance receives, in the order every instance receives
   * them; announced events, which have no id, in between.
   */
  subscribe(listener: (event: DeliveredEvent | PublishedEvent) => void): () => void;
  /**
   * The events received after the one with id `lastId`, oldest first; null when this instance
   * cannot tell what came after it (not received here, fallen out of the buffer, or a gap while
   * the LISTEN connection was down).
   */
  since(lastId: string): DeliveredEvent[] | null;
  /** Told when this instance may have missed events: the LISTEN connection came back after a loss. */
  onGap(listener: () => void): () => void;
  close(): Promise<void>;
}

export interface EventBusOptions {
  /** How many recent events are kept for reconnecting clients. */
  bufferSize?: number;
}

export async function createEventBus(
  database: Database,
  log: { warn(message: string): void },
  { bufferSize = 1000 }: EventBusOptions = {},
): Promise<EventBus> {
  const listeners = new Set<(event: DeliveredEvent | PublishedEvent) => void>();
  const gapListeners = new Set<() => void>();
  // Delivery order is commit order and the same on every instance, unlike id order (ids are drawn
  // before commit), so replay goes by position in this list rather than by comparing ids.
  let recent: DeliveredEvent[] = [];
  let lost = false;

  function receive(payload: string) {
    const space = payload.indexOf(' ');
    let event: DeliveredEvent;
    try {
      event = { ...(JSON.parse(payload.slice(space + 1)) as PublishedEvent), id: payload.slice(0, space) };
    } catch {
      log.warn(`忽略无法解析的事件通知：${payload.slice(0, 80)}`);
      return;
    }
    recent.push(event);
    // Trimming in batches keeps the cost per event constant without a ring of indices.
    if (recent.length > bufferSize * 1.25) recent = recent.slice(-bufferSize);
    for (const listener of listeners) listener(event);
  }

  const unlisten = await database.listen(eventChannel, {
    message: receive,
    up() {
      if (!lost) return;
      lost = false;
      recent = [];
      for (const listener of gapListeners) listener();
    },
    down(reason) {
      lost = true;
      log.warn(`事件通知连接中断（${reason}），重新连接后通知客户端刷新`);
    },
  });

  return {
    async publish(event, db = database.db) {
      const text = JSON.stringify(event);
      if (Buffer.byteLength(text) > payloadLimitBytes)
        throw new Error(
          `event ${event.type} is ${Buffer.byteLength(text)} bytes; NOTIFY holds ${payloadLimitBytes}`,
        );
      const [row] = await queryRows<{ id: string }>(
        db,
        sql`select n.id::text as id, pg_notify(${eventChannel}, n.id::text || ' ' || ${text})
            from (select nextval('event_ids') as id) n`,
      );
      return row!.id;
    },
    announce(event) {
      for (const listener of listeners) listener(event);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    since(lastId) {
      const at = recent.findLastIndex((event) => event.id === lastId);
      return at < 0 ? null : recent.slice(at + 1);
    },
    onGap(listener) {
      gapListeners.add(listener);
      return () => gapListeners.delete(listener);
    },
    async close() {
      listeners.clear();
      gapListeners.clear();
      await unlisten();
    },
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Server-sent events: modules publish here, `GET /api/events` streams what a client may see. */
    events: EventBus;
  }
}
