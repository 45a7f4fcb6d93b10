import { api } from '../../../lib/api-client.js';
import type { Pipeline } from '../../../../contract/pipeline.js';

export function getPipeline(
  params: { orgId: number; asOf: string },
  signal?: AbortSignal,
): Promise<Pipeline> {
  return api.get<Pipeline>('/pipeline', { query: { ...params }, signal });
}
