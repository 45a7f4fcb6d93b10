interface Entry {
  ranAt: number;
  timer: NodeJS.Timeout | undefined;
  running: Promise<void> | undefined;
  /** Triggered while running: run once more after it. */
  again: boolean;
}

export interface Coalescer<K> {
  trigger(key: K): void;
  /** Drops the runs waiting and waits for those under way. */
  close(): Promise<void>;
}

/**
 * Runs `run(key)` after `trigger(key)`: at once after a quiet spell, then at most once every
 * `everyMs` per key, one run of a key at a time, and always once more after the last trigger, so a
 * run that reads the current state at its start always ends on the final state. For work that sends
 * a state rather than a change, where a burst of triggers only needs a few runs.
 */
export function coalescePerKey<K>(everyMs: number, run: (key: K) => Promise<void>): Coalescer<K> {
  const entries = new Map<K, Entry>();
  let closed = false;

  function start(key: K, entry: Entry) {
    entry.timer = undefined;
    entry.ranAt = Date.now();
    entry.running = run(key).finally(() => {
      entry.running = undefined;
      if (entry.again && !closed) {
        entry.again = false;
        schedule(key, entry);
      }
    });
  }

  function schedule(key: K, entry: Entry) {
    const wait = entry.ranAt + everyMs - Date.now();
    if (wait <= 0) start(key, entry);
    else entry.timer = setTimeout(() => start(key, entry), wait);
  }

  return {
    trigger(key) {
      if (closed) return;
      let entry = entries.get(key);
      if (!entry) {
        entry = { ranAt: -Infinity, timer: undefined, running: undefined, again: false };
        entries.set(key, entry);
      }
      if (entry.timer) return;
      if (entry.running) entry.again = true;
      else schedule(key, entry);
    },
    async close() {
      closed = true;
      for (const entry of entries.values()) clearTimeout(entry.timer);
      await Promise.all([...entries.values()].map((entry) => entry.running));
      entries.clear();
    },
  };
}
