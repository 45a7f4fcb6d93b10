import { api } from '../../../lib/api-client.js';
import type { Pipeline, PipelineParams } from '../../../../contract/pipeline.js';

export function getPipeline(params: PipelineParams, signal?: AbortSignal): Promise<Pipeline> {
  return api.get<Pipeline>('/pipeline', { query: { ...params }, signal });
}
