import { useEffect, useRef } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Job } from '../../../contract/jobs.js';
import { api, ApiError } from '../api-client.js';
import { subscribeEvents } from '../events.js';
import { jobKeys } from '../query-keys.js';

export type { Job };

const pollMs = 500;
/** While events arrive the poll only guards against one being lost. */
const pollWithEventsMs = 3000;

export const jobSettled = (job: Job | null | undefined) =>
  job?.state === 'succeeded' || job?.state === 'failed';

/**
 * The job's latest state until it has ended: pushed by the server's `job.progress` events, with a
 * poll behind them that speeds up whenever events stop coming (a proxy that buffers streams, a
 * dropped connection). The one place a job's progress comes from.
 */
export function useJob(jobId: string | null): Job | null {
  const queryClient = useQueryClient();
  const lastEventAt = useRef(0);
  const { data } = useQuery({
    queryKey: jobKeys.one(jobId ?? ''),
    queryFn: ({ signal }) => api.get<Job>(`/jobs/${encodeURIComponent(jobId!)}`, { signal }),
    enabled: jobId !== null,
    refetchInterval: (query) => {
      if (jobSettled(query.state.data)) return false;
      return Date.now() - lastEventAt.current < pollWithEventsMs ? pollWithEventsMs : pollMs;
    },
    // A poll lost on the network is asked again rather than failing the bar; a 4xx is final.
    retry: (_failures, error) => !(error instanceof ApiError && error.status < 500),
    retryDelay: pollMs,
  });
  const settled = jobSettled(data);

  useEffect(() => {
    if (jobId === null || settled) return;
    const key = jobKeys.one(jobId);
    return subscribeEvents({
      'job.progress': ({ jobId: id, state, ...progress }) => {
        if (id !== jobId) return;
        lastEventAt.current = Date.now();
        // The end carries a result or an error, which only the job itself holds.
        if (state === 'succeeded' || state === 'failed')
          return void queryClient.invalidateQueries({ queryKey: key });
        queryClient.setQueryData<Job>(key, (job) =>
          job && !jobSettled(job) ? { ...job, state, progress } : job,
        );
      },
      refresh: () => void queryClient.invalidateQueries({ queryKey: key }),
    });
  }, [jobId, settled, queryClient]);

  return data ?? null;
}
