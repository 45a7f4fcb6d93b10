import { api } from '../../../lib/api-client.js';
import type { Health } from '../../../../contract/health.js';

export function getHealth(signal?: AbortSignal): Promise<Health> {
  return api.get<Health>('/health', { signal, redirectOnUnauthenticated: false });
}
