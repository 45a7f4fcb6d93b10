import { useCallback, useEffect, useEffectEvent, useState } from 'react';
import { isAbort } from './api-client.js';

export interface QueryResult<T> {
  data: T | undefined;
  error: unknown;
  /** True while the answer for the current key is still on its way (the previous data stays available). */
  loading: boolean;
  reload: () => void;
}

interface State<T> {
  key: string | null;
  data: T | undefined;
  error: unknown;
}

/**
 * Loads data for `key` (a string describing the request; null = do not load) and reloads whenever the key
 * changes. Stale answers are dropped; the previous data stays visible while the next page loads.
 */
export function useQuery<T>(
  key: string | null,
  fetcher: (signal: AbortSignal) => Promise<T>,
): QueryResult<T> {
  const [state, setState] = useState<State<T>>({ key: null, data: undefined, error: undefined });
  const [version, setVersion] = useState(0);
  const fullKey = key === null ? null : `${key}#${version}`;
  const run = useEffectEvent((signal: AbortSignal) => fetcher(signal));

  useEffect(() => {
    if (fullKey === null) return;
    const controller = new AbortController();
    run(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ key: fullKey, data, error: undefined });
      },
      (error: unknown) => {
        if (controller.signal.aborted || isAbort(error)) return;
        setState((prev) => ({ key: fullKey, data: prev.data, error }));
      },
    );
    return () => controller.abort();
  }, [fullKey]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const current = state.key === fullKey;
  return {
    data: state.data,
    error: current ? state.error : undefined,
    loading: fullKey !== null && !current,
    reload,
  };
}
