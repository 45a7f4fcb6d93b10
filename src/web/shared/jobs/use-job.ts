import { useQuery } from '@tanstack/react-query';
import type { Job } from '../../../contract/jobs.js';
import { api, ApiError } from '../api-client.js';
import { jobKeys } from '../query-keys.js';

export type { Job };

const pollMs = 500;

export const jobSettled = (job: Job | null | undefined) =>
  job?.state === 'succeeded' || job?.state === 'failed';

/**
 * The job's latest state, polled until it has ended. The one place a job's progress comes from: when
 * the server pushes progress as events, only this hook changes.
 */
export function useJob(jobId: string | null): Job | null {
  const { data } = useQuery({
    queryKey: jobKeys.one(jobId ?? ''),
    queryFn: ({ signal }) => api.get<Job>(`/jobs/${encodeURIComponent(jobId!)}`, { signal }),
    enabled: jobId !== null,
    refetchInterval: (query) => (jobSettled(query.state.data) ? false : pollMs),
    // A poll lost on the network is asked again rather than failing the bar; a 4xx is final.
    retry: (_failures, error) => !(error instanceof ApiError && error.status < 500),
    retryDelay: pollMs,
  });
  return data ?? null;
}
