import { EventSource } from 'eventsource';

export interface ReceivedEvent {
  id: string;
  type: string;
  data: unknown;
}

export interface SseClient {
  /** Every event received so far, in order. */
  received: ReceivedEvent[];
  /** Resolves once the stream is open. */
  opened: Promise<void>;
  /** Resolves with the first received event that `match` accepts, now or later; rejects after `timeoutMs`. */
  next(match: (event: ReceivedEvent) => boolean, timeoutMs?: number): Promise<ReceivedEvent>;
  close(): void;
}

/**
 * A real EventSource (the `eventsource` package, which follows the browser's rules for ids and
 * reconnects) on `url`, signed in with `cookie`; `lastEventId` starts it as a reconnect would.
 */
export function connectEvents(
  url: string,
  cookie: string,
  { lastEventId, types = ['job.progress', 'refresh'] }: { lastEventId?: string; types?: string[] } = {},
): SseClient {
  const source = new EventSource(url, {
    fetch: (input, init) =>
      fetch(input, {
        ...init,
        headers: { ...init.headers, cookie, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
      }),
  });
  const received: ReceivedEvent[] = [];
  const waiting = new Set<() => void>();
  for (const type of types)
    source.addEventListener(type, (message) => {
      received.push({ id: message.lastEventId, type, data: JSON.parse(message.data) as unknown });
      for (const wake of waiting) wake();
    });
  const opened = new Promise<void>((resolve, reject) => {
    source.onopen = () => resolve();
    source.onerror = (error) => {
      if (source.readyState === EventSource.CLOSED)
        reject(new Error(`event stream refused: ${error.message}`));
    };
  });
  return {
    received,
    opened,
    next(match, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = received.find(match);
          if (!found) return;
          clearTimeout(timer);
          waiting.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiting.delete(check);
          reject(new Error(`no matching event within ${timeoutMs} ms; received ${JSON.stringify(received)}`));
        }, timeoutMs);
        waiting.add(check);
        check();
      });
    },
    close: () => source.close(),
  };
}
