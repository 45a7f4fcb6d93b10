import { useEffect, useState } from 'react';
import type { Job } from '../../../contract/jobs.js';
import { api } from '../../lib/api-client.js';

export type { Job };

const pollMs = 500;

export const jobSettled = (job: Job | null) => job?.state === 'succeeded' || job?.state === 'failed';

/**
 * The job's latest state, polled until it has ended. The one place a job's progress comes from: when
 * the server pushes progress as events, only this hook changes.
 */
export function useJob(jobId: string | null): Job | null {
  const [job, setJob] = useState<Job | null>(null);
  useEffect(() => {
    if (!jobId) return;
    const abort = new AbortController();
    let timer: number | undefined;
    const poll = () => {
      api.get<Job>(`/jobs/${encodeURIComponent(jobId)}`, { signal: abort.signal }).then(
        (latest) => {
          setJob(latest);
          if (!jobSettled(latest)) timer = window.setTimeout(poll, pollMs);
        },
        // A poll lost on the network is retried; an unmounted one is not.
        () => {
          if (!abort.signal.aborted) timer = window.setTimeout(poll, pollMs);
        },
      );
    };
    poll();
    return () => {
      abort.abort();
      window.clearTimeout(timer);
    };
  }, [jobId]);
  // Until the first answer for a new id, the previous job's state is not this one's.
  return job?.id === jobId ? job : null;
}
