import { api } from '../../../shared/api-client.js';
import type { Page } from '../../../shared/types.js';
import type { AuditEntry, ListAuditParams } from '../types.js';

export function listAudit(params: ListAuditParams, signal?: AbortSignal): Promise<Page<AuditEntry>> {
  return api.get<Page<AuditEntry>>('/audit', { query: { ...params }, signal });
}
