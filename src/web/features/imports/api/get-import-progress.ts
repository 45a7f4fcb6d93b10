import { api } from '../../../lib/api-client.js';
import type { ImportProgress } from '../../../../contract/imports.js';

export function getImportProgress(id: string, signal?: AbortSignal): Promise<ImportProgress> {
  return api.get<ImportProgress>(`/imports/${encodeURIComponent(id)}/progress`, { signal });
}
