import type { EventKinds, EventType } from '../../contract/events.js';

export type EventHandlers = { [K in EventType]?: (data: EventKinds[K]) => void };

/** The part of the browser's EventSource this uses; tests hand in another implementation. */
export interface EventStream {
  readonly readyState: number;
  addEventListener(type: string, listener: (message: { data: string; lastEventId: string }) => void): void;
  close(): void;
}

export interface SubscribeOptions {
  url?: string;
  /** Opens a stream; the browser's EventSource, which sends the session cookie as any request does. */
  connect?: (url: string) => EventStream;
  /** Longest wait between reconnects once the browser has given up. */
  maxDelayMs?: number;
  /**
   * Called each time a stream opens, the first time too: a page that shows a state the events keep
   * current reads it here, so nothing changed before the stream listened is missed.
   */
  onOpen?: () => void;
}

const closed = 2;

/**
 * Calls `handlers` with the server's events until the returned function is called. A dropped
 * connection is reopened by EventSource itself, which sends Last-Event-ID so the server replays what
 * was missed; an answer that is not a stream (401 after logout, 503 during a restart) makes it give
 * up, so this opens a new one after a growing delay, passing the last id in the query instead.
 * `refresh` arrives when the server could not replay: refetch whatever is shown.
 */
export function subscribeEvents(
  handlers: EventHandlers,
  {
    url = '/api/events',
    connect = (at) => new EventSource(at),
    maxDelayMs = 30_000,
    onOpen,
  }: SubscribeOptions = {},
): () => void {
  let stream: EventStream | null = null;
  let lastId = '';
  let failures = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  function open() {
    const current = connect(lastId ? `${url}?lastEventId=${encodeURIComponent(lastId)}` : url);
    stream = current;
    current.addEventListener('open', () => {
      failures = 0;
      onOpen?.();
    });
    current.addEventListener('error', () => {
      if (stopped || current.readyState !== closed) return;
      retry = setTimeout(open, Math.min(maxDelayMs, 1000 * 2 ** failures++));
    });
    for (const type of Object.keys(handlers) as EventType[]) {
      current.addEventListener(type, (message) => {
        if (message.lastEventId) lastId = message.lastEventId;
        (handlers[type] as ((data: unknown) => void) | undefined)?.(JSON.parse(message.data));
      });
    }
  }

  open();
  return () => {
    stopped = true;
    clearTimeout(retry);
    stream?.close();
  };
}
