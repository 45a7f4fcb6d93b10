import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalescePerKey } from '../../src/server/events/coalesce.js';

describe('coalescePerKey', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** A run per key that reads `state` when it starts, as a publisher reads the counts. */
  function recorder(state: Map<string, number>) {
    const seen: [string, number][] = [];
    const coalescer = coalescePerKey<string>(500, async (key) => {
      seen.push([key, state.get(key) ?? 0]);
    });
    return { seen, coalescer };
  }

  it('runs at once after a quiet spell, then at most every interval, and always on the final state', async () => {
    const state = new Map<string, number>();
    const { seen, coalescer } = recorder(state);
    // 1,000 changes over 10 s: one every 10 ms.
    for (let n = 1; n <= 1000; n++) {
      state.set('m', n);
      coalescer.trigger('m');
      await vi.advanceTimersByTimeAsync(10);
    }
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen[0]).toEqual(['m', 1]);
    expect(seen.at(-1)).toEqual(['m', 1000]);
    // Two a second at most, plus the first.
    expect(seen.length).toBeLessThanOrEqual(21);
    await coalescer.close();
  });

  it('keeps keys apart', async () => {
    const state = new Map([
      ['a', 1],
      ['b', 7],
    ]);
    const { seen, coalescer } = recorder(state);
    coalescer.trigger('a');
    coalescer.trigger('b');
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([
      ['a', 1],
      ['b', 7],
    ]);
    await coalescer.close();
  });

  it('runs once more when triggered during a run, never two runs of a key at once', async () => {
    let release: () => void = () => {};
    let active = 0;
    let most = 0;
    let runs = 0;
    const coalescer = coalescePerKey<string>(0, async () => {
      runs++;
      most = Math.max(most, ++active);
      await new Promise<void>((resolve) => (release = resolve));
      active--;
    });
    coalescer.trigger('m');
    coalescer.trigger('m');
    coalescer.trigger('m');
    expect(runs).toBe(1);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toBe(2);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect([runs, most]).toEqual([2, 1]);
    await coalescer.close();
  });

  it('drops waiting runs on close and starts none after it', async () => {
    let runs = 0;
    const coalescer = coalescePerKey<string>(500, async () => {
      runs++;
    });
    coalescer.trigger('m');
    coalescer.trigger('m');
    await coalescer.close();
    coalescer.trigger('m');
    await vi.advanceTimersByTimeAsync(2000);
    expect(runs).toBe(1);
  });
});
