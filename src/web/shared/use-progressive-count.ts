import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';

/**
 * How many of `count` parts of a long page to render: the first at once, one more after each paint
 * until all are in, and all of them at once when the page is about to be printed (so a print never
 * holds half a list). Starts over with one part when `source` changes.
 */
export function useProgressiveCount(source: unknown, count: number): number {
  const [state, setState] = useState({ source, shown: 1 });
  if (state.source !== source) setState({ source, shown: 1 });
  const shown = Math.min(count, state.source === source ? state.shown : 1);

  useEffect(() => {
    if (shown >= count) return;
    let timer = 0;
    // A frame, then a task: the part just rendered is painted before the next one is laid out.
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => setState({ source, shown: shown + 1 }));
    });
    const all = () => flushSync(() => setState({ source, shown: count }));
    window.addEventListener('beforeprint', all);
    return () => {
      cancelAnimationFrame(frame);
      window.clearTimeout(timer);
      window.removeEventListener('beforeprint', all);
    };
  }, [source, shown, count]);

  return shown;
}
