// Job progress as server-sent events (`job.progress`), so a browser's bar moves without polling.
import type { PublishedEvent } from '../../contract/events.js';
import type { DbDriver } from '../../db/client.js';
import type { EventBus } from '../events/bus.js';
import type { JobRunner, JobView } from './service.js';

interface Pending {
  sentAt: number;
  timer: NodeJS.Timeout | undefined;
  latest: PublishedEvent | undefined;
  /** One job's events go out one after another, so the end never overtakes a step before it. */
  sending: Promise<unknown>;
}

/**
 * Sends each job's start and end at once and its progress at most every `everyMs` (the last value of
 * a quiet spell too), addressed like the job's own reads: to its org path's scope, or to its owner.
 * On PostgreSQL they go through NOTIFY from a pooled connection, so clients of every instance get
 * them; on PGlite they are announced in-process, since the job's transaction may hold the connection.
 */
export function publishJobProgress(
  jobs: Pick<JobRunner, 'onProgress'>,
  events: Pick<EventBus, 'publish' | 'announce'>,
  driver: DbDriver,
  log: { warn(details: object, message: string): void },
  everyMs = 250,
): () => void {
  const pending = new Map<string, Pending>();

  function send(entry: Pending, event: PublishedEvent) {
    if (driver === 'pglite') return events.announce(event);
    entry.sending = entry.sending
      .then(() => events.publish(event))
      // A lost progress event only leaves a client to its poll.
      .catch((error: unknown) => log.warn({ err: error }, 'job progress event lost'));
  }

  function flush(entry: Pending) {
    if (!entry.latest) return;
    clearTimeout(entry.timer);
    send(entry, entry.latest);
    Object.assign(entry, { sentAt: Date.now(), timer: undefined, latest: undefined });
  }

  const eventOf = (job: JobView, audience: { ownerId: number; orgPath: string | null }): PublishedEvent => ({
    type: 'job.progress',
    ...(audience.orgPath === null ? { userId: audience.ownerId } : { orgPath: audience.orgPath }),
    data: { jobId: job.id, state: job.state, ...job.progress },
  });

  const stop = jobs.onProgress((job, audience) => {
    let entry = pending.get(job.id);
    if (!entry) {
      entry = { sentAt: 0, timer: undefined, latest: undefined, sending: Promise.resolve() };
      pending.set(job.id, entry);
    }
    entry.latest = eventOf(job, audience);
    if (job.state !== 'running' && job.state !== 'queued') {
      flush(entry);
      pending.delete(job.id);
      return;
    }
    if (entry.timer) return;
    const wait = entry.sentAt + everyMs - Date.now();
    const due = entry;
    if (wait <= 0) flush(due);
    else due.timer = setTimeout(() => flush(due), wait);
  });

  return () => {
    stop();
    for (const entry of pending.values()) clearTimeout(entry.timer);
    pending.clear();
  };
}
