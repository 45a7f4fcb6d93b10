import { api } from '../../../lib/api-client.js';
import type { Page } from '../../../../contract/common.js';
import type { AuditEntry, ListAuditParams } from '../../../../contract/audit.js';

export function listAudit(params: ListAuditParams, signal?: AbortSignal): Promise<Page<AuditEntry>> {
  return api.get<Page<AuditEntry>>('/audit', { query: { ...params }, signal });
}
