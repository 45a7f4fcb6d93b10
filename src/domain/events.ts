/**
 * Every kind of server-sent event (`GET /api/events`) and the data it carries: the one place a new
 * kind is added, read by the server's publishers and the web's subscribers alike. Data
 * stays small (a NOTIFY payload holds at most 8000 bytes): an event says what changed, and the client
 * fetches anything bigger itself.
 */
export interface EventKinds {
  /** A background job moved on; the client reads the job for details. */
  'job.progress': {
    jobId: string;
    state: 'queued' | 'running' | 'succeeded' | 'failed';
    done: number;
    total: number | null;
  };
  /** The client may have missed events: it refetches whatever it shows. */
  refresh: { reason: 'missed' };
}

export type EventType = keyof EventKinds;

/** Who may receive an event: everyone whose scope holds the org path, or one user. */
export type EventTarget = { orgPath: string } | { userId: number };

export type PublishedEvent = {
  [K in EventType]: { type: K; data: EventKinds[K] } & EventTarget;
}[EventType];

/** An event as delivered: the publisher's event with the id the database gave it. */
export type DeliveredEvent = PublishedEvent & { id: string };
