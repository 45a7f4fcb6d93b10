import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-client.js';

/**
 * A 4xx is the server's considered answer (out of scope, bad input, signed out): asking again gives
 * the same. Only a lost connection or a 5xx is worth one more try.
 */
function retryOnce(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 1;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: retryOnce,
        // Statistics of a whole county take seconds; switching windows must not recompute them.
        // Writes invalidate what they change, and opening a page fetches afresh.
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
}
